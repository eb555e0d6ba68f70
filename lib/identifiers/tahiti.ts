import { fail, ok, removeWhitespace, type IdentifierResult } from "./result";

export const normaliseTahiti = (input: string): string => removeWhitespace(input).toUpperCase();

/**
 * Numéro TAHITI (Polynésie française), 9 characters: the enterprise (6 digits, or — since 2011 — a letter and
 * 5 digits) then the establishment (3 digits). No check digit is published.
 */
export function validateTahiti(input: string): IdentifierResult {
  const tahiti = normaliseTahiti(input);
  if (tahiti === "") return fail("Le numéro TAHITI est obligatoire.");
  if (!/^(\d{6}|[A-Z]\d{5})\d{3}$/.test(tahiti)) {
    return fail(
      "Le numéro TAHITI doit comporter 9 caractères : 6 pour l'entreprise (6 chiffres, ou une lettre suivie de 5 chiffres) puis 3 chiffres pour l'établissement.",
    );
  }
  return ok(tahiti);
}
