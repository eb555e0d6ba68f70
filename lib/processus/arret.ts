import cluster from "node:cluster";
import { subscribe } from "node:diagnostics_channel";
import { Server, type ServerResponse } from "node:http";
import { journal as journalTechnique } from "@/lib/journal-technique";

/**
 * Graceful stop of a server process (`next start`, or a worker of `npm run start:cluster`) on SIGTERM or SIGINT,
 * within ARRET_DELAI_MS:
 *
 * 1. no new connection: the HTTP server stops listening (in a cluster worker, the primary stops giving it any);
 * 2. the requests in progress finish with their normal answer (keep-alive connections are closed once idle, and the
 *    answers given meanwhile say `Connection: close`);
 * 3. the job workers stop fetching and their running jobs finish (pg-boss, `stopWorkers`);
 * 4. the pools close: Prisma, the rate limits' counters, the SMTP transports, the PDF worker threads;
 * 5. the process exits with 0 — or with 1 when the delay runs out first, whatever is still running.
 *
 * Next's own handler (which does 1 and 2, without a limit, then exits with 143) is switched off by
 * NEXT_MANUAL_SIG_HANDLE=true in the scripts that start the server (package.json), the way Next documents it; this
 * one is installed by instrumentation.ts (Next's `nextServer.close()`, which waits for `after()` callbacks, is then not
 * run: the portal uses no `after()`). Next does not hand the HTTP server to the application: it is found through
 * Node's `http.server.request.start` diagnostics channel (the server of every request) and, before any request, among
 * the process's listening handles.
 */

type Etat = {
  installe: boolean;
  arret?: Promise<void>;
  serveurs: Set<Server>;
  enCours: number;
};

const holder = globalThis as typeof globalThis & { __portailArret?: Etat };
holder.__portailArret ??= { installe: false, serveurs: new Set(), enCours: 0 };
const etat: Etat = holder.__portailArret;

/** The stop's lines in the technical log (`arret: true`, so that an operator can find them). */
const journal = (message: string, niveau: "info" | "warn" = "info") => journalTechnique[niveau]({ arret: true }, message);

/** True from the signal on (the port is closed then; a connection still open gets 503 from the readiness check). */
export function arretEnCours(): boolean {
  return etat.arret !== undefined;
}

/** The requests this process is answering now. */
export function requetesEnCours(): number {
  return etat.enCours;
}

/**
 * Installs the handlers of SIGTERM and SIGINT (once per process): `arreterTaches` stops the jobs (given the time left),
 * `fermer` closes the pools once they have stopped.
 */
export function installerArret(options: { delaiMs: number; arreterTaches: (delaiMs: number) => Promise<void>; fermer: () => Promise<void> }): void {
  if (etat.installe) return;
  etat.installe = true;
  subscribe("http.server.request.start", (message) => {
    const { server, response } = message as { server: Server; response: ServerResponse };
    etat.serveurs.add(server);
    etat.enCours++;
    response.once("close", () => {
      etat.enCours--;
    });
    // A client that keeps its connection open is told to open a new one elsewhere.
    if (etat.arret && !response.headersSent) response.setHeader("connection", "close");
  });
  const surSignal = (signal: NodeJS.Signals) => {
    etat.arret ??= arreter(signal, options);
  };
  process.on("SIGTERM", surSignal);
  process.on("SIGINT", surSignal);
}

/** The HTTP servers of this process: those that answered a request, and those listening now. */
function serveurs(): Server[] {
  const ecoute = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles?.() ?? [];
  for (const h of ecoute) if (h instanceof Server) etat.serveurs.add(h);
  return [...etat.serveurs];
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function arreter(
  signal: NodeJS.Signals,
  options: { delaiMs: number; arreterTaches: (delaiMs: number) => Promise<void>; fermer: () => Promise<void> },
): Promise<void> {
  const debut = Date.now();
  const restant = () => Math.max(0, options.delaiMs - (Date.now() - debut));
  const limite = setTimeout(() => {
    journal(`arrêt : délai de ${options.delaiMs} ms dépassé, arrêt forcé (${etat.enCours} requête(s) encore en cours).`, "warn");
    process.exit(1);
  }, options.delaiMs);

  const enCours = etat.enCours;
  const liste = serveurs();
  for (const serveur of liste) serveur.close();
  // In a worker of start:cluster: the primary stops giving it connections (its share of the port is closed).
  if (cluster.isWorker) cluster.worker?.disconnect();
  // Once closed: from this line on, a new connection is refused.
  journal(`arrêt : ${signal} reçu, plus de nouvelle connexion ; ${enCours} requête(s) en cours à terminer (délai ${options.delaiMs} ms).`);

  while (etat.enCours > 0) await pause(20);
  // Every connection left is idle now (keep-alive): closed, so that nothing holds the process.
  for (const serveur of liste) serveur.closeAllConnections();
  journal(`arrêt : requêtes terminées en ${Date.now() - debut} ms ; arrêt des tâches (pg-boss).`);

  try {
    await options.arreterTaches(Math.max(1000, restant() - 1000));
    journal(`arrêt : tâches arrêtées en ${Date.now() - debut} ms ; fermeture des connexions.`);
  } catch (error) {
    journal(`arrêt : arrêt des tâches incomplet (${error instanceof Error ? error.message : String(error)}).`, "warn");
  }
  try {
    await options.fermer();
  } catch (error) {
    journal(`arrêt : fermeture incomplète (${error instanceof Error ? error.message : String(error)}).`, "warn");
  }
  journal(`arrêt : terminé proprement en ${Date.now() - debut} ms.`);
  clearTimeout(limite);
  process.exit(0);
}

/**
 * The portal's stop (instrumentation.ts): the job workers (running jobs get what is left of the delay, less a second
 * for the rest), then Prisma's pool, the rate limits' pool and the PDF worker threads (the SMTP transports close
 * with the workers).
 */
export function installerArretDuPortail(delaiMs: number): void {
  installerArret({
    delaiMs,
    arreterTaches: async (ms) => {
      const { stopWorkers } = await import("@/lib/jobs/worker");
      await stopWorkers({ timeoutMs: ms });
    },
    fermer: async () => {
      const [{ db }, { fermerLimites }, { arreterFil }] = await Promise.all([import("@/lib/db"), import("@/lib/securite/limites"), import("@/lib/pdf/fil")]);
      const fermetures = await Promise.allSettled([db.$disconnect(), fermerLimites(), arreterFil()]);
      for (const f of fermetures)
        if (f.status === "rejected") journal(`arrêt : fermeture (${f.reason instanceof Error ? f.reason.message : String(f.reason)}).`, "warn");
    },
  });
}
