// npm run bench:directory
// Builds a directory of 1 million generated structures (realistic French names and towns, see
// lib/directory-generator.ts) in a fresh database, then times typical « Recherche avancée » searches through
// the portal's own function, rechercherStructures (its two queries, through Prisma). Prints last, one per line:
//   search_p95_ms: N   search_p99_ms: N   (over every measured search, all kinds mixed)
//   index_mb: N        (every index of the "Structure" and "StructureMot" tables, search indexes included)
// Database: a scratch database on DATABASE_URL's server when set, else on an embedded PostgreSQL under
// .data/bench-directory-pg (port 54333). The database is dropped at the end, unless BENCH_DIRECTORY_KEEP=1 (to study
// the plans afterwards on the same server).
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { applyMigrations } from "../../lib/db/migrations";
import { createDatabase, dropDatabase } from "../../lib/db/scratch";
import { startEmbeddedPostgres, type RunningPostgres } from "../../scripts/runtime/embedded-pg";
import { genererAnnuaire, prng, SERVICE_COLUMNS, STRUCTURE_COLUMNS, type StructureGeneree } from "./lib/directory-generator";
import { construireRecherches } from "./lib/directory-queries";

const COUNT = Number(process.env.BENCH_DIRECTORY_ROWS ?? 1_000_000);
const PER_KIND = Number(process.env.BENCH_DIRECTORY_SEARCHES ?? 100);
const nf = new Intl.NumberFormat("fr-FR");
const secondes = (t: number) => ((performance.now() - t) / 1000).toFixed(1);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function charger(databaseUrl: string, sample: StructureGeneree[]): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // A bulk load builds its indexes once at the end, as an import would: same definitions, from the catalog.
    const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'Structure' AND indexname <> 'Structure_pkey'`,
    );
    for (const i of indexes) await client.query(`DROP INDEX "${i.indexname}"`);
    // The words' table too is filled in one statement after the load (the same function as its trigger).
    const { rows: pk } = await client.query<{ def: string }>(`SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'StructureMot_pkey'`);
    await client.query(`ALTER TABLE "Structure" DISABLE TRIGGER structure_mots`);
    await client.query(`ALTER TABLE "StructureMot" DROP CONSTRAINT "StructureMot_pkey"`);

    const rnd = prng(7);
    let seen = 0;
    const services: string[] = [];
    let t = performance.now();
    const lines = Readable.from(
      (function* () {
        for (const batch of genererAnnuaire({
          count: COUNT,
          onRow: (s) => {
            // Reservoir sample: the queries are drawn from rows that really are in the directory.
            seen++;
            if (sample.length < 20_000) sample.push(s);
            else {
              const j = Math.floor(rnd() * seen);
              if (j < 20_000) sample[j] = s;
            }
          },
        })) {
          if (batch.services) services.push(batch.services);
          yield batch.structures;
        }
      })(),
    );
    await pipeline(lines, client.query(copyFrom(`COPY "Structure" (${STRUCTURE_COLUMNS.map((c) => `"${c}"`).join(", ")}) FROM STDIN`)));
    await pipeline(Readable.from(services), client.query(copyFrom(`COPY "Service" (${SERVICE_COLUMNS.map((c) => `"${c}"`).join(", ")}) FROM STDIN`)));
    console.log(`Structures chargées (COPY, noms et villes normalisés par le déclencheur) : ${nf.format(COUNT)} en ${secondes(t)} s`);

    t = performance.now();
    const words = await client.query(
      `INSERT INTO "StructureMot" (mot, longueur, "structureId", rang)
       SELECT w.mot, length(s."rechercheNom"), s.id, w.rang FROM "Structure" s, portail_mots(s."rechercheNom") w WHERE s.active`,
    );
    await client.query(`ALTER TABLE "Structure" ENABLE TRIGGER structure_mots`);
    console.log(`Mots des noms (fonction du déclencheur) : ${nf.format(words.rowCount ?? 0)} en ${secondes(t)} s`);

    t = performance.now();
    await client.query(`SET maintenance_work_mem = '512MB'`);
    await client.query(`ALTER TABLE "StructureMot" ADD CONSTRAINT "StructureMot_pkey" ${pk[0].def}`);
    for (const i of indexes) await client.query(i.indexdef);
    console.log(`Index reconstruits (StructureMot_pkey, ${indexes.map((i) => i.indexname).join(", ")}) en ${secondes(t)} s`);
    t = performance.now();
    await client.query(`VACUUM ANALYZE "Service"`);
    // The word index is read alone only on pages VACUUM marked all-visible (as autovacuum keeps them in service);
    // a VACUUM that runs while another snapshot is open (autovacuum's own ANALYZE) leaves pages behind: repeat it.
    for (let attempt = 1; attempt <= 10; attempt++) {
      await client.query(`VACUUM ANALYZE "Structure", "StructureMot"`);
      const { rows } = await client.query<{ ratio: number }>(
        `SELECT min(relallvisible::float / greatest(relpages, 1)) AS ratio FROM pg_class WHERE relname IN ('Structure', 'StructureMot')`,
      );
      if (rows[0].ratio > 0.99) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    console.log(`VACUUM ANALYZE en ${secondes(t)} s`);
  } finally {
    await client.end();
  }
}

async function tailles(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; bytes: string }>(
      `SELECT indexrelid::regclass::text AS name, pg_relation_size(indexrelid) AS bytes FROM pg_index
       WHERE indrelid IN ('"Structure"'::regclass, '"StructureMot"'::regclass) ORDER BY 2 DESC`,
    );
    const table = await client.query<{ bytes: string }>(`SELECT pg_relation_size('"Structure"') + pg_relation_size('"StructureMot"') AS bytes`);
    return { indexes: rows.map((r) => ({ name: r.name, mb: Number(r.bytes) / 2 ** 20 })), tableMb: Number(table.rows[0].bytes) / 2 ** 20 };
  } finally {
    await client.end();
  }
}

async function main() {
  const cpus = os.cpus();
  console.log(`Machine : ${cpus.length} cœurs (${cpus[0]?.model ?? "?"}), ${Math.round(os.totalmem() / 2 ** 30)} Go de mémoire, Node ${process.version}`);
  let embedded: RunningPostgres | undefined;
  let databaseUrl: string | undefined;
  try {
    let serverUrl = process.env.DATABASE_URL;
    if (!serverUrl) {
      embedded = await startEmbeddedPostgres({ dir: path.join(process.cwd(), ".data", "bench-directory-pg"), port: 54333 });
      serverUrl = embedded.url;
    }
    databaseUrl = await createDatabase(serverUrl, "bench_directory");
    await applyMigrations(databaseUrl);
    console.log(
      `Base neuve : ${new URL(databaseUrl).pathname.slice(1)} (${process.env.DATABASE_URL ? "serveur de DATABASE_URL" : "PostgreSQL embarqué, .data/bench-directory-pg"})`,
    );

    const sample: StructureGeneree[] = [];
    await charger(databaseUrl, sample);
    const sizes = await tailles(databaseUrl);
    console.log(
      `Tables "Structure" et "StructureMot" : ${sizes.tableMb.toFixed(0)} Mo ; index : ${sizes.indexes.map((i) => `${i.name} ${i.mb.toFixed(1)} Mo`).join(", ")}`,
    );

    // The portal's function, on this database (lib/db reads DATABASE_URL on first use).
    process.env.DATABASE_URL = databaseUrl;
    const { rechercherStructures } = await import("../../lib/structures/annuaire");
    const { db } = await import("../../lib/db");

    const warmup = construireRecherches(sample, Math.max(10, Math.round(PER_KIND / 4)), 99);
    const measured = construireRecherches(sample, PER_KIND, 1);
    for (const r of warmup) await rechercherStructures(r.input);

    const times: number[] = [];
    const byKind = new Map<string, { times: number[]; totals: number[] }>();
    for (const r of measured) {
      const t = performance.now();
      const res = await rechercherStructures(r.input);
      const ms = performance.now() - t;
      times.push(ms);
      const k = byKind.get(r.kind) ?? { times: [], totals: [] };
      k.times.push(ms);
      k.totals.push(res.total);
      byKind.set(r.kind, k);
    }
    await db.$disconnect();

    console.log(`\nRecherches mesurées : ${measured.length} (après ${warmup.length} de mise en route), une à la fois, page de 20`);
    console.log("type de recherche                    exemple                                  résultats (médiane)  p50 ms   p95 ms");
    for (const [kind, k] of byKind) {
      const sorted = [...k.times].sort((a, b) => a - b);
      const totals = [...k.totals].sort((a, b) => a - b);
      const example = measured.find((m) => m.kind === kind)!.label;
      console.log(
        `${kind.padEnd(36)} ${example.slice(0, 40).padEnd(40)} ${nf.format(percentile(totals, 50)).padStart(19)}  ${percentile(sorted, 50).toFixed(1).padStart(6)}  ${percentile(sorted, 95).toFixed(1).padStart(7)}`,
      );
    }
    times.sort((a, b) => a - b);
    const indexMb = sizes.indexes.reduce((s, i) => s + i.mb, 0);
    const searchMb = sizes.indexes.filter((i) => /StructureMot|recherche|codePostal/.test(i.name)).reduce((s, i) => s + i.mb, 0);
    console.log(`\nToutes recherches : médiane ${percentile(times, 50).toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms`);
    console.log(`Index propres à la recherche (mots des noms, ville, code postal) : ${searchMb.toFixed(0)} Mo`);
    console.log(`search_p95_ms: ${percentile(times, 95).toFixed(1)}`);
    console.log(`search_p99_ms: ${percentile(times, 99).toFixed(1)}`);
    console.log(`index_mb: ${indexMb.toFixed(0)}`);
  } finally {
    if (databaseUrl && process.env.BENCH_DIRECTORY_KEEP) console.log(`Base conservée (BENCH_DIRECTORY_KEEP) : ${databaseUrl}`);
    else if (databaseUrl) await dropDatabase(databaseUrl).catch((e) => console.error(`Base non supprimée : ${e}`));
    await embedded?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
