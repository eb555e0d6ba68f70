import { db, type Client } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Acteur } from "./acteur";

/** An actor the database says is a portal administrator (`administrateur` set: the audit trail records the role). */
export type ActeurAdministrateur = Acteur & { administrateur: true };

/**
 * « Administrateur du portail »: a role above structures, given from the command line only (`npm run admin:create`).
 * Every administrator function calls this first. The flag is read from the database here, whatever the actor object
 * says (as `exigerDroit` reads the membership): an account that lost the role, or was deactivated, is refused at once.
 */
export async function exigerAdministrateur(acteur: Acteur | null | undefined, client: Client = db): Promise<ActeurAdministrateur> {
  if (!acteur) throw new AppError("ADMINISTRATEUR_REQUIS");
  const user = await client.user.findUnique({ where: { id: acteur.userId }, select: { administrateurPortail: true, status: true } });
  if (!user?.administrateurPortail || user.status !== "ACTIF") throw new AppError("ADMINISTRATEUR_REQUIS");
  return { ...acteur, administrateur: true };
}

/** For the header and menus: whether to show the « Administration » entry (the pages check again). */
export function estAdministrateur(acteur: Acteur | null | undefined): boolean {
  return acteur?.administrateur === true;
}

/**
 * For the back-office pages (app/(administration)): the signed-in actor (a visitor goes to « Se connecter »), checked
 * as administrator; otherwise the French message the page shows instead of its content.
 */
export async function pageAdministrateur(chemin: string): Promise<{ ok: true; acteur: ActeurAdministrateur } | { ok: false; message: string }> {
  // Imported when called: this module stays free of next-auth (domain functions and tests import it).
  const { requireActeur } = await import("./session");
  const acteur = await requireActeur(chemin);
  try {
    return { ok: true, acteur: await exigerAdministrateur(acteur) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, message: error.message };
    throw error;
  }
}
