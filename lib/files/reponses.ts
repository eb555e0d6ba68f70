import "server-only";
import { z } from "zod";
import { echec } from "@/lib/actions";
import type { ErrorCode } from "@/lib/errors";
import { TropDeDemandes } from "@/lib/securite/trop-de-demandes";

/** HTTP status of a domain error, for the route handlers (downloads, uploads); any other is a 400. */
const STATUTS_HTTP: Partial<Record<ErrorCode, number>> = {
  NON_CONNECTE: 401,
  API_JETON_MANQUANT: 401,
  API_JETON_INVALIDE: 401,
  API_PORTEE_INSUFFISANTE: 403,
  API_OPERATION_INCONNUE: 404,
  API_IDEMPOTENCE_CONFLIT: 422,
  API_IDEMPOTENCE_EN_COURS: 409,
  NON_AUTORISE: 403,
  STRUCTURE_NON_VALIDEE: 403,
  INTROUVABLE: 404,
  PIECE_NON_MODIFIABLE: 409,
  TAILLE_PIECE_DEPASSEE: 413,
  TELECHARGEMENT_TROP_VOLUMINEUX: 413,
  FICHIER_REFUSE: 422,
  TROP_DE_DEMANDES: 429,
  ERREUR_INTERNE: 500,
  SERVICE_INDISPONIBLE: 503,
};

/** The HTTP status a domain error answers with (400 when the table names none). */
export function statutHttp(code: ErrorCode): number {
  return STATUTS_HTTP[code] ?? 400;
}

/** When to come back after SERVICE_INDISPONIBLE (the database unreachable), in seconds. */
export const REESSAYER_APRES_INDISPONIBLE_S = 5;

/** The French error of a route handler, as server actions word it (`echec`: unexpected errors logged once, never shown). */
export function reponseErreur(error: unknown): Response {
  const { code, message } = echec(error);
  // Over a rate limit, or the database unreachable: when to come back, in seconds.
  const headers =
    error instanceof TropDeDemandes
      ? { "Retry-After": String(error.secondes) }
      : code === "SERVICE_INDISPONIBLE"
        ? { "Retry-After": String(REESSAYER_APRES_INDISPONIBLE_S) }
        : undefined;
  return Response.json({ ok: false, code, message }, { status: STATUTS_HTTP[code] ?? 400, headers });
}

/** `?affichage` (any value): « Visualiser » rather than download. */
export const requeteAffichage = z.object({
  affichage: z
    .string()
    .optional()
    .transform((v) => v !== undefined),
});

/** Only these are ever shown in the browser; anything else (HTML, SVG…) is downloaded, never rendered on the portal's origin. */
const AFFICHABLES = new Set(["application/pdf", "image/png", "image/jpeg", "image/gif", "image/bmp"]);

/**
 * A stored file as a response: downloaded, or shown inline (« Visualiser ») when its type is safe to show. Its content
 * as bytes (a certificate) or as a stream from the store with its size (attachments: never held whole in memory).
 */
export function reponseFichier(
  f: { nom: string; typeMime: string } & ({ contenu: Uint8Array } | { flux: ReadableStream<Uint8Array>; taille: number }),
  affichage: boolean,
): Response {
  const inline = affichage && AFFICHABLES.has(f.typeMime);
  const ascii = f.nom.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const [corps, taille] = "flux" in f ? [f.flux, f.taille] : [f.contenu as Uint8Array<ArrayBuffer>, f.contenu.byteLength];
  return new Response(corps, {
    headers: {
      "Content-Type": inline ? f.typeMime : f.typeMime === "application/pdf" ? "application/pdf" : "application/octet-stream",
      "Content-Length": String(taille),
      "Content-Disposition": `${inline ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.nom)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
