import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { horsUeCountryError, horsUeIdentifier, validateHorsUe } from "@/lib/identifiers/hors-ue";
import { NON_EU_COUNTRIES } from "@/lib/identifiers/countries";
import { InvalidIdentifierError } from "@/lib/identifiers/result";
import { HORS_UE_COUNTRY_OPTIONS, horsUeIdentifierPreview } from "@/lib/identifiers/options";

const codePoints = (s: string) => [...s].length;

describe("horsUeIdentifier — exemples", () => {
  it("code pays + 16 premiers caractères de la raison sociale, sans espaces, en majuscules", () => {
    expect(horsUeIdentifier("US", "Acme Construction Inc.")).toBe("USACMECONSTRUCTION");
    expect(horsUeIdentifier("ch", "  Müller & Söhne  Bau AG ")).toBe("CHMÜLLER&SÖHNEBAUA");
    expect(horsUeIdentifier("MA", "BTP")).toBe("MABTP");
  });

  it("garde les accents, la ponctuation, et ne laisse pas une majuscule allonger l'identifiant", () => {
    expect(horsUeIdentifier("JP", "straße-bau.co")).toBe("JPSTRAßE-BAU.CO");
    // « é » written as e + combining accent counts as one character.
    expect(horsUeIdentifier("CA", "Ge\u0301nie civil Québec")).toBe("CAGÉNIECIVILQUÉBEC");
  });

  it("refuse les pays de l'UE, la France et ses territoires, et oriente vers le bon type", () => {
    expect(validateHorsUe("DE", "Bau GmbH")).toEqual({
      ok: false,
      message: "Ce pays est membre de l'Union européenne : choisissez le type d'identifiant « Structure européenne hors France ».",
    });
    for (const code of ["FR", "GP", "RE", "YT", "PM"]) {
      expect(validateHorsUe(code, "Société")).toEqual({
        ok: false,
        message: "Pour une structure établie en France, choisissez le type d'identifiant « SIRET ».",
      });
    }
    expect(validateHorsUe("NC", "Société")).toEqual({
      ok: false,
      message: "Pour une structure établie en Nouvelle-Calédonie, choisissez le type d'identifiant « Structure avec RIDET ».",
    });
    expect(validateHorsUe("PF", "Société")).toEqual({
      ok: false,
      message: "Pour une structure établie en Polynésie française, choisissez le type d'identifiant « Structure avec numéro TAHITI ».",
    });
  });

  it("exige un code pays valide et une raison sociale", () => {
    expect(validateHorsUe("", "Acme")).toEqual({ ok: false, message: "Choisissez un pays." });
    expect(validateHorsUe("XX", "Acme")).toEqual({ ok: false, message: "Ce code pays n'est pas valide." });
    expect(validateHorsUe("USA", "Acme")).toEqual({ ok: false, message: "Ce code pays n'est pas valide." });
    expect(validateHorsUe("US", " \t ")).toEqual({ ok: false, message: "La raison sociale est obligatoire." });
    expect(() => horsUeIdentifier("DE", "Bau GmbH")).toThrow(InvalidIdentifierError);
  });

  it("aperçu pour le formulaire : vide tant que la saisie est incomplète", () => {
    expect(horsUeIdentifierPreview("US", "Acme Inc")).toBe("USACMEINC");
    expect(horsUeIdentifierPreview(undefined, "Acme")).toBe("");
    expect(horsUeIdentifierPreview("US", null)).toBe("");
  });

  it("la liste des pays proposés ne contient que des pays acceptés", () => {
    expect(HORS_UE_COUNTRY_OPTIONS.length).toBeGreaterThan(200);
    for (const option of HORS_UE_COUNTRY_OPTIONS) expect(horsUeCountryError(option.value)).toBeNull();
    expect(HORS_UE_COUNTRY_OPTIONS.some((o) => o.value === "FR" || o.value === "DE" || o.value === "NC")).toBe(false);
  });
});

describe("propriétés", () => {
  const country = fc.constantFrom(...HORS_UE_COUNTRY_OPTIONS.map((o) => o.value));
  const name = fc.string({ unit: "binary", minLength: 1, maxLength: 60 }).filter((s) => /\S/.test(s));

  it("au plus 18 caractères, commence par le code pays, sans espaces", () => {
    fc.assert(
      fc.property(country, name, (code, raisonSociale) => {
        const id = horsUeIdentifier(code, raisonSociale);
        expect(codePoints(id)).toBeLessThanOrEqual(18);
        expect(codePoints(id)).toBeGreaterThan(2);
        expect(id.startsWith(code)).toBe(true);
        expect(id).not.toMatch(/\s/);
      }),
    );
  });

  it("ne dépend ni des espaces ni de la casse de la saisie (lettres latines)", () => {
    const latin = fc
      .string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789&-. "), minLength: 1, maxLength: 40 })
      .filter((s) => /\S/.test(s));
    fc.assert(
      fc.property(country, latin, (code, raisonSociale) => {
        const expected = code + raisonSociale.replace(/ /g, "").slice(0, 16).toUpperCase();
        expect(horsUeIdentifier(code, raisonSociale)).toBe(expected);
        expect(horsUeIdentifier(code.toLowerCase(), ` ${raisonSociale.toLowerCase().split("").join(" ")} `)).toBe(expected);
      }),
    );
  });

  it("tout pays de l'UE est refusé", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          "AT",
          "BE",
          "BG",
          "CY",
          "CZ",
          "DE",
          "DK",
          "EE",
          "ES",
          "FI",
          "FR",
          "GR",
          "HR",
          "HU",
          "IE",
          "IT",
          "LT",
          "LU",
          "LV",
          "MT",
          "NL",
          "PL",
          "PT",
          "RO",
          "SE",
          "SI",
          "SK",
        ),
        name,
        (code, raisonSociale) => {
          expect(validateHorsUe(code, raisonSociale).ok).toBe(false);
        },
      ),
    );
  });

  it("les pays hors UE refusés sont exactement les territoires français et Åland (Finlande)", () => {
    const refused = NON_EU_COUNTRIES.filter((c) => horsUeCountryError(c.code) !== null)
      .map((c) => c.code)
      .sort();
    expect(refused).toEqual(["AX", "BL", "GF", "GP", "MF", "MQ", "NC", "PF", "PM", "RE", "YT"]);
  });
});
