import { z } from "zod";
import { isValidPhoneNumber, parsePhoneNumber } from "libphonenumber-js";
import { makeStructureSaisieSchema, structureSaisieSchema } from "@/lib/accounts/structure-schema";

/** One schema per form, used by react-hook-form in the browser and parsed again by the server action. */

const facultatif = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `${max} caractères au plus.`)
    .optional()
    .transform((v) => (v ? v : undefined));

export const emailInformatifSchema = facultatif(254).refine(
  (v) => v === undefined || z.email().safeParse(v).success,
  "Saisissez une adresse électronique valide, par exemple contact@exemple.fr.",
);

export const telephoneFacultatifSchema = facultatif(30)
  .refine((v) => v === undefined || isValidPhoneNumber(v, "FR"), "Saisissez un numéro de téléphone valide, par exemple 01 23 45 67 89 ou +33 1 23 45 67 89.")
  .transform((v) => (v ? parsePhoneNumber(v, "FR").formatInternational() : undefined));

/** « Créer une structure »: the identification part shared with « Créer un compte », plus e-mail and téléphone. */
export function makeCreerStructureSchema(structure: typeof structureSaisieSchema = structureSaisieSchema) {
  return z.object({ structure, email: emailInformatifSchema, phone: telephoneFacultatifSchema }).superRefine((v, ctx) => {
    // A « Particulier » gives his postal address (guide: nom, prénom, adresse, ville, code postal, pays).
    if (v.structure.identifierType !== "PARTICULIER") return;
    const requis = {
      nom: "Le nom",
      prenom: "Le prénom",
      adresse: "L'adresse",
      codePostal: "Le code postal",
      ville: "La ville",
      countryCode: "Le pays",
    } as const;
    for (const [field, label] of Object.entries(requis)) {
      if (!v.structure[field as keyof typeof requis]) ctx.addIssue({ code: "custom", path: ["structure", field], message: `${label} est obligatoire.` });
    }
  });
}
export const creerStructureSchema = makeCreerStructureSchema();
export type CreerStructureForm = z.input<typeof creerStructureSchema>;
export type CreerStructureData = z.output<typeof creerStructureSchema>;
export { makeStructureSaisieSchema };

export const ROLES_STRUCTURE = ["GESTIONNAIRE_PRINCIPAL", "GESTIONNAIRE_SECONDAIRE", "UTILISATEUR_SIMPLE"] as const;

export const changerRoleSchema = z.object({
  membershipId: z.uuid(),
  role: z.enum(ROLES_STRUCTURE, { error: "Choisissez un rôle." }),
});

export const membreSchema = z.object({ membershipId: z.uuid() });

/** « Service financier »: granted (true) or withdrawn (false) to a member of a public buyer. */
export const serviceFinancierSchema = z.object({ membershipId: z.uuid(), accorde: z.boolean() });

export const decisionRattachementSchema = z
  .object({
    membershipId: z.uuid(),
    decision: z.enum(["VALIDER", "REFUSER"]),
    motif: z.string().trim().max(500, "500 caractères au plus.").optional(),
  })
  .refine((v) => v.decision === "VALIDER" || !!v.motif, { path: ["motif"], message: "Indiquez le motif du refus." });

export const serviceSchema = z.object({
  code: z
    .string({ error: "Le code du service est obligatoire." })
    .trim()
    .toUpperCase()
    .min(1, "Le code du service est obligatoire.")
    .max(30, "30 caractères au plus.")
    .regex(/^[A-Z0-9][A-Z0-9_.-]*$/, "Lettres sans accents, chiffres, tirets, points ou soulignés, sans espace (par exemple DEPT-IMMO)."),
  libelle: z
    .string({ error: "Le libellé du service est obligatoire." })
    .trim()
    .min(1, "Le libellé du service est obligatoire.")
    .max(100, "100 caractères au plus."),
});
export type ServiceForm = z.input<typeof serviceSchema>;

export const modifierServiceSchema = serviceSchema.extend({ serviceId: z.uuid() });
export const etatServiceSchema = z.object({ serviceId: z.uuid(), active: z.boolean() });

/**
 * « Paramètres de la structure »: its « Factures de travaux » space, and a public buyer's requirements on the pieces
 * addressed to it (« Code service obligatoire », « Numéro d'engagement juridique obligatoire ») and the delegation of
 * the validation of états d'acompte to the MOE. Each one optional: a form sends what it changes. The public-buyer status
 * itself is never self-declared.
 */
export const parametresSchema = z
  .object({
    worksSpaceOpen: z.boolean().optional(),
    codeServiceObligatoire: z.boolean().optional(),
    engagementObligatoire: z.boolean().optional(),
    validationDelegueeMoe: z.boolean().optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), "Aucun paramètre à modifier.");
export type ParametresData = z.output<typeof parametresSchema>;

/** « Demander le statut d'acheteur public »: the reason, read by the administrators. */
export const demandeAcheteurPublicSchema = z.object({
  motif: z
    .string({ error: "Indiquez pourquoi la structure est un acheteur public." })
    .trim()
    .min(1, "Indiquez pourquoi la structure est un acheteur public.")
    .max(1000, "1000 caractères au plus.")
    .refine((v) => !v.includes("\u0000"), "Ce texte contient un caractère invalide."),
});
export type DemandeAcheteurPublicForm = z.input<typeof demandeAcheteurPublicSchema>;

export const structureIdSchema = z.object({ structureId: z.uuid() });
