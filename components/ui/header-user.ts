import "server-only";
import { getActeur } from "@/lib/auth/session";

/** What the header shows of the signed-in user. */
export type HeaderUser = { name: string };

/** The signed-in user for the header (an active account only), or null when signed out. */
export async function getHeaderUser(): Promise<HeaderUser | null> {
  const acteur = await getActeur();
  return acteur ? { name: acteur.name } : null;
}
