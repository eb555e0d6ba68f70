import { getActeur } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { reponseErreur, reponseFichier } from "@/lib/files/reponses";
import { lirePieceJointe } from "@/lib/invoices/pieces-jointes";

export const dynamic = "force-dynamic";

/** Download (or, with `?affichage=1`, view) one attachment of a piece the user's structure sees. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string; pieceJointeId: string }> }) {
  try {
    const acteur = await getActeur();
    if (!acteur) throw new AppError("NON_CONNECTE");
    const { id, pieceJointeId } = await params;
    return reponseFichier(await lirePieceJointe(acteur, id, pieceJointeId), new URL(request.url).searchParams.has("affichage"));
  } catch (error) {
    return reponseErreur(error);
  }
}
