import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getToken } from "next-auth/jwt";
import { env } from "@/lib/env";
import { adresseIp } from "@/lib/securite/ip";
import { adresseRetourSure } from "@/lib/securite/retour";
import type { Acteur } from "./acteur";
import { acteurDeLUtilisateur } from "./acteur-de";

const JETON = "authjs.session-token";
const JETON_SECURISE = "__Secure-authjs.session-token";

/**
 * The session token (next-auth's encrypted JWT: `uid`, `sv`), read from the cookies of this request. Read through
 * `cookies()`, not `headers()` as next-auth's `auth()` does: after a server action renews the session (« Modifier mon
 * mot de passe »), the page it re-renders sees the new cookie, where the request's headers still carry the old one.
 * Only the cookie is read, never an `Authorization` header.
 */
async function jetonDeSession(): Promise<{ uid?: unknown; sv?: unknown } | null> {
  // cookies() first: it makes the page dynamic before any configuration is read (a build reads none).
  const tous = (await cookies()).getAll();
  const secret = env().AUTH_SECRET;
  if (!secret) return null;
  const securise = tous.some((c) => c.name.startsWith(JETON_SECURISE));
  const cookie = tous.map((c) => `${c.name}=${c.value}`).join("; ");
  const nom = securise ? JETON_SECURISE : JETON;
  const jeton = await getToken({ req: { headers: { cookie } }, secret, secureCookie: securise, cookieName: nom, salt: nom });
  return jeton ? { uid: jeton.uid, sv: jeton.sv } : null;
}

/**
 * The actor of this request, read once per request. The session cookie only says who signed in;
 * the account's state and memberships are re-read from the database each time, so a deactivated
 * account or a withdrawn membership takes effect at once.
 */
export const getActeur = cache(async (): Promise<Acteur | null> => {
  const session = await jetonDeSession();
  const userId = session?.uid;
  if (typeof userId !== "string") return null;
  return acteurDeLUtilisateur(userId, { sessionVersion: typeof session?.sv === "number" ? session.sv : 0, ip: await adresseIp() });
});

/** For pages behind a session: the actor, or a redirect to « Se connecter ». */
export async function requireActeur(from?: string): Promise<Acteur> {
  const acteur = await getActeur();
  if (!acteur) redirect(from ? `/connexion?retour=${encodeURIComponent(adresseRetourSure(from))}` : "/connexion");
  return acteur;
}
