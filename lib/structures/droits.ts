import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Acteur } from "@/lib/auth/acteur";
import type { Membership } from "@/lib/generated/prisma/client";
import { peut, type ActionStructure } from "./regles";

export { DROITS, ROLES_GESTIONNAIRES, peut, peutAgirSur, type ActionStructure } from "./regles";

/**
 * The actor's attachment to the structure, read from the database (never from the session), when it allows
 * `action`; otherwise NON_AUTORISE (no attachment, or a role without that right even once validated) or
 * RATTACHEMENT_NON_VALIDE (the role has it, but the attachment is pending, refused or deactivated), or
 * STRUCTURE_INACTIVE (a portal administrator deactivated the structure: nobody acts for it until it is reactivated).
 */
export async function exigerDroit(acteur: Acteur, structureId: string, action: ActionStructure, tx: Tx = db as unknown as Tx): Promise<Membership> {
  const trouve = await tx.membership.findUnique({
    where: { userId_structureId: { userId: acteur.userId, structureId } },
    include: { structure: { select: { active: true } } },
  });
  if (!trouve || !peut(trouve.role, action)) throw new AppError("NON_AUTORISE");
  if (trouve.status !== "VALIDEE") throw new AppError("RATTACHEMENT_NON_VALIDE");
  const { structure, ...m } = trouve;
  if (!structure.active) throw new AppError("STRUCTURE_INACTIVE");
  return m;
}
