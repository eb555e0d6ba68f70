import { avecContexte, contexteCourant, journal } from "@/lib/journal-technique";
import { ENTETE_ID_REQUETE, identifiantRequete } from "./identifiant-requete";
import { observerAction, observerRoute } from "./metriques";

/**
 * What the wrappers of every endpoint (`route()`, lib/routes.ts; `action()`, lib/actions.ts) do around the call:
 * the request id (X-Request-Id, from the load balancer or drawn here) put in the context of the call — every line
 * logged below it carries it — and sent back in the response's header; the latency observed by the route's
 * pattern or the action's name (portail_http_requete_duree_secondes, portail_action_duree_secondes); one log
 * line per call, without its input.
 */

const secondesDepuis = (debut: number) => (performance.now() - debut) / 1000;

/** What a thrown error means when it is Next's control flow (redirect(), notFound()), else « exception ». */
function issueDe(error: unknown): string {
  const digest = (error as { digest?: unknown } | null)?.digest;
  if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT")) return "redirection";
  if (typeof digest === "string" && digest.startsWith("NEXT_HTTP_ERROR_FALLBACK")) return "introuvable";
  return "exception";
}

// --- Routes ------------------------------------------------------------------------------------------------------

const SEGMENT_FIXE = /^[a-z][a-z0-9._-]{0,39}$/i;
const RESSEMBLE_A_UN_ID = /^[0-9a-f]{8}-|^\d{4,}$|^[0-9a-f]{16,}$/i;

/**
 * The route's pattern, from its path and its params: each segment that is a param's value becomes `[name]`
 * (`/api/factures-travaux/pieces/[id]/facture`). Any other segment that does not look like a fixed one becomes
 * `[?]`: the label never carries an id, whatever the path.
 */
export function motifDeRoute(chemin: string, params: unknown): string {
  const noms = new Map<string, string>();
  if (params && typeof params === "object") {
    for (const [nom, v] of Object.entries(params)) {
      for (const x of Array.isArray(v) ? v : [v]) if (typeof x === "string") noms.set(x, Array.isArray(v) ? `[...${nom}]` : `[${nom}]`);
    }
  }
  return chemin
    .split("/")
    .map((s, i) => {
      if (i === 0 && s === "") return s;
      let d = s;
      try {
        d = decodeURIComponent(s);
      } catch {
        // kept as is
      }
      const nom = noms.get(d);
      if (nom) return nom;
      return SEGMENT_FIXE.test(s) && !RESSEMBLE_A_UN_ID.test(s) ? s : "[?]";
    })
    .join("/");
}

function avecIdRequete(reponse: Response, requestId: string): Response {
  try {
    reponse.headers.set("X-Request-Id", requestId);
  } catch {
    // Immutable headers (a fetched response): sent as they are.
  }
  return reponse;
}

/** Around a route handler's call (`route()`): the request id, the latency by pattern, one log line. */
export function suivreRoute(request: Request, params: Promise<unknown> | undefined, executer: () => Promise<Response>): Promise<Response> {
  const requestId = identifiantRequete(request.headers.get(ENTETE_ID_REQUETE));
  return avecContexte({ requestId }, async () => {
    const debut = performance.now();
    let statut = "exception";
    try {
      const reponse = await executer();
      statut = String(reponse.status);
      return avecIdRequete(reponse, requestId);
    } catch (error) {
      statut = issueDe(error);
      throw error;
    } finally {
      const secondes = secondesDepuis(debut);
      const motif = motifDeRoute(new URL(request.url).pathname, await Promise.resolve(params).catch(() => null));
      observerRoute(motif, request.method, statut, secondes);
      journal.info({ route: motif, methode: request.method, statut, dureeMs: Math.round(secondes * 1000) }, "route");
    }
  });
}

// --- Server actions ------------------------------------------------------------------------------------------------

/** The `X-Request-Id` of the request a server action serves (null outside one: tests, scripts). */
export async function idRequeteDeNext(): Promise<string | null> {
  try {
    const { headers } = await import("next/headers");
    return (await headers()).get(ENTETE_ID_REQUETE);
  } catch {
    return null;
  }
}

const MANIFESTES = Symbol.for("next.server.manifests");
type Manifestes = { serverActionsManifest?: { node?: Record<string, { exportedName?: string } | undefined> } };
const NOM_EXPORT = /^[A-Za-z_$][\w$]{0,79}$/;

/** The action an enveloppe was made from (`formulaire(action(…))`): the exported one carries Next's id. */
const exportees = new WeakMap<object, object>();
export function lierAction(interne: object, exportee: object): void {
  exportees.set(interne, exportee);
}

const noms = new WeakMap<object, string>();

/**
 * A server action's name for the metrics and logs: the name it is exported under, read in Next's manifest of
 * server actions by the id Next gave the exported function (`$$id`) — « inconnue » outside Next (tests).
 */
export function nomDAction(fonction: object): string {
  const connu = noms.get(fonction);
  if (connu) return connu;
  const porteuse = (fonction as { $$id?: unknown }).$$id ? fonction : exportees.get(fonction);
  const id = (porteuse as { $$id?: unknown } | undefined)?.$$id;
  if (typeof id !== "string") return "inconnue";
  const brut = id.split("#")[0];
  const manifeste = (globalThis as { [MANIFESTES]?: Manifestes })[MANIFESTES]?.serverActionsManifest;
  const nom = manifeste?.node?.[brut]?.exportedName;
  if (nom && NOM_EXPORT.test(nom)) {
    noms.set(fonction, nom);
    return nom;
  }
  return /^[0-9a-f]{8,}$/i.test(brut) ? `action-${brut.slice(0, 12)}` : "inconnue";
}

/** Around a server action's call (`action()`): the request id, the latency by action name and result, one log line. */
export async function suivreAction<R extends { ok: boolean; code?: string }>(
  nom: () => string,
  lireIdRequete: () => Promise<string | null>,
  executer: () => Promise<R>,
): Promise<R> {
  // An action called from another's call (or from a route) keeps that request's id.
  const requestId = contexteCourant()?.requestId ?? identifiantRequete(await lireIdRequete());
  return avecContexte({ requestId }, async () => {
    const debut = performance.now();
    let resultat = "exception";
    try {
      const r = await executer();
      resultat = r.ok ? "ok" : (r.code ?? "erreur");
      return r;
    } catch (error) {
      resultat = issueDe(error);
      throw error;
    } finally {
      const secondes = secondesDepuis(debut);
      const action = nom();
      observerAction(action, resultat, secondes);
      journal.info({ action, resultat, dureeMs: Math.round(secondes * 1000) }, "action");
    }
  });
}
