import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { queueMails, kickMailDelivery, type UnMail } from "@/lib/mail/outbox";
import { journaliser } from "@/lib/audit/journal";
import { exigerAdministrateur } from "@/lib/auth/administrateur";
import type { Acteur } from "@/lib/auth/acteur";
import type { SourceAcheteurPublic, StatutDemandeAcheteurPublic } from "@/lib/generated/prisma/client";
import { exigerDroit } from "./droits";
import { envoyerAuxGestionnaires, structureMail, verrouillerStructure } from "./gestionnaires";

/**
 * The public-buyer status as a structure asks for it and administrators decide it (the rule of the legal category is
 * in acheteur-public.ts). Every change is audited and mailed to the structure's managers.
 */

export const MOTIF_MAX = 1000;

export type EtatAcheteurPublic = {
  isPublicBuyer: boolean;
  source: SourceAcheteurPublic | null;
  categorieJuridique: string | null;
  /** The last request, whatever its state. */
  derniereDemande: {
    id: string;
    statut: StatutDemandeAcheteurPublic;
    motif: string;
    createdAt: Date;
    decideeLe: Date | null;
    motifDecision: string | null;
  } | null;
};

/** The parameters page: the status, where it comes from, and the last request (any member may see it). */
export async function etatAcheteurPublic(acteur: Acteur, structureId: string): Promise<EtatAcheteurPublic> {
  await exigerDroit(acteur, structureId, "consulterStructure");
  const s = await db.structure.findUniqueOrThrow({
    where: { id: structureId },
    select: {
      isPublicBuyer: true,
      acheteurPublicSource: true,
      categorieJuridique: true,
      demandesAcheteurPublic: {
        orderBy: { createdAt: "desc" },
        take: 1,
        select: { id: true, statut: true, motif: true, createdAt: true, decideeLe: true, motifDecision: true },
      },
    },
  });
  return {
    isPublicBuyer: s.isPublicBuyer,
    source: s.isPublicBuyer ? s.acheteurPublicSource : null,
    categorieJuridique: s.categorieJuridique,
    derniereDemande: s.demandesAcheteurPublic[0] ?? null,
  };
}

/**
 * « Demander le statut d'acheteur public »: the gestionnaire principal asks, with a reason; the request waits in
 * the administrators' queue (they get a mail). One pending request per structure (DEMANDE_DEJA_EN_COURS): the
 * structure's row is locked while checking, so two requests at once make one.
 */
export async function demanderStatutAcheteurPublic(acteur: Acteur, structureId: string, input: { motif: string }, options: { now?: Date } = {}) {
  const now = options.now ?? new Date();
  const motif = input.motif.trim();
  if (!motif) throw new AppError("SAISIE_INVALIDE", { motif: "Indiquez pourquoi la structure est un acheteur public." });
  const demande = await db.$transaction(async (tx) => {
    const structure = await verrouillerStructure(tx, structureId);
    await exigerDroit(acteur, structureId, "modifierParametres", tx);
    if (!structure.active) throw new AppError("STRUCTURE_INACTIVE");
    if (structure.isPublicBuyer) throw new AppError("DEJA_TRAITE", {}, "Cette structure est déjà un acheteur public.");
    if (await tx.demandeAcheteurPublic.count({ where: { structureId, statut: "EN_ATTENTE" } })) throw new AppError("DEMANDE_DEJA_EN_COURS");
    const d = await tx.demandeAcheteurPublic.create({ data: { structureId, demandeurId: acteur.userId, motif, createdAt: now } });
    await journaliser(
      tx,
      acteur,
      { action: "ACHETEUR_PUBLIC_DEMANDE", structureId, cible: { type: "DemandeAcheteurPublic", id: d.id }, apres: { motif } },
      { now },
    );
    const administrateurs = await tx.user.findMany({
      where: { administrateurPortail: true, status: "ACTIF" },
      select: { id: true, firstName: true, lastName: true },
    });
    await queueMails(
      tx,
      administrateurs.map(
        (a): UnMail => ({
          userId: a.id,
          template: "acheteur-public-demande",
          data: { prenom: a.firstName, nom: a.lastName, structure: structureMail(structure), demandeur: acteur.name, motif },
        }),
      ),
    );
    return d;
  });
  await kickMailDelivery();
  return { id: demande.id };
}

// ───────────────────────────── Administrators ─────────────────────────────

/** The administrators' queue: pending requests first (oldest first), then the decided ones (latest first). */
export async function demandesAcheteurPublic(acteur: Acteur, filtre: { statut?: StatutDemandeAcheteurPublic } = {}) {
  await exigerAdministrateur(acteur);
  const lignes = await db.demandeAcheteurPublic.findMany({
    where: filtre.statut ? { statut: filtre.statut } : {},
    include: {
      structure: {
        select: { id: true, raisonSociale: true, identifier: true, identifierType: true, categorieJuridique: true, isPublicBuyer: true, active: true },
      },
      demandeur: { select: { firstName: true, lastName: true, email: true } },
      decideur: { select: { firstName: true, lastName: true } },
    },
    orderBy: { createdAt: "asc" },
    take: 500,
  });
  const enAttente = lignes.filter((l) => l.statut === "EN_ATTENTE");
  const decidees = lignes.filter((l) => l.statut !== "EN_ATTENTE").sort((a, b) => +(b.decideeLe ?? b.createdAt) - +(a.decideeLe ?? a.createdAt));
  return [...enAttente, ...decidees];
}

/**
 * An administrator grants or refuses a request, with a reason (mandatory to refuse); the structure's managers get
 * the decision by mail. Granting makes the structure a public buyer (source ADMINISTRATEUR). Decided once: a
 * request already decided is DEJA_TRAITE.
 */
export async function deciderDemandeAcheteurPublic(
  acteur: Acteur,
  demandeId: string,
  input: { decision: "ACCORDER" | "REFUSER"; motif?: string },
  options: { now?: Date } = {},
): Promise<void> {
  const admin = await exigerAdministrateur(acteur);
  const now = options.now ?? new Date();
  const motif = input.motif?.trim() || null;
  if (input.decision === "REFUSER" && !motif) throw new AppError("MOTIF_OBLIGATOIRE", { motif: "Indiquez le motif du refus." });
  await db.$transaction(async (tx) => {
    const demande = await tx.demandeAcheteurPublic.findUnique({ where: { id: demandeId } });
    if (!demande) throw new AppError("INTROUVABLE");
    const structure = await verrouillerStructure(tx, demande.structureId);
    const accorder = input.decision === "ACCORDER";
    const { count } = await tx.demandeAcheteurPublic.updateMany({
      where: { id: demandeId, statut: "EN_ATTENTE" },
      data: { statut: accorder ? "ACCORDEE" : "REFUSEE", decideurId: admin.userId, decideeLe: now, motifDecision: motif },
    });
    if (count !== 1) throw new AppError("DEJA_TRAITE");
    const entrees = [];
    if (accorder && !structure.isPublicBuyer) {
      await tx.structure.update({ where: { id: structure.id }, data: { isPublicBuyer: true, acheteurPublicSource: "ADMINISTRATEUR" } });
    }
    entrees.push({
      action: accorder ? ("ACHETEUR_PUBLIC_ACCORDE" as const) : ("ACHETEUR_PUBLIC_REFUSE" as const),
      structureId: structure.id,
      cible: { type: "DemandeAcheteurPublic", id: demandeId },
      avant: accorder ? { isPublicBuyer: structure.isPublicBuyer, acheteurPublicSource: structure.acheteurPublicSource } : { statut: "EN_ATTENTE" },
      apres: accorder
        ? { isPublicBuyer: true, acheteurPublicSource: structure.isPublicBuyer ? structure.acheteurPublicSource : "ADMINISTRATEUR", motif }
        : { statut: "REFUSEE", motif },
    });
    await journaliser(tx, admin, entrees, { now });
    await envoyerAuxGestionnaires(tx, structure.id, (g) => ({
      userId: g.id,
      template: "acheteur-public-decision",
      data: { prenom: g.firstName, nom: g.lastName, structure: structureMail(structure), decision: accorder ? "ACCORDEE" : "REFUSEE", motif },
    }));
  });
  await kickMailDelivery();
}

/** An administrator withdraws the public-buyer status (whatever its source), with a reason mailed to the managers. */
export async function retirerStatutAcheteurPublic(acteur: Acteur, structureId: string, input: { motif: string }, options: { now?: Date } = {}) {
  const admin = await exigerAdministrateur(acteur);
  const now = options.now ?? new Date();
  const motif = input.motif.trim();
  if (!motif) throw new AppError("MOTIF_OBLIGATOIRE", { motif: "Indiquez le motif du retrait." });
  await db.$transaction(async (tx) => {
    const structure = await verrouillerStructure(tx, structureId);
    if (!structure.isPublicBuyer) throw new AppError("DEJA_TRAITE", {}, "Cette structure n'est pas un acheteur public.");
    await tx.structure.update({ where: { id: structureId }, data: { isPublicBuyer: false, acheteurPublicSource: null } });
    await journaliser(
      tx,
      admin,
      {
        action: "ACHETEUR_PUBLIC_RETIRE",
        structureId,
        cible: { type: "Structure", id: structureId },
        avant: { isPublicBuyer: true, acheteurPublicSource: structure.acheteurPublicSource },
        apres: { isPublicBuyer: false, acheteurPublicSource: null, motif },
      },
      { now },
    );
    await envoyerAuxGestionnaires(tx, structureId, (g) => ({
      userId: g.id,
      template: "acheteur-public-decision",
      data: { prenom: g.firstName, nom: g.lastName, structure: structureMail(structure), decision: "RETIREE", motif },
    }));
  });
  await kickMailDelivery();
}

/** How many requests wait for an administrator (the back-office's home). */
export async function nombreDemandesAcheteurPublicEnAttente(acteur: Acteur): Promise<number> {
  await exigerAdministrateur(acteur);
  return db.demandeAcheteurPublic.count({ where: { statut: "EN_ATTENTE" } });
}
