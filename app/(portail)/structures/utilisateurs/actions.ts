"use server";

import { revalidatePath } from "next/cache";
import { parse } from "@/lib/actions";
import type { ActionResult } from "@/lib/errors";
import { changerRoleSchema, decisionRattachementSchema, membreSchema } from "@/lib/structures/schemas";
import { changerRole, deciderRattachement, desactiverUtilisateur, reactiverUtilisateur } from "@/lib/structures/utilisateurs";
import { executer } from "../_lib/executer";

const PAGE = "/structures/utilisateurs";

export async function deciderRattachementAction(input: unknown): Promise<ActionResult> {
  return executer(async (acteur) => {
    const { membershipId, decision, motif } = parse(decisionRattachementSchema, input);
    await deciderRattachement(acteur, membershipId, decision, motif);
    // No revalidation: the row stays, showing the decision, until the manager reloads the list.
  });
}

export async function changerRoleAction(input: unknown): Promise<ActionResult> {
  const result = await executer(async (acteur) => {
    const { membershipId, role } = parse(changerRoleSchema, input);
    await changerRole(acteur, membershipId, role);
  });
  if (result.ok) revalidatePath(PAGE);
  return result;
}

export async function desactiverUtilisateurAction(input: unknown): Promise<ActionResult> {
  const result = await executer((acteur) => desactiverUtilisateur(acteur, parse(membreSchema, input).membershipId));
  if (result.ok) revalidatePath(PAGE);
  return result;
}

export async function reactiverUtilisateurAction(input: unknown): Promise<ActionResult> {
  const result = await executer((acteur) => reactiverUtilisateur(acteur, parse(membreSchema, input).membershipId));
  if (result.ok) revalidatePath(PAGE);
  return result;
}
