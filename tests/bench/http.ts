// npm run bench:http
// Complete deposits through HTTP, as browsers make them, against the production build (`next start`): K virtual
// users (BENCH_HTTP_USERS, 32) each sign in (next-auth: CSRF token, then the credentials form), then deposit in a loop —
// the wizard's server actions (draft, « Parties », « Facture »), the invoice PDF uploaded to the upload route (real
// PDFs of 100 to 450 kB, each one different), « Valider et envoyer », then the deposit certificate downloaded.
// A deposit counts when the send is acknowledged (the action's success answer). Measured with one `next start`, then
// with two on the same machine, the requests spread over both in turn (a load balancer without stickiness); then the
// domain bench (`npm run bench:deposit`) on the same PostgreSQL server, to say what the web layer costs.
// Its own stack: embedded PostgreSQL (.data/bench-http-pg, port BENCH_HTTP_PG_PORT, 55514), a fresh database with the
// migrations, the demo data and 100 000 sent pieces; an SMTP server that counts the mails the portal sends.
//
// Variables: BENCH_HTTP_USERS (32), BENCH_HTTP_DEPOSITS (deposits per measured run, 2000) or BENCH_HTTP_DURATION_S
// (a duration instead), BENCH_HTTP_PREFILL (100000), BENCH_HTTP_DOMAIN_DEPOSITS (the domain bench's BENCH_DEPOSITS,
// 1000; 0: not run), BENCH_HTTP_PORT (first port, 4400), BENCH_DIST_DIR (a build already made; else .next-bench,
// built when empty), BENCH_HTTP_MAIL_WAIT_S (the longest wait for the outbox to empty after a run, 900), BENCH_HTTP_2P (cluster: `npm run start:cluster -- --processus 2`, the default when the project has
// it; ports: two `next start` on two ports, the clients taking them in turn), BENCH_HTTP_NODE_OPTIONS (NODE_OPTIONS of
// the `next start` processes, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`); BENCH_HTTP_2P=none measures one process only.
//
// Prints last, one per line: http_deposits_per_s, http_deposit_p95_ms, http_deposits_per_s_2p, scale_2p_ratio,
// domain_ratio (HTTP deposits/s with one process over the domain bench's deposits/s).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { dropDatabase } from "../../lib/db/scratch";
import { startEmbeddedPostgres } from "../../scripts/runtime/embedded-pg";
import { startStack } from "../../scripts/runtime/stack";
import {
  type ActionsDepot,
  attendre,
  buildPrete,
  cpuDesProcessus,
  type Deposant,
  type Depot,
  deposer,
  demarrerInstance,
  Echec,
  fabriquerPdfs,
  idsDesActions,
  type Instance,
  type ModelePdf,
  Navigateur,
  type Parties,
  percentile,
  preparerDonnees,
  Repartiteur,
} from "./lib/portail-http";
import { demarrerSmtpCompteur } from "./lib/smtp-compteur";

const K = Number(process.env.BENCH_HTTP_USERS ?? 32);
const DEPOTS = Number(process.env.BENCH_HTTP_DEPOSITS ?? 2000);
const DUREE_S = process.env.BENCH_HTTP_DURATION_S ? Number(process.env.BENCH_HTTP_DURATION_S) : undefined;
const PREFILL = Number(process.env.BENCH_HTTP_PREFILL ?? 100_000);
const DEPOTS_DOMAINE = Number(process.env.BENCH_HTTP_DOMAIN_DEPOSITS ?? 1000);
const PORT = Number(process.env.BENCH_HTTP_PORT ?? 4400);
const ATTENTE_COURRIELS_S = Number(process.env.BENCH_HTTP_MAIL_WAIT_S ?? 900);
const PG_PORT = Number(process.env.BENCH_HTTP_PG_PORT ?? 55514);
const PG_DIR = path.join(process.cwd(), ".data", "bench-http-pg");
const JOURNAUX = path.join(process.cwd(), ".data", "bench-http");
const FICHIERS = path.join(JOURNAUX, "fichiers");
const nf = new Intl.NumberFormat("fr-FR");
/** Two processes: `npm run start:cluster` when the project has it (BENCH_HTTP_2P=cluster), else two `next start` (ports). */
const SANS_2P = process.env.BENCH_HTTP_2P === "none";
const MODE_2P: "cluster" | "ports" =
  (process.env.BENCH_HTTP_2P?.replace("none", "ports") as "cluster" | "ports" | undefined) ??
  (JSON.parse(readFileSync("package.json", "utf8")).scripts?.["start:cluster"] && existsSync("scripts/cluster.ts") ? "cluster" : "ports");

/** CPU time of the PostgreSQL server started under `dir` (its postmaster and every backend it forked), in ms. */
function cpuPostgres(dir: string): number {
  const postmaster = readFileSync(path.join(dir, "postmaster.pid"), "utf8").split("\n")[0].trim();
  let total = 0;
  total += cpuDesProcessus((_, pid, ppid) => pid === postmaster || ppid === postmaster);
  return total;
}

type Mesure = {
  depots: Depot[];
  secondes: number;
  erreurs: Map<string, number>;
  cpu: { app: number; pg: number; bench: number };
  /** The outbox after the load: mails still waiting then, time to empty it, processor used meanwhile. */
  vidage: { enAttente: number; secondes: number; restants: number; app: number; pg: number };
};

/** The K browsers deposit in a loop until `total` deposits (or `dureeS` seconds) are acknowledged. */
async function charge(
  navigateurs: Navigateur[],
  o: { actions: ActionsDepot; parties: Parties; deposants: Deposant[]; pdfs: ModelePdf[]; total: number; dureeS?: number; prefixe: string },
): Promise<{ depots: Depot[]; secondes: number; erreurs: Map<string, number> }> {
  const depots: Depot[] = [];
  const erreurs = new Map<string, number>();
  let lances = 0;
  const debut = performance.now();
  const fin = o.dureeS ? debut + o.dureeS * 1000 : Number.POSITIVE_INFINITY;
  await Promise.all(
    navigateurs.map(async (nav, i) => {
      while (o.dureeS ? performance.now() < fin : lances < o.total) {
        const n = lances++;
        try {
          depots.push(await deposer(nav, o.actions, o.parties, o.deposants[i], `${o.prefixe}-${n}`, o.pdfs[n % o.pdfs.length], { certificat: true }));
        } catch (error) {
          const cle = error instanceof Echec ? error.message.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, "<id>").slice(0, 160) : String(error).slice(0, 160);
          erreurs.set(cle, (erreurs.get(cle) ?? 0) + 1);
          if ((erreurs.get(cle) ?? 0) === 1) console.error(`  erreur : ${cle}`);
        }
      }
    }),
  );
  return { depots, secondes: (performance.now() - debut) / 1000, erreurs };
}

async function signer(navigateurs: Navigateur[], deposants: Deposant[]): Promise<void> {
  // Four at a time: a sign-in checks an argon2 hash (tens of ms of CPU, on purpose).
  for (let i = 0; i < navigateurs.length; i += 4)
    await Promise.all(navigateurs.slice(i, i + 4).map((n, j) => n.connexion(deposants[i + j].email, deposants[i + j].motDePasse)));
}

async function attendreBoiteVide(maxS: number): Promise<{ restants: number; secondes: number }> {
  const { db } = await import("../../lib/db");
  const debut = performance.now();
  for (;;) {
    const restants = await db.outboxMail.count({ where: { status: "EN_ATTENTE" } });
    const secondes = (performance.now() - debut) / 1000;
    if (restants === 0 || secondes > maxS) return { restants, secondes };
    await attendre(500);
  }
}

/** The domain bench (`npm run bench:deposit`) on this PostgreSQL server: its deposits_per_s. */
async function benchDomaine(serverUrl: string): Promise<number | null> {
  if (DEPOTS_DOMAINE <= 0) return null;
  console.log(`\nBanc du domaine : npm run bench:deposit (BENCH_DEPOSITS=${DEPOTS_DOMAINE}, même serveur PostgreSQL)…`);
  const sortie = await new Promise<string>((resolve, reject) => {
    const enfant = spawn("npm", ["run", "--silent", "bench:deposit"], {
      env: { ...process.env, FICHIERS_DIR: FICHIERS, DATABASE_URL: serverUrl, BENCH_DEPOSITS: String(DEPOTS_DOMAINE), BENCH_DEPOSIT_PREFILL: String(PREFILL) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let texte = "";
    enfant.stdout.on("data", (m: Buffer) => {
      texte += m.toString();
      process.stdout.write(`  │ ${m.toString().trimEnd().replace(/\n/g, "\n  │ ")}\n`);
    });
    enfant.on("error", reject);
    enfant.on("exit", (code) => (code === 0 ? resolve(texte) : reject(new Error(`bench:deposit : code ${code}`))));
  });
  const m = /^deposits_per_s:\s*([\d.]+)/m.exec(sortie);
  return m ? Number(m[1]) : null;
}

function resume(nom: string, m: Mesure, instances: number): void {
  const ms = m.depots.map((d) => d.ms).sort((a, b) => a - b);
  const n = m.depots.length;
  const etapes = new Map<string, number[]>();
  for (const d of m.depots) for (const [k, v] of Object.entries(d.etapes)) etapes.set(k, [...(etapes.get(k) ?? []), v]);
  const med = (xs: number[]) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      50,
    );
  console.log(
    `${nom} : ${nf.format(n)} dépôts acquittés en ${m.secondes.toFixed(1)} s — ${(n / m.secondes).toFixed(1)} dépôts/s ; ` +
      `latence d'un dépôt complet : médiane ${percentile(ms, 50).toFixed(0)} ms, p95 ${percentile(ms, 95).toFixed(0)} ms, p99 ${percentile(ms, 99).toFixed(0)} ms`,
  );
  console.log(`  par étape (médianes, ms) : ${[...etapes].map(([k, v]) => `${k} ${med(v).toFixed(0)}`).join(", ")}`);
  console.log(
    `  processeur par dépôt : ${instances} processus Next ${(m.cpu.app / n).toFixed(1)} ms, PostgreSQL ${(m.cpu.pg / n).toFixed(1)} ms, ` +
      `ce banc (clients) ${(m.cpu.bench / n).toFixed(1)} ms — occupation ${(((m.cpu.app + m.cpu.pg + m.cpu.bench) / 1000 / m.secondes) * 100).toFixed(0)} % d'un cœur sur ${os.cpus().length}`,
  );
  const v = m.vidage;
  console.log(
    `  courriels : ${nf.format(v.enAttente)} encore en attente à la fin de la charge ; ` +
      (v.restants === 0
        ? `boîte d'envoi vidée ${v.secondes.toFixed(0)} s plus tard — débit soutenu, courriels compris : ${(n / (m.secondes + v.secondes)).toFixed(1)} dépôts/s, ` +
          `processeur par dépôt Next ${((m.cpu.app + v.app) / n).toFixed(1)} ms, PostgreSQL ${((m.cpu.pg + v.pg) / n).toFixed(1)} ms`
        : `${nf.format(v.restants)} toujours en attente après ${v.secondes.toFixed(0)} s`),
  );
  const total = [...m.erreurs.values()].reduce((a, b) => a + b, 0);
  if (total) console.log(`  ${total} dépôt(s) en échec : ${[...m.erreurs].map(([k, v]) => `${v} × ${k}`).join(" ; ")}`);
}

async function main() {
  const cpus = os.cpus();
  console.log(
    `Machine : ${cpus.length} cœurs (${cpus[0]?.model ?? "?"}), ${Math.round(os.totalmem() / 2 ** 30)} Go, Node ${process.version} ; ` +
      `charge moyenne avant le banc : ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(" ")}`,
  );
  const dist = await buildPrete();
  await rm(FICHIERS, { recursive: true, force: true });
  const actions = idsDesActions(dist, "app/(portail)/factures-travaux/deposer/actions.ts") as ActionsDepot;
  const smtp = await demarrerSmtpCompteur();
  process.env.SMTP_URL = smtp.url;
  process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
  const pg = await startEmbeddedPostgres({ dir: PG_DIR, port: PG_PORT });
  process.env.DATABASE_URL = pg.url;
  let databaseUrl: string | undefined;
  const instances: Instance[] = [];
  try {
    const stack = await startStack({ pgDir: PG_DIR, pgPort: PG_PORT, smtpPort: 0, freshDatabase: true });
    databaseUrl = stack.env.DATABASE_URL;
    const t = performance.now();
    const { parties, deposants } = await preparerDonnees(databaseUrl, K, PREFILL);
    const pdfs = await fabriquerPdfs(24);
    const tailles = pdfs.map((p) => p.octets.length);
    console.log(
      `Base ${new URL(databaseUrl).pathname.slice(1)} : démonstration, ${nf.format(PREFILL)} pièces préremplies, ${K} déposants (une structure chacun) en ${((performance.now() - t) / 1000).toFixed(1)} s ; ` +
        `PDF de ${Math.round(Math.min(...tailles) / 1024)} à ${Math.round(Math.max(...tailles) / 1024)} ko (moyenne ${Math.round(tailles.reduce((a, b) => a + b, 0) / tailles.length / 1024)} ko)`,
    );
    const envApp = {
      ...stack.env,
      // Every virtual user deposits a piece every second or so: the per-account budgets are a real user's, ×1000.
      LIMITES_DEBIT_FACTEUR: "1000",
      TRUST_PROXY: "1",
      // The files of this run, in a folder of its own (emptied at the start and at the end).
      FICHIERS_DIR: FICHIERS,
    };

    const mesurer = async (mode: "un" | "ports" | "cluster", prefixe: string): Promise<Mesure> => {
      for (const x of instances.splice(0)) await x.arreter();
      const demarrer = (port: number, cluster?: number) =>
        demarrerInstance(dist, port, { ...envApp, APP_URL: `http://localhost:${port}` }, path.join(JOURNAUX, `next-${port}.log`), { cluster });
      if (mode === "cluster") instances.push(await demarrer(PORT + 2, 2));
      else for (let i = 0; i < (mode === "un" ? 1 : 2); i++) instances.push(await demarrer(PORT + i));
      const repartiteur = new Repartiteur(instances.map((x) => x.url));
      const navigateurs = deposants.map((_, i) => new Navigateur(repartiteur, `10.20.${i >> 8}.${(i & 255) + 1}`));
      await signer(navigateurs, deposants);
      // Warm-up (JIT, connections, prepared statements): two deposits per user, not measured.
      const chauffe = await charge(navigateurs, { actions, parties, deposants, pdfs, total: 2 * K, prefixe: `${prefixe}-CHAUFFE` });
      if (chauffe.erreurs.size) throw new Error(`Échecs pendant la mise en route : ${[...chauffe.erreurs.keys()].join(" ; ")}`);
      await attendreBoiteVide(ATTENTE_COURRIELS_S);
      const cpuAvant = { app: instances.reduce((s, x) => s + x.cpuMs(), 0), pg: cpuPostgres(PG_DIR), bench: process.cpuUsage() };
      const r = await charge(navigateurs, { actions, parties, deposants, pdfs, total: DEPOTS, dureeS: DUREE_S, prefixe });
      const bench = process.cpuUsage(cpuAvant.bench);
      const cpu = {
        app: instances.reduce((s, x) => s + x.cpuMs(), 0) - cpuAvant.app,
        pg: cpuPostgres(PG_DIR) - cpuAvant.pg,
        bench: (bench.user + bench.system) / 1000,
      };
      // The mails the run queued: how many were still waiting when the load stopped, and how long the outbox took to
      // empty (with the processor it used meanwhile): what the deposits cost once their mails are sent.
      const { db } = await import("../../lib/db");
      const enAttente = await db.outboxMail.count({ where: { status: "EN_ATTENTE" } });
      const cpuAppFin = instances.reduce((s, x) => s + x.cpuMs(), 0);
      const cpuPgFin = cpuPostgres(PG_DIR);
      const boite = await attendreBoiteVide(ATTENTE_COURRIELS_S);
      const vidage = {
        secondes: boite.secondes,
        restants: boite.restants,
        enAttente,
        app: instances.reduce((s, x) => s + x.cpuMs(), 0) - cpuAppFin,
        pg: cpuPostgres(PG_DIR) - cpuPgFin,
      };
      return { ...r, cpu, vidage };
    };

    console.log(`\n1 processus (next start, port ${PORT}), ${K} utilisateurs virtuels, ${DUREE_S ? `${DUREE_S} s` : `${nf.format(DEPOTS)} dépôts`} :`);
    const un = await mesurer("un", "HTTP1");
    resume("1 processus", un, 1);
    if (!SANS_2P)
      console.log(
        MODE_2P === "cluster"
          ? `\n2 processus : npm run start:cluster -- --processus 2 (port ${PORT + 2}, les connexions réparties par le processus primaire) :`
          : `\n2 processus : deux next start (ports ${PORT} et ${PORT + 1}), les requêtes réparties à tour de rôle par les clients :`,
      );
    const deux = SANS_2P ? null : await mesurer(MODE_2P, "HTTP2");
    if (deux) resume("2 processus", deux, 2);
    for (const x of instances.splice(0)) await x.arreter();

    const domaine = await benchDomaine(pg.url);
    const parS1 = un.depots.length / un.secondes;
    const parS2 = deux ? deux.depots.length / deux.secondes : Number.NaN;
    console.log(
      `\nCharge moyenne de la machine à la fin : ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(" ")} (d'autres travaux tournent peut-être à côté : les chiffres en dépendent)`,
    );
    console.log(`http_deposits_per_s: ${parS1.toFixed(1)}`);
    console.log(
      `http_deposit_p95_ms: ${percentile(
        un.depots.map((d) => d.ms).sort((a, b) => a - b),
        95,
      ).toFixed(0)}`,
    );
    console.log(`http_deposits_per_s_2p: ${parS2.toFixed(1)}`);
    console.log(`scale_2p_ratio: ${(parS2 / parS1).toFixed(2)}`);
    console.log(`domain_ratio: ${domaine ? (parS1 / domaine).toFixed(2) : "non mesuré"}`);
  } finally {
    for (const x of instances) await x.arreter().catch(() => {});
    const { db } = await import("../../lib/db");
    await db.$disconnect().catch(() => {});
    if (databaseUrl) await dropDatabase(databaseUrl).catch((e) => console.error(`Base non supprimée : ${e}`));
    await pg.stop().catch(() => {});
    await smtp.stop();
    await rm(FICHIERS, { recursive: true, force: true });
  }
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
