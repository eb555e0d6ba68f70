"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions";
import { structureDe } from "@/lib/invoices/acces";
import { actualiserDepuisInsee, modifierCoordonnees } from "@/lib/structures/coordonnees";
import { coordonneesSchema } from "@/lib/structures/coordonnees-schema";

/** « Enregistrer les coordonnées » (gestionnaire principal). */
export const modifierCoordonneesAction = action({ session: "requise", schema: coordonneesSchema }, async (saisie, acteur) => {
  const r = await modifierCoordonnees(acteur, structureDe(acteur), saisie);
  revalidatePath("/structures/identification");
  return r;
});

/** « Actualiser depuis l'annuaire INSEE » (gestionnaire principal, SIRET): what changed, before and after. */
export const actualiserDepuisInseeAction = action({ session: "requise", schema: z.unknown(), limite: "annuaire" }, async (_, acteur) => {
  const r = await actualiserDepuisInsee(acteur, structureDe(acteur));
  revalidatePath("/structures/identification");
  return r;
});
