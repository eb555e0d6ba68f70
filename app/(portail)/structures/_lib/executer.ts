import "server-only";
import { echec } from "@/lib/actions";
import { getActeur } from "@/lib/auth/session";
import { AppError, type ActionResult } from "@/lib/errors";
import type { Acteur } from "@/lib/auth/acteur";

/**
 * The body of every server action of « Structures »: the session first (actions are public POST endpoints),
 * then the domain function, which checks the actor's rights on the structure; errors become French messages.
 */
export async function executer<T = undefined>(fn: (acteur: Acteur) => Promise<T>): Promise<ActionResult<T>> {
  try {
    const acteur = await getActeur();
    if (!acteur) throw new AppError("NON_CONNECTE");
    const data = await fn(acteur);
    return (data === undefined ? { ok: true } : { ok: true, data }) as ActionResult<T>;
  } catch (error) {
    return echec(error) as ActionResult<T>;
  }
}

/** The structure the actor acts for, when his attachment to it is validated (structure features require it). */
export function structureCourante(acteur: Acteur): string {
  if (!acteur.structure) throw new AppError("NON_AUTORISE", {}, "Vous n'agissez pour aucune structure : choisissez-en une dans « Mes structures ».");
  if (acteur.structure.status !== "VALIDEE") throw new AppError("RATTACHEMENT_NON_VALIDE");
  return acteur.structure.id;
}
