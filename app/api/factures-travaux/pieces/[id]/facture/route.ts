import { z } from "zod";
import { requeteAffichage, reponseFichier } from "@/lib/files/reponses";
import { ouvrirPieceJointe } from "@/lib/invoices/pieces-jointes";
import { route } from "@/lib/routes";

export const dynamic = "force-dynamic";

/** « Télécharger la facture au format PDF » and, with `?affichage=1`, « Visualiser ». */
export const GET = route({ session: "requise", params: z.object({ id: z.string() }), query: requeteAffichage }, async ({ params, query }, acteur) =>
  reponseFichier(await ouvrirPieceJointe(acteur, params.id, "FACTURE"), query.affichage),
);
