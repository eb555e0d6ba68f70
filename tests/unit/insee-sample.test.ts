import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkSireneHeader, parseCsvLine, readSireneHeader, SireneImportError } from "@/lib/insee/import";
import { ETABLISSEMENT_HEADER, UNITE_LEGALE_HEADER, isLuhnValid } from "../bench/lib/sirene-format";

const SAMPLE = path.join(process.cwd(), "prisma", "insee-sample");
function rows(file: string): Array<Record<string, string>> {
  const [header, ...lines] = readFileSync(path.join(SAMPLE, file), "utf8").trimEnd().split("\n");
  const names = parseCsvLine(header);
  return lines.map((line) => Object.fromEntries(parseCsvLine(line).map((v, i) => [names[i], v])));
}

describe("échantillon INSEE livré (prisma/insee-sample)", () => {
  it("a exactement les en-têtes officiels des fichiers StockUniteLegale et StockEtablissement", async () => {
    expect(await readSireneHeader(path.join(SAMPLE, "StockUniteLegale.csv"), "StockUniteLegale")).toEqual([...UNITE_LEGALE_HEADER]);
    expect(await readSireneHeader(path.join(SAMPLE, "StockEtablissement.csv"), "StockEtablissement")).toEqual([...ETABLISSEMENT_HEADER]);
  });

  it("chaque ligne a autant de champs que l'en-tête", () => {
    for (const [file, header] of [
      ["StockUniteLegale.csv", UNITE_LEGALE_HEADER],
      ["StockEtablissement.csv", ETABLISSEMENT_HEADER],
    ] as const) {
      const lines = readFileSync(path.join(SAMPLE, file), "utf8").trimEnd().split("\n").slice(1);
      for (const line of lines) expect(parseCsvLine(line)).toHaveLength(header.length);
    }
  });

  it("tous les SIRET passent les contrôles d'un utilisateur : Luhn sur le SIRET et le SIREN, ou la règle de La Poste", () => {
    const etablissements = rows("StockEtablissement.csv");
    expect(etablissements.length).toBeGreaterThanOrEqual(18);
    for (const e of etablissements) {
      expect(e.siret).toMatch(/^\d{14}$/);
      expect(e.siret).toBe(e.siren + e.nic);
      if (e.siren === "356000000") {
        const sum = [...e.siret].reduce((s, c) => s + Number(c), 0);
        expect(sum % 5, `La Poste ${e.siret}`).toBe(0);
      } else {
        expect(isLuhnValid(e.siret), `SIRET ${e.siret}`).toBe(true);
        expect(isLuhnValid(e.siren), `SIREN ${e.siren}`).toBe(true);
      }
    }
  });

  it("chaque établissement a son unité légale, et le jeu couvre tous les cas de la démo", () => {
    const unites = new Map(rows("StockUniteLegale.csv").map((u) => [u.siren, u]));
    const etablissements = rows("StockEtablissement.csv");
    for (const e of etablissements) expect(unites.has(e.siren), e.siret).toBe(true);
    const bySiret = new Map(etablissements.map((e) => [e.siret, e]));
    expect(unites.get("130005093")?.denominationUniteLegale).toBe("SECRETARIAT GENERAL MINISTERE JUSTICE");
    expect(bySiret.get("13000509300112")?.libelleVoieEtablissement).toBe("VENDOME");
    expect(etablissements.some((e) => e.etatAdministratifEtablissement === "F")).toBe(true);
    expect(etablissements.some((e) => e.statutDiffusionEtablissement === "P" && e.libelleVoieEtablissement === "[ND]")).toBe(true);
    expect([...unites.values()].some((u) => u.categorieJuridiqueUniteLegale === "1000" && u.nomUniteLegale && u.nomUniteLegale !== "[ND]")).toBe(true);
    expect(etablissements.some((e) => e.siren === "356000000")).toBe(true);
    expect(etablissements.some((e) => e.codePaysEtrangerEtablissement?.startsWith("99"))).toBe(true);
  });
});

describe("en-tête d'un fichier Sirene", () => {
  it("lit les champs entre guillemets, avec virgules et guillemets doublés", () => {
    expect(parseCsvLine('412789356,"BATIMENTS DU SUD-OUEST, AGENCE ""PAU""",,A')).toEqual(["412789356", 'BATIMENTS DU SUD-OUEST, AGENCE "PAU"', "", "A"]);
    expect(parseCsvLine('"siren","nic"')).toEqual(["siren", "nic"]);
  });

  it("refuse un en-tête sans les colonnes obligatoires, en les nommant en français", () => {
    const header = ETABLISSEMENT_HEADER.filter((c) => c !== "etatAdministratifEtablissement" && c !== "siret");
    expect(() => checkSireneHeader(header, "StockEtablissement", "etab.csv")).toThrow(SireneImportError);
    expect(() => checkSireneHeader(header, "StockEtablissement", "etab.csv")).toThrow(
      "Le fichier StockEtablissement « etab.csv » n'a pas les colonnes obligatoires : siret, etatAdministratifEtablissement.",
    );
  });

  it("signale un fichier séparé par des points-virgules", () => {
    expect(() => checkSireneHeader(["siren;statutDiffusionUniteLegale;nomUniteLegale"], "StockUniteLegale", "ul.csv")).toThrow(
      /séparateur attendu est la virgule/,
    );
  });

  it("accepte des colonnes inconnues et un ordre quelconque", () => {
    const header = ["colonneAjouteeEn2030", ...[...UNITE_LEGALE_HEADER].reverse()];
    expect(checkSireneHeader(header, "StockUniteLegale", "ul.csv")).toEqual(header);
  });
});
