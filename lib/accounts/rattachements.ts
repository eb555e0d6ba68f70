import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { IDENTIFIER_TYPES } from "@/lib/identifiers";
import { queueMail, kickMailDelivery } from "@/lib/mail/outbox";
import type { Acteur } from "@/lib/auth/acteur";

const MANAGER_ROLES = ["GESTIONNAIRE_PRINCIPAL", "GESTIONNAIRE_SECONDAIRE"] as const;

/** Is the user an active gestionnaire of the structure? Checked in every function that needs it. */
export async function estGestionnaire(userId: string, structureId: string): Promise<boolean> {
  const m = await db.membership.findUnique({ where: { userId_structureId: { userId, structureId } } });
  return !!m && m.status === "VALIDEE" && (MANAGER_ROLES as readonly string[]).includes(m.role);
}

/** The pending attachment requests of the structures the actor manages. */
export async function demandesEnAttente(acteur: Acteur) {
  const managed = await db.membership.findMany({
    where: { userId: acteur.userId, status: "VALIDEE", role: { in: [...MANAGER_ROLES] } },
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
 * The status is changed only if it is still pending, so two managers deciding at once cannot both win.
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
  if (!(await estGestionnaire(acteur.userId, request.structureId))) throw new AppError("NON_AUTORISE");
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
    const data = {
      prenom: request.user.firstName,
      nom: request.user.lastName,
      structure: {
        typeIdentifiant: IDENTIFIER_TYPES[request.structure.identifierType].label,
        identifiant: request.structure.identifier,
        raisonSociale: request.structure.raisonSociale,
      },
    };
    if (decision === "VALIDER") await queueMail(tx, { to: request.user.contactEmail, template: "rattachement-valide", data });
    else await queueMail(tx, { to: request.user.contactEmail, template: "rattachement-refuse", data: { ...data, motif: reason ?? "" } });
  });
  await kickMailDelivery();
}
