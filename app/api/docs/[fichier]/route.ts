import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { TRADUCTIONS_SWAGGER_UI } from "@/lib/api/swagger-ui-fr";
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
(function () {
  var mots = ${JSON.stringify(TRADUCTIONS_SWAGGER_UI)};
  var racine = document.getElementById("swagger-ui");
  function traduire(noeud) {
    if (noeud.nodeType === 3) {
      var texte = noeud.nodeValue.trim();
      // Only a text still in English changes: a change is itself observed, and must not be made again.
      if (texte && Object.prototype.hasOwnProperty.call(mots, texte) && mots[texte] !== texte) noeud.nodeValue = noeud.nodeValue.replace(texte, mots[texte]);
      return;
    }
    if (noeud.nodeType !== 1 || noeud.closest(".markdown, .renderedMarkdown, pre, code, textarea, input")) return;
    for (var i = 0; i < noeud.childNodes.length; i++) traduire(noeud.childNodes[i]);
  }
  new MutationObserver(function (changements) {
    changements.forEach(function (c) {
      if (c.type === "characterData") traduire(c.target);
      else c.addedNodes.forEach(traduire);
    });
  }).observe(racine, { childList: true, subtree: true, characterData: true });
  traduire(racine);
})();
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
