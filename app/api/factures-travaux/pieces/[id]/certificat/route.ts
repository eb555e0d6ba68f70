import { getActeur } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { reponseErreur, reponseFichier } from "@/lib/files/reponses";
import { certificatDepot } from "@/lib/invoices/consultation";

export const dynamic = "force-dynamic";

/** « Exporter le certificat de dépôt »: the same PDF at every download. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const acteur = await getActeur();
    if (!acteur) throw new AppError("NON_CONNECTE");
    const { id } = await params;
    const c = await certificatDepot(acteur, id);
    return reponseFichier({ nom: c.nom, typeMime: "application/pdf", contenu: c.contenu }, new URL(request.url).searchParams.has("affichage"));
  } catch (error) {
    return reponseErreur(error);
  }
}
