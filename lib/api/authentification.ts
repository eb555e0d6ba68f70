import { createHmac, timingSafeEqual } from "node:crypto";
import type { Acteur } from "@/lib/auth/acteur";
import { acteurDeLUtilisateur } from "@/lib/auth/acteur-de";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { PorteeApi } from "@/lib/generated/prisma/client";
import { compteDuSecret, secretCorrespond, uuidDeHex } from "./comptes-techniques";

/**
 * Who calls the API: `Authorization: Bearer <secret or token>`.
 * - the technical account's secret itself (`ftk_…`), the simplest for a script;
 * - or a short-lived token (`fta1.…`, 1 hour) drawn from it at `POST /api/v1/jetons` (OAuth2 client credentials, as
 *   Chorus Pro's PISTE does): the secret then travels once an hour, not with every request.
 * A token is an HMAC (AUTH_SECRET) over the account, its expiry and the technical user's session version: renewing the
 * secret or revoking the account (both raise that version) ends every token at once. Each call re-reads the account
 * and its user from the database, as a person's session does.
 */

export const DUREE_JETON_S = 3600;

export type AppelantApi = { acteur: Acteur; compteId: string; portees: PorteeApi[] };

function cle(): string {
  return `${env().AUTH_SECRET ?? ""}:jetons-api`;
}

function signer(corps: string): string {
  return createHmac("sha256", cle()).update(corps).digest("base64url");
}

/** `POST /api/v1/jetons` (grant_type=client_credentials): a token for `DUREE_JETON_S` seconds. */
export async function emettreJeton(
  clientId: string,
  clientSecret: string,
  now = new Date(),
): Promise<{ jeton: string; expireDans: number; portees: PorteeApi[] }> {
  const id = compteDuSecret(clientSecret);
  if (!id || id !== clientId) throw new AppError("API_JETON_INVALIDE");
  const compte = await db.compteTechnique.findUnique({
    where: { id },
    select: { secretHash: true, revoqueLe: true, portees: true, user: { select: { sessionVersion: true, status: true } } },
  });
  if (!compte || compte.revoqueLe || compte.user.status !== "ACTIF" || !secretCorrespond(clientSecret, compte.secretHash))
    throw new AppError("API_JETON_INVALIDE");
  const exp = Math.floor(now.getTime() / 1000) + DUREE_JETON_S;
  const corps = `fta1.${id.replaceAll("-", "")}.${exp}.${compte.user.sessionVersion}`;
  return { jeton: `${corps}.${signer(corps)}`, expireDans: DUREE_JETON_S, portees: compte.portees };
}

/** The caller of an API request, or API_JETON_MANQUANT / API_JETON_INVALIDE. */
export async function appelantApi(request: Request, ip: string, now = new Date()): Promise<AppelantApi> {
  const entete = request.headers.get("authorization") ?? "";
  const m = /^Bearer\s+(\S{1,300})$/i.exec(entete.trim());
  if (!m) throw new AppError("API_JETON_MANQUANT");
  const presente = m[1];
  let compteId: string | null = null;
  let versionJeton: number | undefined;
  let secret: string | null = null;
  if (presente.startsWith("ftk_")) {
    compteId = compteDuSecret(presente);
    secret = presente;
  } else {
    const j = /^fta1\.([0-9a-f]{32})\.(\d{1,12})\.(\d{1,9})\.([A-Za-z0-9_-]{43})$/.exec(presente);
    if (j) {
      const attendue = Buffer.from(signer(`fta1.${j[1]}.${j[2]}.${j[3]}`));
      const recue = Buffer.from(j[4]);
      if (attendue.length === recue.length && timingSafeEqual(attendue, recue) && Number(j[2]) * 1000 > now.getTime()) {
        compteId = uuidDeHex(j[1]);
        versionJeton = Number(j[3]);
      }
    }
  }
  if (!compteId) throw new AppError("API_JETON_INVALIDE");
  const compte = await db.compteTechnique.findUnique({
    where: { id: compteId },
    select: { id: true, userId: true, secretHash: true, revoqueLe: true, portees: true, derniereUtilisation: true },
  });
  if (!compte || compte.revoqueLe || (secret !== null && !secretCorrespond(secret, compte.secretHash))) throw new AppError("API_JETON_INVALIDE");
  const acteur = await acteurDeLUtilisateur(compte.userId, { sessionVersion: versionJeton, ip });
  if (!acteur) throw new AppError("API_JETON_INVALIDE");
  // « Dernière utilisation », to the minute: not one write per request.
  if (!compte.derniereUtilisation || now.getTime() - compte.derniereUtilisation.getTime() > 60_000)
    await db.compteTechnique.update({ where: { id: compte.id }, data: { derniereUtilisation: now } });
  return { acteur, compteId: compte.id, portees: compte.portees };
}
