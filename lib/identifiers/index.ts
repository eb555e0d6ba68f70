import { validateHorsUe } from "./hors-ue";
import { validateParticulier, type ParticulierOptions } from "./particulier";
import type { IdentifierResult } from "./result";
import { validateRidet } from "./ridet";
import { validateSiret } from "./siret";
import { validateTahiti } from "./tahiti";
import { validateEuropeanVatOutsideFrance } from "./vat";

/**
 * The « Type d'identifiant » of a structure: Chorus Pro's codes (the same names as the Prisma enum
 * `IdentifierType`), the guide's labels, and the format hint shown under the field.
 */
export const IDENTIFIER_TYPES = {
  SIRET: { code: "SIRET", label: "SIRET", hint: "14 chiffres, par exemple 130 005 093 00112" },
  UE_HORS_FRANCE: {
    code: "UE_HORS_FRANCE",
    label: "Structure européenne hors France",
    hint: "Le numéro de TVA intracommunautaire, avec ou sans le préfixe du pays (EL pour la Grèce)",
  },
  HORS_UE: {
    code: "HORS_UE",
    label: "Structure hors UE",
    hint: "L'identifiant est formé du code du pays et des 16 premiers caractères de la raison sociale, sans espaces",
  },
  RIDET: {
    code: "RIDET",
    label: "Structure avec RIDET",
    hint: "9 ou 10 chiffres : le numéro RID (7 chiffres, ou 6 sans le zéro initial) puis le rang de l'établissement (3 chiffres)",
  },
  TAHITI: {
    code: "TAHITI",
    label: "Structure avec numéro TAHITI",
    hint: "9 caractères : 6 pour l'entreprise (6 chiffres, ou une lettre et 5 chiffres) puis 3 chiffres pour l'établissement",
  },
  PARTICULIER: {
    code: "PARTICULIER",
    label: "Particulier",
    hint: "10 caractères : sexe (1 ou 2), année de naissance (2 chiffres), mois de naissance (2 chiffres), code INSEE du lieu de naissance (5 caractères, 99 suivi du code du pays si né à l'étranger)",
  },
} as const satisfies Record<string, { code: string; label: string; hint: string }>;

export type IdentifierType = keyof typeof IDENTIFIER_TYPES;

/** The types in the guide's order, for a select. */
export const IDENTIFIER_TYPE_LIST = Object.values(IDENTIFIER_TYPES);

export const isIdentifierType = (value: unknown): value is IdentifierType => typeof value === "string" && Object.hasOwn(IDENTIFIER_TYPES, value);

export type ValidateIdentifierOptions = ParticulierOptions;

/**
 * Validates and normalises an identifier of the given type; the value returned is the one to store.
 * - UE_HORS_FRANCE: `input` is the VAT number, `countryCode` the member state (not France).
 * - HORS_UE: `input` is the raison sociale, `countryCode` the country; the value is the generated identifier.
 * - PARTICULIER: the birthplace commune is checked against the official list only with
 *   `options.communeCodeExists` (server side: use `validateIdentifierOnServer` from `@/lib/identifiers/server`).
 */
export function validateIdentifier(
  type: IdentifierType,
  input: string,
  countryCode?: string | null,
  options: ValidateIdentifierOptions = {},
): IdentifierResult {
  switch (type) {
    case "SIRET":
      return validateSiret(input);
    case "UE_HORS_FRANCE":
      return validateEuropeanVatOutsideFrance(countryCode ?? "", input);
    case "HORS_UE":
      return validateHorsUe(countryCode ?? "", input);
    case "RIDET":
      return validateRidet(input);
    case "TAHITI":
      return validateTahiti(input);
    case "PARTICULIER":
      return validateParticulier(input, options);
  }
}

export type { IdentifierResult } from "./result";
export { InvalidIdentifierError } from "./result";
export { validateSiret, validateSiren, isLuhnValid, LA_POSTE_SIREN, LA_POSTE_SIEGE_SIRET } from "./siret";
export {
  validateVatNumber,
  validateEuropeanVatOutsideFrance,
  frenchVatFromSiren,
  normaliseVatNumber,
  withVatPrefix,
  VAT_COUNTRIES,
} from "./vat";
export {
  ALL_COUNTRIES,
  EU_MEMBER_STATES,
  NON_EU_COUNTRIES,
  countryName,
  isCountryCode,
  isEuCountry,
  type Country,
  type EuCountryCode,
} from "./countries";
export { horsUeIdentifier, validateHorsUe, horsUeCountryError, HORS_UE_NAME_LENGTH } from "./hors-ue";
export { validateRidet } from "./ridet";
export { validateTahiti } from "./tahiti";
export { validateParticulier, type ParticulierOptions } from "./particulier";
