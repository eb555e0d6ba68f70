import fc from "fast-check";
import { checkVAT, france } from "jsvat";
import { describe, expect, it } from "vitest";
import {
  ALL_COUNTRIES,
  EU_MEMBER_STATES,
  NON_EU_COUNTRIES,
  countryName,
  isCountryCode,
  isEuCountry,
  frenchVatFromSiren,
  validateEuropeanVatOutsideFrance,
  validateVatNumber,
  VAT_COUNTRIES,
} from "@/lib/identifiers/vat";
import { InvalidIdentifierError } from "@/lib/identifiers/result";
import { validSiren, withRandomSpaces } from "./helpers";

/** One number per member state, each passing its country's check digits. */
const VALID: Record<string, string> = {
  AT: "ATU13585627",
  BE: "BE0776091951",
  BG: "BG175074752",
  CY: "CY10259033P",
  CZ: "CZ25123891",
  DE: "DE136695976",
  DK: "DK13585628",
  EE: "EE100931558",
  ES: "ESA28015865",
  FI: "FI20774740",
  FR: "FR83404833048",
  GR: "EL094259216",
  HR: "HR33392005961",
  HU: "HU12892312",
  IE: "IE6388047V",
  IT: "IT00743110157",
  LT: "LT119511515",
  LU: "LU15027442",
  LV: "LV40003521600",
  MT: "MT11679112",
  NL: "NL004495445B01",
  PL: "PL5260250995",
  PT: "PT501964843",
  RO: "RO18547290",
  SE: "SE556188840401",
  SI: "SI50223054",
  SK: "SK2020317068",
};

describe("listes de pays", () => {
  it("les 27 États membres, avec leur nom en français", () => {
    expect(EU_MEMBER_STATES).toHaveLength(27);
    expect(EU_MEMBER_STATES.map((c) => c.code).sort()).toEqual(Object.keys(VALID).sort());
    expect(EU_MEMBER_STATES).toContainEqual({ code: "GR", name: "Grèce" });
    expect(EU_MEMBER_STATES).toContainEqual({ code: "DE", name: "Allemagne" });
    expect(EU_MEMBER_STATES[0]).toEqual({ code: "DE", name: "Allemagne" });
  });

  it("tous les pays ISO 3166-1, triés selon l'ordre français", () => {
    expect(ALL_COUNTRIES.length).toBe(250);
    expect(ALL_COUNTRIES).toContainEqual({ code: "US", name: "États-Unis d'Amérique" });
    const names = ALL_COUNTRIES.map((c) => c.name);
    expect(names.indexOf("Équateur")).toBeLessThan(names.indexOf("Érythrée"));
    expect(names.indexOf("Égypte")).toBeLessThan(names.indexOf("Espagne"));
    expect(NON_EU_COUNTRIES).toHaveLength(250 - 27);
    expect(NON_EU_COUNTRIES.some((c) => c.code === "FR")).toBe(false);
  });

  it("isEuCountry, isCountryCode, countryName", () => {
    expect(isEuCountry("GR")).toBe(true);
    expect(isEuCountry("fr")).toBe(true);
    expect(isEuCountry("EL")).toBe(false); // VAT prefix, not an ISO code
    expect(isEuCountry("GB")).toBe(false);
    expect(isEuCountry("CH")).toBe(false);
    expect(isEuCountry("")).toBe(false);
    expect(isCountryCode("nc")).toBe(true);
    expect(isCountryCode("XX")).toBe(false);
    expect(isCountryCode("toString")).toBe(false);
    expect(countryName("pf")).toBe("Polynésie française");
    expect(countryName("ZZ")).toBeUndefined();
  });

  it("chaque État membre a ses règles de TVA", () => {
    for (const { code } of EU_MEMBER_STATES) expect(VAT_COUNTRIES[code as keyof typeof VAT_COUNTRIES]).toBeDefined();
  });
});

describe("validateVatNumber — exemples", () => {
  it.each(Object.entries(VALID))("%s : %s est valide, avec ou sans préfixe, espaces et points", (country, vat) => {
    expect(validateVatNumber(country, vat)).toEqual({ ok: true, value: vat });
    expect(validateVatNumber(country.toLowerCase(), vat.toLowerCase())).toEqual({ ok: true, value: vat });
    expect(validateVatNumber(country, vat.slice(2))).toEqual({ ok: true, value: vat });
    expect(validateVatNumber(country, `${vat.slice(0, 4)} ${vat.slice(4, 7)}.${vat.slice(7)}`)).toEqual({ ok: true, value: vat });
  });

  it("Grèce : code ISO GR, préfixe EL ; « GR » saisi devient « EL »", () => {
    expect(validateVatNumber("GR", "GR094259216")).toEqual({ ok: true, value: "EL094259216" });
    expect(validateVatNumber("GR", "094259216")).toEqual({ ok: true, value: "EL094259216" });
    expect(validateVatNumber("EL", "EL094259216")).toEqual({ ok: false, message: "Choisissez un pays membre de l'Union européenne." });
  });

  it("Belgique : les numéros d'entreprise commençant par 1 sont acceptés", () => {
    // 97 - (10000000 mod 97) = 21
    expect(validateVatNumber("BE", "BE1000000021")).toEqual({ ok: true, value: "BE1000000021" });
    expect(validateVatNumber("BE", "BE1000000022")).toEqual({ ok: false, message: "Ce numéro de TVA n'est pas valide (clé de contrôle erronée)." });
  });

  it("refuse une clé de contrôle erronée", () => {
    expect(validateVatNumber("DE", "DE136695977")).toEqual({ ok: false, message: "Ce numéro de TVA n'est pas valide (clé de contrôle erronée)." });
    expect(validateVatNumber("FR", "FR84404833048")).toEqual({ ok: false, message: "Ce numéro de TVA n'est pas valide (clé de contrôle erronée)." });
  });

  it("refuse un format inattendu, en rappelant le format du pays", () => {
    expect(validateVatNumber("DE", "DE12345")).toEqual({
      ok: false,
      message: "Ce numéro de TVA n'a pas le format attendu pour ce pays (Allemagne : DE suivi de 9 chiffres).",
    });
    expect(validateVatNumber("GR", "12")).toEqual({
      ok: false,
      message: "Ce numéro de TVA n'a pas le format attendu pour ce pays (Grèce : EL suivi de 9 chiffres).",
    });
  });

  it("refuse le numéro d'un autre pays que celui choisi", () => {
    expect(validateVatNumber("DE", "ATU13585627")).toEqual({
      ok: false,
      message: "Ce numéro de TVA est celui d'un autre pays (Autriche) que le pays choisi (Allemagne).",
    });
  });

  it("exige un pays de l'UE et un numéro", () => {
    expect(validateVatNumber("", "DE136695976")).toEqual({ ok: false, message: "Choisissez un pays." });
    expect(validateVatNumber("CH", "CHE123456789")).toEqual({ ok: false, message: "Choisissez un pays membre de l'Union européenne." });
    expect(validateVatNumber("DE", "  ")).toEqual({ ok: false, message: "Le numéro de TVA intracommunautaire est obligatoire." });
  });

  it("France : le SIREN contenu doit être valide (sauf Monaco, SIREN commençant par 000)", () => {
    const key = (siren: string) => String((12 + 3 * (Number(siren) % 97)) % 97).padStart(2, "0");
    const notLuhn = "123456780";
    expect(checkVAT(`FR${key(notLuhn)}${notLuhn}`, [france]).isValid).toBe(true);
    expect(validateVatNumber("FR", `FR${key(notLuhn)}${notLuhn}`)).toEqual({
      ok: false,
      message: "Ce numéro de TVA n'est pas valide (le numéro SIREN qu'il contient n'est pas valide).",
    });
    const monaco = "000012345";
    expect(validateVatNumber("FR", `FR${key(monaco)}${monaco}`)).toEqual({ ok: true, value: `FR${key(monaco)}${monaco}` });
  });
});

describe("validateEuropeanVatOutsideFrance", () => {
  it("refuse la France : une structure française s'identifie par son SIRET", () => {
    expect(validateEuropeanVatOutsideFrance("FR", "FR83404833048")).toEqual({
      ok: false,
      message: "Pour une structure française, choisissez le type d'identifiant « SIRET ».",
    });
  });

  it("accepte les autres États membres", () => {
    expect(validateEuropeanVatOutsideFrance("it", "00743110157")).toEqual({ ok: true, value: "IT00743110157" });
  });
});

describe("frenchVatFromSiren", () => {
  it("calcule la clé sur un couple connu", () => {
    expect(frenchVatFromSiren("404833048")).toBe("FR83404833048");
    expect(frenchVatFromSiren("334 175 221")).toBe("FR23334175221");
    expect(frenchVatFromSiren("130005093")).toMatch(/^FR\d{2}130005093$/);
  });

  it("refuse un SIREN invalide", () => {
    expect(() => frenchVatFromSiren("123456780")).toThrow(InvalidIdentifierError);
    expect(() => frenchVatFromSiren("12345")).toThrow("Le numéro SIREN doit comporter 9 chiffres.");
  });
});

describe("propriétés", () => {
  it("frenchVatFromSiren donne toujours un numéro que jsvat et validateVatNumber acceptent", () => {
    fc.assert(
      fc.property(validSiren, (siren) => {
        const vat = frenchVatFromSiren(siren);
        expect(vat).toMatch(new RegExp(`^FR\\d{2}${siren}$`));
        expect(checkVAT(vat, [france]).isValid).toBe(true);
        expect(validateVatNumber("FR", vat)).toEqual({ ok: true, value: vat });
        // Equivalent form of the key: int(SIREN + "12") mod 97.
        expect(Number(vat.slice(2, 4))).toBe(Number(`${siren}12`) % 97);
      }),
    );
  });

  it("toute autre clé numérique rend le numéro français invalide", () => {
    fc.assert(
      fc.property(validSiren, fc.integer({ min: 0, max: 99 }), (siren, key) => {
        const vat = frenchVatFromSiren(siren);
        fc.pre(key !== Number(vat.slice(2, 4)));
        expect(validateVatNumber("FR", `FR${String(key).padStart(2, "0")}${siren}`).ok).toBe(false);
      }),
    );
  });

  it("un numéro valide d'un pays est refusé pour tout autre pays", () => {
    const countries = Object.keys(VALID);
    fc.assert(
      fc.property(fc.constantFrom(...countries), fc.constantFrom(...countries), (of, chosen) => {
        fc.pre(of !== chosen);
        expect(validateVatNumber(chosen, VALID[of]).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("les espaces saisis n'ont aucun effet", () => {
    const entries = Object.entries(VALID);
    fc.assert(
      fc.property(
        fc.constantFrom(...entries).chain(([country, vat]) => fc.tuple(fc.constant(country), fc.constant(vat), withRandomSpaces(vat))),
        ([country, vat, spaced]) => {
          expect(validateVatNumber(country, spaced)).toEqual({ ok: true, value: vat });
        },
      ),
    );
  });
});
