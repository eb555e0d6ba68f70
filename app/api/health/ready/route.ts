import { z } from "zod";
import { route } from "@/lib/routes";
import { etatSante } from "@/lib/supervision/sante";

export const dynamic = "force-dynamic";

/**
 * Readiness, for the load balancer: 200 when this process can serve (« ok », or « dégradé » when mail is late), 503
 * when the database or the object store fails, or from SIGTERM on. Each check with its duration (lib/supervision/sante.ts).
 * No rate limit (the result is shared by the probes of the same second), no session, no personal data.
 */
export const GET = route({ session: "aucune", params: z.unknown(), query: z.unknown(), limite: null }, async () => {
  const etat = await etatSante();
  return Response.json(etat, { status: etat.statut === "indisponible" ? 503 : 200, headers: { "Cache-Control": "no-store" } });
});
