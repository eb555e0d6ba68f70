// npm run bench:export
// « Exporter » the « Recherche » list of an MOE named on 100 000 deposited pieces (BENCH_EXPORT_PIECES), as the route
// streams it: CSV then XLSX, each read to the end as a browser would download it, through the domain layer (the same
// clause, batches and writers as /api/factures-travaux/export).
// Prints last, one per line:
//   export_rows: N          data rows of the CSV (the header excluded; the XLSX is checked to hold as many)
//   export_csv_s: x         time of the CSV export, from the first query to the last byte
//   export_xlsx_s: x        the same for the XLSX
//   export_peak_rss_mb: x   the highest resident memory of this process during both exports (sampled every 20 ms)
// Database: a scratch database on DATABASE_URL's server when set, else on an embedded PostgreSQL under
// .data/bench-export-pg (port 54438, BENCH_EXPORT_PG_PORT). The scratch database is dropped at the end.
import { createWriteStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { applyMigrations } from "../../lib/db/migrations";
import { createDatabase, dropDatabase } from "../../lib/db/scratch";
import { startEmbeddedPostgres, type RunningPostgres } from "../../scripts/runtime/embedded-pg";
import type { Acteur } from "../../lib/auth/acteur";
import { preremplirPieces } from "./lib/deposit-prefill";

const PIECES = Number(process.env.BENCH_EXPORT_PIECES ?? 100_000);
const nf = new Intl.NumberFormat("fr-FR");

/** Reads a stream to its end, as a download does: its bytes, and how many CRLF lines it held. */
async function lireJusquauBout(flux: Readable): Promise<{ octets: number; lignes: number }> {
  let octets = 0;
  let lignes = 0;
  for await (const morceau of flux) {
    const b = morceau as Buffer;
    octets += b.length;
    for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) lignes++;
  }
  return { octets, lignes };
}

async function main() {
  const cpus = os.cpus();
  console.log(`Machine : ${cpus.length} cœurs (${cpus[0]?.model ?? "?"}), ${Math.round(os.totalmem() / 2 ** 30)} Go de mémoire, Node ${process.version}`);
  console.log(
    `Charge de la machine au départ : ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  let embedded: RunningPostgres | undefined;
  let databaseUrl: string | undefined;
  let fermer: (() => Promise<void>) | undefined;
  try {
    let serverUrl = process.env.DATABASE_URL;
    if (!serverUrl) {
      embedded = await startEmbeddedPostgres({
        dir: path.join(process.cwd(), ".data", "bench-export-pg"),
        port: Number(process.env.BENCH_EXPORT_PG_PORT ?? 54438),
      });
      serverUrl = embedded.url;
    }
    databaseUrl = await createDatabase(serverUrl, "bench_export");
    await applyMigrations(databaseUrl);
    Object.assign(process.env, { DATABASE_URL: databaseUrl, NODE_ENV: "production" });
    process.env.APP_URL ??= "http://localhost:3000";
    process.env.AUTH_SECRET ??= "bench-export-secret-0123456789abcdef";
    // Nothing is sent (no mail here); production asks for an address all the same.
    process.env.SMTP_URL ??= "smtp://127.0.0.1:2599";

    const { db } = await import("../../lib/db");
    fermer = () => db.$disconnect();
    const { seedStructure, seedUser } = await import("../../prisma/seed/factories");
    const { exportCsv, exportXlsx } = await import("../../lib/invoices/exports");
    const { filtresSchema } = await import("../../lib/invoices/schemas");

    const moa = await seedStructure({ isPublicBuyer: true, worksSpaceOpen: true, services: [{ code: "DEPT-IMMO", libelle: "Département Immobilier" }] });
    const service = await db.service.findFirstOrThrow({ where: { structureId: moa.id } });
    const moe = await seedStructure({ worksSpaceOpen: true });
    const u = await seedUser({ structureId: moe.id, role: "GESTIONNAIRE_PRINCIPAL" });
    const acteur: Acteur = {
      userId: u.id,
      email: u.email,
      name: `${u.firstName} ${u.lastName}`,
      structure: { id: moe.id, raisonSociale: moe.raisonSociale, identifier: moe.identifier, role: "GESTIONNAIRE_PRINCIPAL", status: "VALIDEE" },
    };
    let t = performance.now();
    await preremplirPieces(databaseUrl, { count: PIECES, moeId: moe.id, moaId: moa.id, serviceMoaId: service.id, userId: u.id });
    console.log(`Base préremplie : ${nf.format(await db.pieceTravaux.count())} pièces en ${((performance.now() - t) / 1000).toFixed(1)} s`);

    // The peak of resident memory while the exports run (the prefill, done by PostgreSQL, is not counted).
    const avant = process.memoryUsage.rss();
    let pic = avant;
    const echantillon = setInterval(() => {
      pic = Math.max(pic, process.memoryUsage.rss());
    }, 20);
    const filtres = filtresSchema.parse({});

    t = performance.now();
    const csv = await lireJusquauBout(exportCsv(acteur, filtres, "RECHERCHE"));
    const csvS = (performance.now() - t) / 1000;
    const picCsv = Math.max(pic, process.memoryUsage.rss());
    console.log(
      `CSV : ${nf.format(csv.lignes - 1)} lignes, ${(csv.octets / 2 ** 20).toFixed(1)} Mo en ${csvS.toFixed(1)} s ; mémoire résidente : ${Math.round(avant / 2 ** 20)} Mo avant, au plus ${Math.round(picCsv / 2 ** 20)} Mo pendant`,
    );

    t = performance.now();
    const fichierXlsx = path.join(os.tmpdir(), `bench-export-${process.pid}.xlsx`);
    await pipeline(exportXlsx(acteur, filtres, "RECHERCHE"), createWriteStream(fichierXlsx));
    const xlsxS = (performance.now() - t) / 1000;
    clearInterval(echantillon);
    pic = Math.max(pic, process.memoryUsage.rss());
    console.log(
      `XLSX : ${((await stat(fichierXlsx)).size / 2 ** 20).toFixed(1)} Mo en ${xlsxS.toFixed(1)} s ; mémoire résidente au plus ${Math.round(pic / 2 ** 20)} Mo`,
    );
    // The XLSX read back (after the measure: the check holds the whole file): as many rows as the CSV.
    const ExcelJS = (await import("exceljs")).default;
    const classeur = new ExcelJS.Workbook();
    await classeur.xlsx.readFile(fichierXlsx);
    await rm(fichierXlsx, { force: true });
    const lignesXlsx = classeur.getWorksheet("Pièces")!.actualRowCount - 1;
    if (lignesXlsx !== csv.lignes - 1) throw new Error(`Le XLSX a ${lignesXlsx} lignes, le CSV ${csv.lignes - 1}`);
    console.log(
      `Charge de la machine à la fin : ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}`,
    );

    console.log(`export_rows: ${csv.lignes - 1}`);
    console.log(`export_csv_s: ${csvS.toFixed(1)}`);
    console.log(`export_xlsx_s: ${xlsxS.toFixed(1)}`);
    console.log(`export_peak_rss_mb: ${Math.round(pic / 2 ** 20)}`);
  } finally {
    await fermer?.().catch(() => {});
    if (databaseUrl) await dropDatabase(databaseUrl).catch((e) => console.error(`Base non supprimée : ${e}`));
    await embedded?.stop();
  }
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
