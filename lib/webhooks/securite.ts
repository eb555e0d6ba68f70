import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import { lookup as resoudre, type LookupAddress } from "node:dns";
import { BlockList, isIP } from "node:net";
import { env } from "@/lib/env";

/**
 * What keeps webhooks safe:
 * - the URL: https (http only with WEBHOOKS_ADRESSES_INTERNES=1), a host the administrator allows
 *   (WEBHOOKS_HOTES_AUTORISES), no credentials in it;
 * - the address: every address the host resolves to is checked at the moment of the call, and the connection goes to
 *   the checked address (the `lookup` given to the request), so a DNS answer that changes between the check and the
 *   call cannot lead to an internal address (loopback, private, link-local, unique-local, multicast, reserved);
 * - the signature: `Signature-Webhook: t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` with the subscription's
 *   secret; the receiver recomputes it and refuses a timestamp older than 5 minutes (replays);
 * - the secret is kept encrypted (AES-256-GCM, a key drawn from AUTH_SECRET): it must be read back to sign.
 */

export const TOLERANCE_SIGNATURE_S = 300;

const INTERNES = new BlockList();
for (const [reseau, prefixe] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  INTERNES.addSubnet(reseau, prefixe, "ipv4");
for (const [reseau, prefixe] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
] as const)
  INTERNES.addSubnet(reseau, prefixe, "ipv6");

export function adresseInterne(adresse: string): boolean {
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is.
  const mappee = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(adresse);
  if (mappee) return adresseInterne(mappee[1]);
  const famille = isIP(adresse);
  if (famille === 0) return true;
  return INTERNES.check(adresse, famille === 4 ? "ipv4" : "ipv6");
}

function internesPermises(): boolean {
  return env().WEBHOOKS_ADRESSES_INTERNES === "1";
}

function hoteAutorise(hote: string): boolean {
  const motifs = env()
    .WEBHOOKS_HOTES_AUTORISES.split(",")
    .map((m) => m.trim().toLowerCase())
    .filter(Boolean);
  return motifs.some((m) => m === "*" || m === hote || (m.startsWith("*.") && (hote === m.slice(2) || hote.endsWith(m.slice(1)))));
}

/** The URL as given, checked; or the French reason it is refused. */
export function verifierUrl(saisie: string): { ok: true; url: URL } | { ok: false; message: string } {
  let url: URL;
  try {
    url = new URL(saisie.trim());
  } catch {
    return { ok: false, message: "Saisissez une adresse complète, par exemple https://erp.exemple.fr/webhooks/factures." };
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && internesPermises()))
    return { ok: false, message: "L'adresse doit commencer par https:// (les notifications ne circulent que chiffrées)." };
  if (url.username || url.password) return { ok: false, message: "L'adresse ne peut pas contenir d'identifiant ni de mot de passe." };
  if (url.hash) return { ok: false, message: "L'adresse ne peut pas contenir de fragment (#…)." };
  const hote = url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (!hoteAutorise(hote)) return { ok: false, message: `Le portail n'autorise pas l'envoi de notifications vers « ${hote} ».` };
  if (isIP(hote) && adresseInterne(hote) && !internesPermises())
    return { ok: false, message: "Cette adresse est interne (réseau privé, boucle locale…) : le portail n'y envoie rien." };
  if (hote === "localhost" && !internesPermises()) return { ok: false, message: "Cette adresse est interne (boucle locale) : le portail n'y envoie rien." };
  return { ok: true, url };
}

/**
 * The `lookup` of the outgoing request: resolves the host, refuses if any of its addresses is internal, and hands the
 * request the address it checked.
 */
export function lookupVerifie(
  hote: string,
  options: { family?: number | string; all?: boolean },
  rappel: (erreur: NodeJS.ErrnoException | null, adresse: string | LookupAddress[], famille?: number) => void,
): void {
  resoudre(hote, { all: true }, (erreur, adresses) => {
    if (erreur) return rappel(erreur, "", 0);
    const liste = adresses as LookupAddress[];
    if (!internesPermises() && (liste.length === 0 || liste.some((a) => adresseInterne(a.address)))) {
      const e: NodeJS.ErrnoException = new Error(`Adresse interne refusée pour ${hote}`);
      e.code = "EADRESSEINTERNE";
      return rappel(e, "", 0);
    }
    if (options.all) return rappel(null, liste);
    rappel(null, liste[0].address, liste[0].family);
  });
}

export function signer(secret: string, corps: string, secondes: number): string {
  const v1 = createHmac("sha256", secret).update(`${secondes}.${corps}`).digest("hex");
  return `t=${secondes},v1=${v1}`;
}

function cle(): Buffer {
  return createHash("sha256")
    .update(`${env().AUTH_SECRET ?? ""}:secrets-webhooks`)
    .digest();
}

export function nouveauSecretWebhook(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

export function chiffrer(secret: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", cle(), iv);
  const donnees = Buffer.concat([c.update(secret, "utf8"), c.final()]);
  return [iv, c.getAuthTag(), donnees].map((b) => b.toString("base64url")).join(".");
}

export function dechiffrer(chiffre: string): string {
  const [iv, tag, donnees] = chiffre.split(".").map((p) => Buffer.from(p, "base64url"));
  const d = createDecipheriv("aes-256-gcm", cle(), iv);
  d.setAuthTag(tag);
  return Buffer.concat([d.update(donnees), d.final()]).toString("utf8");
}
