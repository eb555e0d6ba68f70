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
  const nom = securise ? JETON_SECURISE : JETON;
  // The session cookie (possibly in chunks « nom.0 », « nom.1 »…): the key of the decoded tokens' cache.
  const valeur = tous
    .filter((c) => c.name === nom || c.name.startsWith(`${nom}.`))
    .map((c) => `${c.name}=${c.value}`)
    .join("; ");
  if (!valeur) return null;
  const connu = jetonsDecodes.get(valeur);
  if (connu && connu.expire > Date.now()) return connu.jeton;
  const cookie = tous.map((c) => `${c.name}=${c.value}`).join("; ");
  const jeton = await getToken({ req: { headers: { cookie } }, secret, secureCookie: securise, cookieName: nom, salt: nom });
  if (!jeton) return null;
  const decode = { uid: jeton.uid, sv: jeton.sv };
  if (typeof jeton.exp === "number") {
    if (jetonsDecodes.size >= JETONS_DECODES_MAX) jetonsDecodes.delete(jetonsDecodes.keys().next().value as string);
    jetonsDecodes.set(valeur, { jeton: decode, expire: jeton.exp * 1000 });
  }
  return decode;
}

/**
 * Session tokens already decoded by this process, by cookie value, until their expiry. Decoding one derives its key
 * (HKDF) and decrypts it (JWE): about a millisecond and a half of CPU on every request of a signed-in user, for the
 * same answer each time. Only what the cookie says is kept (who, which session version): the account's state is
 * still read from the database at each request. A cache, not a state: another process decodes the same cookie alike.
 */
const jetonsDecodes = new Map<string, { jeton: { uid?: unknown; sv?: unknown }; expire: number }>();
const JETONS_DECODES_MAX = 10_000;

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
