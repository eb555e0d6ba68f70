"use server";

import { parse } from "@/lib/actions";
import type { ActionResult } from "@/lib/errors";
import { apercuStructure, type ApercuStructure } from "@/lib/accounts/structure-saisie";
import { creerStructure } from "@/lib/structures/creation";
import { demanderRattachementParIdentifiant } from "@/lib/structures/mes-structures";
import { creerStructureServerSchema, structureSaisieServerSchema } from "@/lib/structures/server-schemas";
import { executer } from "../_lib/executer";

/** On leaving the « Identifiant » field: the structure on the portal, or the INSEE directory's data for a new one. */
export async function rechercherStructureAction(input: unknown): Promise<ActionResult<ApercuStructure>> {
  return executer(() => apercuStructure(parse(structureSaisieServerSchema, input)));
}

export async function creerStructureAction(input: unknown): Promise<ActionResult<{ raisonSociale: string }>> {
  return executer(async (acteur) => {
    const s = await creerStructure(acteur, parse(creerStructureServerSchema, input));
    return { raisonSociale: s.raisonSociale };
  });
}

export async function demanderRattachementAction(input: unknown): Promise<ActionResult<{ raisonSociale: string }>> {
  return executer((acteur) => demanderRattachementParIdentifiant(acteur, parse(structureSaisieServerSchema, input)));
}
