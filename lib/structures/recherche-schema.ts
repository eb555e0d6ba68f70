import { z } from "zod";

/** Words of a search as the directory matches them (same split as the SQL side, which normalises each word). */
export function motsRecherche(q: string): string[] {
  return q.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

const texte = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `${max} caractères au plus.`)
    .optional()
    .transform((v) => (v ? v : undefined));

const chiffres = (max: number, message: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v ? v.replace(/\s+/g, "") : undefined))
    .refine((v) => v === undefined || (/^\d+$/.test(v) && v.length <= max), message);

/** « Recherche avancée » in the directory: one schema for the form and for the domain function. */
export const rechercheStructuresSchema = z
  .object({
    q: texte(120).refine((v) => v === undefined || motsRecherche(v).some((m) => m.length >= 3), "Saisissez au moins un mot de 3 caractères."),
    siret: chiffres(14, "Le SIRET comporte 14 chiffres au plus (ou les premiers chiffres seulement).").refine(
      (v) => v === undefined || v.length >= 3,
      "Saisissez au moins les 3 premiers chiffres du SIRET.",
    ),
    ville: texte(100),
    codePostal: chiffres(5, "Le code postal comporte 5 chiffres au plus (ou les premiers chiffres seulement)."),
    page: z.coerce.number().int().min(1).max(1000).default(1),
    pageSize: z.coerce.number().int().min(1).max(50).default(20),
    filtre: z.object({ publicBuyer: z.boolean().optional(), worksSpaceOpen: z.boolean().optional() }).optional(),
  })
  .transform((v) => {
    // A number typed in the raison sociale field is searched as a SIRET (or SIREN) prefix.
    if (v.q && /^[\d\s]+$/.test(v.q) && !v.siret) {
      const digits = v.q.replace(/\s+/g, "");
      return { ...v, q: undefined, siret: digits.slice(0, 14) };
    }
    return v;
  });

export type RechercheStructuresInput = z.input<typeof rechercheStructuresSchema>;
export type RechercheStructures = z.output<typeof rechercheStructuresSchema>;
