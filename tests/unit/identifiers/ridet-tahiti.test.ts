import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateRidet } from "@/lib/identifiers/ridet";
import { validateTahiti } from "@/lib/identifiers/tahiti";
import { digits } from "./helpers";

const RIDET_MESSAGE =
  "Le numéro RIDET doit comporter 9 ou 10 chiffres : le numéro RID (7 chiffres, ou 6 sans le zéro initial) suivi du rang de l'établissement (3 chiffres).";
const TAHITI_MESSAGE =
  "Le numéro TAHITI doit comporter 9 caractères : 6 pour l'entreprise (6 chiffres, ou une lettre suivie de 5 chiffres) puis 3 chiffres pour l'établissement.";

describe("validateRidet", () => {
  it("accepte 10 chiffres (RID de 7 chiffres + rang), espaces et points retirés", () => {
    expect(validateRidet("1234567001")).toEqual({ ok: true, value: "1234567001" });
    expect(validateRidet("0 123 456.001")).toEqual({ ok: true, value: "0123456001" });
  });

  it("accepte 9 chiffres (RID de 6 chiffres sans son zéro initial) et rétablit le zéro", () => {
    expect(validateRidet("123456001")).toEqual({ ok: true, value: "0123456001" });
    expect(validateRidet("123 456.001")).toEqual({ ok: true, value: "0123456001" });
  });

  it("refuse les autres longueurs et les lettres", () => {
    for (const input of ["12345600", "12345670012", "123456A001", "1234567-001"]) {
      expect(validateRidet(input)).toEqual({ ok: false, message: RIDET_MESSAGE });
    }
    expect(validateRidet(" ")).toEqual({ ok: false, message: "Le numéro RIDET est obligatoire." });
  });

  it("propriété : RID + rang valident, et les deux écritures d'un RID à 6 chiffres donnent le même identifiant", () => {
    fc.assert(
      fc.property(digits(6), digits(3), (rid6, rank) => {
        const long = validateRidet(`0${rid6}${rank}`);
        expect(long).toEqual({ ok: true, value: `0${rid6}${rank}` });
        if (rid6[0] !== "0") expect(validateRidet(`${rid6}.${rank}`)).toEqual(long);
      }),
    );
  });

  it("propriété : tout autre nombre de chiffres est refusé", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 20 })
          .filter((n) => n !== 9 && n !== 10)
          .chain(digits),
        (input) => {
          expect(validateRidet(input)).toEqual({ ok: false, message: RIDET_MESSAGE });
        },
      ),
    );
  });
});

describe("validateTahiti", () => {
  it("accepte 6 chiffres + 3 chiffres, ou une lettre, 5 chiffres + 3 chiffres", () => {
    expect(validateTahiti("123456001")).toEqual({ ok: true, value: "123456001" });
    expect(validateTahiti("a12345 001")).toEqual({ ok: true, value: "A12345001" });
    expect(validateTahiti(" B 12345 002 ")).toEqual({ ok: true, value: "B12345002" });
  });

  it("refuse les autres formes", () => {
    for (const input of ["12345600", "1234560011", "12A456001", "AB1234001", "123456A01", "É12345001"]) {
      expect(validateTahiti(input)).toEqual({ ok: false, message: TAHITI_MESSAGE });
    }
    expect(validateTahiti("")).toEqual({ ok: false, message: "Le numéro TAHITI est obligatoire." });
  });

  it("propriété : toute entreprise valide suivie de 3 chiffres est acceptée", () => {
    const enterprise = fc.oneof(
      digits(6),
      fc.tuple(fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ"), digits(5)).map(([l, d]) => l + d),
    );
    fc.assert(
      fc.property(enterprise, digits(3), fc.boolean(), (e, rank, lower) => {
        const typed = lower ? (e + rank).toLowerCase() : `${e} ${rank}`;
        expect(validateTahiti(typed)).toEqual({ ok: true, value: e + rank });
      }),
    );
  });

  it("propriété : une longueur autre que 9 est toujours refusée", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(..."0123456789AZ"), minLength: 1, maxLength: 15 }).filter((s) => s.length !== 9),
        (input) => {
          expect(validateTahiti(input).ok).toBe(false);
        },
      ),
    );
  });
});
