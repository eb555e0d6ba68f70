-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "AccountStatus" AS ENUM ('EN_ATTENTE_ACTIVATION', 'ACTIF', 'DESACTIVE');

-- CreateEnum
CREATE TYPE "TokenPurpose" AS ENUM ('ACTIVATION', 'REINITIALISATION');

-- CreateEnum
CREATE TYPE "IdentifierType" AS ENUM ('SIRET', 'UE_HORS_FRANCE', 'HORS_UE', 'RIDET', 'TAHITI', 'PARTICULIER');

-- CreateEnum
CREATE TYPE "StructureRole" AS ENUM ('GESTIONNAIRE_PRINCIPAL', 'GESTIONNAIRE_SECONDAIRE', 'UTILISATEUR_SIMPLE');

-- CreateEnum
CREATE TYPE "MembershipStatus" AS ENUM ('EN_COURS_DE_VALIDATION', 'VALIDEE', 'REFUSEE', 'DESACTIVEE');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('EN_ATTENTE', 'ENVOYE', 'ECHEC');

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "contactEmail" TEXT NOT NULL,
    "passwordHash" TEXT,
    "status" "AccountStatus" NOT NULL DEFAULT 'EN_ATTENTE_ACTIVATION',
    "termsAcceptedAt" TIMESTAMP(3) NOT NULL,
    "failedLoginCount" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),
    "activatedAt" TIMESTAMP(3),
    "lastLoginAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "currentStructureId" UUID,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UserToken" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "purpose" "TokenPurpose" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UserToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaptchaChallenge" (
    "id" UUID NOT NULL,
    "answerHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "solvedAt" TIMESTAMP(3),
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaptchaChallenge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Structure" (
    "id" UUID NOT NULL,
    "identifierType" "IdentifierType" NOT NULL,
    "identifier" TEXT NOT NULL,
    "countryCode" TEXT,
    "raisonSociale" TEXT NOT NULL,
    "libelle" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "adresse" TEXT,
    "complement1" TEXT,
    "complement2" TEXT,
    "codePostal" TEXT,
    "ville" TEXT,
    "pays" TEXT,
    "diffusionPartielle" BOOLEAN NOT NULL DEFAULT false,
    "isPublicBuyer" BOOLEAN NOT NULL DEFAULT false,
    "worksSpaceOpen" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Structure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Service" (
    "id" UUID NOT NULL,
    "structureId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "libelle" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Service_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "structureId" UUID NOT NULL,
    "role" "StructureRole" NOT NULL DEFAULT 'UTILISATEUR_SIMPLE',
    "status" "MembershipStatus" NOT NULL DEFAULT 'EN_COURS_DE_VALIDATION',
    "decidedById" UUID,
    "decidedAt" TIMESTAMP(3),
    "refusalReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "insee_unite_legale" (
    "siren" VARCHAR(9) NOT NULL,
    "denomination" TEXT,
    "nom" TEXT,
    "prenom" TEXT,
    "categorieJuridique" TEXT,
    "etatAdministratif" VARCHAR(1),
    "statutDiffusion" VARCHAR(1),

    CONSTRAINT "insee_unite_legale_pkey" PRIMARY KEY ("siren")
);

-- CreateTable
CREATE TABLE "insee_etablissement" (
    "siret" VARCHAR(14) NOT NULL,
    "siren" VARCHAR(9) NOT NULL,
    "etatAdministratif" VARCHAR(1) NOT NULL,
    "statutDiffusion" VARCHAR(1) NOT NULL,
    "enseigne" TEXT,
    "numeroVoie" TEXT,
    "indiceRepetition" TEXT,
    "typeVoie" TEXT,
    "libelleVoie" TEXT,
    "complementAdresse" TEXT,
    "codePostal" TEXT,
    "libelleCommune" TEXT,
    "codeCommune" TEXT,
    "libelleCommuneEtranger" TEXT,
    "libellePaysEtranger" TEXT,
    "codePaysEtranger" TEXT,

    CONSTRAINT "insee_etablissement_pkey" PRIMARY KEY ("siret")
);

-- CreateTable
CREATE TABLE "OutboxMail" (
    "id" UUID NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "status" "OutboxStatus" NOT NULL DEFAULT 'EN_ATTENTE',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "OutboxMail_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DevMail" (
    "id" UUID NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "html" TEXT,
    "text" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DevMail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "UserToken_tokenHash_key" ON "UserToken"("tokenHash");

-- CreateIndex
CREATE INDEX "UserToken_userId_purpose_idx" ON "UserToken"("userId", "purpose");

-- CreateIndex
CREATE INDEX "CaptchaChallenge_expiresAt_idx" ON "CaptchaChallenge"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Structure_identifierType_identifier_key" ON "Structure"("identifierType", "identifier");

-- CreateIndex
CREATE UNIQUE INDEX "Service_structureId_code_key" ON "Service"("structureId", "code");

-- CreateIndex
CREATE INDEX "Membership_structureId_status_idx" ON "Membership"("structureId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_userId_structureId_key" ON "Membership"("userId", "structureId");

-- CreateIndex
CREATE INDEX "insee_etablissement_siren_idx" ON "insee_etablissement"("siren");

-- CreateIndex
CREATE INDEX "OutboxMail_status_createdAt_idx" ON "OutboxMail"("status", "createdAt");

-- CreateIndex
CREATE INDEX "DevMail_to_receivedAt_idx" ON "DevMail"("to", "receivedAt");

-- AddForeignKey
ALTER TABLE "UserToken" ADD CONSTRAINT "UserToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Service" ADD CONSTRAINT "Service_structureId_fkey" FOREIGN KEY ("structureId") REFERENCES "Structure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_structureId_fkey" FOREIGN KEY ("structureId") REFERENCES "Structure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
