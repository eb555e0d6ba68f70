import { z } from "zod";
import { isCountryCode, normaliseCountryCode } from "./countries";
import { horsUeCountryError, horsUeIdentifier } from "./hors-ue";
import { normaliseParticulier, validateParticulier, type ParticulierOptions } from "./particulier";
import type { IdentifierResult } from "./result";
import { normaliseRidet, validateRidet } from "./ridet";
import { normaliseSiren, normaliseSiret, validateSiren, validateSiret } from "./siret";
import { normaliseTahiti, validateTahiti } from "./tahiti";
import { europeanOutsideFranceCountryError, normaliseVatNumber, validateEuropeanVatOutsideFrance, withVatPrefix } from "./vat";
import type { EuCountryCode } from "./countries";

// One schema for react-hook-form (zodResolver) and for the server action, which re-parses what it receives.
// Only difference: the birthplace of a « Particulier » is checked against the commune list on the server only
// (`identifierServerSchema` in ./server), the list being too large for the browser.

const TEXT_MAX = 255;

/** A string field normalised by `normalise`, then checked by one of the validators (same message everywhere). */
const checkedField = (requiredMessage: string, normalise: (s: string) => string, validate: (s: string) => IdentifierResult) =>
  z
    .string({ error: requiredMessage })
    .transform(normalise)
    .superRefine((value, ctx) => {
      const result = validate(value);
      if (!result.ok) ctx.addIssue({ code: "custom", message: result.message });
    });

/** A country code field (« fr » → « FR ») checked by a function returning the error message or null. */
const countryField = (check: (code: string) => string | null) =>
  checkedField("Choisissez un pays.", normaliseCountryCode, (code) => {
    const message = check(code);
    return message ? { ok: false, message } : { ok: true, value: code };
  });

const textField = (requiredMessage: string, max = TEXT_MAX) =>
  z
    .string({ error: requiredMessage })
    .trim()
    .min(1, { error: requiredMessage })
    .max(max, { error: `Ce champ ne doit pas dépasser ${max} caractères.` });

/** Runs an object-level check only when every field is valid, so a field never gets two messages. */
const whenFieldsValid = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };

/** 14-digit SIRET, spaces removed; reusable in any form (MOE, MOA…). */
export const siretField = checkedField("Le numéro SIRET est obligatoire.", normaliseSiret, validateSiret);
/** 9-digit SIREN, spaces removed. */
export const sirenField = checkedField("Le numéro SIREN est obligatoire.", normaliseSiren, validateSiren);

export const siretIdentifierSchema = z.object({ identifierType: z.literal("SIRET"), identifier: siretField });

export const ueHorsFranceIdentifierSchema = z
  .object({
    identifierType: z.literal("UE_HORS_FRANCE"),
    countryCode: countryField(europeanOutsideFranceCountryError),
    identifier: textField("Le numéro de TVA intracommunautaire est obligatoire.").transform(normaliseVatNumber),
  })
  .superRefine((data, ctx) => {
    const result = validateEuropeanVatOutsideFrance(data.countryCode, data.identifier);
    if (!result.ok) ctx.addIssue({ code: "custom", path: ["identifier"], message: result.message });
  }, whenFieldsValid)
  // Stored with its country prefix, added when the user left it out.
  .transform((data) => ({ ...data, identifier: withVatPrefix(data.countryCode as EuCountryCode, data.identifier) }));

export const horsUeIdentifierSchema = z
  .object({
    identifierType: z.literal("HORS_UE"),
    countryCode: countryField(horsUeCountryError),
    raisonSociale: textField("La raison sociale est obligatoire.").transform((s) => s.replace(/\s+/g, " ")),
  })
  // The identifier is not typed: it is generated from the country and the raison sociale.
  .transform((data) => ({ ...data, identifier: horsUeIdentifier(data.countryCode, data.raisonSociale) }));

export const ridetIdentifierSchema = z.object({
  identifierType: z.literal("RIDET"),
  identifier: checkedField("Le numéro RIDET est obligatoire.", normaliseRidet, validateRidet),
});

export const tahitiIdentifierSchema = z.object({
  identifierType: z.literal("TAHITI"),
  identifier: checkedField("Le numéro TAHITI est obligatoire.", normaliseTahiti, validateTahiti),
});

/** Countries served by the French postal system: 5-digit postal codes. */
const FRENCH_POSTAL_CODE_COUNTRIES = new Set(["FR", "GP", "GF", "MQ", "RE", "YT", "MF", "BL", "PM", "NC", "PF", "WF", "MC"]);

const particulierIdentifierSchema = (options: ParticulierOptions) =>
  z
    .object({
      identifierType: z.literal("PARTICULIER"),
      identifier: checkedField("L'identifiant du particulier est obligatoire.", normaliseParticulier, (value) => validateParticulier(value, options)),
      nom: textField("Le nom est obligatoire."),
      prenom: textField("Le prénom est obligatoire."),
      adresse: textField("L'adresse est obligatoire."),
      ville: textField("La ville est obligatoire."),
      codePostal: textField("Le code postal est obligatoire.", 20).transform((s) => s.toUpperCase()),
      countryCode: countryField((code) => (isCountryCode(code) ? null : code === "" ? "Choisissez un pays." : "Ce code pays n'est pas valide.")),
    })
    .superRefine((data, ctx) => {
      if (FRENCH_POSTAL_CODE_COUNTRIES.has(data.countryCode) && !/^\d{5}$/.test(data.codePostal)) {
        ctx.addIssue({ code: "custom", path: ["codePostal"], message: "Le code postal doit comporter 5 chiffres." });
      }
    }, whenFieldsValid);

export type IdentifierSchemaOptions = ParticulierOptions;

/** The identifier part of a structure form, discriminated on `identifierType`. */
export function makeIdentifierSchema(options: IdentifierSchemaOptions = {}) {
  return z.discriminatedUnion(
    "identifierType",
    [
      siretIdentifierSchema,
      ueHorsFranceIdentifierSchema,
      horsUeIdentifierSchema,
      ridetIdentifierSchema,
      tahitiIdentifierSchema,
      particulierIdentifierSchema(options),
    ],
    { error: "Choisissez un type d'identifiant." },
  );
}

/** Client-safe schema (react-hook-form); the server re-parses with `identifierServerSchema` from ./server. */
export const identifierSchema = makeIdentifierSchema();

/** What the form holds (before normalisation). */
export type IdentifierFormInput = z.input<typeof identifierSchema>;
/** What a successful parse gives: normalised values, `identifier` always present (generated for HORS_UE). */
export type IdentifierFormValues = z.output<typeof identifierSchema>;
