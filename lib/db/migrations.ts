import { readdir, readFile, mkdir, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";
import { withScratchDatabase } from "./scratch";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";

/**
 * Prisma migrations without the native schema engine (which cannot be downloaded here):
 * the WebAssembly engine reads and writes the standard prisma/migrations folders and
 * records them in _prisma_migrations, as `prisma migrate deploy` would.
 */
const root = process.cwd();
export const SCHEMA_PATH = path.join(root, "prisma", "schema.prisma");
export const MIGRATIONS_DIR = path.join(root, "prisma", "migrations");
const NO_FILTER = { externalTables: [], externalEnums: [] };

let wasmReady: Promise<void> | undefined;
function loadWasm(): Promise<void> {
  wasmReady ??= (async () => {
    // Where the engine writes the message of a panic before it throws.
    const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(m: string): void; message?: string } };
    g.PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message(m: string) {
        this.message = m;
        console.error(`[schema-engine] ${m}`);
      },
    };
    // The package exports no path to its .wasm: find it beside its JS entry.
    const require = createRequire(import.meta.url);
    const entry = require.resolve("@prisma/schema-engine-wasm");
    const bytes = await readFile(path.join(path.dirname(entry), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg as never });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  })();
  return wasmReady;
}

/**
 * The engine reads PostgreSQL's catalogs, some of whose columns have the internal type "char" (oid 18),
 * which @prisma/adapter-pg (7.10) refuses although the engine expects them as `Character` values.
 * pg results are marked where such columns are, relabelled as text so the adapter takes them,
 * and their column type is set back to `Character` on the adapter's way out. Only this process
 * (the migration tool, or a test of it) installs the patch; other column types are untouched.
 */
const CHAR_OID = 18;
const TEXT_OID = 25;
const charColumns = Symbol("charColumns");
type MarkedRows = unknown[] & { [charColumns]?: number[] };

let clientPatched = false;
function markCatalogCharColumns(): void {
  if (clientPatched) return;
  clientPatched = true;
  const mark = (result: pg.QueryResult | undefined) => {
    const indexes: number[] = [];
    result?.fields?.forEach((field, i) => {
      if (field.dataTypeID === CHAR_OID) {
        field.dataTypeID = TEXT_OID;
        indexes.push(i);
      }
    });
    if (result && indexes.length) (result.rows as MarkedRows)[charColumns] = indexes;
    return result;
  };
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as { query: unknown }).query = function (this: pg.Client, ...args: unknown[]) {
    const last = args[args.length - 1];
    if (typeof last === "function") {
      args[args.length - 1] = (err: Error, res: pg.QueryResult) => last(err, mark(res));
      return original.apply(this, args);
    }
    const out = original.apply(this, args) as Promise<pg.QueryResult> | undefined;
    return out && typeof out.then === "function" ? out.then(mark) : out;
  };
}

type Queryable = { queryRaw(q: unknown): Promise<SqlResultSet> };
type SqlResultSet = { columnTypes: number[]; rows: MarkedRows };
function restoreCharTypes<T extends Queryable>(q: T): T {
  const queryRaw = q.queryRaw.bind(q);
  q.queryRaw = async (query: unknown) => {
    const result = await queryRaw(query);
    for (const i of result.rows[charColumns] ?? []) result.columnTypes[i] = ColumnTypeEnum.Character;
    return result;
  };
  return q;
}
/**
 * A migration's script in one query (PostgreSQL's simple protocol runs its statements in order, as one implicit
 * transaction): @prisma/adapter-pg splits scripts at every « ; », which breaks a function body (the webhooks'
 * trigger, migration `webhooks`), and ran a failing migration's first statements alone.
 */
function scriptEntier<T>(adapter: T): T {
  const a = adapter as T & {
    client?: { query(sql: string): Promise<unknown> };
    executeScript?: (script: string) => Promise<void>;
    onError?: (error: unknown) => never;
  };
  if (a.executeScript && a.client)
    a.executeScript = async (script: string) => {
      try {
        await a.client!.query(script);
      } catch (error) {
        // As the adapter does: PostgreSQL's error turned into the adapter's, whose message the engine reports.
        if (a.onError) a.onError(error);
        throw error;
      }
    };
  return adapter;
}

function withCharSupport<T extends Queryable & { startTransaction?: (...a: unknown[]) => Promise<Queryable> }>(adapter: T): T {
  scriptEntier(adapter);
  restoreCharTypes(adapter);
  const start = adapter.startTransaction?.bind(adapter);
  if (start) adapter.startTransaction = async (...a: unknown[]) => restoreCharTypes(await start(...a));
  return adapter;
}

async function engine(connectionString: string): Promise<SchemaEngine> {
  await loadWasm();
  markCatalogCharColumns();
  const schema = await readFile(SCHEMA_PATH, "utf8");
  const factory = new PrismaPg({ connectionString });
  const connect = factory.connect.bind(factory);
  const shadow = factory.connectToShadowDb.bind(factory);
  Object.assign(factory, {
    connect: async () => withCharSupport((await connect()) as never),
    connectToShadowDb: async () => withCharSupport((await shadow()) as never),
  });
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  return (await bg.SchemaEngine.new({ datamodels: [[SCHEMA_PATH, schema]] }, () => {}, adapter)) as SchemaEngine;
}

export async function readMigrations(): Promise<MigrationList> {
  const dirs = existsSync(MIGRATIONS_DIR)
    ? (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  const lockPath = path.join(MIGRATIONS_DIR, "migration_lock.toml");
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? await readFile(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      dirs.map(async (name) => ({
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: { tag: "ok" as const, value: await readFile(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8") },
        },
      })),
    ),
  };
}

/**
 * Applies the pending migrations; returns their names. Those up to `jusqua` included, when named; otherwise all, with the
 * attachments' contents moved to the files' store before the migration that drops them (lib/files/migration.ts
 * `migrerBase`), whoever applies them (db:migrate, the dev stack, a script). `brut`: the engine alone.
 */
export async function applyMigrations(
  connectionString: string,
  options: { jusqua?: string; brut?: boolean; journal?: (ligne: string) => void } = {},
): Promise<string[]> {
  if (!options.jusqua && !options.brut) {
    const { migrerBase } = await import("../files/migration");
    return migrerBase(connectionString, { journal: options.journal });
  }
  const e = await engine(connectionString);
  try {
    const migrations = await readMigrations();
    const { jusqua } = options;
    if (jusqua) migrations.migrationDirectories = migrations.migrationDirectories.filter((d) => d.path <= jusqua);
    const out = await e.applyMigrations({ migrationsList: migrations, filters: NO_FILTER });
    return out.appliedMigrationNames;
  } finally {
    e.free();
  }
}

/**
 * SQL that would bring the committed migrations up to schema.prisma (empty when they agree).
 * This engine replays the migrations in the database it is connected to, so it gets a scratch one.
 */
export function pendingSchemaChanges(connectionString: string): Promise<string> {
  return withScratchDatabase(connectionString, "shadow", diffAgainst);
}

async function diffAgainst(shadowUrl: string): Promise<string> {
  const e = await engine(shadowUrl);
  try {
    const schema = await readFile(SCHEMA_PATH, "utf8");
    const migrations = await readMigrations();
    const from = migrations.migrationDirectories.length ? { tag: "migrations" as const, ...migrations } : { tag: "empty" as const };
    const out = await e.diff({
      from,
      to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: schema }] },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    return (out.stdout ?? "").replace(/^-- This is an empty migration\.\s*$/m, "").trim();
  } finally {
    e.free();
  }
}

/** Writes prisma/migrations/<timestamp>_<name>/migration.sql from the schema; returns its folder or null when nothing changed. */
export async function createMigration(connectionString: string, name: string): Promise<string | null> {
  const sql = await pendingSchemaChanges(connectionString);
  if (!sql) return null;
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const folder = `${stamp}_${name.replace(/[^a-z0-9_]+/gi, "_").toLowerCase()}`;
  await mkdir(path.join(MIGRATIONS_DIR, folder), { recursive: true });
  await writeFile(path.join(MIGRATIONS_DIR, folder, "migration.sql"), `${sql}\n`);
  const lock = path.join(MIGRATIONS_DIR, "migration_lock.toml");
  if (!existsSync(lock)) await writeFile(lock, '# Please do not edit this file manually\nprovider = "postgresql"\n');
  return folder;
}
