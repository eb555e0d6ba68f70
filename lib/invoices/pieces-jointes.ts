import { createHash } from "node:crypto";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Acteur } from "@/lib/auth/acteur";
import type { NaturePieceJointe, StatutPieceTravaux } from "@/lib/generated/prisma/enums";
import { analyserFichier } from "@/lib/files/analyse";
import { TAILLE_PIECE_MAX, formaterTaille } from "@/lib/files/limites";
import { A_COMPLETER, structureDe, verifierId, verrouillerBrouillon, visiblePar } from "./acces";

/**
 * « Gestion des pièces jointes »: add, view, download, delete. Files are stored in PostgreSQL with the
 * piece, so that a piece and its files commit (or fail) together. The content decides the type.
 */

export type PieceJointeInfo = { id: string; nature: NaturePieceJointe; nom: string; typeMime: string; taille: number; sha256: string; createdAt: Date };

/**
 * A10: the titulaire joins the direct-payment attestation to the subcontractor's request it has to validate
 * (status « À valider par le titulaire »), and may take it back before validating. Locks the piece like
 * `verrouillerBrouillon`; a piece the structure is not the titulaire of is « introuvable ».
 */
async function verrouillerPourTitulaire(tx: Tx, structureId: string, pieceId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ statut: StatutPieceTravaux }[]>`
    SELECT "statut" FROM "PieceTravaux" WHERE "id" = ${pieceId}::uuid AND "titulaireId" = ${structureId}::uuid FOR UPDATE`;
  if (rows.length === 0) throw new AppError("INTROUVABLE");
  if (rows[0].statut !== "A_VALIDER_1") throw new AppError("PIECE_NON_MODIFIABLE");
}

const selectInfo = { id: true, nature: true, nom: true, typeMime: true, taille: true, sha256: true, createdAt: true } as const;

export async function ajouterPieceJointe(
  acteur: Acteur,
  pieceId: string,
  fichier: { nom: string; contenu: Uint8Array; nature: NaturePieceJointe },
): Promise<PieceJointeInfo> {
  const structureId = structureDe(acteur);
  const id = verifierId(pieceId);
  // Parsing is CPU work on the whole file: done before the transaction, which then only checks and writes.
  const analyse = await analyserFichier(fichier.nom, fichier.contenu);
  if (!analyse.ok) throw new AppError("FICHIER_REFUSE", { fichier: analyse.message }, analyse.message);
  if (fichier.nature === "FACTURE" && analyse.typeMime !== "application/pdf")
    throw new AppError("FICHIER_REFUSE", { fichier: "La facture elle-même doit être un fichier PDF." }, "La facture elle-même doit être un fichier PDF.");
  const sha256 = createHash("sha256").update(fichier.contenu).digest("hex");

  return db.$transaction(async (tx) => {
    if (fichier.nature === "ATTESTATION_PAIEMENT_DIRECT") await verrouillerPourTitulaire(tx, structureId, id);
    else await verrouillerBrouillon(tx, structureId, id, A_COMPLETER);
    const existantes = await tx.pieceJointeTravaux.findMany({ where: { pieceId: id }, select: { nature: true, taille: true } });
    if (fichier.nature === "FACTURE" && existantes.some((p) => p.nature === "FACTURE")) {
      const message = "La facture est déjà jointe : supprimez-la d'abord pour la remplacer.";
      throw new AppError("FICHIER_REFUSE", { fichier: message }, message);
    }
    const total = existantes.reduce((s, p) => s + p.taille, 0) + fichier.contenu.length;
    if (total > TAILLE_PIECE_MAX) {
      const message = `La facture et ses pièces jointes ne peuvent dépasser ${formaterTaille(TAILLE_PIECE_MAX)} au total (${formaterTaille(total)} avec ce fichier).`;
      throw new AppError("TAILLE_PIECE_DEPASSEE", { fichier: message }, message);
    }
    // The file, and the piece's date of last change, in one statement.
    const now = new Date();
    const [pj] = await tx.$queryRaw<PieceJointeInfo[]>`
      WITH pj AS (
        INSERT INTO "PieceJointeTravaux" (id, "pieceId", nature, nom, "typeMime", taille, sha256, contenu, "ajouteeParId", "createdAt")
        VALUES (gen_random_uuid(), ${id}::uuid, ${fichier.nature}::"NaturePieceJointe", ${analyse.nom}, ${analyse.typeMime}, ${fichier.contenu.length},
                ${sha256}, ${Buffer.from(fichier.contenu.buffer, fichier.contenu.byteOffset, fichier.contenu.byteLength)}, ${acteur.userId}::uuid, ${now})
        RETURNING id, nature::text AS nature, nom, "typeMime", taille, sha256, "createdAt"
      ), p AS (
        UPDATE "PieceTravaux" SET "updatedAt" = ${now} WHERE id = ${id}::uuid
      )
      SELECT * FROM pj`;
    return pj;
  });
}

export async function supprimerPieceJointe(acteur: Acteur, pieceId: string, pieceJointeId: string): Promise<void> {
  const structureId = structureDe(acteur);
  const id = verifierId(pieceId);
  const pjId = verifierId(pieceJointeId);
  await db.$transaction(async (tx) => {
    const pj = await tx.pieceJointeTravaux.findFirst({ where: { id: pjId, pieceId: id }, select: { nature: true } });
    if (pj?.nature === "ATTESTATION_PAIEMENT_DIRECT") await verrouillerPourTitulaire(tx, structureId, id);
    else await verrouillerBrouillon(tx, structureId, id, A_COMPLETER);
    const { count } = await tx.pieceJointeTravaux.deleteMany({ where: { id: pjId, pieceId: id } });
    if (count !== 1) throw new AppError("INTROUVABLE");
  });
}

/** The attachments' descriptions (never their content) of a piece the actor sees. */
export async function listerPiecesJointes(acteur: Acteur, pieceId: string): Promise<PieceJointeInfo[]> {
  const structureId = structureDe(acteur);
  const id = verifierId(pieceId);
  const piece = await db.pieceTravaux.findFirst({ where: { id, ...visiblePar(structureId) }, select: { id: true } });
  if (!piece) throw new AppError("INTROUVABLE");
  return db.pieceJointeTravaux.findMany({ where: { pieceId: id }, select: selectInfo, orderBy: [{ nature: "asc" }, { createdAt: "asc" }] });
}

export type ContenuFichier = { nom: string; typeMime: string; contenu: Uint8Array };

/** One file of a piece the actor sees; `FACTURE` instead of an id gives the invoice itself. */
export async function lirePieceJointe(acteur: Acteur, pieceId: string, pieceJointeId: string | "FACTURE"): Promise<ContenuFichier> {
  const structureId = structureDe(acteur);
  const id = verifierId(pieceId);
  const pj = await db.pieceJointeTravaux.findFirst({
    where: {
      pieceId: id,
      piece: visiblePar(structureId),
      ...(pieceJointeId === "FACTURE" ? { nature: "FACTURE" as const } : { id: verifierId(pieceJointeId) }),
    },
    select: { nom: true, typeMime: true, contenu: true },
  });
  if (!pj) throw new AppError("INTROUVABLE");
  return pj;
}
