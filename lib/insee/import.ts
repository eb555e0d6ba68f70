import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

/**
 * Import of INSEE's Sirene open-data stock files (« StockUniteLegale » and « StockEtablissement »)
 * into the portal's own copy of the directory (tables insee_unite_legale and insee_etablissement).
 *
 * Columns are found by their header names, never by position: INSEE adds columns over the years
 * (societeMissionUniteLegale, activitePrincipaleNAF25Etablissement…), so each file is streamed as it is
 * (COPY) into a temporary staging table with one text column per header name, then the wanted columns
 * go from there into the directory: rows whose values changed are updated, new rows inserted, unchanged
 * rows left alone, so a re-import is an upsert and the same file twice writes nothing. Into an empty table
 * (first import), the table's indexes are dropped and rebuilt after the insert, in the same transaction.
 * One transaction per file; the two files are imported side by side on two connections, then ANALYZEd.
 * Masked values of confidential entries (the literal « [ND] ») are stored as INSEE gives them;
 * the directory lookup (lib/insee/lookup.ts) masks them.
 */

export type SireneFileKind = "StockUniteLegale" | "StockEtablissement";

/** The columns the import reads; a file without one of them is refused. */
export const REQUIRED_COLUMNS: Record<SireneFileKind, readonly string[]> = {
  StockUniteLegale: [
    "siren",
    "statutDiffusionUniteLegale",
    "etatAdministratifUniteLegale",
    "nomUniteLegale",
    "prenom1UniteLegale",
    "denominationUniteLegale",
    "categorieJuridiqueUniteLegale",
  ],
  StockEtablissement: [
    "siren",
    "siret",
    "statutDiffusionEtablissement",
    "etatAdministratifEtablissement",
    "enseigne1Etablissement",
    "numeroVoieEtablissement",
    "indiceRepetitionEtablissement",
    "typeVoieEtablissement",
    "libelleVoieEtablissement",
    "complementAdresseEtablissement",
    "codePostalEtablissement",
    "libelleCommuneEtablissement",
    "codeCommuneEtablissement",
    "libelleCommuneEtrangerEtablissement",
    "codePaysEtrangerEtablissement",
    "libellePaysEtrangerEtablissement",
  ],
};

/** An import refused or failed for a reason the person running it can fix; the message is in French. */
export class SireneImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SireneImportError";
  }
}

export type ImportProgress = { file: SireneFileKind; rows: number };

export type FileImportResult = {
  file: string;
  /** Data lines read from the file. */
  rows: number;
  /** Rows that were not in the directory yet. */
  inserted: number;
  /** Rows already there whose values changed. */
  updated: number;
  /** Lines left aside because their identifier is malformed (not 9 / 14 characters) or their state is missing. */
  rejected: number;
  seconds: number;
};

export type SireneImportResult = {
  unitesLegales: FileImportResult;
  etablissements: FileImportResult;
  /** Data lines of both files. */
  rows: number;
  seconds: number;
  rowsPerSecond: number;
};

export type ImportSireneOptions = {
  unitesLegalesPath: string;
  etablissementsPath: string;
  databaseUrl: string;
  /**
   * Called while the files are read (at most about once a second per file, and at the end).
   * By default progress is printed on the standard output; pass `false` to stay quiet.
   */
  onProgress?: ((progress: ImportProgress) => void) | false;
};

const FILE_LABEL: Record<SireneFileKind, string> = {
  StockUniteLegale: "StockUniteLegale (unités légales)",
  StockEtablissement: "StockEtablissement (établissements)",
};

const nf = new Intl.NumberFormat("fr-FR");

function defaultProgress({ file, rows }: ImportProgress): void {
  console.log(`${FILE_LABEL[file]} : ${nf.format(rows)} lignes lues…`);
}

/**
 * Imports (or re-imports: rows are upserted) a StockUniteLegale / StockEtablissement pair.
 * Both headers are checked first: a missing column refuses the pair before anything is written.
 * Throws a SireneImportError (French message) for a file the operator must fix.
 */
export async function importSirene(options: ImportSireneOptions): Promise<SireneImportResult> {
  const onProgress = options.onProgress === false ? undefined : (options.onProgress ?? defaultProgress);
  // Both files are checked before anything is written.
  const [ulHeader, etHeader] = await checkPair(options.unitesLegalesPath, options.etablissementsPath);
  const started = performance.now();
  // The two files side by side, each in its own transaction (they write different tables).
  const settled = await Promise.allSettled([
    importFile(options.databaseUrl, "StockUniteLegale", options.unitesLegalesPath, ulHeader, onProgress),
    importFile(options.databaseUrl, "StockEtablissement", options.etablissementsPath, etHeader, onProgress),
  ]);
  const failed = settled.find((s) => s.status === "rejected");
  if (failed) throw failed.reason;
  const [unitesLegales, etablissements] = settled.map((s) => (s as PromiseFulfilledResult<FileImportResult>).value);
  const seconds = (performance.now() - started) / 1000;
  const rows = unitesLegales.rows + etablissements.rows;
  return { unitesLegales, etablissements, rows, seconds, rowsPerSecond: Math.round(rows / Math.max(seconds, 1e-6)) };
}

// ───────────────────────────── Header ─────────────────────────────

/** Splits one CSV line (comma separator, fields optionally in double quotes). */
export function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let value = "";
    if (line[i] === '"') {
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) {
          value += line.slice(i);
          i = line.length;
          break;
        }
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      const comma = line.indexOf(",", i);
      if (comma < 0) {
        fields.push(value);
        return fields;
      }
      i = comma + 1;
      fields.push(value);
    } else {
      const comma = line.indexOf(",", i);
      if (comma < 0) {
        fields.push(line.slice(i));
        return fields;
      }
      fields.push(line.slice(i, comma));
      i = comma + 1;
    }
  }
}

/**
 * Checks a header row against what the import needs; returns the column names.
 * Throws a SireneImportError naming the missing columns.
 */
export function checkSireneHeader(columns: readonly string[], kind: SireneFileKind, fileName: string): string[] {
  const names = columns.map((c) => c.trim());
  const missing = REQUIRED_COLUMNS[kind].filter((c) => !names.includes(c));
  if (missing.length) {
    const hint = names.length === 1 && names[0].includes(";") ? " (le séparateur attendu est la virgule, comme dans les fichiers de l'INSEE)" : "";
    throw new SireneImportError(
      `Le fichier ${kind} « ${fileName} » n'a pas ${missing.length > 1 ? "les colonnes obligatoires" : "la colonne obligatoire"} : ` +
        `${missing.join(", ")}${hint}. Utilisez le fichier ${kind} de la base Sirene publiée par l'INSEE.`,
    );
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (!name) throw new SireneImportError(`Le fichier ${kind} « ${fileName} » a une colonne sans nom dans sa ligne d'en-tête.`);
    if (seen.has(name)) throw new SireneImportError(`Le fichier ${kind} « ${fileName} » a deux colonnes nommées « ${name} ».`);
    seen.add(name);
  }
  if (names.length > 1500) throw new SireneImportError(`Le fichier ${kind} « ${fileName} » a trop de colonnes (${names.length}).`);
  return names;
}

/** Reads and checks the header row of a Sirene file. */
export async function readSireneHeader(filePath: string, kind: SireneFileKind): Promise<string[]> {
  return checkSireneHeader(await readHeaderLine(filePath, kind), kind, path.basename(filePath));
}

async function checkPair(unitesLegalesPath: string, etablissementsPath: string): Promise<[string[], string[]]> {
  const ul = await readHeaderLine(unitesLegalesPath, "StockUniteLegale");
  const et = await readHeaderLine(etablissementsPath, "StockEtablissement");
  if (ul.includes("siret") && !ul.includes("denominationUniteLegale") && et.includes("denominationUniteLegale") && !et.includes("siret")) {
    throw new SireneImportError(
      `Les deux fichiers sont inversés : donnez d'abord le fichier StockUniteLegale (« ${path.basename(etablissementsPath)} »), ` +
        `puis le fichier StockEtablissement (« ${path.basename(unitesLegalesPath)} »).`,
    );
  }
  return [
    checkSireneHeader(ul, "StockUniteLegale", path.basename(unitesLegalesPath)),
    checkSireneHeader(et, "StockEtablissement", path.basename(etablissementsPath)),
  ];
}

/** The column names of a file's header row, as written. */
async function readHeaderLine(filePath: string, kind: SireneFileKind): Promise<string[]> {
  const fileName = path.basename(filePath);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(filePath, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SireneImportError(
      code === "ENOENT" ? `Fichier ${kind} introuvable : ${filePath}` : `Impossible de lire le fichier ${kind} ${filePath} (${code ?? String(error)})`,
    );
  }
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.alloc(64 * 1024);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, total);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      chunks.push(chunk);
      total += bytesRead;
      if (chunk.includes(0x0a) || total > 1024 * 1024) break;
    }
    let text = Buffer.concat(chunks).toString("utf8");
    const end = text.indexOf("\n");
    text = (end >= 0 ? text.slice(0, end) : text).replace(/^\uFEFF/, "").replace(/\r$/, "");
    if (!text.trim()) throw new SireneImportError(`Le fichier ${kind} « ${fileName} » est vide : la ligne d'en-tête manque.`);
    return parseCsvLine(text).map((c) => c.trim());
  } finally {
    await handle.close();
  }
}

// ───────────────────────────── Copy and upsert ─────────────────────────────

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
/** A text column of the file, empty meaning absent. */
const col = (name: string) => `NULLIF(s.${ident(name)}, '')`;

type Mapping = {
  table: string;
  key: string;
  /** target column → SQL expression over the staging row `s` */
  columns: Record<string, string>;
  /** SQL condition a staging row must meet to be imported */
  valid: string;
};

const MAPPINGS: Record<SireneFileKind, Mapping> = {
  StockUniteLegale: {
    table: "insee_unite_legale",
    key: "siren",
    columns: {
      siren: `s."siren"`,
      denomination: col("denominationUniteLegale"),
      nom: col("nomUniteLegale"),
      prenom: col("prenom1UniteLegale"),
      categorieJuridique: col("categorieJuridiqueUniteLegale"),
      etatAdministratif: `left(${col("etatAdministratifUniteLegale")}, 1)`,
      statutDiffusion: `left(${col("statutDiffusionUniteLegale")}, 1)`,
    },
    valid: `length(s."siren") = 9`,
  },
  StockEtablissement: {
    table: "insee_etablissement",
    key: "siret",
    columns: {
      siret: `s."siret"`,
      siren: `s."siren"`,
      etatAdministratif: `left(${col("etatAdministratifEtablissement")}, 1)`,
      statutDiffusion: `COALESCE(left(${col("statutDiffusionEtablissement")}, 1), 'O')`,
      enseigne: col("enseigne1Etablissement"),
      numeroVoie: col("numeroVoieEtablissement"),
      indiceRepetition: col("indiceRepetitionEtablissement"),
      typeVoie: col("typeVoieEtablissement"),
      libelleVoie: col("libelleVoieEtablissement"),
      complementAdresse: col("complementAdresseEtablissement"),
      codePostal: col("codePostalEtablissement"),
      libelleCommune: col("libelleCommuneEtablissement"),
      codeCommune: col("codeCommuneEtablissement"),
      libelleCommuneEtranger: col("libelleCommuneEtrangerEtablissement"),
      libellePaysEtranger: col("libellePaysEtrangerEtablissement"),
      codePaysEtranger: col("codePaysEtrangerEtablissement"),
    },
    valid: `length(s."siret") = 14 AND length(s."siren") = 9 AND ${col("etatAdministratifEtablissement")} IS NOT NULL`,
  },
};

/** The staging rows, valid ones only, under the target's column names. */
function selectSql(m: Mapping, staging: string): string {
  const targets = Object.keys(m.columns);
  return `SELECT ${targets.map((c) => `${m.columns[c]} AS ${ident(c)}`).join(", ")} FROM ${staging} s WHERE ${m.valid}`;
}

/** Updates the rows whose values changed (unchanged rows are not written: a re-import of the same file writes nothing). */
function updateSql(m: Mapping, staging: string): string {
  const others = Object.keys(m.columns).filter((c) => c !== m.key);
  return (
    `UPDATE ${m.table} AS t SET ${others.map((c) => `${ident(c)} = n.${ident(c)}`).join(", ")}\n` +
    `FROM (${selectSql(m, staging)}) n\n` +
    `WHERE t.${ident(m.key)} = n.${ident(m.key)} AND ` +
    `(${others.map((c) => `t.${ident(c)}`).join(", ")}) IS DISTINCT FROM (${others.map((c) => `n.${ident(c)}`).join(", ")})`
  );
}

/** Inserts the rows not in the table yet (all of them when `onlyNew` is false: the table is known to be empty). */
function insertSql(m: Mapping, staging: string, onlyNew: boolean): string {
  const targets = Object.keys(m.columns).map(ident).join(", ");
  const filter = onlyNew ? ` WHERE NOT EXISTS (SELECT 1 FROM ${m.table} t WHERE t.${ident(m.key)} = n.${ident(m.key)})` : "";
  return `INSERT INTO ${m.table} (${targets}) SELECT ${targets} FROM (${selectSql(m, staging)}) n${filter}`;
}

/**
 * For a first import into an empty table, dropping its indexes and building them again once the rows are in
 * is several times faster than maintaining them row by row. Returns the statements that rebuild them
 * (constraints and indexes exactly as they were), or null when something else depends on them
 * (a foreign key pointing at the table): then the rows are inserted with the indexes in place.
 */
async function dropIndexesIfAllowed(client: pg.Client, table: string): Promise<string[] | null> {
  // A role that does not own the table may not drop its indexes: then the slower path, in the same transaction.
  await client.query("SAVEPOINT drop_indexes");
  try {
    const rebuild = await dropIndexes(client, table);
    await client.query("RELEASE SAVEPOINT drop_indexes");
    return rebuild;
  } catch (error) {
    if ((error as { code?: string }).code !== "42501") throw error;
    await client.query("ROLLBACK TO SAVEPOINT drop_indexes");
    return null;
  }
}

async function dropIndexes(client: pg.Client, table: string): Promise<string[] | null> {
  const { rows: dependents } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_constraint WHERE confrelid = $1::regclass", [table]);
  if (dependents[0].n > 0) return null;
  const { rows } = await client.query<{ index: string; constraint: string | null; definition: string }>(
    `SELECT i.indexrelid::regclass::text AS index, c.conname AS constraint,
            CASE WHEN c.oid IS NULL THEN pg_get_indexdef(i.indexrelid) ELSE pg_get_constraintdef(c.oid) END AS definition
       FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
      WHERE i.indrelid = $1::regclass`,
    [table],
  );
  const rebuild: string[] = [];
  for (const r of rows) {
    if (r.constraint) {
      await client.query(`ALTER TABLE ${table} DROP CONSTRAINT ${ident(r.constraint)}`);
      rebuild.push(`ALTER TABLE ${table} ADD CONSTRAINT ${ident(r.constraint)} ${r.definition}`);
    } else {
      await client.query(`DROP INDEX ${r.index}`);
      rebuild.push(r.definition);
    }
  }
  return rebuild;
}

/** Counts the lines going through, to report progress while COPY runs. */
class LineCounter extends Transform {
  lines = 0;
  ticks = 0;
  private last = performance.now();
  constructor(private readonly tick: ((lines: number) => void) | undefined) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let i = chunk.indexOf(0x0a);
    while (i >= 0) {
      this.lines++;
      i = chunk.indexOf(0x0a, i + 1);
    }
    if (this.tick) {
      const now = performance.now();
      if (now - this.last >= 1000) {
        this.last = now;
        this.ticks++;
        this.tick(Math.max(0, this.lines - 1));
      }
    }
    done(null, chunk);
  }
}

async function importFile(
  databaseUrl: string,
  kind: SireneFileKind,
  filePath: string,
  header: string[],
  onProgress: ((p: ImportProgress) => void) | undefined,
): Promise<FileImportResult> {
  const started = performance.now();
  const mapping = MAPPINGS[kind];
  const staging = kind === "StockUniteLegale" ? "sirene_staging_unite_legale" : "sirene_staging_etablissement";
  const client = new pg.Client({ connectionString: databaseUrl, application_name: `import-sirene-${kind}` });
  await client.connect();
  try {
    // Local buffers for the staging table (only settable before the session's first temporary table).
    await client.query("SET temp_buffers = '256MB'");
    await client.query("BEGIN");
    try {
      await client.query("SET LOCAL synchronous_commit = off");
      await client.query("SET LOCAL work_mem = '256MB'");
      await client.query(`CREATE TEMP TABLE ${staging} (${header.map((c) => `${ident(c)} text`).join(", ")}) ON COMMIT DROP`);

      const counter = new LineCounter(onProgress && ((rows) => onProgress({ file: kind, rows })));
      const copy = client.query(copyFrom(`COPY ${staging} FROM STDIN WITH (FORMAT csv, HEADER true, ENCODING 'UTF8', FREEZE true)`));
      try {
        await pipeline(createReadStream(filePath, { highWaterMark: 1024 * 1024 }), counter, copy);
      } catch (error) {
        throw copyError(error, kind, filePath);
      }
      const rows = copy.rowCount;
      // The final count, when progress was reported along the way (a long file).
      if (counter.ticks > 0) onProgress?.({ file: kind, rows });

      // One import at a time per table; readers go on reading the previous rows until the commit.
      await client.query(`LOCK TABLE ${mapping.table} IN SHARE ROW EXCLUSIVE MODE`);
      const { rowCount: existing } = await client.query(`SELECT 1 FROM ${mapping.table} LIMIT 1`);
      let inserted = 0;
      let updated = 0;
      let valid: number;
      try {
        const rebuild = existing ? null : await dropIndexesIfAllowed(client, mapping.table);
        if (rebuild) {
          inserted = (await client.query(insertSql(mapping, staging, false))).rowCount ?? 0;
          valid = inserted;
          await client.query("SET LOCAL maintenance_work_mem = '512MB'");
          for (const statement of rebuild) await client.query(statement);
        } else {
          updated = (await client.query(updateSql(mapping, staging))).rowCount ?? 0;
          inserted = (await client.query(insertSql(mapping, staging, true))).rowCount ?? 0;
          const { rows: n } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${staging} s WHERE ${mapping.valid}`);
          valid = n[0].n;
        }
      } catch (error) {
        if ((error as { code?: string }).code === "23505") {
          throw new SireneImportError(
            `Le fichier ${kind} « ${path.basename(filePath)} » contient plusieurs lignes pour le même ${mapping.key.toUpperCase()} : import annulé.`,
          );
        }
        throw error;
      }
      await client.query("COMMIT");
      await client.query(`ANALYZE ${mapping.table}`);
      return {
        file: filePath,
        rows,
        inserted,
        updated,
        rejected: rows - valid,
        seconds: (performance.now() - started) / 1000,
      };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    }
  } finally {
    await client.end();
  }
}

/** PostgreSQL's COPY messages for a malformed file, in French. */
const COPY_MESSAGES: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/unterminated CSV quoted field/, () => "un champ entre guillemets n'est pas refermé"],
  [/missing data for column "(.+)"/, (m) => `il manque des champs (à partir de la colonne « ${m[1]} »)`],
  [/extra data after last expected column/, () => "la ligne a plus de champs que l'en-tête"],
  [/invalid byte sequence for encoding/, () => "le texte n'est pas en UTF-8 (utilisez les fichiers « _utf8 » de l'INSEE)"],
];

function copyError(error: unknown, kind: SireneFileKind, filePath: string): Error {
  const e = error as { code?: string; message?: string; where?: string };
  // Data errors of COPY (22xxx: bad quoting, wrong number of fields, bad encoding) are the file's fault.
  if (e.code?.startsWith("22")) {
    const line = e.where?.match(/line (\d+)/)?.[1];
    let reason = e.message ?? "";
    for (const [pattern, french] of COPY_MESSAGES) {
      const match = reason.match(pattern);
      if (match) {
        reason = french(match);
        break;
      }
    }
    return new SireneImportError(`Le fichier ${kind} « ${path.basename(filePath)} » est mal formé${line ? ` à la ligne ${line}` : ""} : ${reason}.`);
  }
  return error instanceof Error ? error : new Error(String(error));
}
