import { documentOpenApi } from "@/lib/api/openapi";
import { route } from "@/lib/routes";
import { env } from "@/lib/env";
import { z } from "zod";

// The OpenAPI 3.1 document of /api/v1, generated from the operations table (lib/api/operations.ts).
export const GET = route({ session: "aucune", params: z.object({}), query: z.object({}) }, async () =>
  Response.json(documentOpenApi(env().APP_URL), { headers: { "Cache-Control": "public, max-age=300" } }),
);
