import { z } from "zod";

/** The administrators' forms: one schema each, parsed again by their server actions. */

/** A reason typed by someone: at most 1000 characters, no NUL (PostgreSQL's text holds none). */
const motif = () =>
  z
    .string()
    .trim()
    .max(1000, "1000 caractères au plus.")
    .refine((v) => !v.includes("\u0000"), "Ce texte contient un caractère invalide.");
const motifObligatoire = (message: string) => motif().refine((v) => v.length > 0, message);

export const decisionAcheteurPublicSchema = z
  .object({
    demandeId: z.uuid(),
    decision: z.enum(["ACCORDER", "REFUSER"]),
    motif: motif().optional(),
  })
  .refine((v) => v.decision === "ACCORDER" || !!v.motif, { path: ["motif"], message: "Indiquez le motif du refus." });

export const retraitAcheteurPublicSchema = z.object({ structureId: z.uuid(), motif: motifObligatoire("Indiquez le motif du retrait.") });

export const etatStructureSchema = z.object({ structureId: z.uuid(), active: z.boolean(), motif: motifObligatoire("Indiquez le motif.") });

export const reattributionSchema = z.object({
  structureId: z.uuid(),
  membershipId: z.uuid({ error: "Choisissez le nouveau gestionnaire principal." }),
  anciens: z.enum(["DESACTIVE", "SECONDAIRE"], { error: "Choisissez ce que devient l'ancien gestionnaire principal." }),
  motif: motifObligatoire("Indiquez le motif."),
});

/** « Structures » search, from the page's query (GET form): a value that does not parse reads as absent. */
export const rechercheAdministrationSchema = z.object({
  q: z
    .string()
    // Control characters (a NUL from « %00 » in the address) read as spaces: PostgreSQL's text holds no NUL.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: they are what this removes
    .transform((v) => v.replace(/[\u0000-\u001f\u007f]/g, " ").trim())
    .pipe(z.string().max(200))
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
