import { z } from "zod";
import { fluxDuCorps, nomDuFichierEnvoye } from "@/lib/files/corps";
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
    const pj = await ajouterPieceJointe(acteur, params.id, { nom: nomDuFichierEnvoye(request), contenu: fluxDuCorps(request), nature: query.nature });
    return Response.json({ ok: true, pieceJointe: { id: pj.id, nom: pj.nom, taille: pj.taille, sha256: pj.sha256 } }, { status: 201 });
  },
);
