-- Étape 2 : la colonne du contenu disparaît, une fois chaque fichier dans le stockage des fichiers.
-- Refusée tant qu une ligne garde son contenu en base (rien n est alors modifié) : « npm run files:migrate » d abord.
DO E'
BEGIN
  IF EXISTS (SELECT 1 FROM "PieceJointeTravaux" WHERE "contenu" IS NOT NULL OR "cle" IS NULL) THEN
    RAISE EXCEPTION ''Des pièces jointes ont encore leur contenu en base : lancez « npm run files:migrate » (ou « npm run db:migrate », qui le fait de lui-même), puis relancez les migrations.''\073
  END IF\073
END
';

-- AlterTable
ALTER TABLE "PieceJointeTravaux" DROP COLUMN "contenu",
ALTER COLUMN "cle" SET NOT NULL;
