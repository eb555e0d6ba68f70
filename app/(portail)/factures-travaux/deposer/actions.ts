"use server";

import { z } from "zod";
import { action, parse } from "@/lib/actions";
import { creerBrouillon, enregistrerCadre, enregistrerFacture, enregistrerParties, supprimerBrouillon } from "@/lib/invoices/brouillon";
import { envoyer } from "@/lib/invoices/envoi";
import { enregistrerSignature } from "@/lib/invoices/fin-de-marche";
import { signatureSchema } from "@/lib/invoices/signature-schema";
import { donnerAvis } from "@/lib/invoices/consultation";
import { consulterPartie, rechercherPartie } from "@/lib/invoices/parties";
import { supprimerPieceJointe } from "@/lib/invoices/pieces-jointes";
import { avisSchema, cadreSchema, factureSchema, partiesSchema } from "@/lib/invoices/schemas";
import { rechercheStructuresSchema } from "@/lib/structures/recherche-schema";

// Server actions are public endpoints (see `action`): the session, the input parsed with the form's own schema,
// then one domain function, which checks what the actor may do.

const avecId = z.object({ id: z.string() });

export const creerBrouillonAction = action({ session: "requise", schema: cadreSchema }, (cadre, acteur) => creerBrouillon(acteur, cadre));

export const enregistrerCadreAction = action({ session: "requise", schema: avecId.and(cadreSchema) }, ({ id, ...cadre }, acteur) =>
  enregistrerCadre(acteur, id, cadre),
);

export const enregistrerPartiesAction = action({ session: "requise", schema: avecId.and(partiesSchema) }, ({ id, ...parties }, acteur) =>
  enregistrerParties(acteur, id, parties),
);

/** The structure behind a SIRET typed in step 2 (raison sociale, services, whether its space is open). */
export const consulterStructureAction = action({ session: "requise", schema: z.object({ siret: z.string() }), limite: "annuaire" }, ({ siret }, acteur) =>
  consulterPartie(acteur, siret),
);

/** « Recherche avancée » in the directory of structures. */
export const rechercheAvanceeAction = action({ session: "requise", schema: rechercheStructuresSchema, limite: "annuaire" }, (criteres, acteur) =>
  rechercherPartie(acteur, criteres),
);

// The invoice step comes as `{ id, facture }`: its field errors keep the form's own names (`numero`, not `facture.numero`).
const avecFacture = z.object({ id: z.string(), facture: z.unknown() });

export const enregistrerFactureAction = action({ session: "requise", schema: avecFacture }, ({ id, facture }, acteur) =>
  enregistrerFacture(acteur, id, parse(factureSchema, facture)),
);

/** « Confirmer et envoyer »: saves the invoice step when it comes with the request, then sends. */
export const envoyerAction = action({ session: "requise", schema: avecFacture.partial({ facture: true }) }, async ({ id, facture }, acteur) => {
  if (facture !== undefined) await enregistrerFacture(acteur, id, parse(factureSchema, facture));
  const r = await envoyer(acteur, id);
  return { numeroDepot: r.numeroDepot };
});

export const supprimerPieceJointeAction = action(
  { session: "requise", schema: z.object({ id: z.string(), pieceJointeId: z.string() }) },
  ({ id, pieceJointeId }, acteur) => supprimerPieceJointe(acteur, id, pieceJointeId),
);

/** The A8 signing a décompte général: « J'accepte le décompte général » or « J'accepte avec réserves » (with their reason). */
export const enregistrerSignatureAction = action({ session: "requise", schema: avecId.and(signatureSchema) }, ({ id, ...signature }, acteur) =>
  enregistrerSignature(acteur, id, signature),
);

export const supprimerBrouillonAction = action({ session: "requise", schema: avecId }, ({ id }, acteur) => supprimerBrouillon(acteur, id));

export const donnerAvisAction = action({ session: "requise", schema: avecId.and(avisSchema) }, ({ id, ...avis }, acteur) => donnerAvis(acteur, id, avis));
