-- CreateEnum
CREATE TYPE "PorteeApi" AS ENUM ('DEPOT', 'TRAITEMENT', 'LECTURE');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "technique" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "CompteTechnique" (
    "id" UUID NOT NULL,
    "structureId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "nom" TEXT NOT NULL,
    "portees" "PorteeApi"[],
    "secretHash" TEXT NOT NULL,
    "secretFin" TEXT NOT NULL,
    "creeParId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "renouveleLe" TIMESTAMP(3),
    "revoqueLe" TIMESTAMP(3),
    "derniereUtilisation" TIMESTAMP(3),

    CONSTRAINT "CompteTechnique_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RequeteIdempotente" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "cle" TEXT NOT NULL,
    "empreinte" TEXT NOT NULL,
    "statut" INTEGER,
    "reponse" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RequeteIdempotente_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CompteTechnique_userId_key" ON "CompteTechnique"("userId");

-- CreateIndex
CREATE INDEX "CompteTechnique_structureId_idx" ON "CompteTechnique"("structureId");

-- CreateIndex
CREATE INDEX "RequeteIdempotente_createdAt_idx" ON "RequeteIdempotente"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "RequeteIdempotente_userId_cle_key" ON "RequeteIdempotente"("userId", "cle");

-- AddForeignKey
ALTER TABLE "CompteTechnique" ADD CONSTRAINT "CompteTechnique_structureId_fkey" FOREIGN KEY ("structureId") REFERENCES "Structure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CompteTechnique" ADD CONSTRAINT "CompteTechnique_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CompteTechnique" ADD CONSTRAINT "CompteTechnique_creeParId_fkey" FOREIGN KEY ("creeParId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RequeteIdempotente" ADD CONSTRAINT "RequeteIdempotente_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
