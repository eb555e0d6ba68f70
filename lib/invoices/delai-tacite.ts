import { db, type Tx } from "@/lib/db";
import type { StatutPieceTravaux } from "@/lib/generated/prisma/client";
import { kickMailDelivery, queueMails, type QueueMailInput } from "@/lib/mail/outbox";
import { libelleCadre } from "./cadres";
import { numeroDossier } from "./certificat";
import { DELAI_MOA_TACITE_JOURS, EVENEMENT_DELAI_TACITE, MOA_A_TRAITER } from "./statuts";
import { a23Possible, echeanceTacite } from "./traitement";

const A22 = "A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE" as const;
const JOUR = 24 * 3600 * 1000;

const formatDateHeure = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", dateStyle: "long", timeStyle: "short" });

async function verrouiller(tx: Tx, id: string): Promise<StatutPieceTravaux | null> {
  const rows = await tx.$queryRaw<{ statut: StatutPieceTravaux }[]>`SELECT "statut" FROM "PieceTravaux" WHERE "id" = ${id}::uuid FOR UPDATE`;
  return rows[0]?.statut ?? null;
}

/**
 * Procédure tacite, the MOA's 10 days: every titulaire's projet de décompte général (A22) still at the MOA's
 * (not processed) 10 days after it was sent gets one history row « délai de 10 jours écoulé » (its status does
 * not change: the A22 stays with the MOA), and the users of its depositing structure — the titulaire — are told
 * by mail and in their notifications that they may now deposit the décompte général et définitif tacite (A23).
 *
 * Same pattern as `verifierDelais` (the 7 days of the MOE): run by the scheduled job, driven by `now` and not by
 * the wall clock, idempotent — under the piece's row lock, the history row is written once, so a check repeated
 * by a restart or a second instance tells nobody twice.
 */
export async function verifierDelaiTacite(now = new Date()): Promise<{ pieces: string[] }> {
  const limite = new Date(now.getTime() - DELAI_MOA_TACITE_JOURS * JOUR);
  const echus = await db.pieceTravaux.findMany({
    where: { cadre: A22, statut: { in: [...MOA_A_TRAITER] }, deposeeLe: { lte: limite }, historique: { none: { action: EVENEMENT_DELAI_TACITE } } },
    select: { id: true },
    orderBy: { deposeeLe: "asc" },
    take: 500,
  });
  const avises: string[] = [];
  for (const { id } of echus) {
    const mails = await db.$transaction(async (tx) => {
      const statut = await verrouiller(tx, id);
      const p = await tx.pieceTravaux.findUnique({
        where: { id },
        select: {
          id: true,
          cadre: true,
          numero: true,
          deposeeLe: true,
          structureDeposanteId: true,
          structureDeposante: { select: { raisonSociale: true } },
          moa: { select: { raisonSociale: true } },
          dossier: { select: { numero: true } },
        },
      });
      // Processed by the MOA meanwhile, or already told: nothing to do.
      if (!statut || !p || a23Possible({ ...p, statut, roles: ["DEPOSANT"] }, now) !== "oui") return null;
      if (await tx.historiquePieceTravaux.count({ where: { pieceId: id, action: EVENEMENT_DELAI_TACITE } })) return null;
      await tx.historiquePieceTravaux.create({ data: { pieceId: id, action: EVENEMENT_DELAI_TACITE, statutAvant: statut, statutApres: statut, createdAt: now } });
      const membres = await tx.membership.findMany({
        where: { structureId: p.structureDeposanteId, status: "VALIDEE", user: { status: "ACTIF" } },
        select: { user: { select: { firstName: true, lastName: true, contactEmail: true } } },
      });
      const vus = new Set<string>();
      const envois: QueueMailInput<"delai-tacite-echu">[] = [];
      for (const { user: u } of membres) {
        if (vus.has(u.contactEmail)) continue;
        vus.add(u.contactEmail);
        envois.push({
          to: u.contactEmail,
          template: "delai-tacite-echu",
          data: {
            prenom: u.firstName,
            nom: u.lastName,
            piece: { pieceId: p.id, numero: p.numero ?? "", cadre: libelleCadre(p.cadre), deposant: p.structureDeposante.raisonSociale, dossier: p.dossier ? numeroDossier(p.dossier.numero) : "" },
            moa: p.moa?.raisonSociale ?? "",
            deposeLe: formatDateHeure.format(p.deposeeLe!),
            echeance: formatDateHeure.format(echeanceTacite(p.deposeeLe!)),
            delaiJours: DELAI_MOA_TACITE_JOURS,
          },
        });
      }
      return (await queueMails(tx, envois)).map((m) => m.id);
    });
    if (mails) {
      avises.push(id);
      await kickMailDelivery(mails);
    }
  }
  return { pieces: avises };
}
