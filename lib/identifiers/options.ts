import { ALL_COUNTRIES, EU_MEMBER_STATES, type Country } from "./countries";
import { horsUeCountryError, validateHorsUe } from "./hors-ue";
import { IDENTIFIER_TYPE_LIST, type IdentifierType } from "./index";

/** `{ value, label }` lists for selects (client-safe). Shared arrays: copy before changing them. */
export type Option<V extends string = string> = { value: V; label: string };

const toOptions = (countries: readonly Country[]): Option[] => countries.map((c) => ({ value: c.code, label: c.name }));

/** « Type d'identifiant », in the guide's order. */
export const IDENTIFIER_TYPE_OPTIONS: Option<IdentifierType>[] = IDENTIFIER_TYPE_LIST.map((t) => ({ value: t.code, label: t.label }));

/** Every country (« Particulier »). */
export const COUNTRY_OPTIONS: Option[] = toOptions(ALL_COUNTRIES);

/** EU member states other than France (« Structure européenne hors France »). */
export const EU_COUNTRY_OPTIONS: Option[] = toOptions(EU_MEMBER_STATES.filter((c) => c.code !== "FR"));

/** Countries accepted for a « Structure hors UE » (neither the EU nor French territories that have their own type). */
export const HORS_UE_COUNTRY_OPTIONS: Option[] = toOptions(ALL_COUNTRIES.filter((c) => horsUeCountryError(c.code) === null));

/** The identifier a « Structure hors UE » will get, for display while typing; "" until country and name are valid. */
export function horsUeIdentifierPreview(countryCode?: string | null, raisonSociale?: string | null): string {
  const result = validateHorsUe(countryCode ?? "", raisonSociale ?? "");
  return result.ok ? result.value : "";
}
