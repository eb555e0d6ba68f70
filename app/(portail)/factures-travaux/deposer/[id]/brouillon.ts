import "server-only";
import { redirect } from "next/navigation";
import type { Acteur } from "@/lib/auth/acteur";
import { consulterPiece } from "@/lib/invoices/consultation";
import { ouIntrouvable } from "../../charger";

/** A step of the wizard opens only on a draft of the user's structure; a sent piece goes to its page. */
export async function chargerBrouillon(acteur: Acteur, id: string) {
  const piece = await ouIntrouvable(consulterPiece(acteur, id));
  if (!piece.roles.includes("DEPOSANT")) redirect(`/factures-travaux/pieces/${piece.id}`);
  if (piece.statut !== "BROUILLON") redirect(`/factures-travaux/deposer/${piece.id}/recapitulatif`);
  return piece;
}
