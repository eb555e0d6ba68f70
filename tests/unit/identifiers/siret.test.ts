import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isLuhnValid, LA_POSTE_SIREN, validateSiren, validateSiret } from "@/lib/identifiers/siret";
import { digits, luhnCheckDigit, validSiren, validSiret, withRandomSpaces } from "./helpers";

const LENGTH = "Le numéro SIRET doit comporter 14 chiffres.";
const KEY = "Ce numéro SIRET n'est pas valide (clé de contrôle erronée).";

describe("validateSiret — exemples", () => {
  it("accepte le SIRET du ministère de la Justice, avec ou sans espaces", () => {
    expect(validateSiret("13000509300112")).toEqual({ ok: true, value: "13000509300112" });
    expect(validateSiret(" 130 005 093 00112 ")).toEqual({ ok: true, value: "13000509300112" });
    expect(validateSiret("130\u00a0005\u00a0093\u00a000112")).toEqual({ ok: true, value: "13000509300112" });
  });

  it("accepte l'exemple de l'INSEE 732 829 320 00074", () => {
    expect(validateSiret("732 829 320 00074")).toEqual({ ok: true, value: "73282932000074" });
  });

  it("exige 14 chiffres", () => {
    expect(validateSiret("1300050930011")).toEqual({ ok: false, message: LENGTH });
    expect(validateSiret("130005093001120")).toEqual({ ok: false, message: LENGTH });
    expect(validateSiret("1300050930011A")).toEqual({ ok: false, message: LENGTH });
    expect(validateSiret("130-005-093-00112")).toEqual({ ok: false, message: LENGTH });
  });

  it("signale un champ vide", () => {
    expect(validateSiret("   ")).toEqual({ ok: false, message: "Le numéro SIRET est obligatoire." });
  });

  it("refuse une clé de contrôle erronée", () => {
    expect(validateSiret("13000509300113")).toEqual({ ok: false, message: KEY });
    expect(validateSiret("12345678901234")).toEqual({ ok: false, message: KEY });
  });

  it("refuse un SIRET qui passe Luhn mais dont le SIREN ne le passe pas", () => {
    // 123456780 fails Luhn; the NIC's check digit makes the 14 digits pass it.
    const siret = `1234567800001${luhnCheckDigit("1234567800001")}`;
    expect(isLuhnValid(siret)).toBe(true);
    expect(validateSiret(siret)).toEqual({
      ok: false,
      message: "Ce numéro SIRET n'est pas valide (ses 9 premiers chiffres ne forment pas un numéro SIREN valide).",
    });
  });
});

describe("validateSiret — La Poste (SIREN 356000000)", () => {
  it("accepte le siège 35600000000048 : il suit Luhn, et la somme de ses chiffres (26) n'est pas un multiple de 5", () => {
    const sum = [..."35600000000048"].reduce((s, c) => s + Number(c), 0);
    expect(sum).toBe(26);
    expect(isLuhnValid("35600000000048")).toBe(true);
    expect(validateSiret("356 000 000 00048")).toEqual({ ok: true, value: "35600000000048" });
  });

  it("accepte un établissement dont la somme des chiffres est un multiple de 5, même hors Luhn", () => {
    expect(isLuhnValid("35600000000001")).toBe(false); // 3+5+6+1 = 15
    expect(validateSiret("35600000000001")).toEqual({ ok: true, value: "35600000000001" });
    expect(validateSiret("35600000012346")).toEqual({ ok: true, value: "35600000012346" }); // 14 + 1+2+3+4+6 = 30
  });

  it("refuse un établissement dont la somme n'est pas un multiple de 5, même s'il suit Luhn", () => {
    const luhnValid = `3560000000001${luhnCheckDigit("3560000000001")}`;
    expect(isLuhnValid(luhnValid)).toBe(true);
    expect(validateSiret(luhnValid)).toEqual({ ok: false, message: KEY });
    expect(validateSiret("35600000000014")).toEqual({ ok: false, message: KEY });
  });
});

describe("validateSiren", () => {
  it("accepte des SIREN réels", () => {
    expect(validateSiren("130 005 093")).toEqual({ ok: true, value: "130005093" });
    expect(validateSiren("404833048")).toEqual({ ok: true, value: "404833048" });
    expect(validateSiren(LA_POSTE_SIREN)).toEqual({ ok: true, value: LA_POSTE_SIREN });
  });

  it("refuse une mauvaise longueur ou une clé erronée", () => {
    expect(validateSiren("13000509")).toEqual({ ok: false, message: "Le numéro SIREN doit comporter 9 chiffres." });
    expect(validateSiren("13000509A")).toEqual({ ok: false, message: "Le numéro SIREN doit comporter 9 chiffres." });
    expect(validateSiren("130005094")).toEqual({ ok: false, message: "Ce numéro SIREN n'est pas valide (clé de contrôle erronée)." });
    expect(validateSiren("")).toEqual({ ok: false, message: "Le numéro SIREN est obligatoire." });
  });
});

describe("propriétés", () => {
  it("13 chiffres quelconques se complètent en exactement un numéro Luhn parmi les 10 chiffres de contrôle", () => {
    fc.assert(
      fc.property(digits(13), (partial) => {
        const valid = [..."0123456789"].filter((d) => isLuhnValid(partial + d));
        expect(valid).toEqual([luhnCheckDigit(partial)]);
      }),
    );
  });

  it("hors La Poste, un SIREN valide et 4 chiffres de NIC donnent exactement un SIRET valide", () => {
    fc.assert(
      fc.property(validSiren, digits(4), (siren, nic) => {
        const valid = [..."0123456789"].filter((d) => validateSiret(siren + nic + d).ok);
        expect(valid).toEqual([luhnCheckDigit(siren + nic)]);
      }),
    );
  });

  it("La Poste : hors siège, exactement deux chiffres de contrôle conviennent (somme multiple de 5)", () => {
    fc.assert(
      fc.property(
        digits(4).filter((nic) => nic !== "0004"),
        (nic) => {
          const valid = [..."0123456789"].filter((d) => validateSiret(LA_POSTE_SIREN + nic + d).ok);
          expect(valid).toHaveLength(2);
          expect(Number(valid[1]) - Number(valid[0])).toBe(5);
        },
      ),
    );
  });

  it("changer un seul chiffre d'un SIRET valide le rend invalide (hors La Poste)", () => {
    fc.assert(
      fc.property(validSiret, fc.integer({ min: 0, max: 13 }), fc.integer({ min: 1, max: 9 }), (siret, position, delta) => {
        const changed = String((Number(siret[position]) + delta) % 10);
        const mutated = siret.slice(0, position) + changed + siret.slice(position + 1);
        fc.pre(!mutated.startsWith(LA_POSTE_SIREN));
        expect(validateSiret(siret).ok).toBe(true);
        expect(validateSiret(mutated).ok).toBe(false);
      }),
    );
  });

  it("changer un seul chiffre d'un SIREN valide le rend invalide", () => {
    fc.assert(
      fc.property(validSiren, fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 9 }), (siren, position, delta) => {
        const mutated = siren.slice(0, position) + String((Number(siren[position]) + delta) % 10) + siren.slice(position + 1);
        expect(validateSiren(mutated).ok).toBe(false);
      }),
    );
  });

  it("les espaces saisis n'ont aucun effet", () => {
    fc.assert(
      fc.property(
        validSiret.chain((s) => fc.tuple(fc.constant(s), withRandomSpaces(s))),
        ([siret, spaced]) => {
          expect(validateSiret(spaced)).toEqual({ ok: true, value: siret });
        },
      ),
    );
  });

  it("une chaîne qui n'est pas faite de 14 chiffres est toujours refusée pour sa longueur", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => s.replace(/\s/g, "") !== "" && !/^\d{14}$/.test(s.replace(/\s/g, ""))),
        (input) => {
          expect(validateSiret(input)).toEqual({ ok: false, message: LENGTH });
        },
      ),
    );
  });
});
