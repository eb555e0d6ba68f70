"use server";

import { revalidatePath } from "next/cache";
import { parse } from "@/lib/actions";
import type { ActionResult } from "@/lib/errors";
import { changerStructureCourante, demanderRattachement } from "@/lib/structures/mes-structures";
import { structureIdSchema } from "@/lib/structures/schemas";
import { executer } from "../_lib/executer";

export async function changerStructureAction(input: unknown): Promise<ActionResult> {
  const result = await executer((acteur) => changerStructureCourante(acteur, parse(structureIdSchema, input).structureId));
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

export async function demanderRattachementAction(input: unknown): Promise<ActionResult> {
  const result = await executer((acteur) => demanderRattachement(acteur, parse(structureIdSchema, input).structureId));
  if (result.ok) revalidatePath("/structures/mes-structures");
  return result;
}
