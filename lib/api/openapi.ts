import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { OPERATIONS } from "./operations";
import { erreurApi } from "./schemas";

/**
 * The OpenAPI 3.1 document of /api/v1, generated from the operations table (lib/api/operations.ts) and its zod
 * schemas: served at /api/v1/openapi.json, read by the reference page /api/docs and by the tests' client.
 */

let document: object | undefined;

/** Every operation may answer these (lib/files/reponses.ts maps each error code to one), in the same shape. */
const ERREURS: Record<number, { description: string; schema: typeof erreurApi; binaire?: undefined }> = {
  400: { description: "Requête invalide : les champs en erreur sont dans `champs`", schema: erreurApi },
  401: { description: "Jeton manquant, invalide ou expiré", schema: erreurApi },
  403: { description: "Portée du compte ou droits de la structure insuffisants", schema: erreurApi },
  404: { description: "Introuvable (ou invisible pour la structure)", schema: erreurApi },
  409: { description: "Conflit : pièce dans un statut qui ne le permet pas, requête de même clé en cours", schema: erreurApi },
  413: { description: "Fichier ou envoi trop volumineux", schema: erreurApi },
  422: { description: "Fichier refusé, clé d'idempotence déjà utilisée pour une autre requête", schema: erreurApi },
  429: { description: "Trop de requêtes : réessayer après le délai de l'en-tête Retry-After", schema: erreurApi },
  500: { description: "Erreur inattendue", schema: erreurApi },
  503: { description: "Service momentanément indisponible (en-tête Retry-After)", schema: erreurApi },
};

export function documentOpenApi(urlPortail: string): object {
  if (document) return { ...document, servers: [{ url: `${urlPortail.replace(/\/$/, "")}/api/v1`, description: "Ce portail" }] };
  const registre = new OpenAPIRegistry();
  registre.register("Erreur", erreurApi);
  registre.registerComponent("securitySchemes", "jeton", {
    type: "http",
    scheme: "bearer",
    description: "Le secret d'un compte technique (`ftk_…`, « Paramètres » → « Comptes techniques ») ou un jeton d'une heure obtenu sur `POST /jetons`.",
  });
  for (const op of OPERATIONS) {
    const requete: RouteConfig["request"] = {};
    if (op.params) requete.params = op.params;
    if (op.query) requete.query = op.query;
    if (op.corps && "json" in op.corps) requete.body = { required: true, content: { "application/json": { schema: op.corps.json } } };
    if (op.corps && "formulaire" in op.corps)
      requete.body = { required: true, content: { "application/x-www-form-urlencoded": { schema: op.corps.formulaire } } };
    if (op.corps && "binaire" in op.corps)
      requete.body = { required: true, content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } } };
    const entetes = op.idempotente
      ? {
          headers: [
            {
              name: "Idempotency-Key",
              in: "header" as const,
              required: false,
              description: "Une clé propre à cette requête (un UUID) : rejouée avec la même clé, la requête rend la première réponse.",
              schema: { type: "string" as const, maxLength: 100 },
            },
          ],
        }
      : {};
    registre.registerPath({
      method: op.methode,
      path: op.chemin,
      operationId: op.id,
      summary: op.resume,
      description: (op.description ?? "") + (op.portee && op.portee !== "AUCUNE" ? `${op.description ? "\n\n" : ""}Portée requise : \`${op.portee}\`.` : ""),
      tags: [op.tag],
      security: op.portee === null ? [] : [{ jeton: [] }],
      request: requete,
      ...(entetes.headers ? { parameters: entetes.headers } : {}),
      responses: Object.fromEntries(
        Object.entries({ ...ERREURS, ...op.reponses }).map(([statut, r]) => [
          statut,
          r.binaire
            ? { description: r.description, content: { [r.binaire]: { schema: { type: "string", format: "binary" } } } }
            : r.schema
              ? { description: r.description, content: { "application/json": { schema: r.schema } } }
              : { description: r.description },
        ]),
      ),
    });
  }
  document = new OpenApiGeneratorV31(registre.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "API des factures de travaux",
      version: "1.0.0",
      description:
        "Les opérations du portail des factures de travaux pour les logiciels : dépôt, consultation et traitement des pièces, avec les mêmes règles et les mêmes droits que les écrans. Erreurs en français avec un code stable (`code`), les champs en erreur dans `champs`. Montants en euros, en chaînes décimales (« 12000.00 »).",
    },
  });
  return documentOpenApi(urlPortail);
}
