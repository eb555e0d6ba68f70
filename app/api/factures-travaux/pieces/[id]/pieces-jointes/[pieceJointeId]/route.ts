import { z } from "zod";
import { requeteAffichage, reponseFichier } from "@/lib/files/reponses";
import { ouvrirPieceJointe } from "@/lib/invoices/pieces-jointes";
import { route } from "@/lib/routes";

export const dynamic = "force-dynamic";

/** Download (or, with `?affichage=1`, view) one attachment of a piece the user's structure sees. */
export const GET = route(
  { session: "requise", params: z.object({ id: z.string(), pieceJointeId: z.string() }), query: requeteAffichage },
  async ({ params, query }, acteur) => reponseFichier(await ouvrirPieceJointe(acteur, params.id, params.pieceJointeId), query.affichage),
);
