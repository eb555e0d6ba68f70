"use server";

import { action } from "@/lib/actions";
import { apercuStructure } from "@/lib/accounts/structure-saisie";
import { creerStructure } from "@/lib/structures/creation";
import { demanderRattachementParIdentifiant } from "@/lib/structures/mes-structures";
import { creerStructureServerSchema, structureSaisieServerSchema } from "@/lib/structures/server-schemas";

/** On leaving the « Identifiant » field: the structure on the portal, or the INSEE directory's data for a new one. */
export const rechercherStructureAction = action({ session: "requise", schema: structureSaisieServerSchema }, (saisie) => apercuStructure(saisie));

export const creerStructureAction = action({ session: "requise", schema: creerStructureServerSchema }, async (saisie, acteur) => {
  const s = await creerStructure(acteur, saisie);
  return { raisonSociale: s.raisonSociale };
});

export const demanderRattachementAction = action({ session: "requise", schema: structureSaisieServerSchema }, (saisie, acteur) =>
  demanderRattachementParIdentifiant(acteur, saisie),
);
