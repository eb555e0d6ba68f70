// npm run bench:api
// Complete deposits through the REST API (/api/v1) against the production build (`next start`): N clients
// (BENCH_API_CLIENTS, 16), each the software of a structure of its own with a technical account, deposit in a loop —
// `POST /pieces` (draft, parties and invoice in one call, with an idempotency key), `POST /pieces/{id}/fichiers` (a
// real invoice PDF of 100 to 450 kB, each one different), `POST /pieces/{id}/soumettre`. A deposit counts when the
// send is acknowledged (200 with its deposit number).
// Its own stack: embedded PostgreSQL (.data/bench-api-pg, port BENCH_API_PG_PORT, 55524), a fresh database with the
// migrations, the demo data and BENCH_API_PREFILL (100 000) sent pieces; an SMTP server that counts the mails.
// Variables: BENCH_API_CLIENTS (16), BENCH_API_DEPOSITS (1000), BENCH_API_PREFILL (100000), BENCH_API_PORT (4500),
// BENCH_DIST_DIR (a build already made; else .next-bench, built when empty).
// Prints last, one per line: api_deposits_per_s, api_deposit_p95_ms.
import { randomBytes, randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { dropDatabase } from "../../lib/db/scratch";
import { startEmbeddedPostgres } from "../../scripts/runtime/embedded-pg";
import { startStack } from "../../scripts/runtime/stack";
import { buildPrete, demarrerInstance, fabriquerPdfs, type Instance, pdfUnique, percentile, preparerDonnees, requete } from "./lib/portail-http";
import { demarrerSmtpCompteur } from "./lib/smtp-compteur";

const N = Number(process.env.BENCH_API_CLIENTS ?? 16);
const DEPOTS = Number(process.env.BENCH_API_DEPOSITS ?? 1000);
const PREFILL = Number(process.env.BENCH_API_PREFILL ?? 100_000);
const PORT = Number(process.env.BENCH_API_PORT ?? 4500);
const PG_PORT = Number(process.env.BENCH_API_PG_PORT ?? 55524);
const PG_DIR = path.join(process.cwd(), ".data", "bench-api-pg");
const JOURNAUX = path.join(process.cwd(), ".data", "bench-api");
const FICHIERS = path.join(JOURNAUX, "fichiers");

type Client = { secret: string; compteBancaireId: string; ip: string };

async function appel(base: string, c: Client, methode: string, chemin: string, corps?: Buffer | string, entetes: Record<string, string> = {}) {
  const r = await requete(`${base}/api/v1${chemin}`, {
    method: methode,
    corps,
    entetes: { authorization: `Bearer ${c.secret}`, "x-forwarded-for": c.ip, ...entetes },
  });
  const json = r.entetes["content-type"]?.includes("json") ? JSON.parse(r.corps.toString("utf8")) : null;
  if (r.status >= 300) throw new Error(`${methode} ${chemin} : ${r.status} ${json?.code ?? ""} ${json?.message ?? ""}`.trim());
  return json;
}

async function main() {
  const cpus = os.cpus();
  console.log(
    `Machine : ${cpus.length} cœurs (${cpus[0]?.model ?? "?"}), ${Math.round(os.totalmem() / 2 ** 30)} Go, Node ${process.version} ; charge moyenne avant le banc : ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
  );
  const dist = await buildPrete();
  await rm(FICHIERS, { recursive: true, force: true });
  const smtp = await demarrerSmtpCompteur();
  process.env.SMTP_URL = smtp.url;
  process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
  const pg = await startEmbeddedPostgres({ dir: PG_DIR, port: PG_PORT });
  // The stack makes its fresh database on this server (without it, it would start a second one on the same folder).
  process.env.DATABASE_URL = pg.url;
  let databaseUrl: string | undefined;
  let instance: Instance | undefined;
  try {
    const stack = await startStack({ pgDir: PG_DIR, pgPort: PG_PORT, smtpPort: 0, freshDatabase: true });
    databaseUrl = stack.env.DATABASE_URL;
    process.env.DATABASE_URL = databaseUrl;
    const { parties, deposants } = await preparerDonnees(databaseUrl, N, PREFILL);
    // Each depositing structure's gestionnaire gives its software a technical account.
    const { db } = await import("../../lib/db");
    const { acteurDeLUtilisateur } = await import("../../lib/auth/acteur-de");
    const { creerCompteTechnique } = await import("../../lib/api/comptes-techniques");
    const clients: Client[] = [];
    for (const [i, d] of deposants.entries()) {
      const u = await db.user.findFirstOrThrow({ where: { email: d.email }, select: { id: true } });
      const acteur = (await acteurDeLUtilisateur(u.id, { ip: "127.0.0.1" }))!;
      const { secret } = await creerCompteTechnique(acteur, d.structureId, { nom: `Logiciel ${i}`, portees: ["DEPOT", "LECTURE"] });
      clients.push({ secret, compteBancaireId: d.compteBancaireId, ip: `10.30.${i >> 8}.${(i & 255) + 1}` });
    }
    const pdfs = await fabriquerPdfs(24);
    instance = await demarrerInstance(
      dist,
      PORT,
      { ...stack.env, APP_URL: `http://localhost:${PORT}`, LIMITES_DEBIT_FACTEUR: "1000", TRUST_PROXY: "1", FICHIERS_DIR: FICHIERS },
      path.join(JOURNAUX, `next-${PORT}.log`),
    );
    const base = instance.url;
    let numero = 0;
    const deposer = async (c: Client, prefixe: string) => {
      const n = ++numero;
      const corps = JSON.stringify({
        cadre: "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR",
        parties: { moeSiret: parties.moeSiret, moaSiret: parties.moaSiret, serviceMoaId: parties.serviceMoaId, compteBancaireId: c.compteBancaireId },
        facture: {
          numero: `${prefixe}-${n}`,
          dateFacture: "2026-01-15",
          devise: "EUR",
          typeTva: "TVA_SUR_DEBIT",
          montantHt: "10000.00",
          montantTva: "2000.00",
          montantTtc: "12000.00",
          lignesTva: [{ taux: "20", baseHt: "10000.00", montantTva: "2000.00" }],
        },
      });
      const { id } = await appel(base, c, "POST", "/pieces", corps, { "content-type": "application/json", "idempotency-key": randomUUID() });
      const pdf = pdfUnique(pdfs[n % pdfs.length], `${prefixe}${n}`);
      await appel(base, c, "POST", `/pieces/${id}/fichiers?nom=facture.pdf&nature=FACTURE`, pdf.octets, { "content-type": "application/pdf" });
      const envoi = await appel(base, c, "POST", `/pieces/${id}/soumettre`, undefined, { "idempotency-key": randomUUID() });
      if (!envoi?.numeroDepot) throw new Error("Envoi sans numéro de dépôt");
    };
    const charge = async (total: number, prefixe: string) => {
      const durees: number[] = [];
      let restants = total;
      const debut = performance.now();
      await Promise.all(
        clients.map(async (c) => {
          while (restants > 0) {
            restants--;
            const t = performance.now();
            await deposer(c, prefixe);
            durees.push(performance.now() - t);
          }
        }),
      );
      return { secondes: (performance.now() - debut) / 1000, durees: durees.sort((a, b) => a - b) };
    };
    // Warm-up (JIT, connections): two deposits per client, not measured.
    await charge(2 * N, "CHAUFFE");
    const cpuAvant = instance.cpuMs();
    const r = await charge(DEPOTS, "API");
    const cpuApp = instance.cpuMs() - cpuAvant;
    const parS = DEPOTS / r.secondes;
    console.log(
      `\n${DEPOTS} dépôts par l'API, ${N} clients, en ${r.secondes.toFixed(1)} s : médiane ${percentile(r.durees, 50).toFixed(0)} ms, ` +
        `p95 ${percentile(r.durees, 95).toFixed(0)} ms, p99 ${percentile(r.durees, 99).toFixed(0)} ms ; processeur de next start ${(cpuApp / DEPOTS).toFixed(1)} ms par dépôt`,
    );
    const enBase = await db.pieceTravaux.count({ where: { numero: { startsWith: "API-" }, statut: { not: "BROUILLON" } } });
    if (enBase !== DEPOTS) throw new Error(`${DEPOTS} dépôts acquittés, ${enBase} pièces envoyées en base`);
    console.log(`api_deposits_per_s: ${parS.toFixed(1)}`);
    console.log(`api_deposit_p95_ms: ${percentile(r.durees, 95).toFixed(0)}`);
  } finally {
    await instance?.arreter().catch(() => {});
    if (databaseUrl) await dropDatabase(databaseUrl).catch(() => {});
    await pg.stop().catch(() => {});
    await smtp.stop().catch(() => {});
    await rm(FICHIERS, { recursive: true, force: true });
  }
  process.exit(0);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : `Échec du banc : ${String(error)}`);
  process.exit(1);
});
