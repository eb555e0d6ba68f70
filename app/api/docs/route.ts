import { z } from "zod";
import { route } from "@/lib/routes";

/**
 * « Référence de l'API » : the OpenAPI document (/api/v1/openapi.json) rendered by Swagger UI, served by the portal
 * itself (app/api/docs/[fichier]: the files of the swagger-ui-dist package, no CDN). Its scripts carry the nonce of
 * the response's Content-Security-Policy (proxy.ts).
 */
export const GET = route({ session: "aucune", params: z.object({}), query: z.object({}) }, async ({ request }) => {
  const nonce = (request.headers.get("x-nonce") ?? "").replace(/[^A-Za-z0-9+/=]/g, "");
  const html = `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Référence de l'API — Factures de travaux</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
<link rel="stylesheet" href="/api/docs/contrastes.css">
</head>
<body>
<header style="font-family: Marianne, Arial, sans-serif; padding: 1rem 1.5rem; border-bottom: 1px solid #ddd">
<h1 style="margin: 0; font-size: 1.5rem">Référence de l'API des factures de travaux</h1>
<p style="margin: .5rem 0 0">Document OpenAPI 3.1 : <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>. Les comptes techniques se créent dans « Structures » → « Paramètres de la structure » → « Comptes techniques ».</p>
</header>
<main id="swagger-ui"></main>
<script nonce="${nonce}" src="/api/docs/swagger-ui-bundle.js"></script>
<script nonce="${nonce}" src="/api/docs/initialisation.js"></script>
</body>
</html>`;
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
});
