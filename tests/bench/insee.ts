// npm run bench:insee
// Generates a pair of Sirene stock files of 1 million establishments (and their legal units) in INSEE's format,
// imports them into a fresh database, then times SIRET lookups. Prints last, one per line:
//   import_rows_per_s: N      (rows of both files / seconds of the import)
//   siret_lookup_p95_ms: N    (95th percentile of 2 000 random lookups, the query of lookupSiret)
// Database: a scratch database on DATABASE_URL's server when set, else on an embedded PostgreSQL
// under .data/bench-pg (port 54331). The scratch database is dropped at the end.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../lib/generated/prisma/client";
import { applyMigrations } from "../../lib/db/migrations";
import { createDatabase, dropDatabase } from "../../lib/db/scratch";
import { startEmbeddedPostgres, type RunningPostgres } from "../../scripts/runtime/embedded-pg";
import { importSirene } from "../../lib/insee/import";
import { lookupSiretLocal } from "../../lib/insee/lookup";
import { generateSirenePair } from "./lib/sirene-generator";

const ETABLISSEMENTS = Number(process.env.BENCH_INSEE_ROWS ?? 1_000_000);
const LOOKUPS = 2000;
const nf = new Intl.NumberFormat("fr-FR");

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  const cpus = os.cpus();
  console.log(`Machine : ${cpus.length} cœurs (${cpus[0]?.model ?? "?"}), ${Math.round(os.totalmem() / 2 ** 30)} Go de mémoire, Node ${process.version}`);
  const dir = await mkdtemp(path.join(os.tmpdir(), "bench-insee-"));
  let embedded: RunningPostgres | undefined;
  let databaseUrl: string | undefined;
  try {
    const unitesLegalesPath = path.join(dir, "StockUniteLegale_utf8.csv");
    const etablissementsPath = path.join(dir, "StockEtablissement_utf8.csv");
    let t = performance.now();
    const generated = await generateSirenePair({ unitesLegalesPath, etablissementsPath, etablissements: ETABLISSEMENTS, sampleSize: LOOKUPS });
    console.log(
      `Fichiers générés : ${nf.format(generated.unitesLegales)} unités légales, ${nf.format(generated.etablissements)} établissements, ` +
        `${(generated.bytes / 2 ** 20).toFixed(0)} Mo en ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );

    let serverUrl = process.env.DATABASE_URL;
    if (!serverUrl) {
      embedded = await startEmbeddedPostgres({ dir: path.join(process.cwd(), ".data", "bench-pg"), port: 54331 });
      serverUrl = embedded.url;
    }
    databaseUrl = await createDatabase(serverUrl, "bench_insee");
    await applyMigrations(databaseUrl);
    console.log(
      `Base de test : ${new URL(databaseUrl).pathname.slice(1)} (${process.env.DATABASE_URL ? "DATABASE_URL" : "PostgreSQL embarqué, .data/bench-pg"})`,
    );

    const result = await importSirene({ unitesLegalesPath, etablissementsPath, databaseUrl });
    for (const [label, r] of [
      ["Unités légales", result.unitesLegales],
      ["Établissements", result.etablissements],
    ] as const) {
      console.log(`${label} : ${nf.format(r.rows)} lignes, ${nf.format(r.inserted)} ajoutées, ${r.seconds.toFixed(1)} s`);
    }
    console.log(`Import : ${nf.format(result.rows)} lignes en ${result.seconds.toFixed(1)} s`);

    // Lookups through Prisma and its pg adapter, with the query of lookupSiret.
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
    const query = (sql: string, params: unknown[]) => prisma.$queryRawUnsafe<unknown[]>(sql, ...params);
    try {
      const sirets = generated.sampleSirets;
      for (const siret of sirets.slice(0, 50)) await lookupSiretLocal(query, siret); // warm-up (connection, plan)
      const times: number[] = [];
      const statuses: Record<string, number> = {};
      for (let i = 0; i < LOOKUPS; i++) {
        const siret = sirets[Math.floor(Math.random() * sirets.length)];
        t = performance.now();
        const found = await lookupSiretLocal(query, siret);
        times.push(performance.now() - t);
        statuses[found.status] = (statuses[found.status] ?? 0) + 1;
      }
      times.sort((a, b) => a - b);
      console.log(
        `Recherches : ${LOOKUPS} (${Object.entries(statuses)
          .map(([s, n]) => `${s} ${n}`)
          .join(", ")}), ` + `médiane ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms`,
      );
      console.log(`import_rows_per_s: ${result.rowsPerSecond}`);
      console.log(`siret_lookup_p95_ms: ${percentile(times, 95).toFixed(2)}`);
    } finally {
      await prisma.$disconnect();
    }
  } finally {
    if (databaseUrl) await dropDatabase(databaseUrl).catch((e) => console.error(`Base non supprimée : ${e}`));
    await embedded?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
