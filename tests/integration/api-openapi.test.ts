// The API and its published description cannot drift: random requests go through the API, and every answer must be
// one the OpenAPI document (/api/v1/openapi.json) lists for that operation, with a body its schema validates (ajv,
// JSON Schema 2020-12 as OpenAPI 3.1 uses it); a body the document's request schema refuses is never accepted.
import { Ajv2020 } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { creerCompteTechnique } from "@/lib/api/comptes-techniques";
import { traiterRequeteApi } from "@/lib/api/dispatch";
import { documentOpenApi } from "@/lib/api/openapi";
import { scenario } from "./factures-fixtures";

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> };
const doc = documentOpenApi("http://localhost") as Doc & Record<string, unknown>;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...doc, $id: "openapi.json" });

const pointeur = (...p: string[]) => p.map((x) => x.replaceAll("~", "~0").replaceAll("/", "~1")).join("/");
function validerReponse(chemin: string, methode: string, statut: number, corps: unknown): string | null {
  const reponses = doc.paths[chemin]?.[methode]?.responses ?? {};
  if (!(String(statut) in reponses))
    return `statut ${statut} non décrit pour ${methode.toUpperCase()} ${chemin} (décrits : ${Object.keys(reponses).join(", ")})`;
  if (!reponses[String(statut)].content?.["application/json"]) return null;
  const valider = ajv.getSchema(`openapi.json#/paths/${pointeur(chemin)}/${methode}/responses/${statut}/content/${pointeur("application/json")}/schema`);
  if (!valider) return `schéma introuvable pour ${statut}`;
  return valider(corps) ? null : `réponse ${statut} hors schéma : ${ajv.errorsText(valider.errors)}`;
}
function corpsValide(chemin: string, methode: string, corps: unknown): boolean {
  const valider = ajv.getSchema(`openapi.json#/paths/${pointeur(chemin)}/${methode}/requestBody/content/${pointeur("application/json")}/schema`)!;
  return valider(corps) as boolean;
}

let secret: string;
let ids: string[];

beforeAll(async () => {
  const s = await scenario();
  ({ secret } = await creerCompteTechnique(s.deposant.acteur, s.fournisseur.id, { nom: "Propriétés", portees: ["DEPOT", "LECTURE", "TRAITEMENT"] }));
  ids = [crypto.randomUUID(), s.fournisseur.id];
});

async function appel(methode: string, url: string, corps?: unknown) {
  const r = await traiterRequeteApi(
    new Request(`http://localhost/api/v1${url}`, {
      method: methode,
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json", "x-forwarded-for": "10.77.0.1" },
      body: corps === undefined ? undefined : JSON.stringify(corps),
    }),
  );
  return { statut: r.status, corps: r.headers.get("content-type")?.includes("json") ? await r.json() : null };
}

const texte = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom("", "0", "12000.00", "12 000,00", "2026-01-15", "FR", "EUR", "A4", "20"));
const valeur = fc.oneof(
  texte,
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.dictionary(fc.constantFrom("taux", "baseHt", "montantTva"), texte), { maxLength: 2 }),
);
const CHAMPS_BROUILLON = ["cadre", "serviceDeposantId", "parties", "facture", "numero", "montantHt", "typeTva", "moaSiret", "moeSiret"];

describe("l'API suit son document OpenAPI", () => {
  it("POST /pieces : toute réponse est décrite et conforme ; un corps que le schéma refuse n'est jamais accepté", async () => {
    const corps = fc.oneof(
      fc.dictionary(fc.constantFrom(...CHAMPS_BROUILLON), valeur, { maxKeys: 5 }),
      fc.record({
        cadre: fc.constantFrom("A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", "A15_ETAT_ACOMPTE_MOE", "X"),
        facture: fc.dictionary(fc.constantFrom("numero", "dateFacture", "devise", "typeTva", "montantHt", "montantTva", "montantTtc", "lignesTva"), valeur),
      }),
      fc.anything({ maxDepth: 2 }),
    );
    await fc.assert(
      fc.asyncProperty(corps, async (c) => {
        const r = await appel("POST", "/pieces", c);
        expect(validerReponse("/pieces", "post", r.statut, r.corps)).toBeNull();
        if (!corpsValide("/pieces", "post", c)) expect(r.statut).toBeGreaterThanOrEqual(400);
        expect(r.statut).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it("GET /pieces : tout filtre donne une réponse décrite et conforme, jamais une erreur du serveur", async () => {
    const cles = [
      "statut",
      "cadre",
      "numero",
      "du",
      "au",
      "montantMin",
      "montantMax",
      "tri",
      "ordre",
      "taille",
      "curseur",
      "fournisseur",
      "dossier",
      "service",
    ];
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...cles), texte, { maxKeys: 4 }), async (q) => {
        const r = await appel("GET", `/pieces?${new URLSearchParams(q)}`);
        expect(validerReponse("/pieces", "get", r.statut, r.corps)).toBeNull();
        expect(r.statut).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it("chaque opération répond par un statut décrit, quels que soient ses paramètres de chemin et son corps", async () => {
    const operations = Object.entries(doc.paths).flatMap(([chemin, m]) => Object.keys(m).map((methode) => ({ chemin, methode })));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...operations.filter((o) => o.chemin !== "/jetons")),
        fc.oneof(
          fc.constantFrom(...ids),
          fc
            .string({ maxLength: 12 })
            // « . » and « .. » are dot-segments: the URL resolves them to another path (another operation).
            .filter((x) => x !== "." && x !== "..")
            .map(encodeURIComponent),
        ),
        fc.dictionary(fc.constantFrom("action", "motif", "commentaire", "cadre", "parties"), valeur, { maxKeys: 3 }),
        async (o, id, corps) => {
          const url = o.chemin.replace(/\{\w+\}/g, id || "x");
          const r = await appel(o.methode.toUpperCase(), url, o.methode === "get" ? undefined : corps);
          // A path parameter that is not one (« x », an encoded string) may fall outside the operation: 404 then.
          if (r.statut === 404 && r.corps?.code === "API_OPERATION_INCONNUE") return;
          expect(validerReponse(o.chemin, o.methode, r.statut, r.corps)).toBeNull();
          expect(r.statut).toBeLessThan(500);
        },
      ),
      { numRuns: 80 },
    );
  }, 120_000);
});
