"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions";
import { decisionAcheteurPublicSchema, etatStructureSchema, reattributionSchema, retraitAcheteurPublicSchema } from "@/lib/administration/schemas";
import { deciderDemandeAcheteurPublic, retirerStatutAcheteurPublic } from "@/lib/structures/demandes-acheteur-public";
import { changerEtatStructure, reattribuerGestionnairePrincipal } from "@/lib/administration/structures";

// The administrators' actions: each domain function checks, from the database, that the actor is a portal
// administrator (ADMINISTRATEUR_REQUIS otherwise), audits and mails the structure's managers.

/** « Accorder » / « Refuser » a request for the public-buyer status. */
export const deciderDemandeAcheteurPublicAction = action(
  { session: "requise", schema: decisionAcheteurPublicSchema },
  async ({ demandeId, decision, motif }, acteur) => {
    await deciderDemandeAcheteurPublic(acteur, demandeId, { decision, motif });
    revalidatePath("/administration/acheteurs-publics");
  },
);

/** « Retirer le statut d'acheteur public » of a structure. */
export const retirerAcheteurPublicAction = action({ session: "requise", schema: retraitAcheteurPublicSchema }, async ({ structureId, motif }, acteur) => {
  await retirerStatutAcheteurPublic(acteur, structureId, { motif });
  revalidatePath(`/administration/structures/${structureId}`);
});

/** « Désactiver la structure » / « Réactiver la structure ». */
export const changerEtatStructureAction = action({ session: "requise", schema: etatStructureSchema }, async ({ structureId, active, motif }, acteur) => {
  await changerEtatStructure(acteur, structureId, { active, motif });
  revalidatePath(`/administration/structures/${structureId}`);
});

/** « Changer de gestionnaire principal ». */
export const reattribuerGestionnairePrincipalAction = action(
  { session: "requise", schema: reattributionSchema },
  async ({ structureId, membershipId, anciens, motif }, acteur) => {
    await reattribuerGestionnairePrincipal(acteur, structureId, { membershipId, anciens, motif });
    revalidatePath(`/administration/structures/${structureId}`);
  },
);
