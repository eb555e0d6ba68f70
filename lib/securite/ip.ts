import "server-only";
import { headers } from "next/headers";
import { isIP } from "node:net";

/**
 * The client's IP address. Behind the portal's reverse proxy (TRUST_PROXY=1, the default in production
 * deployments), the right-most address of X-Forwarded-For is the one the proxy saw; without a proxy the
 * header is the client's own words and is ignored. Returns "inconnue" when nothing is known (tests, scripts).
 */
export async function adresseIp(): Promise<string> {
  let h: Headers;
  try {
    h = await headers();
  } catch {
    return "inconnue";
  }
  return ipDesEntetes(h);
}

export function ipDesEntetes(h: Headers, faireConfianceAuProxy = process.env.TRUST_PROXY !== "0"): string {
  if (faireConfianceAuProxy) {
    const chaine = h.get("x-forwarded-for");
    const derniere = chaine
      ?.split(",")
      .map((s) => s.trim())
      .filter(Boolean)
      .at(-1);
    if (derniere && isIP(derniere)) return derniere;
    const reelle = h.get("x-real-ip")?.trim();
    if (reelle && isIP(reelle)) return reelle;
  }
  return "inconnue";
}
