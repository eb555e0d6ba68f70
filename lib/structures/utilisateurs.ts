import { db, type Tx } from "@/lib/db";
import { journaliser } from "@/lib/audit/journal";
import { AppError } from "@/lib/errors";
import { queueMail, kickMailDelivery } from "@/lib/mail/outbox";
import { revoquerSessions } from "@/lib/accounts/sessions";
import type { Acteur } from "@/lib/auth/acteur";
import type { StructureRole } from "@/lib/generated/prisma/client";
import { exigerDroit, peutAgirSur, ROLES_GESTIONNAIRES } from "./droits";
import { structureMail, verrouillerStructure } from "./gestionnaires";

/**
 * « Gérer les utilisateurs »: the members of a structure and their attachment requests. Every function checks,
 * here, that the actor is a gestionnaire of that structure (droits.ts). Role changes and deactivations take a
 * lock on the structure's row first, so that two of them at once are decided one after the other: the structure
 * always keeps at least one active gestionnaire principal.
 */

const personne = { select: { id: true, firstName: true, lastName: true, email: true, phone: true, status: true } } as const;

/** The structure's users (validated or deactivated) and its pending requests; refused requests are history, not listed. */
export async function utilisateursDeStructure(acteur: Acteur, structureId: string) {
  await exigerDroit(acteur, structureId, "gererUtilisateurs");
  const [memberships, structure] = await Promise.all([
    db.membership.findMany({
      where: { structureId, status: { in: ["VALIDEE", "DESACTIVEE", "EN_COURS_DE_VALIDATION"] } },
      include: {
        user: personne,
        // Users by service: the services a utilisateur simple is limited to, with his right on each.
        services: { select: { droit: true, service: { select: { id: true, code: true, libelle: true } } }, orderBy: { service: { code: "asc" } } },
      },
      orderBy: [{ user: { lastName: "asc" } }, { user: { firstName: "asc" } }],
    }),
    db.structure.findUniqueOrThrow({
      where: { id: structureId },
      select: { isPublicBuyer: true, services: { where: { active: true }, select: { id: true, code: true, libelle: true }, orderBy: { code: "asc" } } },
    }),
  ]);
  return {
    /** A public buyer's gestionnaires grant the « Service financier » habilitation. */
    acheteurPublic: structure.isPublicBuyer,
    /** The active services a utilisateur simple may be limited to (lib/structures/services-utilisateurs.ts). */
    services: structure.services,
    membres: memberships.filter((m) => m.status !== "EN_COURS_DE_VALIDATION"),
    demandes: memberships.filter((m) => m.status === "EN_COURS_DE_VALIDATION").sort((a, b) => +a.createdAt - +b.createdAt),
  };
}

/** Pending requests of every structure the actor manages (the page the « demande de rattachement » mail links to). */
export async function demandesEnAttente(acteur: Acteur) {
  const managed = await db.membership.findMany({
    where: { userId: acteur.userId, status: "VALIDEE", role: { in: [...ROLES_GESTIONNAIRES] } },
    select: { structureId: true },
  });
  return db.membership.findMany({
    where: { status: "EN_COURS_DE_VALIDATION", structureId: { in: managed.map((m) => m.structureId) } },
    include: { user: { select: { firstName: true, lastName: true, email: true, phone: true } }, structure: true },
    orderBy: { createdAt: "asc" },
  });
}

/**
 * A gestionnaire validates or refuses an attachment request; the requester gets a mail either way.
 * The status changes only if it is still pending, so two managers deciding at once cannot both win.
 */
export async function deciderRattachement(
  acteur: Acteur,
  membershipId: string,
  decision: "VALIDER" | "REFUSER",
  motif?: string,
  now = new Date(),
): Promise<void> {
  const request = await db.membership.findUnique({ where: { id: membershipId }, include: { user: true, structure: true } });
  if (!request) throw new AppError("INTROUVABLE");
  await exigerDroit(acteur, request.structureId, "gererUtilisateurs");
  const reason = motif?.trim();
  if (decision === "REFUSER" && !reason) throw new AppError("MOTIF_OBLIGATOIRE", { motif: "Indiquez le motif du refus." });

  await db.$transaction(async (tx) => {
    const { count } = await tx.membership.updateMany({
      where: { id: membershipId, status: "EN_COURS_DE_VALIDATION" },
      data: {
        status: decision === "VALIDER" ? "VALIDEE" : "REFUSEE",
        decidedById: acteur.userId,
        decidedAt: now,
        refusalReason: decision === "REFUSER" ? reason : null,
      },
    });
    if (count !== 1) throw new AppError("DEJA_TRAITE");
    await journaliser(
      tx,
      acteur,
      {
        action: decision === "VALIDER" ? "RATTACHEMENT_VALIDE" : "RATTACHEMENT_REFUSE",
        structureId: request.structureId,
        cible: { type: "Membership", id: membershipId },
        avant: { status: "EN_COURS_DE_VALIDATION" },
        apres: decision === "VALIDER" ? { status: "VALIDEE" } : { status: "REFUSEE", motif: reason },
      },
      { now },
    );
    // A refused request is a membership lost (it let him act as « en cours de validation »): his sessions end.
    if (decision === "REFUSER") await revoquerSessions(tx, request.userId);
    const data = { prenom: request.user.firstName, nom: request.user.lastName, structure: structureMail(request.structure) };
    if (decision === "VALIDER") await queueMail(tx, { userId: request.userId, template: "rattachement-valide", data });
    else await queueMail(tx, { userId: request.userId, template: "rattachement-refuse", data: { ...data, motif: reason ?? "" } });
  });
  await kickMailDelivery();
}

async function principauxActifs(tx: Tx, structureId: string): Promise<number> {
  return tx.membership.count({ where: { structureId, role: "GESTIONNAIRE_PRINCIPAL", status: "VALIDEE" } });
}

/**
 * Loads the target member and the actor's rights inside the transaction, after the lock: what is checked is
 * what is current. A member of another structure is INTROUVABLE (the id says nothing to an outsider).
 */
async function cible(tx: Tx, acteur: Acteur, membershipId: string) {
  const target = await tx.membership.findUnique({ where: { id: membershipId }, include: { user: true, structure: true } });
  if (!target) throw new AppError("INTROUVABLE");
  await verrouillerStructure(tx, target.structureId);
  const moi = await exigerDroit(acteur, target.structureId, "gererUtilisateurs", tx);
  const current = await tx.membership.findUniqueOrThrow({ where: { id: membershipId }, include: { user: true, structure: true } });
  return { moi, target: current };
}

/** Changes a user's role (gestionnaire principal / secondaire / utilisateur simple). */
export async function changerRole(acteur: Acteur, membershipId: string, role: StructureRole, now = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    const { moi, target } = await cible(tx, acteur, membershipId);
    if (target.status !== "VALIDEE") throw new AppError("DEJA_TRAITE", {}, "Seul le rôle d'un utilisateur actif de la structure peut être modifié.");
    if (!peutAgirSur(moi.role, target.role, role)) throw new AppError("NON_AUTORISE");
    if (target.role === role) return;
    if (target.role === "GESTIONNAIRE_PRINCIPAL" && (await principauxActifs(tx, target.structureId)) <= 1) {
      throw new AppError("DERNIER_GESTIONNAIRE_PRINCIPAL");
    }
    await tx.membership.update({ where: { id: membershipId }, data: { role, decidedById: acteur.userId, decidedAt: now } });
    await journaliser(
      tx,
      acteur,
      {
        action: "ROLE_MODIFIE",
        structureId: target.structureId,
        cible: { type: "Membership", id: membershipId },
        avant: { role: target.role },
        apres: { role },
      },
      { now },
    );
  });
}

/** Deactivates a user's attachment: he keeps his account, but no longer acts for the structure. */
export async function desactiverUtilisateur(acteur: Acteur, membershipId: string, now = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    const { moi, target } = await cible(tx, acteur, membershipId);
    if (target.status !== "VALIDEE") throw new AppError("DEJA_TRAITE", {}, "Cet utilisateur n'est pas actif dans la structure.");
    if (!peutAgirSur(moi.role, target.role)) throw new AppError("NON_AUTORISE");
    if (target.role === "GESTIONNAIRE_PRINCIPAL" && (await principauxActifs(tx, target.structureId)) <= 1) {
      throw new AppError("DERNIER_GESTIONNAIRE_PRINCIPAL");
    }
    await tx.membership.update({ where: { id: membershipId }, data: { status: "DESACTIVEE", decidedById: acteur.userId, decidedAt: now } });
    await journaliser(
      tx,
      acteur,
      {
        action: "UTILISATEUR_DESACTIVE",
        structureId: target.structureId,
        cible: { type: "Membership", id: membershipId },
        avant: { status: "VALIDEE" },
        apres: { status: "DESACTIVEE" },
      },
      { now },
    );
    await tx.user.updateMany({ where: { id: target.userId, currentStructureId: target.structureId }, data: { currentStructureId: null } });
    // Deactivated: every session he has open ends now.
    await revoquerSessions(tx, target.userId);
  });
}

/** Gives a deactivated user his attachment back, with the role he had. */
export async function reactiverUtilisateur(acteur: Acteur, membershipId: string, now = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    const { moi, target } = await cible(tx, acteur, membershipId);
    if (target.status !== "DESACTIVEE") throw new AppError("DEJA_TRAITE", {}, "Cet utilisateur n'est pas désactivé.");
    if (!peutAgirSur(moi.role, target.role)) throw new AppError("NON_AUTORISE");
    await tx.membership.update({ where: { id: membershipId }, data: { status: "VALIDEE", decidedById: acteur.userId, decidedAt: now } });
    await journaliser(
      tx,
      acteur,
      {
        action: "UTILISATEUR_REACTIVE",
        structureId: target.structureId,
        cible: { type: "Membership", id: membershipId },
        avant: { status: "DESACTIVEE" },
        apres: { status: "VALIDEE" },
      },
      { now },
    );
  });
}

/**
 * « Service financier » (the comptable of a maîtrise d'ouvrage): a gestionnaire of a public-buyer structure grants it to
 * a validated member, or withdraws it; the member then processes the pieces put at the disposal of the structure's
 * paying service (« Factures reçues »: mandatement, mise en paiement, suspension, rejet — lib/invoices/paiement.ts reads
 * the habilitation from the membership, never from the session). A gestionnaire secondaire does not change a
 * gestionnaire principal's. Journaled; granting it to a member who already has it changes nothing.
 */
export async function changerServiceFinancier(acteur: Acteur, membershipId: string, accorde: boolean, now = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    const target = await tx.membership.findUnique({ where: { id: membershipId }, select: { structureId: true } });
    if (!target) throw new AppError("INTROUVABLE");
    await verrouillerStructure(tx, target.structureId);
    const moi = await exigerDroit(acteur, target.structureId, "gererServiceFinancier", tx);
    const m = await tx.membership.findUniqueOrThrow({
      where: { id: membershipId },
      select: { role: true, status: true, serviceFinancier: true, structure: { select: { isPublicBuyer: true } } },
    });
    if (!peutAgirSur(moi.role, m.role)) throw new AppError("NON_AUTORISE");
    if (m.serviceFinancier === accorde) return;
    if (accorde && (!m.structure.isPublicBuyer || m.status !== "VALIDEE")) throw new AppError("SERVICE_FINANCIER_IMPOSSIBLE");
    await tx.membership.update({ where: { id: membershipId }, data: { serviceFinancier: accorde } });
    await journaliser(
      tx,
      acteur,
      {
        action: accorde ? "SERVICE_FINANCIER_ACCORDE" : "SERVICE_FINANCIER_RETIRE",
        structureId: target.structureId,
        cible: { type: "Membership", id: membershipId },
        avant: { serviceFinancier: !accorde },
        apres: { serviceFinancier: accorde },
      },
      { now },
    );
  });
}
