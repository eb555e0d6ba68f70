import { getActeur } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { TAILLE_FICHIER_MAX, formaterTaille } from "@/lib/files/limites";
import { reponseErreur } from "@/lib/files/reponses";
import { ajouterPieceJointe } from "@/lib/invoices/pieces-jointes";

export const dynamic = "force-dynamic";

const trop = () => new AppError("FICHIER_REFUSE", {}, `Le fichier dépasse la taille maximale de ${formaterTaille(TAILLE_FICHIER_MAX)}.`);

/** The body, read up to the per-file limit: a larger upload is cut short, not buffered. */
async function lireCorps(request: Request): Promise<Uint8Array> {
  const annonce = Number(request.headers.get("content-length") ?? "0");
  if (annonce >= TAILLE_FICHIER_MAX) throw trop();
  const reader = request.body?.getReader();
  if (!reader) return new Uint8Array();
  const morceaux: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total >= TAILLE_FICHIER_MAX) {
      await reader.cancel();
      throw trop();
    }
    morceaux.push(value);
  }
  return Buffer.concat(morceaux);
}

/** « Ajouter une pièce jointe »: the raw file as the body, its name in `X-Nom-Fichier` (URI-encoded). */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const acteur = await getActeur();
    if (!acteur) throw new AppError("NON_CONNECTE");
    const { id } = await params;
    const demandee = new URL(request.url).searchParams.get("nature");
    const nature = demandee === "FACTURE" || demandee === "ATTESTATION_PAIEMENT_DIRECT" ? demandee : "COMPLEMENTAIRE";
    let nom: string;
    try {
      nom = decodeURIComponent(request.headers.get("x-nom-fichier") ?? "");
    } catch {
      throw new AppError("FICHIER_REFUSE", {}, "Le nom du fichier est illisible.");
    }
    const contenu = await lireCorps(request);
    const pj = await ajouterPieceJointe(acteur, id, { nom, contenu, nature });
    return Response.json({ ok: true, pieceJointe: { id: pj.id, nom: pj.nom, taille: pj.taille, sha256: pj.sha256 } }, { status: 201 });
  } catch (error) {
    return reponseErreur(error);
  }
}
