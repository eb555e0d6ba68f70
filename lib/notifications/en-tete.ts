import "server-only";
import { getActeur } from "@/lib/auth/session";
import { nombreNonLues } from "@/lib/notifications";
import { espaceTravauxVisible } from "@/lib/structures/services-utilisateurs";

/**
 * What the header shows of the signed-in user: his name, how many notifications he has not read, and whether he is a
 * portal administrator (the « Administration » entry; the back-office pages check it again).
 */
export type UtilisateurEnTete = {
  name: string;
  notificationsNonLues: number;
  administrateur?: boolean;
  /** The « Factures de travaux » space: hidden from a user limited to services whose space is all closed. */
  espaceTravaux?: boolean;
};

/** The signed-in user for the header (an active account only), or null when signed out. */
export async function utilisateurEnTete(): Promise<UtilisateurEnTete | null> {
  const acteur = await getActeur();
  // One count on the (userId, luLe, createdAt) index.
  if (!acteur) return null;
  const [notificationsNonLues, espaceTravaux] = await Promise.all([nombreNonLues(acteur), espaceTravauxVisible(acteur)]);
  return { name: acteur.name, notificationsNonLues, administrateur: acteur.administrateur === true, espaceTravaux };
}
