"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions";
import { structureDe } from "@/lib/invoices/acces";
import { parametresSchema } from "@/lib/structures/schemas";
import { modifierParametres } from "@/lib/structures/parametres";

export const modifierParametresAction = action({ session: "requise", schema: parametresSchema }, async (parametres, acteur) => {
  await modifierParametres(acteur, structureDe(acteur), parametres);
  revalidatePath("/structures/parametres");
});
