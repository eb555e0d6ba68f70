"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions";
import { changerRoleSchema, decisionRattachementSchema, membreSchema, serviceFinancierSchema } from "@/lib/structures/schemas";
import { changerRole, changerServiceFinancier, deciderRattachement, desactiverUtilisateur, reactiverUtilisateur } from "@/lib/structures/utilisateurs";
import { structureDe } from "@/lib/invoices/acces";
import { invitationSchema, revoquerInvitationSchema, servicesUtilisateurSchema } from "@/lib/structures/services-utilisateurs-schema";
import { changerServicesUtilisateur } from "@/lib/structures/services-utilisateurs";
import { inviterUtilisateur, revoquerInvitation } from "@/lib/structures/invitations";

const PAGE = "/structures/utilisateurs";

/** « Valider » / « Refuser » a request, on « Utilisateurs » and on « Demandes de rattachement ». */
export const deciderRattachementAction = action({ session: "requise", schema: decisionRattachementSchema }, ({ membershipId, decision, motif }, acteur) =>
  // No revalidation: the row stays, showing the decision, until the manager reloads the list.
  deciderRattachement(acteur, membershipId, decision, motif),
);

export const changerRoleAction = action({ session: "requise", schema: changerRoleSchema }, async ({ membershipId, role }, acteur) => {
  await changerRole(acteur, membershipId, role);
  revalidatePath(PAGE);
});

export const desactiverUtilisateurAction = action({ session: "requise", schema: membreSchema }, async ({ membershipId }, acteur) => {
  await desactiverUtilisateur(acteur, membershipId);
  revalidatePath(PAGE);
});

/** « Habiliter au service financier » / « Retirer l'habilitation » (gestionnaires of a public buyer). */
export const serviceFinancierAction = action({ session: "requise", schema: serviceFinancierSchema }, async ({ membershipId, accorde }, acteur) => {
  await changerServiceFinancier(acteur, membershipId, accorde);
  revalidatePath(PAGE);
});

export const reactiverUtilisateurAction = action({ session: "requise", schema: membreSchema }, async ({ membershipId }, acteur) => {
  await reactiverUtilisateur(acteur, membershipId);
  revalidatePath(PAGE);
});

/** « Services et droits » of a utilisateur simple (none: the whole structure). */
export const servicesUtilisateurAction = action({ session: "requise", schema: servicesUtilisateurSchema }, async ({ membershipId, services }, acteur) => {
  await changerServicesUtilisateur(acteur, membershipId, services);
  revalidatePath(PAGE);
});

/** « Inviter un utilisateur »: counted per address and per gestionnaire (`invitation`), nobody fills a mailbox with invitations. */
export const inviterUtilisateurAction = action({ session: "requise", schema: invitationSchema, limite: "invitation" }, async (input, acteur) => {
  await inviterUtilisateur(acteur, structureDe(acteur), input);
  revalidatePath(PAGE);
});

export const revoquerInvitationAction = action({ session: "requise", schema: revoquerInvitationSchema }, async ({ invitationId }, acteur) => {
  await revoquerInvitation(acteur, invitationId);
  revalidatePath(PAGE);
});
