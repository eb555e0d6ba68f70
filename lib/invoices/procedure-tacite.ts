import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { CadreFacturation, StatutPieceTravaux } from "@/lib/generated/prisma/client";
import { kickMailDelivery, queueMails } from "@/lib/mail/outbox";
import { DELAI_MOA_TACITE_JOURS, JOUR_MS } from "./delais";
import { mailsDelaiTaciteEchu } from "./destinataires";
import { ecrireHistorique } from "./historique";
import { EVENEMENT_DELAI_TACITE, MOA_A_TRAITER, MOE_A_TRAITER, STATUTS, TRANSITIONS } from "./statuts";
import { appliquer, chargerPiece, verrouillerPiece } from "./transitions";

/**
 * Procédure tacite: the décompte général was not notified. The titulaire sends its projet de décompte général (A22),
 * which replaces the piece of the dossier still pending at the MOE's (A7) or the MOA's (A17); the MOA then has 10
 * days to process it, after which the titulaire may deposit the décompte général et définitif tacite (A23).
 */

const A22 = "A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE" as const;
const A23 = "A23_DECOMPTE_GENERAL_DEFINITIF_TACITE_FOURNISSEUR" as const;

/** A22, procédure tacite: the date from which its depositor may deposit the décompte général et définitif tacite (A23). */
export function echeanceTacite(deposeeLe: Date): Date {
  return new Date(deposeeLe.getTime() + DELAI_MOA_TACITE_JOURS * JOUR_MS);
}

/** An A22 of the depositor still at the MOA's (not processed), whose 10 days have run out. */
export function a23Possible(
  p: { cadre: CadreFacturation; statut: StatutPieceTravaux; deposeeLe: Date | null; roles: string[] },
  o: { now?: Date } = {},
): "oui" | "pas-encore" | "non" {
  if (p.cadre !== A22 || !p.roles.includes("DEPOSANT") || !p.deposeeLe) return "non";
  if (!(MOA_A_TRAITER as readonly string[]).includes(p.statut)) return "non";
  return (o.now ?? new Date()) >= echeanceTacite(p.deposeeLe) ? "oui" : "pas-encore";
}

/** The older piece of a dossier an A22 may replace: a final draft (A7) still at the MOE's, a projet de DG (A17) still at the MOA's. */
export const A22_REMPLACE: Partial<Record<CadreFacturation, readonly StatutPieceTravaux[]>> = {
  A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR: MOE_A_TRAITER,
  A17_PROJET_DECOMPTE_GENERAL_MOE: MOA_A_TRAITER,
};

/** The titulaire (depositor of the A7, titulaire of the A17) may send its A22 from this piece, still pending. */
export function a22Possible(p: { cadre: CadreFacturation; statut: StatutPieceTravaux; roles: string[] }): boolean {
  const role = p.cadre === "A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR" ? "DEPOSANT" : "TITULAIRE";
  return !!A22_REMPLACE[p.cadre]?.includes(p.statut) && p.roles.includes(role);
}

/**
 * Procédure tacite, in the send's transaction, under the previous piece's lock.
 * - An A22 continuing a dossier: the older piece still pending at the MOE's or the MOA's becomes
 *   « REMPLACEE_PAR_A22 » (Chorus Pro's status); its depositor and the MOA are told. A piece processed
 *   meanwhile stops the send.
 * - An A23 following its depositor's A22: the A22 must still be at the MOA's and its 10 days run out; the A22
 *   itself keeps its status.
 * Returns the outbox ids to kick after commit.
 */
export async function procedureTacite(
  tx: Tx,
  piece: { cadre: CadreFacturation; piecePrecedenteId: string | null },
  deposantId: string,
  now: Date,
): Promise<string[]> {
  if (!piece.piecePrecedenteId) return [];
  if (piece.cadre === A22) {
    const statut = await verrouillerPiece(tx, piece.piecePrecedenteId);
    const precedente = await chargerPiece(tx, piece.piecePrecedenteId);
    if (!statut || !precedente || !A22_REMPLACE[precedente.cadre]) return [];
    const roles = [precedente.structureDeposanteId === deposantId ? "DEPOSANT" : null, precedente.titulaireId === deposantId ? "TITULAIRE" : null].filter(
      (r): r is string => !!r,
    );
    if (!a22Possible({ cadre: precedente.cadre, statut, roles }))
      throw new AppError(
        "ACTION_IMPOSSIBLE",
        {},
        `La pièce précédente du dossier a été traitée (statut « ${STATUTS[statut].libelle} ») : le projet de décompte général (procédure tacite) n'a plus lieu d'être.`,
      );
    const t = TRANSITIONS.find((l) => l.de === statut && l.vers === "REMPLACEE_PAR_A22" && l.par === "SYSTEME")!;
    return appliquer(tx, { ...precedente, statut }, t, { now });
  }
  if (piece.cadre === A23) {
    const statut = await verrouillerPiece(tx, piece.piecePrecedenteId);
    const a22 = await tx.pieceTravaux.findUnique({
      where: { id: piece.piecePrecedenteId },
      select: { cadre: true, structureDeposanteId: true, deposeeLe: true },
    });
    if (!statut || !a22 || a22.cadre !== A22 || a22.structureDeposanteId !== deposantId) return [];
    const possible = a23Possible({ ...a22, statut, roles: ["DEPOSANT"] }, { now });
    if (possible === "non")
      throw new AppError(
        "ACTION_IMPOSSIBLE",
        {},
        `La maîtrise d'ouvrage a traité le projet de décompte général (statut « ${STATUTS[statut].libelle} ») : le décompte général et définitif tacite n'a plus lieu d'être.`,
      );
    if (possible === "pas-encore") throw new AppError("DELAI_TACITE_NON_ECHU");
  }
  return [];
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
export async function verifierDelaiTacite(o: { now?: Date } = {}): Promise<{ pieces: string[] }> {
  const now = o.now ?? new Date();
  const limite = new Date(now.getTime() - DELAI_MOA_TACITE_JOURS * JOUR_MS);
  const echus = await db.pieceTravaux.findMany({
    where: { cadre: A22, statut: { in: [...MOA_A_TRAITER] }, deposeeLe: { lte: limite }, historique: { none: { action: EVENEMENT_DELAI_TACITE } } },
    select: { id: true },
    orderBy: { deposeeLe: "asc" },
    take: 500,
  });
  const avises: string[] = [];
  for (const { id } of echus) {
    const mails = await db.$transaction(async (tx) => {
      const statut = await verrouillerPiece(tx, id);
      const p = await tx.pieceTravaux.findUnique({
        where: { id },
        select: {
          id: true,
          cadre: true,
          numero: true,
          deposeeLe: true,
          structureDeposanteId: true,
          serviceDeposantId: true,
          serviceMoaId: true,
          structureDeposante: { select: { raisonSociale: true } },
          moa: { select: { raisonSociale: true } },
          dossier: { select: { numero: true } },
        },
      });
      // Processed by the MOA meanwhile, or already told: nothing to do.
      if (!statut || !p?.deposeeLe || a23Possible({ ...p, statut, roles: ["DEPOSANT"] }, { now }) !== "oui") return null;
      if (await tx.historiquePieceTravaux.count({ where: { pieceId: id, action: EVENEMENT_DELAI_TACITE } })) return null;
      await ecrireHistorique(tx, id, { action: EVENEMENT_DELAI_TACITE, statutAvant: statut, statutApres: statut, le: now });
      const envois = await mailsDelaiTaciteEchu(tx, { ...p, deposeeLe: p.deposeeLe }, echeanceTacite(p.deposeeLe));
      return (await queueMails(tx, envois)).map((m) => m.id);
    });
    if (mails) {
      avises.push(id);
      await kickMailDelivery(mails);
    }
  }
  return { pieces: avises };
}
