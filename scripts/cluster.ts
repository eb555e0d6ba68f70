// npm run start:cluster [-- --processus N]: N production servers (`next start`, the build in NEXT_DIST_DIR or .next) on
// one machine behind one port, for measurements. Node's cluster module: this primary forks N workers that each run
// Next's server on the shared port (PORT, 3000 by default), and hands them the connections in turn (round-robin). A
// worker that dies is replaced; SIGTERM (or SIGINT) is passed to every worker, which stops gracefully
// (lib/processus/arret.ts), and the primary exits once they all have. In production, run N `npm start` behind the
// load balancer instead (README, « Plusieurs processus »).
import "./runtime/load-env";
import cluster, { type Worker } from "node:cluster";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const journal = (message: string) => console.log(`[cluster] ${message}`);

function argument(nom: string): string | undefined {
  const i = process.argv.indexOf(nom);
  if (i >= 0) return process.argv[i + 1];
  return process.argv.find((a) => a.startsWith(`${nom}=`))?.slice(nom.length + 1);
}

function entier(valeur: string | undefined, nom: string, defaut: number): number {
  if (valeur === undefined || valeur === "") return defaut;
  const n = Number(valeur);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`[cluster] ${nom} doit être un entier positif (reçu : ${JSON.stringify(valeur)}).`);
    process.exit(2);
  }
  return n;
}

const processus = entier(argument("--processus") ?? process.env.PROCESSUS, "--processus / PROCESSUS", os.availableParallelism());
const port = entier(argument("--port") ?? process.env.PORT, "--port / PORT", 3000);
const delaiArret = entier(process.env.ARRET_DELAI_MS, "ARRET_DELAI_MS", 20_000);
const distDir = process.env.NEXT_DIST_DIR || ".next";

if (!existsSync(path.join(distDir, "BUILD_ID"))) {
  console.error(`[cluster] Aucune construction dans ${distDir}/ : lancez d'abord « npm run build » (ou NEXT_DIST_DIR=${distDir} npx next build).`);
  process.exit(1);
}

// Each worker runs `next start` itself; Next leaves the signals to the application (lib/processus/arret.ts).
cluster.schedulingPolicy = cluster.SCHED_RR;
cluster.setupPrimary({
  exec: path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next"),
  args: ["start", "-p", String(port)],
  // Not tsx's loaders: the workers run Next's own JavaScript.
  execArgv: [],
});
const envWorker = { NODE_ENV: "production", NEXT_MANUAL_SIG_HANDLE: "true", PORT: String(port) };

let arret = false;
/** Workers that died before serving: a configuration error would otherwise be restarted forever. */
let echecsDeSuite = 0;
const vivants = new Set<Worker>();
const prets = new WeakSet<Worker>();

function lancer(): void {
  if (arret) return;
  const worker = cluster.fork(envWorker);
  vivants.add(worker);
  worker.on("listening", () => {
    prets.add(worker);
    echecsDeSuite = 0;
    journal(`processus ${worker.process.pid} à l'écoute (${[...vivants].filter((w) => prets.has(w)).length}/${processus}).`);
  });
}

cluster.on("exit", (worker, code, signal) => {
  vivants.delete(worker);
  const fin = signal ? `signal ${signal}` : `code ${code}`;
  if (arret) {
    journal(`processus ${worker.process.pid} arrêté (${fin}).`);
    if (code !== 0) process.exitCode = 1;
    if (vivants.size === 0) {
      journal("tous les processus sont arrêtés.");
      process.exit();
    }
    return;
  }
  if (!prets.has(worker) && ++echecsDeSuite >= 3) {
    journal(`processus ${worker.process.pid} arrêté (${fin}) avant d'écouter, 3 fois de suite : arrêt (voir ses messages ci-dessus).`);
    arreter("SIGTERM", 1);
    return;
  }
  journal(`processus ${worker.process.pid} arrêté (${fin}) : remplacé.`);
  setTimeout(lancer, prets.has(worker) ? 0 : 1000);
});

function arreter(signal: NodeJS.Signals, code = 0): void {
  if (arret) return;
  arret = true;
  if (code) process.exitCode = code;
  journal(`${signal} reçu : arrêt propre de ${vivants.size} processus (délai ${delaiArret} ms).`);
  if (vivants.size === 0) process.exit();
  for (const w of vivants) w.process.kill("SIGTERM");
  // Each worker exits by itself within ARRET_DELAI_MS; past that and a margin, it is killed.
  setTimeout(() => {
    for (const w of vivants) {
      journal(`processus ${w.process.pid} toujours là après ${delaiArret} ms : SIGKILL.`);
      w.process.kill("SIGKILL");
    }
    process.exit(1);
  }, delaiArret + 5_000).unref();
}

process.on("SIGTERM", () => arreter("SIGTERM"));
process.on("SIGINT", () => arreter("SIGINT"));

journal(`${processus} processus « next start » (${distDir}) sur le port ${port}, répartition tour à tour.`);
for (let i = 0; i < processus; i++) lancer();
