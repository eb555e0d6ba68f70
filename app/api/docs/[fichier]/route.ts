import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/routes";

// The files of Swagger UI (the swagger-ui-dist package), served by the portal itself; and its start-up script.
const FICHIERS = new Map([
  ["swagger-ui.css", "text/css; charset=utf-8"],
  ["swagger-ui-bundle.js", "text/javascript; charset=utf-8"],
]);

const INITIALISATION = `window.ui = SwaggerUIBundle({
  url: "/api/v1/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  tryItOutEnabled: false,
});
`;

export const GET = route({ session: "aucune", params: z.object({ fichier: z.string().max(40) }), query: z.object({}) }, async ({ params }) => {
  const cache = { "Cache-Control": "public, max-age=86400" };
  if (params.fichier === "initialisation.js") return new Response(INITIALISATION, { headers: { "Content-Type": "text/javascript; charset=utf-8", ...cache } });
  // A Map, not an object: « constructor » or « __proto__ » are no file names here.
  const type = FICHIERS.get(params.fichier);
  if (!type) throw new AppError("INTROUVABLE");
  const contenu = await readFile(path.join(process.cwd(), "node_modules", "swagger-ui-dist", params.fichier));
  return new Response(contenu, { headers: { "Content-Type": type, ...cache } });
});
