import "server-only";
import type { z } from "zod";
import { echec, zodFieldErrors } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import { lireOctets } from "@/lib/files/corps";
import { statutHttp, REESSAYER_APRES_INDISPONIBLE_S } from "@/lib/files/reponses";
import { ipDesEntetes } from "@/lib/securite/ip";
import { exigerLimite } from "@/lib/securite/limites";
import { TropDeDemandes } from "@/lib/securite/trop-de-demandes";
import { suivreRoute } from "@/lib/supervision/suivi";
import { appelantApi, type AppelantApi } from "./authentification";
import { avecIdempotence, cleValide, empreinteRequete } from "./idempotence";
import { OPERATIONS, type Operation, type ReponseApi } from "./operations";

/**
 * `/api/v1/…` (app/api/v1/[...chemin]/route.ts): finds the operation of lib/api/operations.ts for the method and
 * path, then, in order: the rate limit by address, the bearer token and its scope, the rate limit by account (the
 * same budgets as a person: « api », and the operation's own `limite` on top, as the screens' route for the same work
 * names it: `envoiFichier` for an upload, `export` for a Factur-X), the params, query and body checked by their schemas,
 * the idempotency key, the domain call. Every error is a French JSON answer `{ code, message, champs? }` with its HTTP status.
 */

/** A JSON body larger than this is refused (a piece with its 100 poste lines is far below). */
const CORPS_JSON_MAX = 1_000_000;

type Trouvee = { operation: Operation; params: Record<string, string> };

function trouver(methode: string, chemin: string): Trouvee | null {
  const segments = chemin.split("/").filter(Boolean);
  for (const operation of OPERATIONS) {
    if (operation.methode !== methode) continue;
    const modele = operation.chemin.split("/").filter(Boolean);
    if (modele.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < modele.length && ok; i++) {
      const m = /^\{(\w+)\}$/.exec(modele[i]);
      if (m) params[m[1]] = decodeURIComponent(segments[i]);
      else ok = modele[i] === segments[i];
    }
    if (ok) return { operation, params };
  }
  return null;
}

function json(statut: number, corps: unknown, entetes: Record<string, string> = {}): Response {
  return new Response(corps === undefined ? null : JSON.stringify(corps), {
    status: statut,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...entetes },
  });
}

export function reponseErreurApi(error: unknown): Response {
  const { code, message, fieldErrors } = echec(error);
  const entetes: Record<string, string> =
    error instanceof TropDeDemandes
      ? { "Retry-After": String(error.secondes) }
      : code === "SERVICE_INDISPONIBLE"
        ? { "Retry-After": String(REESSAYER_APRES_INDISPONIBLE_S) }
        : {};
  return json(statutHttp(code), { code, message, ...(Object.keys(fieldErrors).length ? { champs: fieldErrors } : {}) }, entetes);
}

function verifier<S extends z.ZodType>(schema: S, valeur: unknown, prefixe?: string): z.output<S> {
  const r = schema.safeParse(valeur);
  if (r.success) return r.data;
  const champs = zodFieldErrors(r.error);
  throw new AppError("SAISIE_INVALIDE", prefixe ? Object.fromEntries(Object.entries(champs).map(([k, v]) => [`${prefixe}.${k}`, v])) : champs);
}

/**
 * The parsed body of a JSON or form operation. A file's body is left unread: the operation streams it (lib/api/corps.ts).
 * The idempotency fingerprint then covers its length and type rather than its bytes.
 */
async function lireCorps(operation: Operation, request: Request): Promise<{ corps: unknown; empreinte: Uint8Array | string }> {
  if (!operation.corps) return { corps: undefined, empreinte: "" };
  if ("binaire" in operation.corps)
    return { corps: undefined, empreinte: `fichier ${request.headers.get("content-length") ?? "?"} ${request.headers.get("content-type") ?? ""}` };
  const octets = await lireOctets(request, CORPS_JSON_MAX);
  const texte = new TextDecoder().decode(octets);
  const type = request.headers.get("content-type") ?? "";
  if ("formulaire" in operation.corps) {
    const brut = type.includes("application/json") ? analyserJson(texte) : Object.fromEntries(new URLSearchParams(texte));
    return { corps: verifier(operation.corps.formulaire, brut), empreinte: octets };
  }
  return { corps: verifier(operation.corps.json, analyserJson(texte)), empreinte: octets };
}

function analyserJson(texte: string): unknown {
  try {
    return texte.trim() === "" ? {} : JSON.parse(texte);
  } catch {
    throw new AppError("SAISIE_INVALIDE", {}, "Le corps de la requête n'est pas un JSON valide.");
  }
}

function requete(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [nom, valeur] of url.searchParams) out[nom] ??= valeur;
  return out;
}

export async function traiterRequeteApi(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const chemin = url.pathname.replace(/^\/api\/v1/, "") || "/";
  const trouvee = trouver(request.method.toLowerCase(), chemin);
  return suivreRoute(request, Promise.resolve(trouvee?.params ?? {}), async () => {
    try {
      const ip = ipDesEntetes(request.headers);
      if (!trouvee) throw new AppError("API_OPERATION_INCONNUE");
      const { operation, params } = trouvee;
      // The token endpoint is a sign-in: the sign-in budget per address.
      await exigerLimite(operation.portee === null ? "connexion" : "api", { ip });
      if (operation.limite) await exigerLimite(operation.limite, { ip });
      let appelant: AppelantApi | null = null;
      if (operation.portee !== null) {
        appelant = await appelantApi(request, ip);
        if (operation.portee !== "AUCUNE" && !appelant.portees.includes(operation.portee)) throw new AppError("API_PORTEE_INSUFFISANTE");
        await exigerLimite("api", { identifiant: appelant.acteur.userId });
        if (operation.limite) await exigerLimite(operation.limite, { identifiant: appelant.acteur.userId });
      }
      const p = operation.params ? verifier(operation.params, params) : {};
      const q = operation.query ? verifier(operation.query, requete(url)) : {};
      const cle = operation.idempotente && appelant ? cleValide(request.headers.get("idempotency-key")) : null;
      const { corps, empreinte } = await lireCorps(operation, request);
      const entree = { params: p as Record<string, string>, query: q as Record<string, unknown>, corps, request, appelant };
      if (cle && appelant) {
        const r = await avecIdempotence(appelant.acteur.userId, cle, empreinteRequete(request.method, url.pathname + url.search, empreinte), async () =>
          enJson(await operation.executer(entree)),
        );
        return json(r.statut, r.corps, r.rejouee ? { "Idempotency-Replayed": "true" } : {});
      }
      const r = await operation.executer(entree);
      return r instanceof Response ? r : json(r.statut, r.corps);
    } catch (error) {
      return reponseErreurApi(error);
    }
  });
}

function enJson(r: ReponseApi): { statut: number; corps: unknown } {
  if (r instanceof Response) throw new Error("Une opération idempotente répond en JSON.");
  return r;
}
