-- Écrit à la main : extensions et normalisation pour l annuaire des structures (Prisma ne gère ni les extensions ni les déclencheurs).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- Minuscules, sans accents (œ → oe), toute suite de caractères non alphanumériques réduite à une espace.
-- unaccent() est STABLE (il cherche son dictionnaire par son nom) : nommé explicitement, le résultat est constant.
CREATE OR REPLACE FUNCTION portail_normalise(txt text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT btrim(regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, txt)), '[^[:alnum:]]+', ' ', 'g'))
$$;

-- Tient à jour les colonnes de recherche. En diffusion partielle, la ville reste hors de la recherche.
-- Le corps est une chaîne E'' où \073 est le point-virgule : l outil de migration découpe le script à chaque point-virgule.
CREATE OR REPLACE FUNCTION structure_recherche() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  NEW."rechercheNom" := coalesce(portail_normalise(NEW."raisonSociale" || coalesce('' '' || NEW."libelle", '''')), '''')\073
  NEW."rechercheVille" := CASE WHEN NEW."diffusionPartielle" THEN '''' ELSE coalesce(portail_normalise(NEW."ville"), '''') END\073
  RETURN NEW\073
END';

-- AlterTable
ALTER TABLE "Structure" ADD COLUMN     "rechercheNom" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "rechercheVille" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "Structure_rechercheNom_idx" ON "Structure" USING GIN ("rechercheNom" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Structure_rechercheVille_idx" ON "Structure" USING GIN ("rechercheVille" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Structure_codePostal_idx" ON "Structure"("codePostal");

-- Écrit à la main : le déclencheur, puis les structures déjà présentes.
CREATE TRIGGER structure_recherche BEFORE INSERT OR UPDATE OF "raisonSociale", "libelle", "ville", "diffusionPartielle" ON "Structure"
FOR EACH ROW EXECUTE FUNCTION structure_recherche();
UPDATE "Structure" SET "raisonSociale" = "raisonSociale";
