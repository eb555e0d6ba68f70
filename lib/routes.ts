import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { z, ZodType } from "zod";
import { acteurSelon, type ActeurSelon, type Session } from "./actions";
import { reponseErreur } from "./files/reponses";
import { ipDesEntetes } from "./securite/ip";
import { exigerLimite, type NomLimite } from "./securite/limites";
import { suivreRoute } from "./supervision/suivi";

export type OptionsRoute<S extends Session, P extends ZodType, Q extends ZodType> = {
  session: S;
  /** The route's dynamic segments. */
  params: P;
  /** The query string, one value per name (the first one). */
  query: Q;
  /**
   * The rate limit it counts against (lib/securite/limites.ts), per client address and per signed-in user: « api »
   * unless it names another. Over it: 429 with `Retry-After` and the French message. `null`: none — only for the
   * probes of the load balancer and the metrics scraper (app/api/health, app/api/metrics), which must answer while
   * the database (where the counters live) is down, and which do no work worth limiting.
   */
  limite?: NomLimite | null;
};

export type EntreeRoute<P extends ZodType, Q extends ZodType> = { params: z.output<P>; query: z.output<Q>; request: Request };

/** The query string as an object: the first value of each name. */
function requete(url: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [nom, valeur] of new URL(url).searchParams) out[nom] ??= valeur;
  return out;
}

/**
 * Every route handler (downloads, uploads), as `action` for server actions: the session, then the params and the
 * query parsed with their schemas, then the domain call (which checks the actor's rights); an error becomes a
 * French JSON answer with its HTTP status (`reponseErreur`). The body, when there is one, is read by the domain call.
 * Every route counts against a rate limit, « api » unless `limite` names another (429 with `Retry-After` over it).
 */
export function route<S extends Session, P extends ZodType, Q extends ZodType>(
  options: OptionsRoute<S, P, Q>,
  appel: (entree: EntreeRoute<P, Q>, acteur: ActeurSelon<S>) => Promise<Response>,
): (request: Request, contexte: { params: Promise<unknown> }) => Promise<Response> {
  // suivreRoute: the request id (X-Request-Id) in the context of the call and in the answer, the latency by route pattern, one log line.
  return (request, contexte) =>
    suivreRoute(request, contexte?.params, async () => {
      try {
        const limite = options.limite === undefined ? "api" : options.limite;
        if (limite) await exigerLimite(limite, { ip: ipDesEntetes(request.headers) });
        const acteur = await acteurSelon(options.session);
        if (limite) await exigerLimite(limite, { identifiant: acteur?.userId });
        // A route without segments: Next gives no params object; it reads as none.
        const params = await options.params.parseAsync((await contexte?.params) ?? {});
        const query = await options.query.parseAsync(requete(request.url));
        return await appel({ params, query, request }, acteur);
      } catch (error) {
        unstable_rethrow(error);
        return reponseErreur(error);
      }
    });
}
