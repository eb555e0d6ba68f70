import { z } from "zod";
import { getCountrySpecifications, validateBIC, validateIBAN, ValidationErrorsIBAN } from "ibantools";

/**
 * « Coordonnées bancaires » of a structure: one schema for the form and the server action (client-safe). The IBAN and
 * the BIC are checked by `ibantools` (the IBAN's length and format for its country and its check digits, the national
 * key where the country has one; the BIC's format and country), then kept in their electronic format: no spaces,
 * upper case.
 */

const sansEspaces = (v: string) => v.replace(/[\s-]/g, "").toUpperCase();

/** Why an IBAN is refused, in French; null when it is valid. */
export function erreurIban(saisie: string): string | null {
  const iban = sansEspaces(saisie);
  if (!iban) return "L'IBAN est obligatoire.";
  const { valid, errorCodes } = validateIBAN(iban);
  if (valid) return null;
  if (errorCodes.includes(ValidationErrorsIBAN.NoIBANCountry))
    return "L'IBAN doit commencer par le code de son pays puis sa clé, par exemple FR76 pour un compte en France.";
  if (errorCodes.includes(ValidationErrorsIBAN.WrongBBANLength)) {
    const attendu = getCountrySpecifications()[iban.slice(0, 2)]?.chars;
    return attendu
      ? `L'IBAN saisi n'a pas la bonne longueur : ${attendu} caractères pour ce pays, ${iban.length} saisis.`
      : "L'IBAN saisi n'a pas la bonne longueur pour ce pays.";
  }
  if (errorCodes.includes(ValidationErrorsIBAN.WrongBBANFormat)) return "L'IBAN saisi n'a pas le format attendu pour ce pays : vérifiez chaque caractère.";
  return "L'IBAN saisi n'est pas valide : vérifiez sa clé de contrôle.";
}

/** Why a BIC is refused, in French; null when it is valid. */
export function erreurBic(saisie: string): string | null {
  const bic = sansEspaces(saisie);
  if (!bic) return "Le BIC est obligatoire.";
  if (validateBIC(bic).valid) return null;
  return "Le BIC saisi n'est pas valide : 8 ou 11 caractères, par exemple BNPAFRPP ou BNPAFRPPXXX.";
}

const texte = (obligatoire: string, max: number) =>
  z
    .string({ error: obligatoire })
    .trim()
    .min(1, obligatoire)
    .max(max, `${max} caractères au plus.`)
    .refine((v) => !/\p{Cc}/u.test(v), "Ce texte contient un caractère invalide.");

export const compteBancaireSchema = z.object({
  libelle: texte("Le libellé est obligatoire.", 100),
  titulaire: texte("Le titulaire du compte est obligatoire.", 70),
  iban: z
    .string({ error: "L'IBAN est obligatoire." })
    .max(60, "L'IBAN comporte 34 caractères au plus.")
    .transform((v, ctx) => {
      const erreur = erreurIban(v);
      if (erreur) {
        ctx.addIssue({ code: "custom", message: erreur });
        return z.NEVER;
      }
      return sansEspaces(v);
    }),
  bic: z
    .string({ error: "Le BIC est obligatoire." })
    .max(30, "Le BIC comporte 11 caractères au plus.")
    .transform((v, ctx) => {
      const erreur = erreurBic(v);
      if (erreur) {
        ctx.addIssue({ code: "custom", message: erreur });
        return z.NEVER;
      }
      return sansEspaces(v);
    }),
});
export type CompteBancaireForm = z.input<typeof compteBancaireSchema>;
export type CompteBancaireData = z.output<typeof compteBancaireSchema>;

export const compteBancaireIdSchema = z.object({ compteId: z.uuid() });
