-- Les fichiers quittent la base pour le stockage des fichiers (dossier ou S3, lib/files/stockage.ts).
-- Étape 1 : la clé de l objet à côté du contenu, qui devient facultatif. « npm run files:migrate » (que
-- « npm run db:migrate » lance de lui-même avant l étape 2) déplace ensuite les contenus par lots, portail en service.

-- AlterTable
ALTER TABLE "DepotPieceTravaux" ADD COLUMN     "certificatCle" TEXT,
ADD COLUMN     "certificatTaille" INTEGER;

-- AlterTable
ALTER TABLE "PieceJointeTravaux" ADD COLUMN     "cle" TEXT,
ALTER COLUMN "contenu" DROP NOT NULL;

-- CreateTable
CREATE TABLE "FichierEnAttente" (
    "id" UUID NOT NULL,
    "cle" TEXT NOT NULL,
    "creeLe" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FichierEnAttente_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FichierEnAttente_cle_idx" ON "FichierEnAttente"("cle");

-- CreateIndex
CREATE INDEX "FichierEnAttente_creeLe_idx" ON "FichierEnAttente"("creeLe");

-- CreateIndex
CREATE INDEX "DepotPieceTravaux_certificatCle_idx" ON "DepotPieceTravaux"("certificatCle");

-- CreateIndex
CREATE INDEX "PieceJointeTravaux_cle_idx" ON "PieceJointeTravaux"("cle");
