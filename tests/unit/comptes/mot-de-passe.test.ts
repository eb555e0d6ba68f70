import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkPassword, PASSWORD_MIN_LENGTH } from "@/lib/accounts/password";
import { motDePasseSchema } from "@/lib/accounts/schemas";

// The guide's security rules for a password: at least 12 characters, and 3 of the 4 kinds (capital letters,
// small letters, digits, special characters); the confirmation must be the same.
const erreurs = (password: string, confirmation = password) => {
  const r = motDePasseSchema.safeParse({ password, confirmation });
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("règles de sécurité du mot de passe", () => {
  it("accepte 12 caractères de 3 types, refuse 11", () => {
    expect(erreurs("Abcdefghij12")).toEqual({});
    expect(erreurs("Abcdefghi12")).toEqual({ password: `Le mot de passe doit comporter au moins ${PASSWORD_MIN_LENGTH} caractères.` });
  });

  it("refuse deux types de caractères seulement, quelle que soit la longueur", () => {
    for (const p of ["abcdefghijklmnop", "abcdefghijkl1234", "ABCDEFGHIJKL!!!!", "123456789012345!"])
      expect(erreurs(p).password, p).toBe(
        "Le mot de passe doit contenir au moins 3 types de caractères parmi : majuscules, minuscules, chiffres, caractères spéciaux.",
      );
    for (const p of ["abcdefghijk1!", "ABCDEFGHIJ1!", "Abcdefghijk!", "Abcdefghijk1"]) expect(erreurs(p), p).toEqual({});
  });

  it("compte les lettres accentuées et les caractères hors ASCII dans leur type", () => {
    expect(checkPassword("Élégance-été").kinds).toEqual({ majuscule: true, minuscule: true, chiffre: false, special: true });
    // 12 characters as a person counts them, not as UTF-16 code units.
    expect(checkPassword("Ab1😀😀😀😀😀😀😀😀😀").longEnough).toBe(true);
    expect(checkPassword("Ab1😀😀😀😀😀😀😀😀").longEnough).toBe(false);
  });

  it("refuse une confirmation différente, sur le champ de confirmation", () => {
    expect(erreurs("Abcdefghij12", "Abcdefghij13")).toEqual({ confirmation: "Les deux mots de passe ne sont pas identiques." });
  });

  it("un mot de passe que le contrôle en direct accepte, le serveur l'accepte aussi (et réciproquement)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (p) => {
        expect(Object.keys(erreurs(p)).length === 0).toBe(checkPassword(p).ok);
      }),
      { numRuns: 500 },
    );
  });
});
