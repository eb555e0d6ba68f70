import { z } from "zod";
import { isValidPhoneNumber, parsePhoneNumber } from "libphonenumber-js";

/** « Identification et coordonnées » of a structure: every field optional (blank = none), checked the same in the form and the action. */
const texte = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `${max} caractères au plus.`)
    .transform((v) => v || null)
    .nullish();

export const coordonneesSchema = z.object({
  libelle: texte(100),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, "L'adresse électronique est trop longue.")
    .refine((v) => v === "" || z.email().safeParse(v).success, "Saisissez une adresse électronique valide, par exemple contact@exemple.fr.")
    .transform((v) => v || null)
    .nullish(),
  phone: z
    .string()
    .trim()
    .max(30, "30 caractères au plus.")
    .refine((v) => v === "" || isValidPhoneNumber(v, "FR"), "Saisissez un numéro de téléphone valide, par exemple 01 23 45 67 89 ou +33 1 23 45 67 89.")
    .transform((v) => (v ? parsePhoneNumber(v, "FR").formatInternational() : null))
    .nullish(),
  adresse: texte(200),
  complement1: texte(200),
  complement2: texte(200),
  codePostal: texte(20),
  ville: texte(100),
  pays: texte(100),
});
export type CoordonneesForm = z.input<typeof coordonneesSchema>;
export type CoordonneesData = z.output<typeof coordonneesSchema>;
