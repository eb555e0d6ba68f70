import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Acteur } from "@/lib/auth/acteur";
import type { CadreFacturation, NaturePieceJointe } from "@/lib/generated/prisma/client";
import { structureDe, verifierId, verrouillerBrouillon } from "./acces";
import { cadre as definitionCadre, libelleCadre } from "./cadres";
import { libelleSignature, type SignatureData } from "./signature-schema";
import { STATUTS, verifierTransition } from "./statuts";
import { DECOMPTES_GENERAUX, SUIVANTE_MOA } from "./suivante";
import { appliquer, chargerPiece, verrouillerPiece } from "./transitions";

/**
 * The MOA's pieces and the end of the contract, once the next piece is sent:
 * - the MOA's état d'acompte validé (A19) or décompte général (A20) follows the MOE's statement (A15, A17) it took into
 *   account: that statement becomes « ASSOCIEE » (its MOE and supplier are told);
 * - the titulaire signs the décompte général (A18, A20) by depositing its A8 — accepting it, or accepting it with
 *   reserves (a reason, and the mémoire en réclamation joined): the décompte général becomes « VALIDEE_1 » (signed), its
 *   MOA and MOE are told, and the A8 goes to the MOA's paying service (`destinataireDe`).
 */

const A8 = "A8_DECOMPTE_GENERAL_DEFINITIF_FOURNISSEUR" as const;

/** An A8 that signs a décompte général (it follows an A18 or an A20). */
export function signeDecompteGeneral(cadre: CadreFacturation, cadrePrecedent: CadreFacturation | null | undefined): boolean {
  return cadre === A8 && !!cadrePrecedent && DECOMPTES_GENERAUX.includes(cadrePrecedent);
}

/**
 * « J'accepte le décompte général » / « J'accepte avec réserves » on the titulaire's A8 draft that signs a décompte
 * général. The reason is kept only with reserves; the mémoire en réclamation is joined in « Gestion des pièces jointes ».
 */
export async function enregistrerSignature(acteur: Acteur, pieceId: string, data: SignatureData): Promise<void> {
  // A validated structure first: its refusal says what to do.
  structureDe(acteur);
  const id = verifierId(pieceId);
  await db.$transaction(async (tx) => {
    await verrouillerBrouillon(tx, acteur, id);
    const p = await tx.pieceTravaux.findUniqueOrThrow({ where: { id }, select: { cadre: true, piecePrecedente: { select: { cadre: true } } } });
    if (!signeDecompteGeneral(p.cadre, p.piecePrecedente?.cadre))
      throw new AppError("ACTION_IMPOSSIBLE", {}, "Cette pièce ne signe pas un décompte général : il n'y a pas de signature à enregistrer.");
    const reserves = data.signature === "RESERVES";
    const motif = data.motifReserves?.trim() || null;
    if (reserves && !motif) {
      const message = "Indiquez le motif de vos réserves (l'objet de votre mémoire en réclamation).";
      throw new AppError("CHAMP_OBLIGATOIRE", { motifReserves: message }, message);
    }
    await tx.pieceTravaux.update({ where: { id }, data: { signatureAvecReserves: reserves, motifReserves: reserves ? motif : null } });
  });
}

type PieceSignee = {
  cadre: CadreFacturation;
  signatureAvecReserves: boolean;
  motifReserves: string | null;
  piecesJointes: { nature: NaturePieceJointe }[];
  piecePrecedente: { cadre: CadreFacturation; numero: string | null } | null;
};

/** At send, what an A8 signing a décompte général still lacks, field by field (as `manques` in envoi.ts). */
export function manquesSignature(p: PieceSignee): Record<string, string> {
  if (!signeDecompteGeneral(p.cadre, p.piecePrecedente?.cadre)) return {};
  const memoire = p.piecesJointes.some((f) => f.nature === "MEMOIRE_RECLAMATION");
  if (!p.signatureAvecReserves)
    return memoire
      ? {
          signature:
            "Vous acceptez le décompte général sans réserves : retirez le mémoire en réclamation, ou choisissez « J'accepte avec réserves » (« Gestion des pièces jointes »).",
        }
      : {};
  const m: Record<string, string> = {};
  if (!p.motifReserves?.trim()) m.motifReserves = "Indiquez le motif de vos réserves sur le décompte général (« Gestion des pièces jointes »).";
  if (!memoire) m.memoire = "Joignez votre mémoire en réclamation : vous acceptez le décompte général avec réserves (« Gestion des pièces jointes »).";
  return m;
}

/** What the deposit certificate attests of the signature (nothing for any other piece). */
export function signatureCertificat(p: PieceSignee): { signature?: { decompteGeneral: string; acceptation: string; motifReserves?: string } } {
  if (!signeDecompteGeneral(p.cadre, p.piecePrecedente?.cadre)) return {};
  return {
    signature: {
      decompteGeneral: `${libelleCadre(p.piecePrecedente!.cadre)}${p.piecePrecedente!.numero ? `, n° ${p.piecePrecedente!.numero}` : ""}`,
      acceptation: libelleSignature(p.signatureAvecReserves),
      ...(p.signatureAvecReserves && p.motifReserves ? { motifReserves: p.motifReserves } : {}),
    },
  };
}

/**
 * In the send's transaction, under the previous piece's lock: what the sent piece does to the piece it follows.
 * - The MOA's A19 / A20: its MOE statement, still taken into account by this MOA, becomes « ASSOCIEE ». A statement
 *   followed meanwhile (another A19 sent, an A22 that replaced it, a refusal) stops the send.
 * - The titulaire's A8 signing a décompte général: the décompte général, still waiting for this titulaire's signature,
 *   becomes « VALIDEE_1 », with the reserves as the history row's reason.
 * Returns the outbox ids to kick after commit.
 */
export async function suiteEnvoyee(
  tx: Tx,
  piece: { cadre: CadreFacturation; piecePrecedenteId: string | null; signatureAvecReserves: boolean; motifReserves: string | null },
  acteur: Acteur,
  structureId: string,
  now: Date,
): Promise<string[]> {
  const moa = definitionCadre(piece.cadre).role === "MOA";
  if (!piece.piecePrecedenteId || (!moa && piece.cadre !== A8)) return [];
  const statut = await verrouillerPiece(tx, piece.piecePrecedenteId);
  const precedente = statut ? await chargerPiece(tx, piece.piecePrecedenteId) : null;
  if (!statut || !precedente) return [];

  if (moa) {
    if (SUIVANTE_MOA[precedente.cadre] !== piece.cadre) return [];
    if (statut !== "PRISE_EN_COMPTE_MOA" || precedente.moaId !== structureId)
      throw new AppError(
        "ACTION_IMPOSSIBLE",
        {},
        `La pièce que cette pièce suit n'est plus prise en compte par votre structure (statut « ${STATUTS[statut].libelle} ») : ${libelleCadre(piece.cadre)} ne peut plus être envoyé.`,
      );
    const t = verifierTransition("PRISE_EN_COMPTE_MOA", "ASSOCIEE", "SYSTEME");
    return appliquer(tx, { ...precedente, statut }, t, { acteur, structureId, now });
  }

  if (!DECOMPTES_GENERAUX.includes(precedente.cadre)) return [];
  if (statut !== "A_VALIDER_1" || precedente.titulaireId !== structureId)
    throw new AppError(
      "ACTION_IMPOSSIBLE",
      {},
      `Le décompte général n'est plus à signer (statut « ${STATUTS[statut].libelle} ») : le décompte général signé (A8) ne peut pas être envoyé.`,
    );
  const t = verifierTransition("A_VALIDER_1", "VALIDEE_1", "SYSTEME");
  const motif = piece.signatureAvecReserves ? `${libelleSignature(true)} : ${piece.motifReserves ?? ""}` : null;
  return appliquer(tx, { ...precedente, statut }, t, { acteur, structureId, motif, now });
}
