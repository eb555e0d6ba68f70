"use server";

import { z } from "zod";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions";
import type { Acteur } from "@/lib/auth/acteur";
import {
  mandatementSchema,
  miseARecyclerSchema,
  miseEnPaiementSchema,
  refusSchema,
  refusTitulaireSchema,
  rejetSchema,
  suspensionSchema,
} from "@/lib/invoices/schemas";
import type { ActionTraitement } from "@/lib/invoices/statuts";
import { deposerPieceSuivante } from "@/lib/invoices/suivante";
import { demanderRecyclagePiecePrecedente } from "@/lib/invoices/recyclage";
import { traiterPiece } from "@/lib/invoices/transitions";

// Public endpoints (see `action`): the session, the input parsed with the dialog's own schema, then the domain,
// which checks who the actor is on this piece.

const avecId = z.object({ id: z.string() });

async function traiter(
  acteur: Acteur,
  id: string,
  quoi: ActionTraitement,
  motif?: { code?: string; texte?: string },
  o: { libererNumero?: boolean } = {},
): Promise<{ libelle: string }> {
  const r = await traiterPiece(acteur, id, quoi, { motif, ...o });
  revalidatePath(`/factures-travaux/pieces/${id}`);
  return { libelle: r.libelle };
}

export const prendreEnCompteAction = action({ session: "requise", schema: avecId }, ({ id }, acteur) => traiter(acteur, id, "PRISE_EN_COMPTE"));

export const refuserAction = action({ session: "requise", schema: avecId.and(refusSchema) }, ({ id, motifCode, motif, libererNumero }, acteur) =>
  traiter(acteur, id, "REFUS", { code: motifCode, texte: motif }, { libererNumero }),
);

/** « Mettre à recycler » (MOE, MOA): the routing error, told to the depositor, who corrects it and sends the piece again under the same number. */
export const mettreARecyclerAction = action({ session: "requise", schema: avecId.and(miseARecyclerSchema) }, ({ id, motif }, acteur) =>
  traiter(acteur, id, "MISE_EN_RECYCLAGE", { texte: motif }),
);

/** « Demander le recyclage de la pièce précédente » (the MOE, from its own piece still at the MOA's disposal). */
export const demanderRecyclageAction = action({ session: "requise", schema: avecId.and(miseARecyclerSchema) }, async ({ id, motif }, acteur) => {
  const r = await demanderRecyclagePiecePrecedente(acteur, id, motif);
  revalidatePath(`/factures-travaux/pieces/${id}`);
  return { libelle: r.libelle };
});

export const suspendreAction = action({ session: "requise", schema: avecId.and(suspensionSchema) }, ({ id, motif }, acteur) =>
  traiter(acteur, id, "SUSPENSION", { texte: motif }),
);

export const completerAction = action({ session: "requise", schema: avecId }, ({ id }, acteur) => traiter(acteur, id, "COMPLETION"));

/** A10, the titulaire: « Valider » (the direct-payment attestation joined) — the request goes to the MOE. */
export const validerAction = action({ session: "requise", schema: avecId }, ({ id }, acteur) => traiter(acteur, id, "VALIDATION"));

/** A10, the titulaire: « Refuser » the subcontractor's request, with its reason. */
export const refuserDemandeAction = action({ session: "requise", schema: avecId.and(refusTitulaireSchema) }, ({ id, motif }, acteur) =>
  traiter(acteur, id, "REFUS", { texte: motif }),
);

// The paying service of the MOA (« Factures reçues »): the domain reads its habilitation from the membership.
async function traiterServiceFinancier(acteur: Acteur, id: string, quoi: ActionTraitement, saisie: Parameters<typeof traiterPiece>[3]) {
  const r = await traiterPiece(acteur, id, quoi, saisie);
  revalidatePath(`/factures-travaux/pieces/${id}`);
  revalidatePath("/factures-travaux/factures-recues");
  return { libelle: r.libelle };
}

/** « Mandater »: the mandate's number and date. */
export const mandaterAction = action({ session: "requise", schema: avecId.and(mandatementSchema) }, ({ id, numeroMandat, dateMandat }, acteur) =>
  traiterServiceFinancier(acteur, id, "MANDATEMENT", { mandat: { numero: numeroMandat, date: dateMandat } }),
);

/** « Mettre en paiement »: the amount and date paid. */
export const mettreEnPaiementAction = action({ session: "requise", schema: avecId.and(miseEnPaiementSchema) }, ({ id, montantPaye, datePaiement }, acteur) =>
  traiterServiceFinancier(acteur, id, "MISE_EN_PAIEMENT", { paiement: { montant: montantPaye, date: datePaiement } }),
);

/** « Rejeter » (the paying service), with its reason. */
export const rejeterAction = action({ session: "requise", schema: avecId.and(rejetSchema) }, ({ id, motif }, acteur) =>
  traiterServiceFinancier(acteur, id, "REJET", { motif: { texte: motif } }),
);

/** « Déposer la pièce suivante du dossier de facturation »: the prefilled draft, opened at « Parties ». */
export const pieceSuivanteAction = action({ session: "requise", schema: avecId }, ({ id }, acteur) => deposerPieceSuivante(acteur, id));
