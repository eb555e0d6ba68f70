import "server-only";
import { isKnownCommuneCode } from "./communes.server";
import { validateIdentifier, type IdentifierType } from "./index";
import { makeIdentifierSchema } from "./schemas";

export { isKnownCommuneCode };

/** {@link validateIdentifier} with the birthplace of a « Particulier » checked against the official commune list. */
export function validateIdentifierOnServer(type: IdentifierType, input: string, countryCode?: string | null) {
  return validateIdentifier(type, input, countryCode, { communeCodeExists: isKnownCommuneCode });
}

/** The form schema of ./schemas plus the commune list check: re-parse the posted data with this one. */
export const identifierServerSchema = makeIdentifierSchema({ communeCodeExists: isKnownCommuneCode });
