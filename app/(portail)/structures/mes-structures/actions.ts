"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions";
import { changerStructureCourante, demanderRattachement } from "@/lib/structures/mes-structures";
import { structureIdSchema } from "@/lib/structures/schemas";

export const changerStructureAction = action({ session: "requise", schema: structureIdSchema }, async ({ structureId }, acteur) => {
  await changerStructureCourante(acteur, structureId);
  revalidatePath("/", "layout");
});

export const demanderRattachementAction = action({ session: "requise", schema: structureIdSchema }, async ({ structureId }, acteur) => {
  await demanderRattachement(acteur, structureId);
  revalidatePath("/structures/mes-structures");
});
