import { fail, ok, type IdentifierResult } from "./result";

/**
 * Spaces and dots removed (« 0 123 456.001 »); a 9-digit RIDET (RID written without its leading zero) gets the zero
 * back, so that one structure has one stored identifier whichever way it was typed.
 */
export function normaliseRidet(input: string): string {
  const compact = input.replace(/[\s.]+/g, "");
  return /^\d{9}$/.test(compact) ? `0${compact}` : compact;
}

/**
 * RIDET (Nouvelle-Calédonie): the RID (7 digits, or 6 without its leading zero) followed by the establishment
 * rank (3 digits): 9 or 10 digits. No check digit is published. The value returned has 10 digits.
 */
export function validateRidet(input: string): IdentifierResult {
  const ridet = normaliseRidet(input);
  if (ridet === "") return fail("Le numéro RIDET est obligatoire.");
  if (!/^\d{10}$/.test(ridet)) {
    return fail(
      "Le numéro RIDET doit comporter 9 ou 10 chiffres : le numéro RID (7 chiffres, ou 6 sans le zéro initial) suivi du rang de l'établissement (3 chiffres).",
    );
  }
  return ok(ridet);
}
