// npm run bench:deposit
// Complete deposits through the domain layer — draft (step 1), parties (step 2), invoice (step 3), the invoice PDF
// as attachment (type sniffed, PDF parsed), « Valider et envoyer » (dossier, deposit, history, outbox mails and
// their delivery jobs), then the deposit certificate — at concurrency 16, into a fresh database already holding
// 100 000 pieces. Prints last, one per line:
//   deposits_per_s: N     complete deposits per second over the whole run
//   deposit_p50_ms: N     median time of one complete deposit
//   deposit_p95_ms: N     95th percentile (goal < 250)
//   certificate_ms: N     the certificate PDF alone (median of 200 generations from stored deposits)
// Database: a scratch database on DATABASE_URL's server when set, else on an embedded PostgreSQL under
// .data/bench-deposit-pg (port 54334). The scratch database is dropped at the end.
import os from "node:os";
import path from "node:path";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { applyMigrations } from "../../lib/db/migrations";
import { createDatabase, dropDatabase } from "../../lib/db/scratch";
import { startEmbeddedPostgres, type RunningPostgres } from "../../lib/runtime/embedded-pg";
import { preremplirPieces } from "./lib/deposit-prefill";

const PRE_REMPLIES = Number(process.env.BENCH_DEPOSIT_PREFILL ?? 100_000);
const DEPOTS = Number(process.env.BENCH_DEPOSITS ?? 2_000);
const CONCURRENCE = 16;
const nf = new Intl.NumberFormat("fr-FR");

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** A plausible invoice PDF: three pages of text, about 10 kB. */
async function facturePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < 3; p++) {
    const page = doc.addPage();
    for (let l = 0; l < 45; l++) page.drawText(`Lot ${p}.${l} — travaux de gros œuvre, quantité ${l * 3}, montant ${(l * 1234.5).toFixed(2)} €`, { x: 40, y: 800 - l * 17, size: 10, font });
  }
  return doc.save();
}

async function main() {
  const cpus = os.cpus();
  console.log(`Machine : ${cpus.length} cœurs (${cpus[0]?.model ?? "?"}), ${Math.round(os.totalmem() / 2 ** 30)} Go de mémoire, Node ${process.version}`);
  let embedded: RunningPostgres | undefined;
  let databaseUrl: string | undefined;
  let fermer: (() => Promise<void>) | undefined;
  try {
    let serverUrl = process.env.DATABASE_URL;
    if (!serverUrl) {
      embedded = await startEmbeddedPostgres({ dir: path.join(process.cwd(), ".data", "bench-deposit-pg"), port: 54334 });
      serverUrl = embedded.url;
    }
    databaseUrl = await createDatabase(serverUrl, "bench_deposit");
    await applyMigrations(databaseUrl);
    console.log(`Base de test : ${new URL(databaseUrl).pathname.slice(1)} (${process.env.DATABASE_URL ? "DATABASE_URL" : "PostgreSQL embarqué, .data/bench-deposit-pg"})`);
    // The domain reads DATABASE_URL on first use: point it at the scratch database before anything runs.
    process.env.DATABASE_URL = databaseUrl;
    // Measured as the portal runs in service: production builds of React (mail templates) and of the libraries.
    // Nothing is sent: the delivery jobs are queued, no worker runs here, so the SMTP address is never used.
    Object.assign(process.env, { NODE_ENV: "production" });
    process.env.APP_URL ??= "http://localhost:3000";
    process.env.SMTP_URL ??= "smtp://127.0.0.1:2599";
    process.env.AUTH_SECRET ??= "bench-deposit-secret-0123456789abcdef";

    const { db } = await import("../../lib/db");
    const { stopBoss } = await import("../../lib/jobs/boss");
    fermer = async () => {
      await stopBoss();
      await db.$disconnect();
    };
    const { seedStructure, seedUser } = await import("../../prisma/seed/factories");
    const { creerBrouillon, enregistrerFacture, enregistrerParties } = await import("../../lib/invoices/brouillon");
    const { ajouterPieceJointe } = await import("../../lib/invoices/pieces-jointes");
    const { envoyer } = await import("../../lib/invoices/envoi");
    const { certificatDepot } = await import("../../lib/invoices/consultation");
    const { factureSchema, partiesSchema } = await import("../../lib/invoices/schemas");
    const { genererCertificatDepot } = await import("../../lib/pdf/certificat");
    const { texteDuPdf } = await import("../../lib/pdf/texte");
    const { numeroDepot } = await import("../../lib/invoices/certificat");
    type Acteur = import("../../lib/auth/acteur").Acteur;

    const moa = await seedStructure({ isPublicBuyer: true, worksSpaceOpen: true, services: [{ code: "DEPT-IMMO", libelle: "Département Immobilier" }] });
    const service = await db.service.findFirstOrThrow({ where: { structureId: moa.id } });
    const moe = await seedStructure({ worksSpaceOpen: true });
    for (let i = 0; i < 2; i++) await seedUser({ structureId: moe.id, role: "GESTIONNAIRE_PRINCIPAL" });
    const deposants: Acteur[] = [];
    for (let i = 0; i < CONCURRENCE; i++) {
      const s = await seedStructure();
      const u = await seedUser({ structureId: s.id, role: "GESTIONNAIRE_PRINCIPAL" });
      deposants.push({ userId: u.id, email: u.email, name: `${u.firstName} ${u.lastName}`, structure: { id: s.id, raisonSociale: s.raisonSociale, identifier: s.identifier, role: "GESTIONNAIRE_PRINCIPAL", status: "VALIDEE" } });
    }

    let t = performance.now();
    await preremplirPieces(databaseUrl, { count: PRE_REMPLIES, moeId: moe.id, moaId: moa.id, serviceMoaId: service.id, userId: deposants[0].userId });
    console.log(`Base préremplie : ${nf.format(await db.pieceTravaux.count())} pièces en ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const pdf = await facturePdf();
    const parties = partiesSchema.parse({ cadre: "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", moeSiret: moe.identifier, moaSiret: moa.identifier, serviceMoaId: service.id });
    const etapes = new Map<string, number>();
    const mesure = async <T,>(nom: string, f: () => Promise<T>): Promise<T> => {
      const debut = performance.now();
      try {
        return await f();
      } finally {
        etapes.set(nom, (etapes.get(nom) ?? 0) + performance.now() - debut);
      }
    };
    const depot = async (acteur: Acteur, n: number) => {
      const { id } = await mesure("brouillon", () => creerBrouillon(acteur, { cadre: "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR" }));
      await mesure("parties", () => enregistrerParties(acteur, id, parties));
      await mesure("facture", () =>
        enregistrerFacture(
          acteur,
          id,
          factureSchema.parse({ numero: `BENCH-${n}`, dateFacture: "2026-01-15", devise: "EUR", typeTva: "TVA_SUR_DEBIT", montantHt: "10 000,00", montantTva: "2 000,00", montantTtc: "12 000,00", lignesTva: [{ taux: "20", baseHt: "10 000,00", montantTva: "2 000,00" }] }),
        ),
      );
      await mesure("piece_jointe", () => ajouterPieceJointe(acteur, id, { nom: "facture.pdf", contenu: pdf, nature: "FACTURE" }));
      const r = await mesure("envoi", () => envoyer(acteur, id));
      const c = await mesure("certificat", () => certificatDepot(acteur, id));
      return { id, numeroDepot: r.numeroDepot, certificat: c.contenu };
    };

    // Warm-up: connections, query plans, JIT.
    for (let i = 0; i < 40; i++) await depot(deposants[i % CONCURRENCE], 1_000_000 + i);
    const seq = performance.now();
    etapes.clear();
    for (let i = 0; i < 40; i++) await depot(deposants[i % CONCURRENCE], 2_000_000 + i);
    console.log(
      `Un dépôt seul : ${((performance.now() - seq) / 40).toFixed(1)} ms — ` + [...etapes].map(([k, v]) => `${k} ${(v / 40).toFixed(1)}`).join(", "),
    );
    etapes.clear();

    const durees: number[] = [];
    let suivant = 0;
    let dernier: Awaited<ReturnType<typeof depot>> | undefined;
    const cpuAvant = process.cpuUsage();
    t = performance.now();
    await Promise.all(
      deposants.map(async (acteur) => {
        for (;;) {
          const n = suivant++;
          if (n >= DEPOTS) return;
          const debut = performance.now();
          dernier = await depot(acteur, n);
          durees.push(performance.now() - debut);
        }
      }),
    );
    const secondes = (performance.now() - t) / 1000;
    const cpu = process.cpuUsage(cpuAvant);
    durees.sort((a, b) => a - b);

    // What the run wrote, checked: every deposit sent, its mails in the outbox, a certificate that reads back.
    const envoyes = await db.pieceTravaux.count({ where: { numero: { startsWith: "BENCH-" }, statut: "MISE_A_DISPOSITION_MOE" } });
    const mails = await db.outboxMail.count();
    const texte = (await texteDuPdf(dernier!.certificat)).join("\n");
    const sha = (await db.pieceJointeTravaux.findFirstOrThrow({ where: { pieceId: dernier!.id }, select: { sha256: true } })).sha256;
    if (!texte.includes(dernier!.numeroDepot) || !texte.includes(sha)) throw new Error("Le certificat relu ne contient pas le numéro de dépôt ou l'empreinte du fichier");
    console.log(`Dépôts : ${nf.format(DEPOTS)} à la concurrence ${CONCURRENCE} en ${secondes.toFixed(1)} s ; ${nf.format(envoyes)} pièces envoyées, ${nf.format(mails)} courriels en file ; total ${nf.format(await db.pieceTravaux.count())} pièces`);
    console.log(`Temps processeur de Node par dépôt : ${((cpu.user + cpu.system) / 1000 / DEPOTS).toFixed(1)} ms (occupation ${Math.round(((cpu.user + cpu.system) / 1e6 / secondes) * 100)} % d'un cœur)`);
    console.log(`Latence d'un dépôt complet : médiane ${percentile(durees, 50).toFixed(1)} ms, p95 ${percentile(durees, 95).toFixed(1)} ms, p99 ${percentile(durees, 99).toFixed(1)} ms`);

    const stockes = await db.depotPieceTravaux.findMany({ where: { piece: { numero: { startsWith: "BENCH-" } } }, take: 200, select: { numero: true, certificat: true, empreinte: true } });
    const cert: number[] = [];
    for (const d of stockes) {
      const debut = performance.now();
      await genererCertificatDepot(d.certificat as never, numeroDepot(d.numero), d.empreinte);
      cert.push(performance.now() - debut);
    }
    cert.sort((a, b) => a - b);

    console.log(`deposits_per_s: ${Math.round(DEPOTS / secondes)}`);
    console.log(`deposit_p50_ms: ${percentile(durees, 50).toFixed(1)}`);
    console.log(`deposit_p95_ms: ${percentile(durees, 95).toFixed(1)}`);
    console.log(`certificate_ms: ${percentile(cert, 50).toFixed(1)}`);
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
