"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions";
import { changerRoleSchema, decisionRattachementSchema, membreSchema, serviceFinancierSchema } from "@/lib/structures/schemas";
import { changerRole, changerServiceFinancier, deciderRattachement, desactiverUtilisateur, reactiverUtilisateur } from "@/lib/structures/utilisateurs";

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
