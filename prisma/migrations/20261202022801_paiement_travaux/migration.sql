-- CreateEnum
CREATE TYPE "TypePiece" AS ENUM ('FACTURE', 'AVOIR');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "CadreFacturation" ADD VALUE 'A16_ETAT_ACOMPTE_VALIDE_MOE';
ALTER TYPE "CadreFacturation" ADD VALUE 'A18_DECOMPTE_GENERAL_MOE';
ALTER TYPE "CadreFacturation" ADD VALUE 'A19_ETAT_ACOMPTE_VALIDE_MOA';
ALTER TYPE "CadreFacturation" ADD VALUE 'A20_DECOMPTE_GENERAL_MOA';

-- AlterEnum
ALTER TYPE "NaturePieceJointe" ADD VALUE 'MEMOIRE_RECLAMATION';

-- AlterEnum
BEGIN;
CREATE TYPE "StatutPieceTravaux_new" AS ENUM ('BROUILLON', 'DEPOSEE', 'A_VALIDER_1', 'REFUSEE_1', 'MISE_A_DISPOSITION_MOE', 'PRISE_EN_COMPTE_MOE', 'REFUSEE_MOE', 'SUSPENDUE', 'TRANSMISE_MOA', 'MISE_A_DISPOSITION_MOA', 'PRISE_EN_COMPTE_MOA', 'REFUSEE_MOA', 'ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE', 'REMPLACEE_PAR_A22', 'MISE_A_DISPOSITION', 'VALIDEE_1', 'ASSOCIEE', 'A_RECYCLER', 'ABANDONNEE', 'MANDATEE', 'MISE_EN_PAIEMENT', 'REJETEE', 'DUPLIQUE_APRES_REFUS');
ALTER TABLE "public"."PieceTravaux" ALTER COLUMN "statut" DROP DEFAULT;
ALTER TABLE "PieceTravaux" ALTER COLUMN "statut" TYPE "StatutPieceTravaux_new" USING ("statut"::text::"StatutPieceTravaux_new");
ALTER TABLE "HistoriquePieceTravaux" ALTER COLUMN "statutAvant" TYPE "StatutPieceTravaux_new" USING ("statutAvant"::text::"StatutPieceTravaux_new");
ALTER TABLE "HistoriquePieceTravaux" ALTER COLUMN "statutApres" TYPE "StatutPieceTravaux_new" USING ("statutApres"::text::"StatutPieceTravaux_new");
ALTER TYPE "StatutPieceTravaux" RENAME TO "StatutPieceTravaux_old";
ALTER TYPE "StatutPieceTravaux_new" RENAME TO "StatutPieceTravaux";
DROP TYPE "public"."StatutPieceTravaux_old";
ALTER TABLE "PieceTravaux" ALTER COLUMN "statut" SET DEFAULT 'BROUILLON';
COMMIT;

-- DropIndex
DROP INDEX "PieceTravaux_numero_unique_par_annee";

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "serviceFinancier" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "PieceTravaux" ADD COLUMN     "avanceRemboursee" BIGINT,
ADD COLUMN     "avanceVersee" BIGINT,
ADD COLUMN     "cautionRemplaceRetenue" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "compteBancaireId" UUID,
ADD COLUMN     "mandatLe" DATE,
ADD COLUMN     "mandatNumero" TEXT,
ADD COLUMN     "motifExonerationTva" TEXT,
ADD COLUMN     "motifReserves" TEXT,
ADD COLUMN     "motifRevision" TEXT,
ADD COLUMN     "netAPayer" BIGINT,
ADD COLUMN     "numeroBonCommande" TEXT,
ADD COLUMN     "numeroEngagement" TEXT,
ADD COLUMN     "numeroMarche" TEXT,
ADD COLUMN     "numeroReserve" TEXT,
ADD COLUMN     "paiementLe" DATE,
ADD COLUMN     "paiementMontant" BIGINT,
ADD COLUMN     "penalites" BIGINT,
ADD COLUMN     "retenueGarantie" BIGINT,
ADD COLUMN     "revisionPrix" BIGINT,
ADD COLUMN     "signatureAvecReserves" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "travauxCumules" BIGINT,
ADD COLUMN     "travauxCumulesPrecedents" BIGINT,
ADD COLUMN     "travauxPeriode" BIGINT,
ADD COLUMN     "typePiece" "TypePiece" NOT NULL DEFAULT 'FACTURE';

-- Les numéros déjà pris le restent (aucun refus passé ne les a libérés)
UPDATE "PieceTravaux" SET "numeroReserve" = "numero" WHERE "numero" IS NOT NULL;

-- AlterTable
ALTER TABLE "Structure" ADD COLUMN     "codeServiceObligatoire" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "engagementObligatoire" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "validationDelegueeMoe" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "LignePosteTravaux" (
    "id" UUID NOT NULL,
    "pieceId" UUID NOT NULL,
    "rang" INTEGER NOT NULL,
    "reference" TEXT,
    "denomination" TEXT NOT NULL,
    "quantite" BIGINT NOT NULL,
    "unite" TEXT,
    "prixUnitaireHt" BIGINT NOT NULL,
    "montantHt" BIGINT NOT NULL,
    "tauxTva" INTEGER NOT NULL,

    CONSTRAINT "LignePosteTravaux_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CompteBancaire" (
    "id" UUID NOT NULL,
    "structureId" UUID NOT NULL,
    "libelle" TEXT NOT NULL,
    "titulaire" TEXT NOT NULL,
    "iban" TEXT NOT NULL,
    "bic" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "creeParId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CompteBancaire_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LignePosteTravaux_pieceId_rang_key" ON "LignePosteTravaux"("pieceId", "rang");

-- CreateIndex
CREATE UNIQUE INDEX "CompteBancaire_structureId_iban_key" ON "CompteBancaire"("structureId", "iban");

-- CreateIndex
CREATE INDEX "PieceTravaux_moaId_statut_statutLe_idx" ON "PieceTravaux"("moaId", "statut", "statutLe");

-- CreateIndex
CREATE UNIQUE INDEX "PieceTravaux_numero_unique_par_annee" ON "PieceTravaux"("structureDeposanteId", "anneeFacture", "numeroReserve");

-- AddForeignKey
ALTER TABLE "PieceTravaux" ADD CONSTRAINT "PieceTravaux_compteBancaireId_fkey" FOREIGN KEY ("compteBancaireId") REFERENCES "CompteBancaire"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LignePosteTravaux" ADD CONSTRAINT "LignePosteTravaux_pieceId_fkey" FOREIGN KEY ("pieceId") REFERENCES "PieceTravaux"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CompteBancaire" ADD CONSTRAINT "CompteBancaire_structureId_fkey" FOREIGN KEY ("structureId") REFERENCES "Structure"("id") ON DELETE CASCADE ON UPDATE CASCADE;
