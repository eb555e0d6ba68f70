import { z } from "zod";
import { emailSchema, motDePasseSchema, telephoneSchema } from "@/lib/accounts/schemas";

/** One schema per form (react-hook-form in the browser, parsed again by the server action). */

export const DROITS_SERVICE = ["CONSULTATION", "MODIFICATION"] as const;

const servicesEtDroits = z
  .array(z.object({ serviceId: z.uuid(), droit: z.enum(DROITS_SERVICE, { error: "Choisissez « Consultation » ou « Modification »." }) }))
  .max(500);

/** « Services et droits » of a member: empty, the whole structure. */
export const servicesUtilisateurSchema = z.object({ membershipId: z.uuid(), services: servicesEtDroits });

/** « Inviter un utilisateur »: the address, and the services and rights of the account it will create. */
export const invitationSchema = z.object({ email: emailSchema, services: servicesEtDroits });
export type InvitationForm = z.input<typeof invitationSchema>;

export const revoquerInvitationSchema = z.object({ invitationId: z.uuid() });

/** The « Factures de travaux » space of one service, opened or closed. */
export const espaceServiceSchema = z.object({ serviceId: z.uuid(), ouvert: z.boolean() });

const requis = (label: string) =>
  z
    .string({ error: `${label} est obligatoire.` })
    .trim()
    .min(1, `${label} est obligatoire.`)
    .pipe(z.string().max(100, "100 caractères au plus."));

/** « Créer mon compte » from an invitation link: the address is the invitation's; the person gives the rest. */
export const accepterInvitationSchema = z
  .object({
    token: z.string().min(10).max(200),
    firstName: requis("Le prénom"),
    lastName: requis("Le nom"),
    phone: telephoneSchema,
    acceptTerms: z.literal(true, { error: "Vous devez accepter les conditions générales d'utilisation pour créer un compte." }),
  })
  .and(motDePasseSchema);
export type AccepterInvitationForm = z.input<typeof accepterInvitationSchema>;
