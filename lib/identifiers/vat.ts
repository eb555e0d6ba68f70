import {
  austria,
  belgium,
  bulgaria,
  checkVAT,
  croatia,
  cyprus,
  czechRepublic,
  denmark,
  estonia,
  finland,
  france,
  germany,
  greece,
  hungary,
  ireland,
  italy,
  latvia,
  lithuania,
  luxembourg,
  malta,
  netherlands,
  poland,
  portugal,
  romania,
  slovakiaRepublic,
  slovenia,
  spain,
  sweden,
  type Country as JsvatCountry,
} from "jsvat";
import { countryName, isEuCountry, normaliseCountryCode, type EuCountryCode } from "./countries";
import { fail, InvalidIdentifierError, ok, type IdentifierResult } from "./result";
import { validateSiren } from "./siret";

export { ALL_COUNTRIES, EU_MEMBER_STATES, NON_EU_COUNTRIES, countryName, isCountryCode, isEuCountry } from "./countries";
export type { Country, EuCountryCode } from "./countries";

/**
 * jsvat 2.5.4 only knows Belgian numbers starting with 0; enterprise numbers starting with 1 are issued too
 * (same mod-97 key over the first 8 digits).
 */
const belgiumWithNewNumbers: JsvatCountry = {
  ...belgium,
  calcFn: (vat) => (/^1\d{9}$/.test(vat) ? 97 - (Number(vat.slice(0, 8)) % 97) === Number(vat.slice(8)) : belgium.calcFn(vat)),
  rules: { ...belgium.rules, regex: [/^(BE)(0?\d{9})$/, /^(BE)(1\d{9})$/] },
};

type VatCountry = { prefix: string; rules: JsvatCountry; format: string };

/** Per EU member state: VAT prefix, jsvat rules, and the format shown in hints and messages. */
export const VAT_COUNTRIES: Readonly<Record<EuCountryCode, VatCountry>> = {
  AT: { prefix: "AT", rules: austria, format: "ATU suivi de 8 chiffres" },
  BE: { prefix: "BE", rules: belgiumWithNewNumbers, format: "BE suivi de 10 chiffres, commençant par 0 ou 1" },
  BG: { prefix: "BG", rules: bulgaria, format: "BG suivi de 9 ou 10 chiffres" },
  CY: { prefix: "CY", rules: cyprus, format: "CY suivi de 8 chiffres et d'une lettre" },
  CZ: { prefix: "CZ", rules: czechRepublic, format: "CZ suivi de 8 à 10 chiffres" },
  DE: { prefix: "DE", rules: germany, format: "DE suivi de 9 chiffres" },
  DK: { prefix: "DK", rules: denmark, format: "DK suivi de 8 chiffres" },
  EE: { prefix: "EE", rules: estonia, format: "EE suivi de 9 chiffres" },
  ES: { prefix: "ES", rules: spain, format: "ES suivi de 9 caractères (lettre ou chiffre, 7 chiffres, lettre ou chiffre)" },
  FI: { prefix: "FI", rules: finland, format: "FI suivi de 8 chiffres" },
  FR: { prefix: "FR", rules: france, format: "FR suivi d'une clé de 2 caractères et du SIREN (9 chiffres)" },
  GR: { prefix: "EL", rules: greece, format: "EL suivi de 9 chiffres" },
  HR: { prefix: "HR", rules: croatia, format: "HR suivi de 11 chiffres" },
  HU: { prefix: "HU", rules: hungary, format: "HU suivi de 8 chiffres" },
  IE: { prefix: "IE", rules: ireland, format: "IE suivi de 8 ou 9 caractères (7 chiffres et 1 ou 2 lettres)" },
  IT: { prefix: "IT", rules: italy, format: "IT suivi de 11 chiffres" },
  LT: { prefix: "LT", rules: lithuania, format: "LT suivi de 9 ou 12 chiffres" },
  LU: { prefix: "LU", rules: luxembourg, format: "LU suivi de 8 chiffres" },
  LV: { prefix: "LV", rules: latvia, format: "LV suivi de 11 chiffres" },
  MT: { prefix: "MT", rules: malta, format: "MT suivi de 8 chiffres" },
  NL: { prefix: "NL", rules: netherlands, format: "NL suivi de 9 chiffres, de la lettre B et de 2 chiffres" },
  PL: { prefix: "PL", rules: poland, format: "PL suivi de 10 chiffres" },
  PT: { prefix: "PT", rules: portugal, format: "PT suivi de 9 chiffres" },
  RO: { prefix: "RO", rules: romania, format: "RO suivi de 2 à 10 chiffres" },
  SE: { prefix: "SE", rules: sweden, format: "SE suivi de 12 chiffres, se terminant par 01" },
  SI: { prefix: "SI", rules: slovenia, format: "SI suivi de 8 chiffres" },
  SK: { prefix: "SK", rules: slovakiaRepublic, format: "SK suivi de 10 chiffres" },
};

const countryOfPrefix = new Map(Object.entries(VAT_COUNTRIES).map(([code, c]) => [c.prefix, code as EuCountryCode]));

/** Upper-case, without the separators people type (spaces, dashes, dots, slashes) — as jsvat does. */
export const normaliseVatNumber = (input: string): string => input.toUpperCase().replace(/[\s\-./]+/g, "");

/** The VAT number with its country prefix (EL for Greece, also when « GR » was typed), prefix added when missing. */
export function withVatPrefix(countryCode: EuCountryCode, number: string): string {
  const { prefix } = VAT_COUNTRIES[countryCode];
  const vat = normaliseVatNumber(number);
  if (vat.startsWith(prefix)) return vat;
  if (countryCode === "GR" && vat.startsWith("GR")) return prefix + vat.slice(2);
  return prefix + vat;
}

const passesJsvat = (countryCode: EuCountryCode, vat: string) => checkVAT(vat, [VAT_COUNTRIES[countryCode].rules]);

/**
 * Intra-community VAT number of an EU member state (France included), checked by jsvat for the chosen
 * country only. The number may be typed with or without its prefix; the value returned has it.
 * French numbers with a numeric key also need a valid SIREN (Monaco's, starting with 000, have none).
 */
export function validateVatNumber(countryCode: string, number: string): IdentifierResult {
  const countryError = euCountryError(countryCode);
  if (countryError) return fail(countryError);
  const euCountry = normaliseCountryCode(countryCode) as EuCountryCode;
  const typed = normaliseVatNumber(number);
  if (typed === "") return fail("Le numéro de TVA intracommunautaire est obligatoire.");

  // Another member state's valid number, e.g. « ATU13585627 » for Germany. Checked first: French numbers
  // typed without their prefix may start with two letters (« PT501964843 » would pass as a French alpha key).
  const other = countryOfPrefix.get(typed.slice(0, 2));
  if (other && other !== euCountry && !typed.startsWith(VAT_COUNTRIES[euCountry].prefix) && passesJsvat(other, typed).isValid) {
    return fail(`Ce numéro de TVA est celui d'un autre pays (${countryName(other)}) que le pays choisi (${countryName(euCountry)}).`);
  }
  const vat = withVatPrefix(euCountry, typed);
  const result = passesJsvat(euCountry, vat);
  if (!result.isValid) {
    if (!result.isValidFormat) {
      return fail(`Ce numéro de TVA n'a pas le format attendu pour ce pays (${countryName(euCountry)} : ${VAT_COUNTRIES[euCountry].format}).`);
    }
    return fail("Ce numéro de TVA n'est pas valide (clé de contrôle erronée).");
  }
  if (euCountry === "FR" && /^FR\d{2}/.test(vat) && !vat.startsWith("000", 4) && !validateSiren(vat.slice(4)).ok) {
    return fail("Ce numéro de TVA n'est pas valide (le numéro SIREN qu'il contient n'est pas valide).");
  }
  return ok(vat);
}

/** Why this country has no EU VAT number, or null. */
export function euCountryError(countryCode: string): string | null {
  const country = normaliseCountryCode(countryCode);
  if (country === "") return "Choisissez un pays.";
  if (!isEuCountry(country)) return "Choisissez un pays membre de l'Union européenne.";
  return null;
}

/** Why this country cannot be used for a « Structure européenne hors France », or null. */
export function europeanOutsideFranceCountryError(countryCode: string): string | null {
  if (normaliseCountryCode(countryCode) === "FR") {
    return "Pour une structure française, choisissez le type d'identifiant « SIRET ».";
  }
  return euCountryError(countryCode);
}

/** « Structure européenne hors France »: the VAT number of an EU member state other than France. */
export function validateEuropeanVatOutsideFrance(countryCode: string, number: string): IdentifierResult {
  const countryError = europeanOutsideFranceCountryError(countryCode);
  return countryError ? fail(countryError) : validateVatNumber(countryCode, number);
}

/** French VAT number of a SIREN: FR + key + SIREN, key = (12 + 3 × (SIREN mod 97)) mod 97 on 2 digits. */
export function frenchVatFromSiren(siren: string): string {
  const checked = validateSiren(siren);
  if (!checked.ok) throw new InvalidIdentifierError(checked.message);
  const key = (12 + 3 * (Number(checked.value) % 97)) % 97;
  return `FR${String(key).padStart(2, "0")}${checked.value}`;
}
