-- AlterEnum
ALTER TYPE "NaturePieceJointe" ADD VALUE 'ATTESTATION_PAIEMENT_DIRECT';

-- AlterEnum
ALTER TYPE "StatutPieceTravaux" ADD VALUE 'REFUSEE_1';

-- AlterTable
ALTER TABLE "PieceTravaux" ADD COLUMN     "cotraitantId" UUID;

-- CreateIndex
CREATE INDEX "PieceTravaux_cotraitantId_statut_idx" ON "PieceTravaux"("cotraitantId", "statut");

-- AddForeignKey
ALTER TABLE "PieceTravaux" ADD CONSTRAINT "PieceTravaux_cotraitantId_fkey" FOREIGN KEY ("cotraitantId") REFERENCES "Structure"("id") ON DELETE SET NULL ON UPDATE CASCADE;
