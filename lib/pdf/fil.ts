import path from "node:path";
import { Worker } from "node:worker_threads";

/**
 * The PDF worker thread: drawing certificates and reading attached PDFs is CPU work (milliseconds, and far more
 * for a large PDF) that would hold every request of the process; a worker thread (lib/pdf/pdf-worker.mjs, plain
 * JavaScript loaded from the source tree outside Next's bundle) does it on another core. Each task has the same
 * function to run here: should the thread fail to start or die, its pending and next tasks run in the process,
 * with the same result.
 */

type Attente = { surPlace: () => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: Error) => void };
let travailleur: Worker | undefined;
let indisponible = false;
const attentes = new Map<number, Attente>();
let suivant = 0;

/** The thread failed (could not load, crashed): its pending tasks are done here, and so are the next ones. */
function abandonner(w: Worker, cause: unknown) {
  if (travailleur !== w) return;
  travailleur = undefined;
  indisponible = true;
  void w.terminate();
  console.warn("[pdf] travail PDF dans le processus principal, le fil de travail a échoué :", cause);
  const enCours = [...attentes.values()];
  attentes.clear();
  for (const a of enCours) a.surPlace().then(a.resolve, a.reject);
}

function lancer(): Worker | undefined {
  if (travailleur || indisponible) return travailleur;
  try {
    const w = new Worker(path.join(process.cwd(), "lib", "pdf", "pdf-worker.mjs"));
    w.on("message", (m: { id: number; resultat?: unknown; erreur?: string }) => {
      const a = attentes.get(m.id);
      attentes.delete(m.id);
      if (attentes.size === 0) w.unref();
      if (!a) return;
      if (m.erreur === undefined) a.resolve(m.resultat);
      else a.reject(new Error(m.erreur));
    });
    w.on("error", (e) => abandonner(w, e));
    w.on("exit", (code) => abandonner(w, `arrêt (code ${code})`));
    // Idle, the thread does not keep the process alive.
    w.unref();
    travailleur = w;
  } catch (error) {
    indisponible = true;
    console.warn("[pdf] travail PDF dans le processus principal :", error);
  }
  return travailleur;
}

/** Runs `tache` in the thread (`surPlace` if it cannot run: the same function, so the same result). */
export function horsFil<T>(tache: "dessiner" | "lire", donnees: Record<string, unknown>, surPlace: () => Promise<T>): Promise<T> {
  const w = lancer();
  if (!w) return surPlace();
  const id = suivant++;
  return new Promise<T>((resolve, reject) => {
    attentes.set(id, { surPlace, resolve: resolve as (v: unknown) => void, reject });
    w.ref();
    w.postMessage({ id, tache, ...donnees });
  });
}

/** Whether PDF work runs in the thread (diagnostics and tests). */
export function filActif(): boolean {
  return travailleur !== undefined;
}

/** Stops the thread (scripts and tests that end their process themselves); the next task starts it again. */
export async function arreterFil(): Promise<void> {
  const w = travailleur;
  travailleur = undefined;
  await w?.terminate();
}

/** For tests: the thread fails now (its pending and next tasks run in the process) — then may start again. */
export function simulerEchecDuFil(): void {
  if (travailleur) abandonner(travailleur, "simulé");
}
export function reinitialiserFil(): void {
  indisponible = false;
}
