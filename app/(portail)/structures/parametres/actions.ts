"use server";

import { revalidatePath } from "next/cache";
import { parse } from "@/lib/actions";
import type { ActionResult } from "@/lib/errors";
import { parametresSchema } from "@/lib/structures/schemas";
import { modifierParametres } from "@/lib/structures/parametres";
import { executer, structureCourante } from "../_lib/executer";

export async function modifierParametresAction(input: unknown): Promise<ActionResult> {
  const result = await executer(async (acteur) => {
    await modifierParametres(acteur, structureCourante(acteur), parse(parametresSchema, input));
  });
  if (result.ok) revalidatePath("/structures/parametres");
  return result;
}
