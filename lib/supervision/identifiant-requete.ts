/**
 * The request id: the one the load balancer gave (`X-Request-Id`) when it looks like an id (letters, digits and
 * `-_.:` only, 8 to 128 characters: a UUID, a hex or base64url trace id), else a new UUID. A header that does not
 * look sane is replaced, never logged: it could carry anything. No dependency: `proxy.ts` uses it too.
 */
const SAIN = /^[A-Za-z0-9._:-]{8,128}$/;

export const ENTETE_ID_REQUETE = "x-request-id";

export function identifiantRequete(entete: string | null | undefined): string {
  const v = entete?.trim();
  return v && SAIN.test(v) ? v : crypto.randomUUID();
}
