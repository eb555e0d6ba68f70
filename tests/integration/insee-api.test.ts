import path from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { lookupSiret } from "@/lib/insee/directory";
import { importSirene } from "@/lib/insee/import";
import { capturerJournal } from "@/lib/journal-technique";

// An INSEE API key is configured for this file (read when the first lookup loads the environment).
process.env.INSEE_API_KEY = "cle-integration";
process.env.INSEE_API_URL = "https://api.insee.test/api-sirene/3.11";

const SAMPLE = path.join(process.cwd(), "prisma", "insee-sample");

/** INSEE's answer for an establishment that is not in the portal's copy of the directory. */
const horsCopieLocale = {
  header: { statut: 200, message: "ok" },
  etablissement: {
    siren: "443061841",
    nic: "00013",
    siret: "44306184100013",
    statutDiffusionEtablissement: "O",
    etablissementSiege: true,
    uniteLegale: {
      etatAdministratifUniteLegale: "A",
      statutDiffusionUniteLegale: "O",
      categorieJuridiqueUniteLegale: "5710",
      denominationUniteLegale: "ISOLATION THERMIQUE DU MORVAN",
      nomUniteLegale: null,
      prenom1UniteLegale: null,
    },
    adresseEtablissement: {
      complementAdresseEtablissement: null,
      numeroVoieEtablissement: "6",
      indiceRepetitionEtablissement: null,
      typeVoieEtablissement: "PL",
      libelleVoieEtablissement: "SAINT-LAZARE",
      codePostalEtablissement: "71400",
      libelleCommuneEtablissement: "AUTUN",
      codeCommuneEtablissement: "71014",
      libelleCommuneEtrangerEtablissement: null,
      codePaysEtrangerEtablissement: null,
      libellePaysEtrangerEtablissement: null,
    },
    periodesEtablissement: [{ dateFin: null, dateDebut: "2012-09-01", etatAdministratifEtablissement: "A", enseigne1Etablissement: null }],
  },
};

function fakeFetch(status: number, body: unknown) {
  const fetch = vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }));
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

beforeAll(async () => {
  await importSirene({
    unitesLegalesPath: path.join(SAMPLE, "StockUniteLegale.csv"),
    etablissementsPath: path.join(SAMPLE, "StockEtablissement.csv"),
    databaseUrl: process.env.DATABASE_URL!,
    onProgress: false,
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("recherche d'un SIRET quand une clé de l'API Sirene est configurée", () => {
  it("un SIRET de la copie locale est servi sans appeler l'INSEE", async () => {
    const fetch = fakeFetch(500, {});
    expect(await lookupSiret("49360218900018")).toMatchObject({ status: "ACTIF", raisonSociale: "ATELIER D'ARCHITECTURE GARONNE", source: "annuaire" });
    expect(fetch).not.toHaveBeenCalled();
  });

  it("un SIRET absent de la copie locale est demandé à l'API Sirene, avec la clé", async () => {
    const fetch = fakeFetch(200, horsCopieLocale);
    expect(await lookupSiret("44306184100013")).toEqual({
      status: "ACTIF",
      siret: "44306184100013",
      siren: "443061841",
      raisonSociale: "ISOLATION THERMIQUE DU MORVAN",
      adresse: { ligne1: "6 PLACE SAINT-LAZARE", complement: null, codePostal: "71400", ville: "AUTUN", pays: "FRANCE" },
      diffusionPartielle: false,
      categorieJuridique: "5710",
      source: "api",
    });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("https://api.insee.test/api-sirene/3.11/siret/44306184100013");
    expect(new Headers(init.headers).get("X-INSEE-Api-Key-Integration")).toBe("cle-integration");
  });

  it("inconnu aussi de l'INSEE (404) : INCONNU", async () => {
    fakeFetch(404, { header: { statut: 404, message: "Aucun élément trouvé pour le siret 44306184100021" } });
    expect(await lookupSiret("44306184100021")).toEqual({ status: "INCONNU" });
  });

  it("API injoignable : INCONNU, et l'incident est journalisé", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => {
        throw new TypeError("fetch failed");
      }),
    );
    const lignes: string[] = [];
    const fin = capturerJournal((l) => lignes.push(l), "warn");
    expect(await lookupSiret("44306184100013")).toEqual({ status: "INCONNU" });
    fin();
    expect(lignes.map((l) => JSON.parse(l))).toContainEqual(expect.objectContaining({ level: "warn", siret: "44306184100013" }));
  });
});
