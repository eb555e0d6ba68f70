import { z } from "zod";
import { isValidPhoneNumber, parsePhoneNumber } from "libphonenumber-js";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, checkPassword, motDePasseTropLong } from "./password";
import { MESSAGES } from "@/lib/errors";
import { structureSaisieSchema } from "./structure-schema";

/** One schema per form, used by react-hook-form in the browser and parsed again by the server action. */

const requis = (label: string) =>
  z
    .string({ error: `${label} est obligatoire.` })
    .trim()
    .min(1, `${label} est obligatoire.`);

export const emailSchema = z
  .string({ error: "L'adresse électronique est obligatoire." })
  .trim()
  .toLowerCase()
  .min(1, "L'adresse électronique est obligatoire.")
  .max(254, "L'adresse électronique est trop longue.")
  .pipe(z.email({ error: "Saisissez une adresse électronique valide, par exemple prenom.nom@exemple.fr." }));

export const telephoneSchema = requis("Le numéro de téléphone")
  .refine((v) => isValidPhoneNumber(v, "FR"), "Saisissez un numéro de téléphone valide, par exemple 01 23 45 67 89 ou +33 1 23 45 67 89.")
  .transform((v) => parsePhoneNumber(v, "FR").formatInternational());

export const creerCompteSchema = makeCreerCompteSchema(structureSaisieSchema);

/** The server passes the schema that also checks a Particulier's birthplace against the official commune list. */
export function makeCreerCompteSchema(structure: typeof structureSaisieSchema) {
  return z.object({
    email: emailSchema,
    firstName: requis("Le prénom").pipe(z.string().max(100, "100 caractères au plus.")),
    lastName: requis("Le nom").pipe(z.string().max(100, "100 caractères au plus.")),
    phone: telephoneSchema,
    contactEmail: emailSchema,
    acceptTerms: z.literal(true, { error: "Vous devez accepter les conditions générales d'utilisation pour créer un compte." }),
    structure,
    captchaId: z.uuid({ error: "Reproduisez la suite de caractères puis cliquez sur « Valider le Captcha »." }),
  });
}
export type CreerCompteForm = z.input<typeof creerCompteSchema>;
export type CreerCompteData = z.output<typeof creerCompteSchema>;

/** A password as typed: at most PASSWORD_MAX_LENGTH characters, refused before anything else (never hashed). */
export const saisieMotDePasse = z
  .string({ error: "Le mot de passe est obligatoire." })
  .max(2 * PASSWORD_MAX_LENGTH, MESSAGES.MOT_DE_PASSE_TROP_LONG)
  .refine((v) => !motDePasseTropLong(v), MESSAGES.MOT_DE_PASSE_TROP_LONG);

export const motDePasseSchema = z
  .object({
    password: saisieMotDePasse,
    confirmation: z.string().max(2 * PASSWORD_MAX_LENGTH, MESSAGES.MOT_DE_PASSE_TROP_LONG),
  })
  .superRefine((v, ctx) => {
    const check = checkPassword(v.password);
    if (motDePasseTropLong(v.password)) return;
    if (!check.longEnough)
      ctx.addIssue({ code: "custom", path: ["password"], message: `Le mot de passe doit comporter au moins ${PASSWORD_MIN_LENGTH} caractères.` });
    else if (check.kindCount < 3)
      ctx.addIssue({
        code: "custom",
        path: ["password"],
        message: "Le mot de passe doit contenir au moins 3 types de caractères parmi : majuscules, minuscules, chiffres, caractères spéciaux.",
      });
    if (v.password !== v.confirmation) ctx.addIssue({ code: "custom", path: ["confirmation"], message: "Les deux mots de passe ne sont pas identiques." });
  });
export type MotDePasseForm = z.input<typeof motDePasseSchema>;

export const connexionSchema = z.object({
  email: emailSchema,
  password: saisieMotDePasse.pipe(z.string().min(1, "Le mot de passe est obligatoire.")),
});

/** « Modifier mon mot de passe » in « Mon compte »: the current one, then the new one twice, with the same rules. */
export const changementMotDePasseSchema = z
  .object({ actuel: saisieMotDePasse.pipe(z.string().min(1, "Saisissez votre mot de passe actuel.")) })
  .and(motDePasseSchema);
export type ChangementMotDePasseForm = z.input<typeof changementMotDePasseSchema>;

export const demandeLienSchema = z.object({ email: emailSchema });
