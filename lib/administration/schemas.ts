import { z } from "zod";

/** The administrators' forms: one schema each, parsed again by their server actions. */

const motifObligatoire = (message: string) => z.string({ error: message }).trim().min(1, message).max(1000, "1000 caractères au plus.");

export const decisionAcheteurPublicSchema = z
  .object({
    demandeId: z.uuid(),
    decision: z.enum(["ACCORDER", "REFUSER"]),
    motif: z.string().trim().max(1000, "1000 caractères au plus.").optional(),
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
  q: z.string().trim().max(200).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
