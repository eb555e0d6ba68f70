import { fail, ok, removeWhitespace, type IdentifierResult } from "./result";

/** SIREN of La Poste: its establishments were numbered outside the Luhn rule when it became a company (2010). */
export const LA_POSTE_SIREN = "356000000";
/** The head office of La Poste: the only SIRET under {@link LA_POSTE_SIREN} that follows the Luhn rule. */
export const LA_POSTE_SIEGE_SIRET = "35600000000048";

/** Luhn (mod 10) over a string of digits: from the right, every second digit is doubled (minus 9 above 9). */
/** Sum of the Luhn algorithm (every second digit from the right doubled). */
function luhnSum(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum;
}

export function isLuhnValid(digits: string): boolean {
  return /^\d+$/.test(digits) && luhnSum(digits) % 10 === 0;
}

/** `prefix` (digits) followed by the one digit that makes it Luhn-valid. */
export function withLuhnKey(prefix: string): string {
  const sum = luhnSum(`${prefix}0`);
  return prefix + String((10 - (sum % 10)) % 10);
}

const digitSum = (digits: string) => [...digits].reduce((sum, c) => sum + Number(c), 0);

export const normaliseSiret = removeWhitespace;
export const normaliseSiren = removeWhitespace;

/** SIREN: 9 digits, Luhn. Spaces are ignored (« 130 005 093 »). */
export function validateSiren(input: string): IdentifierResult {
  const siren = normaliseSiren(input);
  if (siren === "") return fail("Le numéro SIREN est obligatoire.");
  if (!/^\d{9}$/.test(siren)) return fail("Le numéro SIREN doit comporter 9 chiffres.");
  if (!isLuhnValid(siren)) return fail("Ce numéro SIREN n'est pas valide (clé de contrôle erronée).");
  return ok(siren);
}

/**
 * SIRET: 14 digits, Luhn on the SIRET and on its SIREN (first 9 digits).
 * La Poste (SIREN 356000000): the sum of the 14 digits must be a multiple of 5, except its head office
 * 35600000000048, which follows Luhn (and whose digit sum, 26, is not a multiple of 5).
 */
export function validateSiret(input: string): IdentifierResult {
  const siret = normaliseSiret(input);
  if (siret === "") return fail("Le numéro SIRET est obligatoire.");
  if (!/^\d{14}$/.test(siret)) return fail("Le numéro SIRET doit comporter 14 chiffres.");
  if (siret.startsWith(LA_POSTE_SIREN)) {
    const valid = siret === LA_POSTE_SIEGE_SIRET || digitSum(siret) % 5 === 0;
    return valid ? ok(siret) : fail("Ce numéro SIRET n'est pas valide (clé de contrôle erronée).");
  }
  if (!isLuhnValid(siret)) return fail("Ce numéro SIRET n'est pas valide (clé de contrôle erronée).");
  if (!isLuhnValid(siret.slice(0, 9))) {
    return fail("Ce numéro SIRET n'est pas valide (ses 9 premiers chiffres ne forment pas un numéro SIREN valide).");
  }
  return ok(siret);
}
