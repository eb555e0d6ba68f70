"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions";
import { structureDe } from "@/lib/invoices/acces";
import { demandeAcheteurPublicSchema, parametresSchema } from "@/lib/structures/schemas";
import { modifierParametres } from "@/lib/structures/parametres";
import { demanderStatutAcheteurPublic } from "@/lib/structures/demandes-acheteur-public";

export const modifierParametresAction = action({ session: "requise", schema: parametresSchema }, async (parametres, acteur) => {
  await modifierParametres(acteur, structureDe(acteur), parametres);
  revalidatePath("/structures/parametres");
});

/** « Demander le statut d'acheteur public » (gestionnaire principal): the request goes to the administrators' queue. */
export const demanderAcheteurPublicAction = action({ session: "requise", schema: demandeAcheteurPublicSchema }, async ({ motif }, acteur) => {
  await demanderStatutAcheteurPublic(acteur, structureDe(acteur), { motif });
});
