import { z } from "zod";

/**
 * The titulaire's signature of a décompte général (A18, A20), on the A8 that follows it: « J'accepte le décompte
 * général », or « J'accepte avec réserves » — then the reason, and the mémoire en réclamation joined to the A8.
 * One schema for the form and the server action.
 */
export const MOTIF_RESERVES_MAX = 2000;

export const CHOIX_SIGNATURE = {
  ACCEPTE: "J'accepte le décompte général",
  RESERVES: "J'accepte avec réserves",
} as const;
export type ChoixSignature = keyof typeof CHOIX_SIGNATURE;

export const signatureSchema = z
  .object({
    signature: z.enum(["ACCEPTE", "RESERVES"], { error: "Choisissez « J'accepte le décompte général » ou « J'accepte avec réserves »." }),
    motifReserves: z
      .string()
      .trim()
      .max(MOTIF_RESERVES_MAX, { error: `Le motif des réserves ne peut dépasser ${MOTIF_RESERVES_MAX} caractères.` })
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (v.signature === "RESERVES" && !v.motifReserves)
      ctx.addIssue({ code: "custom", path: ["motifReserves"], message: "Indiquez le motif de vos réserves (l'objet de votre mémoire en réclamation)." });
  });
export type SignatureForm = z.input<typeof signatureSchema>;
export type SignatureData = z.output<typeof signatureSchema>;

/** How the signature reads on the A8's page, its certificate and the mails. */
export function libelleSignature(avecReserves: boolean): string {
  return avecReserves ? "Accepté avec réserves (mémoire en réclamation joint)" : "Accepté sans réserves";
}
