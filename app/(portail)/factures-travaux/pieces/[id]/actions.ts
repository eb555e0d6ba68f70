"use server";

import { z } from "zod";
import { revalidatePath } from "next/cache";
import { echec, parse } from "@/lib/actions";
import { getActeur } from "@/lib/auth/session";
import { AppError, type ActionResult } from "@/lib/errors";
import { refusSchema, refusTitulaireSchema, suspensionSchema } from "@/lib/invoices/schemas";
import type { ActionTraitement } from "@/lib/invoices/statuts";
import { deposerPieceSuivante } from "@/lib/invoices/suivante";
import { traiterPiece } from "@/lib/invoices/transitions";

// Public endpoints: each checks the session, parses its input with the dialog's own schema, and calls the
// domain, which checks who the actor is on this piece.

async function acteurConnecte() {
  const acteur = await getActeur();
  if (!acteur) throw new AppError("NON_CONNECTE");
  return acteur;
}

const avecId = z.object({ id: z.string() });

async function traiter(input: unknown, action: ActionTraitement, motif?: { code?: string; texte?: string }): Promise<ActionResult<{ libelle: string }>> {
  const acteur = await acteurConnecte();
  const { id } = parse(avecId, input);
  const r = await traiterPiece(acteur, id, action, { motif });
  revalidatePath(`/factures-travaux/pieces/${id}`);
  return { ok: true, data: { libelle: r.libelle } };
}

export async function prendreEnCompteAction(input: unknown): Promise<ActionResult<{ libelle: string }>> {
  try {
    return await traiter(input, "PRISE_EN_COMPTE");
  } catch (error) {
    return echec(error);
  }
}

export async function refuserAction(input: unknown): Promise<ActionResult<{ libelle: string }>> {
  try {
    const m = parse(refusSchema, input);
    return await traiter(input, "REFUS", { code: m.motifCode, texte: m.motif });
  } catch (error) {
    return echec(error);
  }
}

export async function suspendreAction(input: unknown): Promise<ActionResult<{ libelle: string }>> {
  try {
    const m = parse(suspensionSchema, input);
    return await traiter(input, "SUSPENSION", { texte: m.motif });
  } catch (error) {
    return echec(error);
  }
}

export async function completerAction(input: unknown): Promise<ActionResult<{ libelle: string }>> {
  try {
    return await traiter(input, "COMPLETION");
  } catch (error) {
    return echec(error);
  }
}

/** A10, the titulaire: « Valider » (the direct-payment attestation joined) — the request goes to the MOE. */
export async function validerAction(input: unknown): Promise<ActionResult<{ libelle: string }>> {
  try {
    return await traiter(input, "VALIDATION");
  } catch (error) {
    return echec(error);
  }
}

/** A10, the titulaire: « Refuser » the subcontractor's request, with its reason. */
export async function refuserDemandeAction(input: unknown): Promise<ActionResult<{ libelle: string }>> {
  try {
    const m = parse(refusTitulaireSchema, input);
    return await traiter(input, "REFUS", { texte: m.motif });
  } catch (error) {
    return echec(error);
  }
}

/** « Déposer la pièce suivante du dossier de facturation »: the prefilled draft, opened at « Parties ». */
export async function pieceSuivanteAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  try {
    const acteur = await acteurConnecte();
    const { id } = parse(avecId, input);
    return { ok: true, data: await deposerPieceSuivante(acteur, id) };
  } catch (error) {
    return echec(error);
  }
}
