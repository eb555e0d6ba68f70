-- DropIndex
DROP INDEX "Structure_rechercheNom_idx";

-- CreateTable
CREATE TABLE "StructureMot" (
    "mot" TEXT NOT NULL,
    "longueur" SMALLINT NOT NULL,
    "structureId" UUID NOT NULL,
    "rang" SMALLINT NOT NULL,

    CONSTRAINT "StructureMot_pkey" PRIMARY KEY ("mot","longueur","structureId","rang")
);

-- Écrit à la main. Les mots (3 caractères ou plus) d un nom normalisé, avec leur place (0 : le premier).
CREATE OR REPLACE FUNCTION portail_mots(nom text) RETURNS TABLE(mot text, rang smallint)
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT DISTINCT ON (t.w) t.w, (t.n - 1)::smallint FROM unnest(string_to_array(nom, ' ')) WITH ORDINALITY AS t(w, n) WHERE length(t.w) >= 3 ORDER BY t.w, t.n
$$;

-- Tient à jour "StructureMot" après chaque changement du nom normalisé ou de l état actif d une structure :
-- une structure désactivée n a plus de mots, elle ne se trouve plus par son nom.
-- Le corps est une chaîne E'' où \073 est le point-virgule : l outil de migration découpe le script à chaque point-virgule.
CREATE OR REPLACE FUNCTION structure_mots() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP IN (''UPDATE'', ''DELETE'') THEN
    DELETE FROM "StructureMot" m USING portail_mots(OLD."rechercheNom") w
    WHERE m.mot = w.mot AND m.longueur = length(OLD."rechercheNom") AND m."structureId" = OLD.id\073
  END IF\073
  IF TG_OP IN (''INSERT'', ''UPDATE'') AND NEW.active THEN
    INSERT INTO "StructureMot" (mot, longueur, "structureId", rang)
    SELECT w.mot, length(NEW."rechercheNom"), NEW.id, w.rang FROM portail_mots(NEW."rechercheNom") w\073
  END IF\073
  RETURN NULL\073
END';

CREATE TRIGGER structure_mots AFTER INSERT OR DELETE ON "Structure" FOR EACH ROW EXECUTE FUNCTION structure_mots();
CREATE TRIGGER structure_mots_maj AFTER UPDATE ON "Structure" FOR EACH ROW
WHEN (OLD."rechercheNom" IS DISTINCT FROM NEW."rechercheNom" OR OLD.active IS DISTINCT FROM NEW.active)
EXECUTE FUNCTION structure_mots();

INSERT INTO "StructureMot" (mot, longueur, "structureId", rang)
SELECT w.mot, length(s."rechercheNom"), s.id, w.rang FROM "Structure" s, portail_mots(s."rechercheNom") w WHERE s.active;
