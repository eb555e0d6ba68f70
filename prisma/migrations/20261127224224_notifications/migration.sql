-- CreateTable
CREATE TABLE "Notification" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "titre" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "lien" TEXT,
    "luLe" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Notification_userId_luLe_createdAt_idx" ON "Notification"("userId", "luLe", "createdAt");

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Destinataires des notifications (lib/mail/outbox.ts) : l'adresse de contact, sans tenir compte de la casse.
-- Index sur expression, hors de schema.prisma (Prisma ne les décrit pas et ne les compare pas).
CREATE INDEX "User_lower_contactEmail_idx" ON "User"(lower("contactEmail"));
