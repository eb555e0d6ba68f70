"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions";
import { structureDe } from "@/lib/invoices/acces";
import { compteBancaireIdSchema, compteBancaireSchema } from "@/lib/structures/comptes-bancaires-schema";
import { ajouterCompteBancaire, desactiverCompteBancaire } from "@/lib/structures/comptes-bancaires";

const PAGE = "/structures/coordonnees-bancaires";

export const ajouterCompteBancaireAction = action({ session: "requise", schema: compteBancaireSchema }, async (compte, acteur) => {
  await ajouterCompteBancaire(acteur, structureDe(acteur), compte);
  revalidatePath(PAGE);
});

export const desactiverCompteBancaireAction = action({ session: "requise", schema: compteBancaireIdSchema }, async ({ compteId }, acteur) => {
  await desactiverCompteBancaire(acteur, compteId);
  revalidatePath(PAGE);
});
