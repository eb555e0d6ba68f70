import type { RechercheStructures } from "./recherche-schema";

/**
 * The directory search as SQL, with no database client here: the portal (annuaire.ts) and the benchmark
 * (tests/bench/directory.ts) run the very same statements.
 *
 * A trigger keeps, for every structure, its name normalised (`rechercheNom`: lower case, no accents, punctuation
 * as spaces, by the SQL function `portail_normalise`) and, for active ones, each word of 3 characters or more in
 * "StructureMot" (word, name length, structure, place of the word) — see the migrations « structures_annuaire* ».
 * - raison sociale: every typed word must begin a word of the name (« menui dupon » finds MENUISERIE DUPONT),
 *   looked up by prefix ranges in "StructureMot"'s primary key; counting and ranking read that index alone,
 *   so a common word (thousands of matches) costs a few milliseconds. Words of 1-2 letters are checked on the
 *   names found; « de », « des », « la »… are ignored when other words are typed.
 * - SIRET, code postal, ville: prefixes, as ranges on b-tree indexes; ville and code postal are read from columns the
 *   trigger empties for an inactive or confidential structure (diffusion partielle): such a structure never matches
 *   on its address, which a search must not reveal. Their indexes (with the name) count and sort without the table.
 * Relevance: names that begin with the first word typed, then those where more words are whole words, then the
 * shortest names (closest to what was typed); without words, alphabetical order.
 */
export type LigneAnnuaire = {
  id: string;
  identifierType: string;
  identifier: string;
  raisonSociale: string;
  libelle: string | null;
  ville: string | null;
  codePostal: string | null;
  isPublicBuyer: boolean;
  worksSpaceOpen: boolean;
  diffusionPartielle: boolean;
  total: bigint | number;
};

export type RequeteSql = { text: string; values: unknown[] };

const MOTS_IGNORES = new Set(["de", "du", "des", "la", "le", "les", "l", "d", "et", "en", "au", "aux", "a", "sur", "sous"]);
const MAX_MOTS = 6;

/** Normalises the typed raison sociale and ville with the same SQL function as the stored ones. */
export const requeteNormalisation = (q?: string, ville?: string): RequeteSql => ({
  text: `SELECT portail_normalise($1) AS q, portail_normalise($2) AS ville`,
  values: [q ?? null, ville ?? null],
});
export type Normalisation = { q: string | null; ville: string | null };

/** The words to look up (long) and to check on the names found (short), from the normalised query. */
export function motsNormalises(normalised: string): { longs: string[]; courts: string[] } {
  const all = [...new Set(normalised.split(" ").filter(Boolean))];
  const useful = all.filter((w) => !MOTS_IGNORES.has(w));
  const words = useful.length ? useful : all;
  return { longs: words.filter((w) => w.length >= 3).slice(0, MAX_MOTS), courts: words.filter((w) => w.length < 3).slice(0, MAX_MOTS) };
}

/** The smallest string greater than every string starting with `prefix` (null when there is none). */
export function bornePrefixe(prefix: string): string | null {
  const chars = [...prefix];
  for (let i = chars.length - 1; i >= 0; i--) {
    const code = chars[i].codePointAt(0)!;
    if (code < 0x10ffff) return chars.slice(0, i).join("") + String.fromCodePoint(code + 1);
  }
  return null;
}

export function aUnCritere(r: RechercheStructures): boolean {
  return !!(r.q || r.siret || r.ville || r.codePostal);
}

type Params = { values: unknown[]; p: (v: unknown) => string };
function params(): Params {
  const values: unknown[] = [];
  return {
    values,
    p: (v) => {
      values.push(v);
      return `$${values.length}`;
    },
  };
}

/**
 * `column` begins with `prefix`, as a range that a b-tree reads directly. Exact for what is searched this way
 * (digits, normalised words: lower-case letters and digits), which every collation orders character by character;
 * no LIKE beside it, whose selectivity the planner misjudges (it then picks nested loops over thousands of rows).
 */
function prefixe(column: string, prefix: string, p: Params["p"]): string {
  const upper = bornePrefixe(prefix);
  return `${column} >= ${p(prefix)}${upper ? ` AND ${column} < ${p(upper)}` : ""}`;
}

/**
 * Conditions on "Structure" s (everything but the long words). The ville and code postal columns are empty for an
 * inactive structure: with one of them, `s.active` holds already (and their index is read without the table).
 */
function conditionsStructure(r: RechercheStructures, courts: string[], ville: string | null, { p }: Params): string[] {
  const where: string[] = [];
  if (ville) where.push(prefixe(`s."rechercheVille"`, ville, p));
  if (r.codePostal) where.push(prefixe(`s."rechercheCodePostal"`, r.codePostal, p));
  for (const w of courts) where.push(`(' ' || s."rechercheNom") LIKE ${p(`% ${w}%`)}`);
  if (r.siret) {
    where.push(`s."identifierType" = 'SIRET'`, r.siret.length === 14 ? `s.identifier = ${p(r.siret)}` : prefixe(`s.identifier`, r.siret, p));
  }
  if (r.filtre?.publicBuyer !== undefined) where.push(`s."isPublicBuyer" = ${p(r.filtre.publicBuyer)}`);
  if (r.filtre?.worksSpaceOpen !== undefined) where.push(`s."worksSpaceOpen" = ${p(r.filtre.worksSpaceOpen)}`);
  if (!ville && !r.codePostal) where.push("s.active");
  return where;
}

/**
 * The structures whose name has a word beginning with each long word typed. One word: grouped straight from the
 * index. Several: each word's matches are read once from the index (materialised: otherwise the planner may pick
 * a nested loop that rescans a word's range per row of another), hash-joined on the structure, then grouped.
 * Per structure: its best place, its name length, and how many typed words are whole words of its name.
 */
function candidats(longs: string[], ps: Params): string {
  if (longs.length === 1) {
    return `WITH c AS (SELECT "structureId" AS id, min(rang) AS r, min(longueur) AS l, bool_or(mot = ${ps.p(longs[0])})::int AS e
    FROM "StructureMot" WHERE ${prefixe("mot", longs[0], ps.p)} GROUP BY 1)`;
  }
  const words = longs.map(
    (w, i) => `m${i} AS MATERIALIZED (SELECT "structureId" AS id, rang, longueur, mot = ${ps.p(w)} AS e FROM "StructureMot" WHERE ${prefixe("mot", w, ps.p)})`,
  );
  const joins = longs
    .slice(1)
    .map((_, i) => ` JOIN m${i + 1} USING (id)`)
    .join("");
  const exact = longs.map((_, i) => `bool_or(m${i}.e)::int`).join(" + ");
  return `WITH ${words.join(",\n  ")},
  c AS (SELECT m0.id, min(m0.rang) AS r, min(m0.longueur) AS l, ${exact} AS e FROM m0${joins} GROUP BY 1)`;
}

const COLONNES = `s.id, s."identifierType"::text AS "identifierType", s.identifier, s."raisonSociale", s.libelle,
  CASE WHEN s."diffusionPartielle" THEN NULL ELSE s.ville END AS ville,
  CASE WHEN s."diffusionPartielle" THEN NULL ELSE s."codePostal" END AS "codePostal",
  s."isPublicBuyer", s."worksSpaceOpen", s."diffusionPartielle"`;
const PERTINENCE = `(c.r = 0) DESC, c.e DESC, c.l, c.id`;

/**
 * One page of results, each row carrying the total number of matches, and the count alone (for a page past the
 * last one, where the windowed count has no row to ride on). The matches are found, counted and ranked on indexes;
 * only the page's rows are read from the table.
 */
export function requetesAnnuaire(r: RechercheStructures, n: Normalisation = { q: null, ville: null }): { page: RequeteSql; total: RequeteSql } {
  const { longs, courts } = motsNormalises(n.q ?? "");
  const build = (count: boolean): RequeteSql => {
    const ps = params();
    const limit = () => `LIMIT ${ps.p(r.pageSize)} OFFSET ${ps.p((r.page - 1) * r.pageSize)}`;
    let matches: string;
    let order: string;
    if (longs.length) {
      // Only active structures have words: without other criteria, nothing is read from "Structure".
      const where = conditionsStructure(r, courts, n.ville, ps);
      const others = where.filter((w) => w !== "s.active");
      matches = `${candidats(longs, ps)},
  f AS (SELECT c.* FROM c${others.length ? ` JOIN "Structure" s ON s.id = c.id WHERE ${others.join(" AND ")}` : ""})`;
      order = PERTINENCE;
    } else {
      const where = conditionsStructure(r, courts, n.ville, ps);
      const cle = r.siret && !courts.length ? `s.identifier` : `s."rechercheNom"`;
      matches = `WITH f AS (SELECT s.id, ${cle} AS k FROM "Structure" s WHERE ${where.join(" AND ")})`;
      order = `c.k COLLATE "C", c.id`;
    }
    if (count) return { text: `${matches}\nSELECT count(*) AS total FROM f`, values: ps.values };
    return {
      text: `${matches},
  page AS (SELECT c.*, count(*) OVER () AS total FROM f c ORDER BY ${order} ${limit()})
SELECT ${COLONNES}, c.total FROM page c JOIN "Structure" s ON s.id = c.id ORDER BY ${order}`,
      values: ps.values,
    };
  };
  return { page: build(false), total: build(true) };
}
