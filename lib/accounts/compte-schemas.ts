import { z } from "zod";
import { saisieMotDePasse, telephoneSchema } from "./schemas";

/** « Mon compte » → « Mes informations »: the same rules as at account creation. */
const requis = (label: string) =>
  z
    .string({ error: `${label} est obligatoire.` })
    .trim()
    .min(1, `${label} est obligatoire.`)
    .max(100, "100 caractères au plus.");

export const identiteSchema = z.object({ firstName: requis("Le prénom"), lastName: requis("Le nom"), phone: telephoneSchema });
export type IdentiteForm = z.input<typeof identiteSchema>;
export type IdentiteData = z.output<typeof identiteSchema>;

/** « Désactiver mon compte »: confirmed by the current password (a borrowed session cannot close the account). */
export const desactivationSchema = z.object({ motDePasse: saisieMotDePasse.pipe(z.string().min(1, "Saisissez votre mot de passe pour confirmer.")) });
export type DesactivationForm = z.input<typeof desactivationSchema>;
