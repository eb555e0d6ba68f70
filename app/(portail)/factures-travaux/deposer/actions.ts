"use server";

import { z } from "zod";
import { echec, parse } from "@/lib/actions";
import { getActeur } from "@/lib/auth/session";
import { AppError, type ActionResult } from "@/lib/errors";
import { creerBrouillon, enregistrerCadre, enregistrerFacture, enregistrerParties, supprimerBrouillon } from "@/lib/invoices/brouillon";
import { envoyer } from "@/lib/invoices/envoi";
import { donnerAvis } from "@/lib/invoices/consultation";
import { structureParSiret, type StructurePartie } from "@/lib/invoices/parties";
import { supprimerPieceJointe } from "@/lib/invoices/pieces-jointes";
import { avisSchema, cadreSchema, factureSchema, partiesSchema } from "@/lib/invoices/schemas";
import { validateSiret } from "@/lib/identifiers/siret";
import { rechercherStructures, type ResultatAnnuaire } from "@/lib/structures/annuaire";
import { structureDe } from "@/lib/invoices/acces";

// Server actions are public endpoints: each checks the session, parses its input with the form's own schema,
// and calls one domain function, which checks what the actor may do.

async function acteurConnecte() {
  const acteur = await getActeur();
  if (!acteur) throw new AppError("NON_CONNECTE");
  return acteur;
}

const avecId = z.object({ id: z.string() });

export async function creerBrouillonAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  try {
    const acteur = await acteurConnecte();
    return { ok: true, data: await creerBrouillon(acteur, parse(cadreSchema, input)) };
  } catch (error) {
    return echec(error);
  }
}

export async function enregistrerCadreAction(input: unknown): Promise<ActionResult> {
  try {
    const acteur = await acteurConnecte();
    const { id } = parse(avecId, input);
    await enregistrerCadre(acteur, id, parse(cadreSchema, input));
    return { ok: true };
  } catch (error) {
    return echec(error);
  }
}

export async function enregistrerPartiesAction(input: unknown): Promise<ActionResult> {
  try {
    const acteur = await acteurConnecte();
    const { id } = parse(avecId, input);
    await enregistrerParties(acteur, id, parse(partiesSchema, input));
    return { ok: true };
  } catch (error) {
    return echec(error);
  }
}

/** The structure behind a SIRET typed in step 2 (raison sociale, services, whether its space is open). */
export async function consulterStructureAction(input: unknown): Promise<ActionResult<StructurePartie | null>> {
  try {
    const acteur = await acteurConnecte();
    structureDe(acteur);
    const { siret } = parse(z.object({ siret: z.string() }), input);
    const r = validateSiret(siret);
    if (!r.ok) throw new AppError("SAISIE_INVALIDE", { siret: r.message }, r.message);
    return { ok: true, data: await structureParSiret(r.value) };
  } catch (error) {
    return echec(error);
  }
}

/** « Recherche avancée » in the directory of structures. */
export async function rechercheAvanceeAction(input: unknown): Promise<ActionResult<ResultatAnnuaire>> {
  try {
    const acteur = await acteurConnecte();
    structureDe(acteur);
    return { ok: true, data: await rechercherStructures(input as Parameters<typeof rechercherStructures>[0]) };
  } catch (error) {
    return echec(error);
  }
}

export async function enregistrerFactureAction(input: unknown): Promise<ActionResult> {
  try {
    const acteur = await acteurConnecte();
    const { id, facture } = parse(z.object({ id: z.string(), facture: z.unknown() }), input);
    await enregistrerFacture(acteur, id, parse(factureSchema, facture));
    return { ok: true };
  } catch (error) {
    return echec(error);
  }
}

/** « Confirmer et envoyer »: saves the invoice step when it comes with the request, then sends. */
export async function envoyerAction(input: unknown): Promise<ActionResult<{ numeroDepot: string }>> {
  try {
    const acteur = await acteurConnecte();
    const { id, facture } = parse(z.object({ id: z.string(), facture: z.unknown().optional() }), input);
    if (facture !== undefined) await enregistrerFacture(acteur, id, parse(factureSchema, facture));
    const r = await envoyer(acteur, id);
    return { ok: true, data: { numeroDepot: r.numeroDepot } };
  } catch (error) {
    return echec(error);
  }
}

export async function supprimerPieceJointeAction(input: unknown): Promise<ActionResult> {
  try {
    const acteur = await acteurConnecte();
    const { id, pieceJointeId } = parse(z.object({ id: z.string(), pieceJointeId: z.string() }), input);
    await supprimerPieceJointe(acteur, id, pieceJointeId);
    return { ok: true };
  } catch (error) {
    return echec(error);
  }
}

export async function supprimerBrouillonAction(input: unknown): Promise<ActionResult> {
  try {
    const acteur = await acteurConnecte();
    await supprimerBrouillon(acteur, parse(avecId, input).id);
    return { ok: true };
  } catch (error) {
    return echec(error);
  }
}

export async function donnerAvisAction(input: unknown): Promise<ActionResult> {
  try {
    const acteur = await acteurConnecte();
    const { id } = parse(avecId, input);
    await donnerAvis(acteur, id, parse(avisSchema, input));
    return { ok: true };
  } catch (error) {
    return echec(error);
  }
}
