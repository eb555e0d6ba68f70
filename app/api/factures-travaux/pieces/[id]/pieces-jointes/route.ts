import { z } from "zod";
import { AppError } from "@/lib/errors";
import { ajouterPieceJointe } from "@/lib/invoices/pieces-jointes";
import { route } from "@/lib/routes";

export const dynamic = "force-dynamic";

/**
 * `?nature=`: the invoice itself, the direct-payment attestation, the mémoire en réclamation (the A8 signing a décompte
 * général with reserves), or (anything else) a complementary attachment.
 */
const requeteNature = z.object({
  nature: z.enum(["FACTURE", "ATTESTATION_PAIEMENT_DIRECT", "MEMOIRE_RECLAMATION", "COMPLEMENTAIRE"]).catch("COMPLEMENTAIRE"),
});

/**
 * « Ajouter une pièce jointe »: the raw file as the body, its name in `X-Nom-Fichier` (URI-encoded). The body is read
 * by the domain call only once it has checked that the actor may add this file to this piece, and streamed to the store's
 * temporary folder, cut short at the size limits (the announced `Content-Length` is refused at once when over them).
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
    const annonce = Number(request.headers.get("content-length") ?? "");
    const contenu = { flux: request.body ?? new Blob([]).stream(), tailleAnnoncee: Number.isFinite(annonce) ? annonce : null };
    const pj = await ajouterPieceJointe(acteur, params.id, { nom, contenu, nature: query.nature });
    return Response.json({ ok: true, pieceJointe: { id: pj.id, nom: pj.nom, taille: pj.taille, sha256: pj.sha256 } }, { status: 201 });
  },
);
