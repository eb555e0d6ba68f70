// French country names from i18n-iso-countries' data file only: its Node entry registers every locale
// at import time, and the browser does not need them.
import frenchNames from "i18n-iso-countries/langs/fr.json";

export type Country = { code: string; name: string };

const names: Record<string, string | readonly string[]> = frenchNames.countries;
const nameOf = (code: string) => {
  const name = names[code];
  return typeof name === "string" ? name : name[0];
};
const collator = new Intl.Collator("fr", { sensitivity: "base" });
const sortByName = (list: Country[]) => list.sort((a, b) => collator.compare(a.name, b.name));

/** Every ISO 3166-1 alpha-2 country, with its French name, sorted by name (« Structure hors UE », « Particulier » pickers). */
export const ALL_COUNTRIES: readonly Country[] = sortByName(Object.keys(names).map((code) => ({ code, name: nameOf(code) })));

/**
 * The 27 member states of the European Union (ISO codes: Greece is GR here, EL in its VAT numbers).
 * Kept by hand: membership is a political fact no ISO list carries; last change 2020-02-01 (United Kingdom left).
 */
export const EU_MEMBER_STATE_CODES = [
  "AT",
  "BE",
  "BG",
  "CY",
  "CZ",
  "DE",
  "DK",
  "EE",
  "ES",
  "FI",
  "FR",
  "GR",
  "HR",
  "HU",
  "IE",
  "IT",
  "LT",
  "LU",
  "LV",
  "MT",
  "NL",
  "PL",
  "PT",
  "RO",
  "SE",
  "SI",
  "SK",
] as const;
export type EuCountryCode = (typeof EU_MEMBER_STATE_CODES)[number];

/** EU member states with their French names, sorted by name. */
export const EU_MEMBER_STATES: readonly Country[] = sortByName(EU_MEMBER_STATE_CODES.map((code) => ({ code, name: nameOf(code) })));

/** Upper-cases and trims a country code typed or posted as « fr », « Fr »… */
export function normaliseCountryCode(code: string): string {
  return code.trim().toUpperCase();
}

/** Is this an ISO 3166-1 alpha-2 code (case-insensitive)? */
export function isCountryCode(code: string): boolean {
  return Object.hasOwn(names, normaliseCountryCode(code));
}

/** Is this the ISO code of an EU member state (case-insensitive)? « EL » is not an ISO code: use « GR ». */
export function isEuCountry(code: string): boolean {
  return (EU_MEMBER_STATE_CODES as readonly string[]).includes(normaliseCountryCode(code));
}

/** French name of a country, or undefined for an unknown code. */
export function countryName(code: string): string | undefined {
  const normalised = normaliseCountryCode(code);
  return Object.hasOwn(names, normalised) ? nameOf(normalised) : undefined;
}

/** Countries outside the EU (the « Structure hors UE » picker also excludes French territories, see hors-ue.ts). */
export const NON_EU_COUNTRIES: readonly Country[] = ALL_COUNTRIES.filter((c) => !isEuCountry(c.code));
