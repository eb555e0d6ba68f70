import { countryName, isCountryCode, isEuCountry, normaliseCountryCode } from "./countries";
import { fail, InvalidIdentifierError, ok, type IdentifierResult } from "./result";

/** Characters of the raison sociale kept in the identifier (the guide: « les 16 premiers caractères »). */
export const HORS_UE_NAME_LENGTH = 16;

/** French territories whose structures have a SIRET (in the INSEE directory): not « hors UE » here. */
const SIRET_TERRITORIES = new Set(["FR", "GP", "GF", "MQ", "RE", "YT", "MF", "BL", "PM"]);
/** Territories with their own identifier type. */
const OWN_TYPE_TERRITORIES: Record<string, string> = { NC: "Structure avec RIDET", PF: "Structure avec numéro TAHITI" };
/** Åland: part of Finland, hence of the EU. */
const EU_TERRITORIES = new Set(["AX"]);

/** Why this country cannot be used for a « Structure hors UE », or null when it can. */
export function horsUeCountryError(countryCode: string): string | null {
  const code = normaliseCountryCode(countryCode);
  if (code === "") return "Choisissez un pays.";
  if (!isCountryCode(code)) return "Ce code pays n'est pas valide.";
  if (SIRET_TERRITORIES.has(code)) return "Pour une structure établie en France, choisissez le type d'identifiant « SIRET ».";
  if (code in OWN_TYPE_TERRITORIES) {
    return `Pour une structure établie en ${countryName(code)}, choisissez le type d'identifiant « ${OWN_TYPE_TERRITORIES[code]} ».`;
  }
  if (isEuCountry(code) || EU_TERRITORIES.has(code)) {
    return "Ce pays est membre de l'Union européenne : choisissez le type d'identifiant « Structure européenne hors France ».";
  }
  return null;
}

/** Upper-case one character, unless its capital is several characters (ß → SS): the length must not grow. */
const upperOne = (ch: string) => {
  const upper = ch.toUpperCase();
  return [...upper].length === 1 ? upper : ch;
};

/**
 * The 16 first characters of the raison sociale, without whitespace, upper-cased; accents and punctuation kept
 * (the guide says only « sans espaces »; Chorus Pro's exact rule is not published). Characters are Unicode code
 * points after NFC normalisation, so « É » typed as E + accent counts once.
 */
export function horsUeNamePart(raisonSociale: string): string {
  const chars = [...raisonSociale.normalize("NFC").replace(/\s+/g, "")].slice(0, HORS_UE_NAME_LENGTH);
  return chars.map(upperOne).join("");
}

/**
 * « Structure hors UE »: the identifier generated from the country (ISO code, 2 characters) and the raison sociale,
 * e.g. ("US", "Acme Construction Inc.") → « USACMECONSTRUCTION ». At most 18 characters.
 */
export function validateHorsUe(countryCode: string, raisonSociale: string): IdentifierResult {
  const countryError = horsUeCountryError(countryCode);
  if (countryError) return fail(countryError);
  const name = horsUeNamePart(raisonSociale);
  if (name === "") return fail("La raison sociale est obligatoire.");
  return ok(normaliseCountryCode(countryCode) + name);
}

/** Same as {@link validateHorsUe}, returning the bare identifier; throws {@link InvalidIdentifierError} on invalid input. */
export function horsUeIdentifier(countryCode: string, raisonSociale: string): string {
  const result = validateHorsUe(countryCode, raisonSociale);
  if (!result.ok) throw new InvalidIdentifierError(result.message);
  return result.value;
}
