import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { lookupSiret } from "@/lib/insee/directory";
import { importSirene, parseCsvLine, SireneImportError, type SireneImportResult } from "@/lib/insee/import";
import { ETABLISSEMENT_HEADER, UNITE_LEGALE_HEADER, csvField, withLuhnKey } from "../bench/lib/sirene-format";

const SAMPLE = path.join(process.cwd(), "prisma", "insee-sample");
const SAMPLE_UL = path.join(SAMPLE, "StockUniteLegale.csv");
const SAMPLE_ET = path.join(SAMPLE, "StockEtablissement.csv");

type Csv = { header: string[]; rows: Array<Record<string, string>> };

async function readCsv(file: string): Promise<Csv> {
  const [first, ...lines] = (await readFile(file, "utf8")).trimEnd().split("\n");
  const header = parseCsvLine(first);
  return { header, rows: lines.map((l) => Object.fromEntries(parseCsvLine(l).map((v, i) => [header[i], v]))) };
}

async function writeCsv(file: string, header: readonly string[], rows: Array<Record<string, string | undefined>>): Promise<string> {
  await writeFile(file, `${[header.join(","), ...rows.map((r) => header.map((h) => csvField(r[h])).join(","))].join("\n")}\n`);
  return file;
}

function importer(unitesLegalesPath: string, etablissementsPath: string): Promise<SireneImportResult> {
  return importSirene({ unitesLegalesPath, etablissementsPath, databaseUrl: process.env.DATABASE_URL!, onProgress: false });
}

/** A company that only this test file knows (its own SIREN), with one establishment. */
function entreprise(prefix: string, o: { denomination: string; voie: string; numero: string; cp: string; ville: string; etat?: "A" | "F" }) {
  const siren = withLuhnKey(prefix);
  const siret = withLuhnKey(`${siren}0001`);
  const ul = {
    siren,
    statutDiffusionUniteLegale: "O",
    dateCreationUniteLegale: "2015-03-02",
    etatAdministratifUniteLegale: "A",
    denominationUniteLegale: o.denomination,
    categorieJuridiqueUniteLegale: "5710",
    activitePrincipaleUniteLegale: "43.32A",
    nomenclatureActivitePrincipaleUniteLegale: "NAFRev2",
    nicSiegeUniteLegale: siret.slice(9),
    dateDernierTraitementUniteLegale: "2025-11-18T09:42:17",
  };
  const et = {
    siren,
    nic: siret.slice(9),
    siret,
    statutDiffusionEtablissement: "O",
    dateCreationEtablissement: "2015-03-02",
    etablissementSiege: "true",
    numeroVoieEtablissement: o.numero,
    typeVoieEtablissement: "RUE",
    libelleVoieEtablissement: o.voie,
    codePostalEtablissement: o.cp,
    libelleCommuneEtablissement: o.ville,
    etatAdministratifEtablissement: o.etat ?? "A",
    activitePrincipaleEtablissement: "43.32A",
    dateDernierTraitementEtablissement: "2025-11-18T09:42:17",
  };
  return { siren, siret, ul, et };
}

let dir: string;
let first: SireneImportResult;
let sampleUl: Csv;
let sampleEt: Csv;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "insee-import-"));
  sampleUl = await readCsv(SAMPLE_UL);
  sampleEt = await readCsv(SAMPLE_ET);
  first = await importer(SAMPLE_UL, SAMPLE_ET);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("import de l'échantillon Sirene puis recherche d'un SIRET", () => {
  it("importe toutes les lignes des deux fichiers", () => {
    expect(first.unitesLegales.rows).toBe(sampleUl.rows.length);
    expect(first.etablissements.rows).toBe(sampleEt.rows.length);
    expect(first.unitesLegales.rejected + first.etablissements.rejected).toBe(0);
    expect(first.rows).toBe(sampleUl.rows.length + sampleEt.rows.length);
  });

  it("une entreprise active : raison sociale et adresse postale", async () => {
    expect(await lookupSiret("41278935600026")).toEqual({
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
      source: "annuaire",
    });
  });

  it("le maître d'ouvrage de la démo, saisi avec des espaces", async () => {
    expect(await lookupSiret("130 005 093 00112")).toMatchObject({
      status: "ACTIF",
      siret: "13000509300112",
      raisonSociale: "SECRETARIAT GENERAL MINISTERE JUSTICE",
      adresse: { ligne1: "13 PLACE VENDOME", complement: null, codePostal: "75001", ville: "PARIS", pays: "FRANCE" },
      categorieJuridique: "7120",
    });
  });

  it("un champ entre guillemets contenant une virgule est lu entier", async () => {
    expect(await lookupSiret("90125874900018")).toMatchObject({
      status: "ACTIF",
      raisonSociale: "ECO RENOV HABITAT",
      adresse: { ligne1: "1350 AVENUE ALBERT EINSTEIN", complement: "ZAC DU MILLENAIRE, BATIMENT B", codePostal: "34000", ville: "MONTPELLIER" },
    });
    expect(await lookupSiret("87314560100019")).toMatchObject({ raisonSociale: "CARRELAGES DU NORD, SOLS ET MOSAIQUES" });
  });

  it("un établissement fermé est FERME, même quand son entreprise est active", async () => {
    expect(await lookupSiret("41278935600018")).toMatchObject({ status: "FERME", siret: "41278935600018", raisonSociale: "BATIMENTS DU SUD-OUEST" });
    expect(await lookupSiret("38215764200010")).toMatchObject({ status: "FERME", raisonSociale: "ENTREPRISE GENERALE LAFFITTE" });
  });

  it("diffusion partielle : adresse masquée, aucune valeur [ND] montrée, mais gardée telle quelle en base", async () => {
    const result = await lookupSiret("85319026200016");
    expect(result).toMatchObject({ status: "ACTIF", siret: "85319026200016", adresse: null, diffusionPartielle: true, raisonSociale: null });
    expect(JSON.stringify(result)).not.toContain("[ND]");
    const stored = await db.inseeEtablissement.findUnique({ where: { siret: "85319026200016" } });
    expect(stored).toMatchObject({ statutDiffusion: "P", numeroVoie: "[ND]", libelleVoie: "[ND]", codePostal: "[ND]" });
  });

  it("entrepreneur individuel : la raison sociale est « prénom nom »", async () => {
    expect(await lookupSiret("82047513500019")).toMatchObject({
      status: "ACTIF",
      raisonSociale: "JEAN-PIERRE MARTIN",
      categorieJuridique: "1000",
      adresse: { ligne1: "9 BIS RUE DES JARDINS", codePostal: "24000", ville: "PERIGUEUX", pays: "FRANCE" },
    });
  });

  it("adresse à l'étranger : ville et pays étrangers, pas de code postal français", async () => {
    expect(await lookupSiret("51472390700010")).toMatchObject({
      status: "ACTIF",
      raisonSociale: "CONSTRUCTIONS DELVAUX ET FILS",
      adresse: { ligne1: "42 RUE DE LA LOI", codePostal: null, ville: "1040 BRUXELLES", pays: "BELGIQUE" },
    });
  });

  it("un bureau de La Poste est trouvé", async () => {
    expect(await lookupSiret("35600000039617")).toMatchObject({ status: "ACTIF", raisonSociale: "LA POSTE", adresse: { ville: "TOULOUSE" } });
  });

  it("un SIRET absent ou mal formé est INCONNU", async () => {
    expect(await lookupSiret("41278935600042")).toEqual({ status: "INCONNU" });
    expect(await lookupSiret(withLuhnKey("4127893560009"))).toEqual({ status: "INCONNU" });
    expect(await lookupSiret("1234")).toEqual({ status: "INCONNU" });
    expect(await lookupSiret("")).toEqual({ status: "INCONNU" });
  });
});

describe("réimport", () => {
  it("réimporter les mêmes fichiers ne change rien", async () => {
    const sirets = sampleEt.rows.map((r) => r.siret);
    const before = await db.inseeEtablissement.count({ where: { siret: { in: sirets } } });
    const again = await importer(SAMPLE_UL, SAMPLE_ET);
    expect(again.unitesLegales).toMatchObject({ rows: sampleUl.rows.length, inserted: 0, updated: 0 });
    expect(again.etablissements).toMatchObject({ rows: sampleEt.rows.length, inserted: 0, updated: 0 });
    expect(await db.inseeEtablissement.count({ where: { siret: { in: sirets } } })).toBe(before);
    expect(before).toBe(sampleEt.rows.length);
    expect(await lookupSiret("41278935600026")).toMatchObject({ raisonSociale: "BATIMENTS DU SUD-OUEST", adresse: { ville: "MERIGNAC" } });
  });

  it("un fichier modifié met à jour les lignes qui ont changé, sans en ajouter", async () => {
    const v1 = entreprise("77012345", { denomination: "MENUISERIE ATLANTIQUE", numero: "3", voie: "DU PORT", cp: "17000", ville: "LA ROCHELLE" });
    const files = async (e: typeof v1, name: string) =>
      [
        await writeCsv(path.join(dir, `${name}-ul.csv`), UNITE_LEGALE_HEADER, [...sampleUl.rows, e.ul]),
        await writeCsv(path.join(dir, `${name}-et.csv`), ETABLISSEMENT_HEADER, [...sampleEt.rows, e.et]),
      ] as const;

    const added = await importer(...(await files(v1, "v1")));
    expect(added.unitesLegales).toMatchObject({ inserted: 1, updated: 0 });
    expect(added.etablissements).toMatchObject({ inserted: 1, updated: 0 });
    expect(await lookupSiret(v1.siret)).toMatchObject({ status: "ACTIF", raisonSociale: "MENUISERIE ATLANTIQUE", adresse: { ligne1: "3 RUE DU PORT" } });

    const v2 = entreprise("77012345", {
      denomination: "MENUISERIE ATLANTIQUE OCEAN",
      numero: "8",
      voie: "DE LA GROSSE HORLOGE",
      cp: "17000",
      ville: "LA ROCHELLE",
    });
    const changed = await importer(...(await files(v2, "v2")));
    expect(changed.unitesLegales).toMatchObject({ rows: sampleUl.rows.length + 1, inserted: 0, updated: 1 });
    expect(changed.etablissements).toMatchObject({ rows: sampleEt.rows.length + 1, inserted: 0, updated: 1 });
    expect(await lookupSiret(v2.siret)).toMatchObject({
      status: "ACTIF",
      raisonSociale: "MENUISERIE ATLANTIQUE OCEAN",
      adresse: { ligne1: "8 RUE DE LA GROSSE HORLOGE", codePostal: "17000", ville: "LA ROCHELLE" },
    });
    expect(await db.inseeEtablissement.count({ where: { siren: v2.siren } })).toBe(1);

    const v3 = entreprise("77012345", {
      denomination: "MENUISERIE ATLANTIQUE OCEAN",
      numero: "8",
      voie: "DE LA GROSSE HORLOGE",
      cp: "17000",
      ville: "LA ROCHELLE",
      etat: "F",
    });
    const closed = await importer(...(await files(v3, "v3")));
    expect(closed.etablissements).toMatchObject({ inserted: 0, updated: 1 });
    expect(await lookupSiret(v3.siret)).toMatchObject({ status: "FERME", raisonSociale: "MENUISERIE ATLANTIQUE OCEAN" });
  });
});

describe("fichiers d'autres millésimes", () => {
  it("des colonnes inconnues et un autre ordre de colonnes n'empêchent pas l'import", async () => {
    const e = entreprise("77023456", { denomination: "PLOMBERIE DES DEUX MERS", numero: "17", voie: "SAINTE-CATHERINE", cp: "33000", ville: "BORDEAUX" });
    const ulHeader = ["colonneFuture2030UniteLegale", ...[...UNITE_LEGALE_HEADER].reverse()];
    const etHeader = ([...ETABLISSEMENT_HEADER].sort() as string[]).concat("indicateurFuturEtablissement");
    const ul = await writeCsv(path.join(dir, "ordre-ul.csv"), ulHeader, [{ ...e.ul, colonneFuture2030UniteLegale: "X, Y" }]);
    const et = await writeCsv(path.join(dir, "ordre-et.csv"), etHeader, [{ ...e.et, indicateurFuturEtablissement: "42" }]);
    const result = await importer(ul, et);
    expect(result.unitesLegales.inserted).toBe(1);
    expect(result.etablissements.inserted).toBe(1);
    expect(await lookupSiret(e.siret)).toMatchObject({
      status: "ACTIF",
      raisonSociale: "PLOMBERIE DES DEUX MERS",
      adresse: { ligne1: "17 RUE SAINTE-CATHERINE", codePostal: "33000", ville: "BORDEAUX", pays: "FRANCE" },
      categorieJuridique: "5710",
    });
  });

  it("un fichier à l'ancienne présentation (sans les colonnes ajoutées depuis 2019) s'importe", async () => {
    const e = entreprise("77034567", { denomination: "COUVERTURE DU VELAY", numero: "5", voie: "DU PLOT", cp: "43000", ville: "LE PUY-EN-VELAY" });
    const ajoutees = [
      "societeMissionUniteLegale",
      "activitePrincipaleNAF25UniteLegale",
      "dernierNumeroVoieEtablissement",
      "indiceRepetitionDernierNumeroVoieEtablissement",
      "identifiantAdresseEtablissement",
      "coordonneeLambertAbscisseEtablissement",
      "coordonneeLambertOrdonneeEtablissement",
      "activitePrincipaleNAF25Etablissement",
    ];
    const ul = await writeCsv(
      path.join(dir, "ancien-ul.csv"),
      UNITE_LEGALE_HEADER.filter((c) => !ajoutees.includes(c)),
      [e.ul],
    );
    const et = await writeCsv(
      path.join(dir, "ancien-et.csv"),
      ETABLISSEMENT_HEADER.filter((c) => !ajoutees.includes(c)),
      [e.et],
    );
    await importer(ul, et);
    expect(await lookupSiret(e.siret)).toMatchObject({ status: "ACTIF", raisonSociale: "COUVERTURE DU VELAY", adresse: { ville: "LE PUY-EN-VELAY" } });
  });
});

describe("fichiers refusés", () => {
  it("un fichier sans une colonne obligatoire est refusé avec un message en français, et rien n'est importé", async () => {
    const e = entreprise("77045678", { denomination: "CHARPENTES DU JURA", numero: "2", voie: "DES GENTIANES", cp: "39000", ville: "LONS-LE-SAUNIER" });
    const ul = await writeCsv(path.join(dir, "manque-ul.csv"), UNITE_LEGALE_HEADER, [e.ul]);
    const etHeader = ETABLISSEMENT_HEADER.filter((c) => c !== "etatAdministratifEtablissement" && c !== "codePostalEtablissement");
    const et = await writeCsv(path.join(dir, "StockEtablissement.csv"), etHeader, [e.et]);
    const attempt = importer(ul, et);
    await expect(attempt).rejects.toBeInstanceOf(SireneImportError);
    await expect(attempt).rejects.toThrow(
      "Le fichier StockEtablissement « StockEtablissement.csv » n'a pas les colonnes obligatoires : etatAdministratifEtablissement, codePostalEtablissement.",
    );
    expect(await db.inseeUniteLegale.findUnique({ where: { siren: e.siren } })).toBeNull();
    expect(await lookupSiret(e.siret)).toEqual({ status: "INCONNU" });
  });

  it("les deux fichiers inversés sont refusés", async () => {
    await expect(importer(SAMPLE_ET, SAMPLE_UL)).rejects.toThrow(
      "Les deux fichiers sont inversés : donnez d'abord le fichier StockUniteLegale (« StockUniteLegale.csv »), puis le fichier StockEtablissement (« StockEtablissement.csv »).",
    );
  });

  it("un fichier d'unités légales donné à la place du fichier des établissements est refusé, en le nommant", async () => {
    await expect(importer(SAMPLE_UL, SAMPLE_UL)).rejects.toThrow(
      /^Le fichier StockEtablissement « StockUniteLegale.csv » n'a pas les colonnes obligatoires : siret, statutDiffusionEtablissement, /,
    );
  });

  it("un fichier qui répète un SIRET est refusé", async () => {
    const e = entreprise("77067890", { denomination: "VITRERIE DU RHIN", numero: "9", voie: "DU DOME", cp: "67000", ville: "STRASBOURG" });
    const ul = await writeCsv(path.join(dir, "double-ul.csv"), UNITE_LEGALE_HEADER, [e.ul]);
    const et = await writeCsv(path.join(dir, "double-et.csv"), ETABLISSEMENT_HEADER, [e.et, { ...e.et, libelleVoieEtablissement: "DE LA NUEE BLEUE" }]);
    await expect(importer(ul, et)).rejects.toThrow(
      "Le fichier StockEtablissement « double-et.csv » contient plusieurs lignes pour le même SIRET : import annulé.",
    );
    expect(await lookupSiret(e.siret)).toEqual({ status: "INCONNU" });
  });

  it("un fichier introuvable est signalé", async () => {
    await expect(importer(path.join(dir, "absent.csv"), SAMPLE_ET)).rejects.toThrow(/Fichier StockUniteLegale introuvable : .*absent\.csv/);
  });

  it("un fichier mal formé est refusé en le nommant, et ses lignes ne sont pas importées", async () => {
    const e = entreprise("77056789", { denomination: "SOLS DU LEMAN", numero: "4", voie: "DU LAC", cp: "74200", ville: "THONON-LES-BAINS" });
    const ul = await writeCsv(path.join(dir, "casse-ul.csv"), UNITE_LEGALE_HEADER, [e.ul]);
    const et = path.join(dir, "casse-et.csv");
    await writeFile(et, `${ETABLISSEMENT_HEADER.join(",")}\n${e.siren},"ligne sans guillemet fermant\n`);
    await expect(importer(ul, et)).rejects.toThrow(
      /^Le fichier StockEtablissement « casse-et.csv » est mal formé à la ligne \d+ : un champ entre guillemets n'est pas refermé\.$/,
    );
    expect(await lookupSiret(e.siret)).toEqual({ status: "INCONNU" });
  });
});
