-- CreateEnum
CREATE TYPE "StatutLivraisonWebhook" AS ENUM ('EN_ATTENTE', 'LIVREE', 'ECHEC');

-- CreateTable
CREATE TABLE "AbonnementWebhook" (
    "id" UUID NOT NULL,
    "structureId" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "secretChiffre" TEXT NOT NULL,
    "actif" BOOLEAN NOT NULL DEFAULT true,
    "creeParId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "desactiveLe" TIMESTAMP(3),

    CONSTRAINT "AbonnementWebhook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LivraisonWebhook" (
    "id" UUID NOT NULL,
    "abonnementId" UUID NOT NULL,
    "pieceId" UUID NOT NULL,
    "evenement" JSONB NOT NULL,
    "statut" "StatutLivraisonWebhook" NOT NULL DEFAULT 'EN_ATTENTE',
    "planifiee" BOOLEAN NOT NULL DEFAULT false,
    "tentatives" INTEGER NOT NULL DEFAULT 0,
    "dernierCode" INTEGER,
    "derniereErreur" TEXT,
    "derniereTentative" TIMESTAMP(3),
    "livreeLe" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LivraisonWebhook_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AbonnementWebhook_structureId_actif_idx" ON "AbonnementWebhook"("structureId", "actif");

-- CreateIndex
CREATE INDEX "LivraisonWebhook_abonnementId_createdAt_idx" ON "LivraisonWebhook"("abonnementId", "createdAt");

-- CreateIndex
CREATE INDEX "LivraisonWebhook_planifiee_statut_idx" ON "LivraisonWebhook"("planifiee", "statut");

-- AddForeignKey
ALTER TABLE "AbonnementWebhook" ADD CONSTRAINT "AbonnementWebhook_structureId_fkey" FOREIGN KEY ("structureId") REFERENCES "Structure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AbonnementWebhook" ADD CONSTRAINT "AbonnementWebhook_creeParId_fkey" FOREIGN KEY ("creeParId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LivraisonWebhook" ADD CONSTRAINT "LivraisonWebhook_abonnementId_fkey" FOREIGN KEY ("abonnementId") REFERENCES "AbonnementWebhook"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Les livraisons de webhooks, écrites dans la transaction de chaque changement de statut d'une pièce (toute ligne
-- d'historique dont le statut change), pour chaque abonnement actif d'une structure partie à la pièce. Un seul
-- endroit, quel que soit le chemin du changement (dépôt, traitement, délai, paiement…). Sans abonnement : une
-- lecture d'index. Avec : NOTIFY « webhooks » réveille les processus de tâches, qui planifient les livraisons.
CREATE FUNCTION webhooks_changement_statut() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "LivraisonWebhook" (id, "abonnementId", "pieceId", evenement)
  SELECT gen_random_uuid(), a.id, p.id,
         jsonb_build_object('type', 'piece.statut', 'pieceId', p.id, 'numero', p.numero, 'cadre', p.cadre,
                            'statutAvant', NEW."statutAvant", 'statut', NEW."statutApres", 'action', NEW.action,
                            'motif', NEW.motif, 'le', to_char(NEW."createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
  FROM "PieceTravaux" p
  JOIN "AbonnementWebhook" a ON a.actif
   AND a."structureId" IN (p."structureDeposanteId", p."moeId", p."moaId", p."titulaireId", p."cotraitantId")
  WHERE p.id = NEW."pieceId";
  IF FOUND THEN
    PERFORM pg_notify('webhooks', '');
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER webhooks_changement_statut
AFTER INSERT ON "HistoriquePieceTravaux"
FOR EACH ROW
WHEN (NEW."statutAvant" IS NOT NULL AND NEW."statutAvant" IS DISTINCT FROM NEW."statutApres")
EXECUTE FUNCTION webhooks_changement_statut();
