-- CreateEnum
CREATE TYPE "DroitService" AS ENUM ('CONSULTATION', 'MODIFICATION');

-- AlterTable
ALTER TABLE "Service" ADD COLUMN     "espaceTravauxOuvert" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "MembershipService" (
    "id" UUID NOT NULL,
    "membershipId" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "droit" "DroitService" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MembershipService_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" UUID NOT NULL,
    "structureId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "services" JSONB NOT NULL DEFAULT '[]',
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "utiliseeLe" TIMESTAMP(3),
    "revoqueeLe" TIMESTAMP(3),
    "inviteParId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MembershipService_serviceId_idx" ON "MembershipService"("serviceId");

-- CreateIndex
CREATE UNIQUE INDEX "MembershipService_membershipId_serviceId_key" ON "MembershipService"("membershipId", "serviceId");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_tokenHash_key" ON "Invitation"("tokenHash");

-- CreateIndex
CREATE INDEX "Invitation_structureId_createdAt_idx" ON "Invitation"("structureId", "createdAt");

-- AddForeignKey
ALTER TABLE "MembershipService" ADD CONSTRAINT "MembershipService_membershipId_fkey" FOREIGN KEY ("membershipId") REFERENCES "Membership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MembershipService" ADD CONSTRAINT "MembershipService_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_structureId_fkey" FOREIGN KEY ("structureId") REFERENCES "Structure"("id") ON DELETE CASCADE ON UPDATE CASCADE;
