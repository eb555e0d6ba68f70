"use server";

import { echec, parse } from "@/lib/actions";
import { getActeur } from "@/lib/auth/session";
import { AppError, type ActionResult } from "@/lib/errors";
import { decisionRattachementSchema } from "@/lib/structures/schemas";
import { deciderRattachement } from "@/lib/structures/utilisateurs";

export async function deciderRattachementAction(input: unknown): Promise<ActionResult> {
  try {
    const acteur = await getActeur();
    if (!acteur) throw new AppError("NON_CONNECTE");
    const { membershipId, decision, motif } = parse(decisionRattachementSchema, input);
    await deciderRattachement(acteur, membershipId, decision, motif);
    // No revalidation: the row stays, showing the decision, until the manager reloads the list.
    return { ok: true };
  } catch (error) {
    return echec(error);
  }
}
