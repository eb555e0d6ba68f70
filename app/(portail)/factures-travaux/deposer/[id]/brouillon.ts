import "server-only";
import { redirect } from "next/navigation";
import type { Acteur } from "@/lib/auth/acteur";
import { consulterPiece } from "@/lib/invoices/consultation";
import { ouIntrouvable } from "../../charger";

/**
 * A step of the wizard opens only on a draft of the user's structure; a sent piece goes to its page.
 * `suspendue`: the step « Facture » also opens on a suspended piece of the depositor, to correct its fields
 * before « Compléter et renvoyer ».
 */
export async function chargerBrouillon(acteur: Acteur, id: string, o: { suspendue?: boolean } = {}) {
  const piece = await ouIntrouvable(consulterPiece(acteur, id));
  if (!piece.roles.includes("DEPOSANT")) redirect(`/factures-travaux/pieces/${piece.id}`);
  if (o.suspendue && piece.statut === "SUSPENDUE") return piece;
  if (piece.statut !== "BROUILLON") redirect(`/factures-travaux/deposer/${piece.id}/recapitulatif`);
  return piece;
}
