import { z } from "zod";
import { route } from "@/lib/routes";

export const dynamic = "force-dynamic";

/**
 * Liveness, for the load balancer and the orchestrator: the process answers. Nothing else is checked (a database
 * down must not get every process restarted): readiness is /api/health/ready. No rate limit, no session.
 */
export const GET = route({ session: "aucune", params: z.unknown(), query: z.unknown(), limite: null }, async () =>
  Response.json({ statut: "ok", depuisSecondes: Math.round(process.uptime()) }, { headers: { "Cache-Control": "no-store" } }),
);
