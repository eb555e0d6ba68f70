-- DropIndex
DROP INDEX "Structure_codePostal_idx";

-- DropIndex
DROP INDEX "Structure_rechercheVille_idx";

-- AlterTable
ALTER TABLE "Structure" ADD COLUMN     "rechercheCodePostal" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "Structure_rechercheVille_rechercheNom_id_idx" ON "Structure"("rechercheVille", "rechercheNom", "id");

-- CreateIndex
CREATE INDEX "Structure_rechercheCodePostal_rechercheNom_id_idx" ON "Structure"("rechercheCodePostal", "rechercheNom", "id");

-- Écrit à la main. Ville et code postal cherchables seulement pour une structure active et diffusée.
-- Le corps est une chaîne E'' où \073 est le point-virgule : l outil de migration découpe le script à chaque point-virgule.
CREATE OR REPLACE FUNCTION structure_recherche() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  NEW."rechercheNom" := coalesce(portail_normalise(NEW."raisonSociale" || coalesce('' '' || NEW."libelle", '''')), '''')\073
  IF NEW."diffusionPartielle" OR NOT NEW.active THEN
    NEW."rechercheVille" := ''''\073
    NEW."rechercheCodePostal" := ''''\073
  ELSE
    NEW."rechercheVille" := coalesce(portail_normalise(NEW."ville"), '''')\073
    NEW."rechercheCodePostal" := coalesce(regexp_replace(NEW."codePostal", ''\\s'', '''', ''g''), '''')\073
  END IF\073
  RETURN NEW\073
END';

DROP TRIGGER structure_recherche ON "Structure";
CREATE TRIGGER structure_recherche BEFORE INSERT OR UPDATE OF "raisonSociale", "libelle", "ville", "codePostal", "diffusionPartielle", "active" ON "Structure"
FOR EACH ROW EXECUTE FUNCTION structure_recherche();
UPDATE "Structure" SET "raisonSociale" = "raisonSociale";

-- Les mots fréquents (noms de famille, métiers) doivent être connus du planificateur, qui choisit sinon des boucles
-- imbriquées sur des milliers de lignes : statistiques détaillées sur la colonne.
ALTER TABLE "StructureMot" ALTER COLUMN mot SET STATISTICS 10000;
