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

/**
 * Swagger UI's colours that fail the WCAG 2.1 AA contrast (axe-core, tests/e2e/api-docs.spec.ts): the methods' badges
 * (white on light blue, green, orange), the version stamps, the document's address, « Autoriser », the schemas' expand
 * buttons — darkened to DSFR-like colours of at least 4.5:1.
 */
const CONTRASTES = `.swagger-ui .opblock.opblock-get .opblock-summary-method { background: #0a5ea8 !important; }
.swagger-ui .opblock.opblock-post .opblock-summary-method { background: #18753c !important; }
.swagger-ui .opblock.opblock-put .opblock-summary-method { background: #8d4f00 !important; }
.swagger-ui .opblock.opblock-delete .opblock-summary-method { background: #ce0500 !important; }
.swagger-ui .opblock.opblock-patch .opblock-summary-method { background: #6e445a !important; }
.swagger-ui .info .title small, .swagger-ui .info .title small pre, .swagger-ui .info .title small.version-stamp { background: #3a3a3a !important; }
.swagger-ui .info .url, .swagger-ui .info a { color: #0a5ea8 !important; }
.swagger-ui .btn.authorize { color: #18753c !important; border-color: #18753c !important; }
.swagger-ui .btn.authorize svg { fill: #18753c !important; }
.swagger-ui .json-schema-2020-12-expand-deep-button { color: #3a3a3a !important; }
.swagger-ui .parameter__in, .swagger-ui .parameter__deprecated, .swagger-ui .prop-format, .swagger-ui .renderedMarkdown code { color: #3a3a3a !important; }
.swagger-ui .opblock-summary-path, .swagger-ui .opblock-summary-description { color: #161616; }
`;

const INITIALISATION = `window.ui = SwaggerUIBundle({
  url: "/api/v1/openapi.json",
  dom_id: "#swagger-ui",
  // Off: with it, each operation's path is a link inside the button that opens it (axe: nested-interactive).
  deepLinking: false,
  tryItOutEnabled: false,
});
(function () {
  var mots = ${JSON.stringify(TRADUCTIONS_SWAGGER_UI)};
  var racine = document.getElementById("swagger-ui");
  // The servers' list and a parameter's list of values named for screen readers (axe: select-name); examples reachable.
  function nommer() {
    var liste = document.getElementById("servers");
    if (liste && !liste.getAttribute("aria-label")) liste.setAttribute("aria-label", "Serveur de l'API");
    racine.querySelectorAll("tr[data-param-name] select:not([aria-label])").forEach(function (s) {
      s.setAttribute("aria-label", "Valeur de « " + s.closest("tr").getAttribute("data-param-name") + " »");
    });
    // An example wider than the screen scrolls: reachable with the keyboard (axe: scrollable-region-focusable).
    racine.querySelectorAll(".highlight-code pre:not([tabindex])").forEach(function (p) {
      p.setAttribute("tabindex", "0");
    });
  }
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
    nommer();
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
  if (params.fichier === "contrastes.css") return new Response(CONTRASTES, { headers: { "Content-Type": "text/css; charset=utf-8", ...cache } });
  // A Map, not an object: « constructor » or « __proto__ » are no file names here.
  const type = FICHIERS.get(params.fichier);
  if (!type) throw new AppError("INTROUVABLE");
  const contenu = await readFile(path.join(process.cwd(), "node_modules", "swagger-ui-dist", params.fichier));
  return new Response(contenu, { headers: { "Content-Type": type, ...cache } });
});
