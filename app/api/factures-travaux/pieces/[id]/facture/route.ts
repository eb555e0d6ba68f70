import { getActeur } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { reponseErreur, reponseFichier } from "@/lib/files/reponses";
import { lirePieceJointe } from "@/lib/invoices/pieces-jointes";

export const dynamic = "force-dynamic";

/** « Télécharger la facture au format PDF » and, with `?affichage=1`, « Visualiser ». */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const acteur = await getActeur();
    if (!acteur) throw new AppError("NON_CONNECTE");
    const { id } = await params;
    return reponseFichier(await lirePieceJointe(acteur, id, "FACTURE"), new URL(request.url).searchParams.has("affichage"));
  } catch (error) {
    return reponseErreur(error);
  }
}
