import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateParticulier } from "@/lib/identifiers/particulier";
import { isKnownCommuneCode } from "@/lib/identifiers/communes.server";
import { digits } from "./helpers";

const server = { communeCodeExists: isKnownCommuneCode };
const MONTH = "Les caractères 4 et 5 doivent être le mois de naissance, de 01 à 12.";
const SEX = "Le 1er caractère doit être 1 (homme) ou 2 (femme).";

describe("validateParticulier — exemples", () => {
  it("accepte un homme né à Paris en mai 1985, une femme née à Ajaccio, une personne née à l'étranger", () => {
    expect(validateParticulier("1850575056", server)).toEqual({ ok: true, value: "1850575056" });
    expect(validateParticulier("2 92 11 2a 004", server)).toEqual({ ok: true, value: "292112A004" });
    expect(validateParticulier("1700199134", server)).toEqual({ ok: true, value: "1700199134" });
    expect(validateParticulier("2010197411", server)).toEqual({ ok: true, value: "2010197411" }); // Saint-Denis (La Réunion)
    expect(validateParticulier("1991201340", server)).toEqual({ ok: true, value: "1991201340" }); // former commune code
    expect(validateParticulier("1650320004", server)).toEqual({ ok: true, value: "1650320004" }); // Ajaccio before 1976
  });

  it("refuse chaque rang erroné avec un message qui le désigne", () => {
    expect(validateParticulier("")).toEqual({ ok: false, message: "L'identifiant du particulier est obligatoire." });
    expect(validateParticulier("185057505")).toEqual({ ok: false, message: "L'identifiant d'un particulier doit comporter 10 caractères." });
    expect(validateParticulier("3850575056")).toEqual({ ok: false, message: SEX });
    expect(validateParticulier("1A50575056")).toEqual({
      ok: false,
      message: "Les caractères 2 et 3 doivent être les deux derniers chiffres de l'année de naissance.",
    });
    expect(validateParticulier("1851375056")).toEqual({ ok: false, message: MONTH });
    expect(validateParticulier("1850075056")).toEqual({ ok: false, message: MONTH });
    expect(validateParticulier("1850599100")).toEqual({
      ok: false,
      message: "Pour une naissance à l'étranger, les caractères 6 à 10 doivent être 99 suivi du code INSEE du pays (3 chiffres, de 101 à 999).",
    });
    expect(validateParticulier("18505960AB")).toEqual({
      ok: false,
      message:
        "Les caractères 6 à 10 doivent être le code officiel géographique (INSEE) de la commune de naissance, ou 99 suivi du code INSEE du pays pour une naissance à l'étranger.",
    });
  });

  it("côté serveur seulement, refuse un code de commune qui n'existe pas", () => {
    expect(validateParticulier("1850575999")).toEqual({ ok: true, value: "1850575999" });
    expect(validateParticulier("1850575999", server)).toEqual({
      ok: false,
      message: "Le code 75999 ne correspond à aucune commune du code officiel géographique de l'INSEE.",
    });
    expect(validateParticulier("1850520999", server).ok).toBe(false);
  });
});

describe("propriétés", () => {
  const sex = fc.constantFrom("1", "2");
  const year = digits(2);
  const month = fc.integer({ min: 1, max: 12 }).map((m) => String(m).padStart(2, "0"));
  const realCommune = fc.constantFrom("75056", "75120", "13055", "69123", "31555", "2A004", "2B033", "97411", "97611", "98735", "01001", "59350");
  const abroad = fc.integer({ min: 101, max: 999 }).map((n) => `99${n}`);
  const place = fc.oneof(realCommune, abroad);

  it("un identifiant construit de parties valides est accepté, côté client comme côté serveur", () => {
    fc.assert(
      fc.property(sex, year, month, place, (s, y, m, p) => {
        const id = s + y + m + p;
        expect(validateParticulier(id)).toEqual({ ok: true, value: id });
        expect(validateParticulier(id, server)).toEqual({ ok: true, value: id });
      }),
    );
  });

  it("un mois hors de 01–12 n'est jamais accepté", () => {
    const badMonth = fc.oneof(fc.constant("00"), fc.integer({ min: 13, max: 99 }).map(String));
    fc.assert(
      fc.property(sex, year, badMonth, place, (s, y, m, p) => {
        expect(validateParticulier(s + y + m + p, server)).toEqual({ ok: false, message: MONTH });
      }),
    );
  });

  it("un premier caractère autre que 1 ou 2 n'est jamais accepté", () => {
    fc.assert(
      fc.property(fc.constantFrom(..."03456789"), year, month, place, (s, y, m, p) => {
        expect(validateParticulier(s + y + m + p, server)).toEqual({ ok: false, message: SEX });
      }),
    );
  });

  it("côté serveur, un code de commune est accepté si et seulement s'il est dans la liste officielle", () => {
    const department = fc.oneof(
      fc.integer({ min: 1, max: 95 }).map((d) => String(d).padStart(2, "0")),
      fc.constantFrom("2A", "2B", "97", "98"),
    );
    fc.assert(
      fc.property(sex, year, month, department, digits(3), (s, y, m, d, c) => {
        expect(validateParticulier(s + y + m + d + c, server).ok).toBe(isKnownCommuneCode(d + c));
      }),
      { numRuns: 500 },
    );
  });
});
