import { z } from "zod";
import { AppError } from "@/lib/errors";
import { TAILLE_FICHIER_MAX, formaterTaille } from "@/lib/files/limites";
import { ajouterPieceJointe } from "@/lib/invoices/pieces-jointes";
import { route } from "@/lib/routes";

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

/**
 * `?nature=`: the invoice itself, the direct-payment attestation, the mémoire en réclamation (the A8 signing a décompte
 * général with reserves), or (anything else) a complementary attachment.
 */
const requeteNature = z.object({
  nature: z.enum(["FACTURE", "ATTESTATION_PAIEMENT_DIRECT", "MEMOIRE_RECLAMATION", "COMPLEMENTAIRE"]).catch("COMPLEMENTAIRE"),
});

/**
 * « Ajouter une pièce jointe »: the raw file as the body, its name in `X-Nom-Fichier` (URI-encoded). The body is read
 * by the domain call only once it has checked that the actor may add this file to this piece.
 */
export const POST = route(
  { session: "requise", params: z.object({ id: z.string() }), query: requeteNature, limite: "envoiFichier" },
  async ({ params, query, request }, acteur) => {
    let nom: string;
    try {
      nom = decodeURIComponent(request.headers.get("x-nom-fichier") ?? "");
    } catch {
      throw new AppError("FICHIER_REFUSE", {}, "Le nom du fichier est illisible.");
    }
    const pj = await ajouterPieceJointe(acteur, params.id, { nom, contenu: () => lireCorps(request), nature: query.nature });
    return Response.json({ ok: true, pieceJointe: { id: pj.id, nom: pj.nom, taille: pj.taille, sha256: pj.sha256 } }, { status: 201 });
  },
);
