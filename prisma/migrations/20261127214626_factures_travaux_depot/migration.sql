-- CreateEnum
CREATE TYPE "CadreFacturation" AS ENUM ('A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR', 'A5_ETAT_ACOMPTE_FOURNISSEUR', 'A6_ETAT_ACOMPTE_VALIDE_FOURNISSEUR', 'A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR', 'A8_DECOMPTE_GENERAL_DEFINITIF_FOURNISSEUR', 'A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT', 'A13_PROJET_DECOMPTE_MENSUEL_COTRAITANT', 'A14_PROJET_DECOMPTE_FINAL_COTRAITANT', 'A15_ETAT_ACOMPTE_MOE', 'A17_PROJET_DECOMPTE_GENERAL_MOE', 'A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE', 'A23_DECOMPTE_GENERAL_DEFINITIF_TACITE_FOURNISSEUR');

-- CreateEnum
CREATE TYPE "StatutPieceTravaux" AS ENUM ('BROUILLON', 'DEPOSEE', 'A_VALIDER_1', 'MISE_A_DISPOSITION_MOE', 'PRISE_EN_COMPTE_MOE', 'REFUSEE_MOE', 'A_COMPLETER', 'SUSPENDUE', 'COMPLETEE', 'TRANSMISE_MOA', 'MISE_A_DISPOSITION_MOA', 'PRISE_EN_COMPTE_MOA', 'REFUSEE_MOA', 'ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE', 'REMPLACEE_PAR_A22', 'MISE_A_DISPOSITION');

-- CreateEnum
CREATE TYPE "TypeTva" AS ENUM ('TVA_SUR_DEBIT', 'TVA_SUR_ENCAISSEMENT', 'EXONERATION', 'SANS_TVA');

-- CreateEnum
CREATE TYPE "NaturePieceJointe" AS ENUM ('FACTURE', 'COMPLEMENTAIRE');

-- CreateTable
CREATE TABLE "PieceTravaux" (
    "id" UUID NOT NULL,
    "statut" "StatutPieceTravaux" NOT NULL DEFAULT 'BROUILLON',
    "statutLe" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cadre" "CadreFacturation" NOT NULL,
    "structureDeposanteId" UUID NOT NULL,
    "serviceDeposantId" UUID,
    "creeParId" UUID NOT NULL,
    "moeId" UUID,
    "titulaireId" UUID,
    "moaId" UUID,
    "serviceMoaId" UUID,
    "numero" TEXT,
    "dateFacture" DATE,
    "anneeFacture" INTEGER,
    "devise" CHAR(3) NOT NULL DEFAULT 'EUR',
    "typeTva" "TypeTva",
    "montantHt" BIGINT,
    "montantTva" BIGINT,
    "montantTtc" BIGINT,
    "dossierId" UUID,
    "piecePrecedenteId" UUID,
    "deposeeLe" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PieceTravaux_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LigneTvaTravaux" (
    "id" UUID NOT NULL,
    "pieceId" UUID NOT NULL,
    "rang" INTEGER NOT NULL,
    "taux" INTEGER NOT NULL,
    "baseHt" BIGINT NOT NULL,
    "montantTva" BIGINT NOT NULL,

    CONSTRAINT "LigneTvaTravaux_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PieceJointeTravaux" (
    "id" UUID NOT NULL,
    "pieceId" UUID NOT NULL,
    "nature" "NaturePieceJointe" NOT NULL,
    "nom" TEXT NOT NULL,
    "typeMime" TEXT NOT NULL,
    "taille" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "contenu" BYTEA NOT NULL,
    "ajouteeParId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PieceJointeTravaux_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HistoriquePieceTravaux" (
    "id" UUID NOT NULL,
    "pieceId" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "statutAvant" "StatutPieceTravaux",
    "statutApres" "StatutPieceTravaux" NOT NULL,
    "acteurUserId" UUID,
    "acteurNom" TEXT,
    "acteurStructureId" UUID,
    "motif" TEXT,
    "commentaire" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HistoriquePieceTravaux_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DossierFacturation" (
    "id" UUID NOT NULL,
    "numero" SERIAL NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DossierFacturation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DepotPieceTravaux" (
    "id" UUID NOT NULL,
    "numero" SERIAL NOT NULL,
    "pieceId" UUID NOT NULL,
    "deposeLe" TIMESTAMP(3) NOT NULL,
    "deposeParId" UUID NOT NULL,
    "certificat" JSONB NOT NULL,
    "empreinte" CHAR(64) NOT NULL,

    CONSTRAINT "DepotPieceTravaux_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AvisDepot" (
    "id" UUID NOT NULL,
    "pieceId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "note" INTEGER NOT NULL,
    "commentaire" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AvisDepot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PieceTravaux_structureDeposanteId_updatedAt_idx" ON "PieceTravaux"("structureDeposanteId", "updatedAt" DESC);

-- CreateIndex
CREATE INDEX "PieceTravaux_moeId_statut_idx" ON "PieceTravaux"("moeId", "statut");

-- CreateIndex
CREATE INDEX "PieceTravaux_moaId_statut_idx" ON "PieceTravaux"("moaId", "statut");

-- CreateIndex
CREATE INDEX "PieceTravaux_titulaireId_statut_idx" ON "PieceTravaux"("titulaireId", "statut");

-- CreateIndex
CREATE INDEX "PieceTravaux_dossierId_idx" ON "PieceTravaux"("dossierId");

-- CreateIndex
CREATE UNIQUE INDEX "PieceTravaux_numero_unique_par_annee" ON "PieceTravaux"("structureDeposanteId", "anneeFacture", "numero");

-- CreateIndex
CREATE UNIQUE INDEX "LigneTvaTravaux_pieceId_rang_key" ON "LigneTvaTravaux"("pieceId", "rang");

-- CreateIndex
CREATE INDEX "PieceJointeTravaux_pieceId_createdAt_idx" ON "PieceJointeTravaux"("pieceId", "createdAt");

-- CreateIndex
CREATE INDEX "HistoriquePieceTravaux_pieceId_createdAt_idx" ON "HistoriquePieceTravaux"("pieceId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "DossierFacturation_numero_key" ON "DossierFacturation"("numero");

-- CreateIndex
CREATE UNIQUE INDEX "DepotPieceTravaux_numero_key" ON "DepotPieceTravaux"("numero");

-- CreateIndex
CREATE UNIQUE INDEX "DepotPieceTravaux_pieceId_key" ON "DepotPieceTravaux"("pieceId");

-- CreateIndex
CREATE UNIQUE INDEX "AvisDepot_pieceId_userId_key" ON "AvisDepot"("pieceId", "userId");

-- AddForeignKey
ALTER TABLE "PieceTravaux" ADD CONSTRAINT "PieceTravaux_structureDeposanteId_fkey" FOREIGN KEY ("structureDeposanteId") REFERENCES "Structure"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PieceTravaux" ADD CONSTRAINT "PieceTravaux_serviceDeposantId_fkey" FOREIGN KEY ("serviceDeposantId") REFERENCES "Service"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PieceTravaux" ADD CONSTRAINT "PieceTravaux_creeParId_fkey" FOREIGN KEY ("creeParId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PieceTravaux" ADD CONSTRAINT "PieceTravaux_moeId_fkey" FOREIGN KEY ("moeId") REFERENCES "Structure"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PieceTravaux" ADD CONSTRAINT "PieceTravaux_titulaireId_fkey" FOREIGN KEY ("titulaireId") REFERENCES "Structure"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PieceTravaux" ADD CONSTRAINT "PieceTravaux_moaId_fkey" FOREIGN KEY ("moaId") REFERENCES "Structure"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PieceTravaux" ADD CONSTRAINT "PieceTravaux_serviceMoaId_fkey" FOREIGN KEY ("serviceMoaId") REFERENCES "Service"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PieceTravaux" ADD CONSTRAINT "PieceTravaux_dossierId_fkey" FOREIGN KEY ("dossierId") REFERENCES "DossierFacturation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PieceTravaux" ADD CONSTRAINT "PieceTravaux_piecePrecedenteId_fkey" FOREIGN KEY ("piecePrecedenteId") REFERENCES "PieceTravaux"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LigneTvaTravaux" ADD CONSTRAINT "LigneTvaTravaux_pieceId_fkey" FOREIGN KEY ("pieceId") REFERENCES "PieceTravaux"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PieceJointeTravaux" ADD CONSTRAINT "PieceJointeTravaux_pieceId_fkey" FOREIGN KEY ("pieceId") REFERENCES "PieceTravaux"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HistoriquePieceTravaux" ADD CONSTRAINT "HistoriquePieceTravaux_pieceId_fkey" FOREIGN KEY ("pieceId") REFERENCES "PieceTravaux"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DepotPieceTravaux" ADD CONSTRAINT "DepotPieceTravaux_pieceId_fkey" FOREIGN KEY ("pieceId") REFERENCES "PieceTravaux"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AvisDepot" ADD CONSTRAINT "AvisDepot_pieceId_fkey" FOREIGN KEY ("pieceId") REFERENCES "PieceTravaux"("id") ON DELETE CASCADE ON UPDATE CASCADE;
