// npm run bench:deposit
// Complete deposits through the domain layer — draft (step 1), parties (step 2), invoice (step 3), the invoice PDF
// as attachment (type sniffed, PDF parsed), « Valider et envoyer » (dossier, deposit, history, outbox mails and
// their delivery jobs), then the deposit certificate — at concurrency 16, into a fresh database already holding
// 100 000 pieces.
// The 16 simultaneous depositors run in this one Node process, as in one `next start`.
// Prints last, one per line:
//   deposits_per_s: N     complete deposits per second over the whole run
//   deposit_p50_ms: N     median time of one complete deposit
//   deposit_p95_ms: N     95th percentile (goal < 250)
//   certificate_ms: N     the certificate PDF alone (median of 200 generations from stored deposits)
//   sql_per_deposit: N    SQL statements sent per deposit (BEGIN and COMMIT included)
//   node_cpu_ms_per_deposit: N   CPU time of this process (its PDF threads included) per deposit
//   pg_cpu_ms_per_deposit: N     CPU time of the PostgreSQL server per deposit (Linux, same machine: the embedded
//                                server, or the one whose postmaster.pid BENCH_PG_PIDFILE names; absent otherwise)
// Database: a scratch database on DATABASE_URL's server when set, else on an embedded PostgreSQL under
// .data/bench-deposit-pg (port 54334). The scratch database is dropped at the end.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { applyMigrations } from "../../lib/db/migrations";
import { createDatabase, dropDatabase } from "../../lib/db/scratch";
import { startEmbeddedPostgres, type RunningPostgres } from "../../scripts/runtime/embedded-pg";
import { preremplirPieces } from "./lib/deposit-prefill";
import type { Acteur } from "../../lib/auth/acteur";

const PRE_REMPLIES = Number(process.env.BENCH_DEPOSIT_PREFILL ?? 100_000);
const DEPOTS = Number(process.env.BENCH_DEPOSITS ?? 2_000);
const CONCURRENCE = 16;
const nf = new Intl.NumberFormat("fr-FR");

/**
 * Every SQL statement this process sends (Prisma's, pg-boss's, BEGIN and COMMIT included), counted by its first word:
 * what a deposit costs the database in round trips.
 */
const instructions = new Map<string, number>();
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const texte = typeof args[0] === "string" ? args[0] : ((args[0] as { text?: string } | undefined)?.text ?? "");
  const mot = /^\s*(\w+)/.exec(texte)?.[1]?.toUpperCase() ?? "?";
  instructions.set(mot, (instructions.get(mot) ?? 0) + 1);
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;
const compterInstructions = () => [...instructions.values()].reduce((a, b) => a + b, 0);
/** The statements of each step, counted while one depositor runs alone. */
const sqlParEtape = new Map<string, number>();
/** The CPU time of each step (this process, its PDF threads included), measured while one depositor runs alone. */
const cpuParEtape = new Map<string, number>();

/** The postmaster.pid of the PostgreSQL server measured (set in main). */
let pgPidFile: string | undefined;

/**
 * CPU time (ms) used so far by a PostgreSQL server on this machine: its postmaster and its processes (from /proc), and
 * the processes that have exited (counted in the postmaster's). Null when it cannot be read.
 */
function cpuPostgres(pidFile: string | undefined): number | null {
  if (!pidFile || !existsSync(pidFile) || !existsSync("/proc/self/stat")) return null;
  const postmaster = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  const msParTop = 10; // USER_HZ = 100 on Linux
  let total = 0;
  for (const entree of readdirSync("/proc")) {
    if (!/^\d+$/.test(entree)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entree}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // Fields after the command name: state ppid … utime(12) stime(13) cutime(14) cstime(15), counted from the state.
    const champs = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const pid = Number(entree);
    if (pid !== postmaster && Number(champs[1]) !== postmaster) continue;
    total += (Number(champs[11]) + Number(champs[12])) * msParTop;
    if (pid === postmaster) total += (Number(champs[13]) + Number(champs[14])) * msParTop;
  }
  return total;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** A plausible invoice PDF: three pages of text, about 10 kB. */
async function facturePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < 3; p++) {
    const page = doc.addPage();
    for (let l = 0; l < 45; l++)
      page.drawText(`Lot ${p}.${l} — travaux de gros œuvre, quantité ${l * 3}, montant ${(l * 1234.5).toFixed(2)} €`, {
        x: 40,
        y: 800 - l * 17,
        size: 10,
        font,
      });
  }
  return doc.save();
}

/** The parties of every deposit: the MOE and MOA SIRETs, the MOA's service. */
type Parties = { moe: string; moa: string; serviceMoaId: string };

function environnement(databaseUrl: string) {
  // The domain reads DATABASE_URL on first use. Measured as the portal runs in service: production builds.
  // Nothing is sent: the delivery jobs are queued, no worker runs here, so the SMTP address is never used.
  Object.assign(process.env, { DATABASE_URL: databaseUrl, NODE_ENV: "production" });
  process.env.APP_URL ??= "http://localhost:3000";
  process.env.SMTP_URL ??= "smtp://127.0.0.1:2599";
  process.env.AUTH_SECRET ??= "bench-deposit-secret-0123456789abcdef";
  // The files' store: a folder of its own (FICHIERS_DIR or S3_URL when set: measured against that store), removed at the end.
  if (!process.env.FICHIERS_DIR && !process.env.S3_URL) process.env.FICHIERS_DIR = dossierFichiers;
}
const dossierFichiers = path.join(os.tmpdir(), `bench-deposit-fichiers-${process.pid}`);

/** One complete deposit, step by step as the wizard calls the domain, with the time of each step. */
async function deposant(m: Parties) {
  const { creerBrouillon, enregistrerFacture, enregistrerParties } = await import("../../lib/invoices/brouillon");
  const { ajouterPieceJointe } = await import("../../lib/invoices/pieces-jointes");
  const { envoyer } = await import("../../lib/invoices/envoi");
  const { certificatDepot } = await import("../../lib/invoices/consultation");
  const { factureSchema, partiesSchema } = await import("../../lib/invoices/schemas");
  const pdf = await facturePdf();
  const parties = partiesSchema.parse({ cadre: "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", moeSiret: m.moe, moaSiret: m.moa, serviceMoaId: m.serviceMoaId });
  const etapes = new Map<string, number>();
  let parEtape = false;
  const mesure = async <T>(nom: string, f: () => Promise<T>): Promise<T> => {
    const debut = performance.now();
    const sql = compterInstructions();
    // process.cpuUsage() is a system call: only while one depositor runs alone.
    const cpu = parEtape ? process.cpuUsage() : undefined;
    try {
      return await f();
    } finally {
      etapes.set(nom, (etapes.get(nom) ?? 0) + performance.now() - debut);
      sqlParEtape.set(nom, (sqlParEtape.get(nom) ?? 0) + compterInstructions() - sql);
      if (cpu) {
        const c = process.cpuUsage(cpu);
        cpuParEtape.set(nom, (cpuParEtape.get(nom) ?? 0) + (c.user + c.system) / 1000);
      }
    }
  };
  const depot = async (acteur: Acteur, n: number) => {
    const { id } = await mesure("brouillon", () => creerBrouillon(acteur, { cadre: "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR" }));
    await mesure("parties", () => enregistrerParties(acteur, id, parties));
    await mesure("facture", () =>
      enregistrerFacture(
        acteur,
        id,
        factureSchema.parse({
          numero: `BENCH-${n}`,
          dateFacture: "2026-01-15",
          devise: "EUR",
          typeTva: "TVA_SUR_DEBIT",
          montantHt: "10 000,00",
          montantTva: "2 000,00",
          montantTtc: "12 000,00",
          lignesTva: [{ taux: "20", baseHt: "10 000,00", montantTva: "2 000,00" }],
        }),
      ),
    );
    await mesure("piece_jointe", () => ajouterPieceJointe(acteur, id, { nom: "facture.pdf", contenu: pdf, nature: "FACTURE" }));
    await mesure("envoi", () => envoyer(acteur, id));
    await mesure("certificat", () => certificatDepot(acteur, id));
  };
  /** `numeros` deposits by `acteurs.length` simultaneous depositors; the time of each, and the CPU used. */
  const rafale = async (acteurs: Acteur[], numeros: number[]) => {
    const durees: number[] = [];
    let suivant = 0;
    const cpuAvant = process.cpuUsage();
    const pgAvant = cpuPostgres(pgPidFile);
    const sqlAvant = new Map(instructions);
    await Promise.all(
      acteurs.map(async (acteur) => {
        while (suivant < numeros.length) {
          const n = numeros[suivant++];
          const debut = performance.now();
          await depot(acteur, n);
          durees.push(performance.now() - debut);
        }
      }),
    );
    const cpu = process.cpuUsage(cpuAvant);
    const pgApres = cpuPostgres(pgPidFile);
    const sql = new Map([...instructions].map(([k, v]) => [k, v - (sqlAvant.get(k) ?? 0)] as const).filter(([, v]) => v > 0));
    return { durees, cpuMs: (cpu.user + cpu.system) / 1000, sql, pgMs: pgAvant !== null && pgApres !== null ? pgApres - pgAvant : null };
  };
  return {
    rafale,
    etapes,
    /** Each step's CPU time measured (the single depositor's run). */
    mesurerParEtape: (oui: boolean) => {
      parEtape = oui;
    },
  };
}

const plage = (debut: number, n: number) => Array.from({ length: n }, (_, i) => debut + i);

async function main() {
  const cpus = os.cpus();
  console.log(`Machine : ${cpus.length} cœurs (${cpus[0]?.model ?? "?"}), ${Math.round(os.totalmem() / 2 ** 30)} Go de mémoire, Node ${process.version}`);
  let embedded: RunningPostgres | undefined;
  let databaseUrl: string | undefined;
  let fermer: (() => Promise<void>) | undefined;
  try {
    let serverUrl = process.env.DATABASE_URL;
    pgPidFile = process.env.BENCH_PG_PIDFILE;
    if (!serverUrl) {
      const dossier = path.join(process.cwd(), ".data", "bench-deposit-pg");
      embedded = await startEmbeddedPostgres({ dir: dossier, port: 54334 });
      serverUrl = embedded.url;
      pgPidFile ??= path.join(dossier, "postmaster.pid");
    }
    databaseUrl = await createDatabase(serverUrl, "bench_deposit");
    await applyMigrations(databaseUrl);
    console.log(
      `Base de test : ${new URL(databaseUrl).pathname.slice(1)} (${process.env.DATABASE_URL ? "DATABASE_URL" : "PostgreSQL embarqué, .data/bench-deposit-pg"})`,
    );
    environnement(databaseUrl);

    const { db } = await import("../../lib/db");
    const { stopBoss } = await import("../../lib/jobs/boss");
    fermer = async () => {
      await stopBoss();
      await db.$disconnect();
    };
    const { seedCompteBancaire, seedStructure, seedUser } = await import("../../prisma/seed/factories");
    const { genererCertificatDepot } = await import("../../lib/pdf/certificat");
    const { texteDuPdf } = await import("../../lib/pdf/texte");
    const { numeroDepot } = await import("../../lib/invoices/certificat");

    const moa = await seedStructure({ isPublicBuyer: true, worksSpaceOpen: true, services: [{ code: "DEPT-IMMO", libelle: "Département Immobilier" }] });
    const service = await db.service.findFirstOrThrow({ where: { structureId: moa.id } });
    const moe = await seedStructure({ worksSpaceOpen: true });
    for (let i = 0; i < 2; i++) await seedUser({ structureId: moe.id, role: "GESTIONNAIRE_PRINCIPAL" });
    const deposants: Acteur[] = [];
    for (let i = 0; i < CONCURRENCE; i++) {
      const s = await seedStructure();
      // Its one bank account: step « Parties » chooses it (a supplier's piece is sent only with one).
      await seedCompteBancaire(s.id);
      const u = await seedUser({ structureId: s.id, role: "GESTIONNAIRE_PRINCIPAL" });
      deposants.push({
        userId: u.id,
        email: u.email,
        name: `${u.firstName} ${u.lastName}`,
        // As each request reads it (acteurDeLUtilisateur): a gestionnaire is limited to no service.
        structure: { id: s.id, raisonSociale: s.raisonSociale, identifier: s.identifier, role: "GESTIONNAIRE_PRINCIPAL", status: "VALIDEE", limitation: null },
      });
    }

    let t = performance.now();
    await preremplirPieces(databaseUrl, { count: PRE_REMPLIES, moeId: moe.id, moaId: moa.id, serviceMoaId: service.id, userId: deposants[0].userId });
    console.log(`Base préremplie : ${nf.format(await db.pieceTravaux.count())} pièces en ${((performance.now() - t) / 1000).toFixed(1)} s`);

    // In this process: warm-up (connections, statements, JIT), one deposit at a time, then the 16 depositors at once.
    const d = await deposant({ moe: moe.identifier, moa: moa.identifier, serviceMoaId: service.id });
    await d.rafale([deposants[0]], plage(1_000_000, 40));
    d.etapes.clear();
    sqlParEtape.clear();
    cpuParEtape.clear();
    t = performance.now();
    d.mesurerParEtape(true);
    await d.rafale([deposants[1]], plage(1_100_000, 40));
    d.mesurerParEtape(false);
    console.log(`Un dépôt seul : ${((performance.now() - t) / 40).toFixed(1)} ms — ${[...d.etapes].map(([k, v]) => `${k} ${(v / 40).toFixed(1)}`).join(", ")}`);
    console.log(`Temps processeur de chaque étape (ms) : ${[...cpuParEtape].map(([k, v]) => `${k} ${(v / 40).toFixed(1)}`).join(", ")}`);
    console.log(`Instructions SQL de chaque étape : ${[...sqlParEtape].map(([k, v]) => `${k} ${(v / 40).toFixed(1)}`).join(", ")}`);
    // The measured run: the 16 depositors at once.
    t = performance.now();
    const r = await d.rafale(deposants, plage(0, DEPOTS));
    const secondes = (performance.now() - t) / 1000;
    const durees = r.durees.sort((a, b) => a - b);

    // What the run wrote, checked: every deposit sent, its mails in the outbox, a certificate that reads back.
    const envoyes = await db.pieceTravaux.count({ where: { numero: { startsWith: "BENCH-" }, statut: "MISE_A_DISPOSITION_MOE" } });
    const mails = await db.outboxMail.count();
    const dernier = (await db.pieceTravaux.findFirstOrThrow({
      where: { numero: { startsWith: "BENCH-" } },
      orderBy: { deposeeLe: "desc" },
      select: { id: true, depot: { select: { numero: true, certificat: true, empreinte: true } } },
    }))!;
    const certificat = await genererCertificatDepot(dernier.depot!.certificat as never, numeroDepot(dernier.depot!.numero), dernier.depot!.empreinte);
    const texte = (await texteDuPdf(certificat)).join("\n");
    const sha = (await db.pieceJointeTravaux.findFirstOrThrow({ where: { pieceId: dernier.id }, select: { sha256: true } })).sha256;
    if (!texte.includes(numeroDepot(dernier.depot!.numero)) || !texte.includes(sha))
      throw new Error("Le certificat relu ne contient pas le numéro de dépôt ou l'empreinte du fichier");
    console.log(
      `Dépôts mesurés : ${nf.format(DEPOTS)}, ${CONCURRENCE} déposants simultanés dans un processus Node, en ${secondes.toFixed(1)} s ; ` +
        `${nf.format(envoyes)} pièces envoyées en tout, ${nf.format(mails)} courriels en file ; total ${nf.format(await db.pieceTravaux.count())} pièces`,
    );
    console.log(
      `Temps processeur de Node par dépôt : ${(r.cpuMs / DEPOTS).toFixed(1)} ms (occupation ${Math.round((r.cpuMs / 1000 / secondes) * 100)} % d'un cœur)`,
    );
    if (r.pgMs !== null) console.log(`Temps processeur de PostgreSQL par dépôt : ${(r.pgMs / DEPOTS).toFixed(1)} ms`);
    const sqlTotal = [...r.sql.values()].reduce((a, b) => a + b, 0);
    console.log(
      `Instructions SQL par dépôt : ${(sqlTotal / DEPOTS).toFixed(1)} (${[...r.sql]
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${(v / DEPOTS).toFixed(1)}`)
        .join(", ")})`,
    );
    console.log(
      `Latence d'un dépôt complet : médiane ${percentile(durees, 50).toFixed(1)} ms, p95 ${percentile(durees, 95).toFixed(1)} ms, p99 ${percentile(durees, 99).toFixed(1)} ms`,
    );

    const stockes = await db.depotPieceTravaux.findMany({
      where: { piece: { numero: { startsWith: "BENCH-" } } },
      take: 200,
      select: { numero: true, certificat: true, empreinte: true },
    });
    const cert: number[] = [];
    for (const x of stockes) {
      const debut = performance.now();
      await genererCertificatDepot(x.certificat as never, numeroDepot(x.numero), x.empreinte);
      cert.push(performance.now() - debut);
    }
    cert.sort((a, b) => a - b);

    console.log(`deposits_per_s: ${Math.round(DEPOTS / secondes)}`);
    console.log(`sql_per_deposit: ${(sqlTotal / DEPOTS).toFixed(1)}`);
    console.log(`deposit_p50_ms: ${percentile(durees, 50).toFixed(1)}`);
    console.log(`deposit_p95_ms: ${percentile(durees, 95).toFixed(1)}`);
    console.log(`certificate_ms: ${percentile(cert, 50).toFixed(1)}`);
    console.log(`node_cpu_ms_per_deposit: ${(r.cpuMs / DEPOTS).toFixed(1)}`);
    if (r.pgMs !== null) console.log(`pg_cpu_ms_per_deposit: ${(r.pgMs / DEPOTS).toFixed(1)}`);
  } finally {
    await fermer?.().catch(() => {});
    if (databaseUrl) await dropDatabase(databaseUrl).catch((e) => console.error(`Base non supprimée : ${e}`));
    await rm(dossierFichiers, { recursive: true, force: true });
    await embedded?.stop();
  }
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
