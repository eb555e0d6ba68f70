import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { env } from "@/lib/env";
import { MESSAGES } from "@/lib/errors";
import { route } from "@/lib/routes";
import { metriques } from "@/lib/supervision/metriques";

export const dynamic = "force-dynamic";

/** True when the request carries `Authorization: Bearer <METRICS_TOKEN>` (compared in constant time). */
function autorise(request: Request, jeton: string): boolean {
  const recu = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  if (!recu) return false;
  const a = Buffer.from(recu);
  const b = Buffer.from(jeton);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The Prometheus metrics of this process (lib/supervision/metriques.ts), for the scraper: 404 when METRICS_TOKEN is
 * not set (the route does not exist), 401 without the token or with another one. No rate limit: it must answer while
 * the database is down (the gauges read from it are then missing, the others are there).
 */
export const GET = route({ session: "aucune", params: z.unknown(), query: z.unknown(), limite: null }, async ({ request }) => {
  const jeton = env().METRICS_TOKEN;
  if (!jeton) return Response.json({ ok: false, code: "INTROUVABLE", message: MESSAGES.INTROUVABLE }, { status: 404 });
  if (!autorise(request, jeton)) {
    return Response.json(
      { ok: false, code: "NON_CONNECTE", message: "Jeton des métriques manquant ou invalide." },
      { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="metriques"' } },
    );
  }
  const { registre } = metriques();
  return new Response(await registre.metrics(), { headers: { "Content-Type": registre.contentType, "Cache-Control": "no-store" } });
});
