-- AlterTable
ALTER TABLE "PieceTravaux" ADD COLUMN     "factureJointe" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "taillePiecesJointes" INTEGER NOT NULL DEFAULT 0;

-- Les pièces existantes : totaux calculés d'après leurs fichiers.
UPDATE "PieceTravaux" p
SET "taillePiecesJointes" = t.taille, "factureJointe" = t.facture
FROM (SELECT "pieceId", sum(taille)::int AS taille, bool_or(nature = 'FACTURE') AS facture FROM "PieceJointeTravaux" GROUP BY "pieceId") t
WHERE t."pieceId" = p.id;
