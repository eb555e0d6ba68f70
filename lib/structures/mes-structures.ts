import { db } from "@/lib/db";
import { journaliser } from "@/lib/audit/journal";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { kickMailDelivery } from "@/lib/mail/outbox";
import type { Acteur } from "@/lib/auth/acteur";
import { resoudreStructure, type StructureSaisie } from "@/lib/accounts/structure-saisie";
import { annoncerDemandeRattachement } from "./gestionnaires";

/** « Mes structures »: the actor's own attachments, whatever their state (he sees only his). */
export function mesStructures(acteur: Acteur) {
  return db.membership.findMany({
    where: { userId: acteur.userId },
    include: {
      structure: { select: { id: true, raisonSociale: true, libelle: true, identifier: true, identifierType: true, active: true } },
    },
    orderBy: [{ status: "asc" }, { createdAt: "asc" }],
  });
}

/** The structure the actor acts for from now on: one where his attachment is validated. */
export async function changerStructureCourante(acteur: Acteur, structureId: string): Promise<void> {
  const m = await db.membership.findUnique({ where: { userId_structureId: { userId: acteur.userId, structureId } }, include: { structure: true } });
  if (!m) throw new AppError("NON_AUTORISE");
  if (m.status !== "VALIDEE") throw new AppError("RATTACHEMENT_NON_VALIDE");
  if (!m.structure.active) throw new AppError("STRUCTURE_INACTIVE");
  await db.user.update({ where: { id: acteur.userId }, data: { currentStructureId: structureId } });
}

/**
 * Asks to be attached to a structure already on the portal, as utilisateur simple; its gestionnaires get a mail.
 * A refused or deactivated attachment may be asked again; a pending or validated one cannot.
 */
export async function demanderRattachement(acteur: Acteur, structureId: string, now = new Date()): Promise<void> {
  const structure = await db.structure.findUnique({ where: { id: structureId } });
  if (!structure) throw new AppError("INTROUVABLE");
  if (!structure.active) throw new AppError("STRUCTURE_INACTIVE");
  try {
    await db.$transaction(async (tx) => {
      const user = await tx.user.findUniqueOrThrow({ where: { id: acteur.userId } });
      const existing = await tx.membership.findUnique({ where: { userId_structureId: { userId: acteur.userId, structureId } } });
      if (existing && (existing.status === "VALIDEE" || existing.status === "EN_COURS_DE_VALIDATION")) throw new AppError("DEJA_RATTACHE");
      if (existing) {
        // Only the row read above, still refused or deactivated, is reopened: two requests at once make one.
        const { count } = await tx.membership.updateMany({
          where: { id: existing.id, status: existing.status },
          data: { status: "EN_COURS_DE_VALIDATION", role: "UTILISATEUR_SIMPLE", decidedById: null, decidedAt: null, refusalReason: null, createdAt: now },
        });
        if (count !== 1) throw new AppError("DEJA_RATTACHE");
      }
      const demande =
        existing ??
        (await tx.membership.create({ data: { userId: acteur.userId, structureId, role: "UTILISATEUR_SIMPLE", status: "EN_COURS_DE_VALIDATION" } }));
      await journaliser(
        tx,
        acteur,
        {
          action: "RATTACHEMENT_DEMANDE",
          structureId,
          cible: { type: "Membership", id: demande.id },
          avant: existing ? { status: existing.status, role: existing.role } : null,
          apres: { status: "EN_COURS_DE_VALIDATION", role: "UTILISATEUR_SIMPLE" },
        },
        { now },
      );
      await annoncerDemandeRattachement(tx, structure, user);
    });
  } catch (error) {
    if (isUniqueViolation(error, "Membership_userId_structureId_key")) throw new AppError("DEJA_RATTACHE");
    throw error;
  }
  await kickMailDelivery();
}

/** « Demander le rattachement » from « Créer une structure », when the identifier typed is already on the portal. */
export async function demanderRattachementParIdentifiant(acteur: Acteur, saisie: StructureSaisie): Promise<{ raisonSociale: string }> {
  const resolved = await resoudreStructure(saisie);
  if (resolved.kind !== "existante") throw new AppError("INTROUVABLE", {}, "Cette structure n'est pas encore sur le portail : vous pouvez la créer.");
  await demanderRattachement(acteur, resolved.structure.id);
  return { raisonSociale: resolved.structure.raisonSociale };
}
