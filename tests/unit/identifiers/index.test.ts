import fc from "fast-check";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { IdentifierType as PrismaIdentifierType } from "@/lib/generated/prisma/enums";
import { IDENTIFIER_TYPES, IDENTIFIER_TYPE_LIST, isIdentifierType, validateIdentifier, type IdentifierType } from "@/lib/identifiers";
import { IDENTIFIER_TYPE_OPTIONS, COUNTRY_OPTIONS, EU_COUNTRY_OPTIONS } from "@/lib/identifiers/options";
import { validateIdentifierOnServer } from "@/lib/identifiers/server";
import { validSiret } from "./helpers";

describe("IDENTIFIER_TYPES", () => {
  it("reprend les codes de Chorus Pro et les libellés du guide, dans l'ordre du guide", () => {
    expect(IDENTIFIER_TYPE_LIST.map((t) => [t.code, t.label])).toEqual([
      ["SIRET", "SIRET"],
      ["UE_HORS_FRANCE", "Structure européenne hors France"],
      ["HORS_UE", "Structure hors UE"],
      ["RIDET", "Structure avec RIDET"],
      ["TAHITI", "Structure avec numéro TAHITI"],
      ["PARTICULIER", "Particulier"],
    ]);
    for (const [key, type] of Object.entries(IDENTIFIER_TYPES)) {
      expect(type.code).toBe(key);
      expect(type.hint.length).toBeGreaterThan(0);
    }
    expect(IDENTIFIER_TYPE_OPTIONS[1]).toEqual({ value: "UE_HORS_FRANCE", label: "Structure européenne hors France" });
  });

  it("a les mêmes noms que l'enum Prisma IdentifierType", () => {
    expectTypeOf<IdentifierType>().toEqualTypeOf<PrismaIdentifierType>();
    expect(isIdentifierType("RIDET")).toBe(true);
    expect(isIdentifierType("AUTRE")).toBe(false);
    expect(isIdentifierType("constructor")).toBe(false);
  });

  it("les listes de pays pour les sélecteurs", () => {
    expect(COUNTRY_OPTIONS).toContainEqual({ value: "MA", label: "Maroc" });
    expect(EU_COUNTRY_OPTIONS).toHaveLength(26);
    expect(EU_COUNTRY_OPTIONS.some((o) => o.value === "FR")).toBe(false);
  });
});

describe("validateIdentifier", () => {
  it("aiguille vers le bon contrôle et renvoie l'identifiant normalisé", () => {
    expect(validateIdentifier("SIRET", "130 005 093 00112")).toEqual({ ok: true, value: "13000509300112" });
    expect(validateIdentifier("UE_HORS_FRANCE", "094 259 216", "GR")).toEqual({ ok: true, value: "EL094259216" });
    expect(validateIdentifier("HORS_UE", "Acme Construction Inc.", "US")).toEqual({ ok: true, value: "USACMECONSTRUCTION" });
    expect(validateIdentifier("RIDET", "123456.001")).toEqual({ ok: true, value: "0123456001" });
    expect(validateIdentifier("TAHITI", "a12345001")).toEqual({ ok: true, value: "A12345001" });
    expect(validateIdentifier("PARTICULIER", "1850575056")).toEqual({ ok: true, value: "1850575056" });
  });

  it("renvoie le message du contrôle en échec", () => {
    expect(validateIdentifier("SIRET", "123")).toEqual({ ok: false, message: "Le numéro SIRET doit comporter 14 chiffres." });
    expect(validateIdentifier("UE_HORS_FRANCE", "FR83404833048", "FR")).toEqual({
      ok: false,
      message: "Pour une structure française, choisissez le type d'identifiant « SIRET ».",
    });
    expect(validateIdentifier("UE_HORS_FRANCE", "DE136695976")).toEqual({ ok: false, message: "Choisissez un pays." });
    expect(validateIdentifier("HORS_UE", "Acme", null)).toEqual({ ok: false, message: "Choisissez un pays." });
  });

  it("côté serveur, vérifie en plus la commune de naissance d'un particulier", () => {
    expect(validateIdentifier("PARTICULIER", "1850575999").ok).toBe(true);
    expect(validateIdentifierOnServer("PARTICULIER", "1850575999")).toEqual({
      ok: false,
      message: "Le code 75999 ne correspond à aucune commune du code officiel géographique de l'INSEE.",
    });
    expect(validateIdentifierOnServer("PARTICULIER", "1850575056")).toEqual({ ok: true, value: "1850575056" });
    expect(validateIdentifierOnServer("SIRET", "13000509300112")).toEqual({ ok: true, value: "13000509300112" });
  });

  it("propriété : la valeur normalisée se valide à nouveau à l'identique (idempotence)", () => {
    const cases = fc.oneof(
      validSiret.map((v) => ["SIRET", v, undefined] as const),
      fc.constantFrom(
        ["UE_HORS_FRANCE", "de 136 695 976", "de"] as const,
        ["RIDET", "123 456.001", undefined] as const,
        ["TAHITI", "b12345 002", undefined] as const,
        ["PARTICULIER", "2 92 11 2a 004", undefined] as const,
      ),
    );
    fc.assert(
      fc.property(cases, ([type, input, country]) => {
        const first = validateIdentifier(type, input, country);
        expect(first.ok).toBe(true);
        if (first.ok) expect(validateIdentifier(type, first.value, country)).toEqual(first);
      }),
    );
  });
});
