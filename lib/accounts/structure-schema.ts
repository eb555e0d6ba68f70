import { z } from "zod";
import { identifierSchema } from "@/lib/identifiers/schemas";

const optionalText = (max = 255) =>
  z
    .string()
    .trim()
    .max(max, `${max} caractères au plus.`)
    .optional()
    .transform((v) => (v ? v : undefined));

/**
 * « Informations sur la structure »: the identifier (validated per type by lib/identifiers) plus what
 * the form may add for a new structure. Which of those are required depends on whether the structure
 * already exists on the portal, which only the server knows: the domain checks them (resoudreStructure).
 */
export function makeStructureSaisieSchema(identifier: typeof identifierSchema = identifierSchema) {
  return z
    .object({
      identifierType: z.enum(["SIRET", "UE_HORS_FRANCE", "HORS_UE", "RIDET", "TAHITI", "PARTICULIER"], { error: "Choisissez un type d'identifiant." }),
      identifier: optionalText(40),
      countryCode: optionalText(2),
      raisonSociale: optionalText(),
      nom: optionalText(100),
      prenom: optionalText(100),
      libelle: optionalText(),
      adresse: optionalText(),
      complement1: optionalText(),
      complement2: optionalText(),
      codePostal: optionalText(20),
      ville: optionalText(100),
    })
    .transform((value, ctx) => {
      const parsed = identifier.safeParse(value);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          ctx.addIssue({ code: "custom", path: issue.path.filter((p) => p !== "identifierType"), message: issue.message });
        }
        return z.NEVER;
      }
      return { ...value, ...parsed.data };
    });
}

export const structureSaisieSchema = makeStructureSaisieSchema();
