import { describe, expect, it, vi } from "vitest";
import { fetchSiretFromSireneApi, mapSireneApiEtablissement, SireneApiError } from "@/lib/insee/sirene-api";

/**
 * Answers shaped as INSEE's Sirene API V3.11 returns them for `GET /siret/{siret}`
 * (header + etablissement with its uniteLegale, adresseEtablissement, adresse2Etablissement and periods).
 */
function reponse(o: {
  siret: string;
  statutDiffusion?: "O" | "P";
  uniteLegale?: Record<string, unknown>;
  adresse?: Record<string, unknown>;
  periodes?: Array<Record<string, unknown>>;
}) {
  return {
    header: { statut: 200, message: "ok" },
    etablissement: {
      siren: o.siret.slice(0, 9),
      nic: o.siret.slice(9),
      siret: o.siret,
      statutDiffusionEtablissement: o.statutDiffusion ?? "O",
      dateCreationEtablissement: "2019-04-01",
      trancheEffectifsEtablissement: "21",
      anneeEffectifsEtablissement: "2023",
      activitePrincipaleRegistreMetiersEtablissement: null,
      dateDernierTraitementEtablissement: "2025-11-18T09:42:17.000",
      etablissementSiege: true,
      nombrePeriodesEtablissement: 1,
      uniteLegale: {
        etatAdministratifUniteLegale: "A",
        statutDiffusionUniteLegale: o.statutDiffusion ?? "O",
        unitePurgeeUniteLegale: null,
        dateCreationUniteLegale: "1997-06-12",
        categorieJuridiqueUniteLegale: "5710",
        denominationUniteLegale: null,
        sigleUniteLegale: null,
        denominationUsuelle1UniteLegale: null,
        denominationUsuelle2UniteLegale: null,
        denominationUsuelle3UniteLegale: null,
        sexeUniteLegale: null,
        nomUniteLegale: null,
        nomUsageUniteLegale: null,
        prenom1UniteLegale: null,
        prenom2UniteLegale: null,
        prenom3UniteLegale: null,
        prenom4UniteLegale: null,
        prenomUsuelUniteLegale: null,
        pseudonymeUniteLegale: null,
        activitePrincipaleUniteLegale: "41.20B",
        nomenclatureActivitePrincipaleUniteLegale: "NAFRev2",
        identifiantAssociationUniteLegale: null,
        economieSocialeSolidaireUniteLegale: "N",
        societeMissionUniteLegale: null,
        caractereEmployeurUniteLegale: "O",
        trancheEffectifsUniteLegale: "22",
        anneeEffectifsUniteLegale: "2023",
        nicSiegeUniteLegale: o.siret.slice(9),
        dateDernierTraitementUniteLegale: "2025-11-18T09:42:17.000",
        categorieEntreprise: "PME",
        anneeCategorieEntreprise: "2022",
        ...o.uniteLegale,
      },
      adresseEtablissement: {
        complementAdresseEtablissement: null,
        numeroVoieEtablissement: null,
        indiceRepetitionEtablissement: null,
        dernierNumeroVoieEtablissement: null,
        indiceRepetitionDernierNumeroVoieEtablissement: null,
        typeVoieEtablissement: null,
        libelleVoieEtablissement: null,
        codePostalEtablissement: null,
        libelleCommuneEtablissement: null,
        libelleCommuneEtrangerEtablissement: null,
        distributionSpecialeEtablissement: null,
        codeCommuneEtablissement: null,
        codeCedexEtablissement: null,
        libelleCedexEtablissement: null,
        codePaysEtrangerEtablissement: null,
        libellePaysEtrangerEtablissement: null,
        identifiantAdresseEtablissement: null,
        coordonneeLambertAbscisseEtablissement: null,
        coordonneeLambertOrdonneeEtablissement: null,
        ...o.adresse,
      },
      adresse2Etablissement: {
        complementAdresse2Etablissement: null,
        numeroVoie2Etablissement: null,
        indiceRepetition2Etablissement: null,
        typeVoie2Etablissement: null,
        libelleVoie2Etablissement: null,
        codePostal2Etablissement: null,
        libelleCommune2Etablissement: null,
        libelleCommuneEtranger2Etablissement: null,
        distributionSpeciale2Etablissement: null,
        codeCommune2Etablissement: null,
        codeCedex2Etablissement: null,
        libelleCedex2Etablissement: null,
        codePaysEtranger2Etablissement: null,
        libellePaysEtranger2Etablissement: null,
      },
      periodesEtablissement: o.periodes ?? [
        {
          dateFin: null,
          dateDebut: "2019-04-01",
          etatAdministratifEtablissement: "A",
          changementEtatAdministratifEtablissement: false,
          enseigne1Etablissement: null,
          enseigne2Etablissement: null,
          enseigne3Etablissement: null,
          changementEnseigneEtablissement: false,
          denominationUsuelleEtablissement: null,
          changementDenominationUsuelleEtablissement: false,
          activitePrincipaleEtablissement: "41.20B",
          nomenclatureActivitePrincipaleEtablissement: "NAFRev2",
          changementActivitePrincipaleEtablissement: false,
          caractereEmployeurEtablissement: "O",
          changementCaractereEmployeurEtablissement: false,
        },
      ],
    },
  };
}

const entrepriseActive = reponse({
  siret: "41278935600026",
  uniteLegale: { denominationUniteLegale: "BATIMENTS DU SUD-OUEST", sigleUniteLegale: "BSO" },
  adresse: {
    complementAdresseEtablissement: "PARC D'ACTIVITES MERIGNAC SOLEIL",
    numeroVoieEtablissement: "145",
    typeVoieEtablissement: "AV",
    libelleVoieEtablissement: "DE LA MARNE",
    codePostalEtablissement: "33700",
    libelleCommuneEtablissement: "MERIGNAC",
    codeCommuneEtablissement: "33281",
    identifiantAdresseEtablissement: "33281_2260_00145",
    coordonneeLambertAbscisseEtablissement: "410812.7",
    coordonneeLambertOrdonneeEtablissement: "6420954.2",
  },
});

describe("API Sirene : lecture de la réponse /siret/{siret}", () => {
  it("une entreprise active donne sa raison sociale, son adresse postale et sa catégorie juridique", () => {
    expect(mapSireneApiEtablissement(entrepriseActive)).toEqual({
      status: "ACTIF",
      siret: "41278935600026",
      siren: "412789356",
      raisonSociale: "BATIMENTS DU SUD-OUEST",
      adresse: {
        ligne1: "145 AVENUE DE LA MARNE",
        complement: "PARC D'ACTIVITES MERIGNAC SOLEIL",
        codePostal: "33700",
        ville: "MERIGNAC",
        pays: "FRANCE",
      },
      diffusionPartielle: false,
      categorieJuridique: "5710",
      source: "api",
    });
  });

  it("un établissement dont la période en cours est fermée est FERME", () => {
    const json = reponse({
      siret: "38215764200010",
      uniteLegale: { denominationUniteLegale: "ENTREPRISE GENERALE LAFFITTE", etatAdministratifUniteLegale: "C" },
      periodes: [
        { dateFin: null, dateDebut: "2021-06-30", etatAdministratifEtablissement: "F" },
        { dateFin: "2021-06-29", dateDebut: "1991-09-02", etatAdministratifEtablissement: "A" },
      ],
    });
    expect(mapSireneApiEtablissement(json)).toMatchObject({
      status: "FERME",
      siret: "38215764200010",
      raisonSociale: "ENTREPRISE GENERALE LAFFITTE",
    });
  });

  it("la période en cours est celle sans date de fin, même si elle n'est pas la première", () => {
    const json = reponse({
      siret: "41278935600026",
      uniteLegale: { denominationUniteLegale: "BATIMENTS DU SUD-OUEST" },
      periodes: [
        { dateFin: "2020-12-31", dateDebut: "2019-04-01", etatAdministratifEtablissement: "F" },
        { dateFin: null, dateDebut: "2021-01-01", etatAdministratifEtablissement: "A" },
      ],
    });
    expect(mapSireneApiEtablissement(json).status).toBe("ACTIF");
  });

  it("diffusion partielle : les valeurs [ND] ne sont jamais montrées et l'adresse est masquée", () => {
    const json = reponse({
      siret: "85319026200016",
      statutDiffusion: "P",
      uniteLegale: {
        categorieJuridiqueUniteLegale: "1000",
        sexeUniteLegale: "[ND]",
        nomUniteLegale: "[ND]",
        prenom1UniteLegale: "[ND]",
        prenomUsuelUniteLegale: "[ND]",
      },
      adresse: {
        numeroVoieEtablissement: "[ND]",
        typeVoieEtablissement: "[ND]",
        libelleVoieEtablissement: "[ND]",
        codePostalEtablissement: "[ND]",
        libelleCommuneEtablissement: "BAYONNE",
        codeCommuneEtablissement: "64102",
        coordonneeLambertAbscisseEtablissement: "[ND]",
        coordonneeLambertOrdonneeEtablissement: "[ND]",
      },
    });
    const result = mapSireneApiEtablissement(json);
    expect(result).toMatchObject({ status: "ACTIF", siret: "85319026200016", adresse: null, diffusionPartielle: true, raisonSociale: null });
    expect(JSON.stringify(result)).not.toContain("[ND]");
  });

  it("entrepreneur individuel (catégorie 1000) : la raison sociale est le prénom suivi du nom", () => {
    const json = reponse({
      siret: "82047513500019",
      uniteLegale: {
        categorieJuridiqueUniteLegale: "1000",
        sexeUniteLegale: "M",
        nomUniteLegale: "MARTIN",
        prenom1UniteLegale: "JEAN-PIERRE",
        prenom2UniteLegale: "LOUIS",
        prenomUsuelUniteLegale: "JEAN-PIERRE",
      },
      adresse: {
        numeroVoieEtablissement: "9",
        indiceRepetitionEtablissement: "B",
        typeVoieEtablissement: "RUE",
        libelleVoieEtablissement: "DES JARDINS",
        codePostalEtablissement: "24000",
        libelleCommuneEtablissement: "PERIGUEUX",
      },
    });
    expect(mapSireneApiEtablissement(json)).toMatchObject({
      status: "ACTIF",
      raisonSociale: "JEAN-PIERRE MARTIN",
      categorieJuridique: "1000",
      adresse: { ligne1: "9 BIS RUE DES JARDINS", codePostal: "24000", ville: "PERIGUEUX", pays: "FRANCE" },
    });
  });

  it("adresse à l'étranger : ville et pays viennent des libellés étrangers", () => {
    const json = reponse({
      siret: "51472390700010",
      uniteLegale: { denominationUniteLegale: "CONSTRUCTIONS DELVAUX ET FILS", categorieJuridiqueUniteLegale: "3120" },
      adresse: {
        numeroVoieEtablissement: "42",
        libelleVoieEtablissement: "RUE DE LA LOI",
        libelleCommuneEtrangerEtablissement: "1040 BRUXELLES",
        codePaysEtrangerEtablissement: "99131",
        libellePaysEtrangerEtablissement: "BELGIQUE",
      },
    });
    expect(mapSireneApiEtablissement(json)).toMatchObject({
      status: "ACTIF",
      adresse: { ligne1: "42 RUE DE LA LOI", complement: null, codePostal: null, ville: "1040 BRUXELLES", pays: "BELGIQUE" },
    });
  });

  it("une réponse sans établissement est INCONNU", () => {
    expect(mapSireneApiEtablissement({ header: { statut: 404, message: "Aucun élément trouvé pour le siret 41278935600099" } })).toEqual({
      status: "INCONNU",
    });
    expect(mapSireneApiEtablissement(null)).toEqual({ status: "INCONNU" });
  });
});

describe("API Sirene : appel", () => {
  const config = (fetch: typeof globalThis.fetch) => ({ apiUrl: "https://api.insee.test/api-sirene/3.11/", apiKey: "cle-secrete", fetch });
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

  it("appelle GET {INSEE_API_URL}/siret/{siret} avec la clé dans X-INSEE-Api-Key-Integration", async () => {
    const fetch = vi.fn(async () => json(200, entrepriseActive));
    const result = await fetchSiretFromSireneApi("412 789 356 00026", config(fetch));
    expect(result).toMatchObject({ status: "ACTIF", raisonSociale: "BATIMENTS DU SUD-OUEST", source: "api" });
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("https://api.insee.test/api-sirene/3.11/siret/41278935600026");
    expect(new Headers(init.headers).get("X-INSEE-Api-Key-Integration")).toBe("cle-secrete");
  });

  it("404 : SIRET inconnu de l'INSEE", async () => {
    const fetch = vi.fn(async () => json(404, { header: { statut: 404, message: "Aucun élément trouvé" } }));
    expect(await fetchSiretFromSireneApi("41278935600099", config(fetch))).toEqual({ status: "INCONNU" });
  });

  it("un SIRET mal formé n'est pas demandé à l'API", async () => {
    const fetch = vi.fn();
    expect(await fetchSiretFromSireneApi("1234", config(fetch))).toEqual({ status: "INCONNU" });
    expect(fetch).not.toHaveBeenCalled();
  });

  it("clé refusée, trop d'appels ou API injoignable : une erreur en français", async () => {
    await expect(fetchSiretFromSireneApi("41278935600026", config(vi.fn(async () => json(401, {}))))).rejects.toThrow(/refuse la clé/);
    await expect(fetchSiretFromSireneApi("41278935600026", config(vi.fn(async () => json(429, {}))))).rejects.toThrow(/limite le nombre d'appels/);
    const down = vi.fn(async () => {
      throw new TypeError("fetch failed");
    });
    await expect(fetchSiretFromSireneApi("41278935600026", config(down))).rejects.toBeInstanceOf(SireneApiError);
    await expect(fetchSiretFromSireneApi("41278935600026", config(down))).rejects.toThrow(/ne répond pas/);
  });
});
