import path from "node:path";
import { Worker } from "node:worker_threads";
import { journal } from "@/lib/journal-technique";
import { compterArretPdf, inscrireFilPdf } from "@/lib/supervision/metriques";
import { type ConfigurationFilPdf, configurationFilPdf } from "./configuration";

/**
 * The PDF worker pool: drawing certificates and reading uploaded PDFs is CPU work (milliseconds, and far more for a
 * large or hostile PDF) that must never hold the requests. It is done only in worker threads (lib/pdf/pdf-worker.mjs,
 * plain JavaScript loaded from the source tree outside Next's bundle), never in the request thread:
 *
 * - at most `PDF_WORKERS` tasks run at once, one per worker; the others wait in a queue (certificates first: they are
 *   the portal's own, trusted, documents), so a hostile PDF occupies one worker and slows nobody else beyond that;
 * - each task has `PDF_TASK_TIMEOUT_MS` to finish once its worker has begun it, and each worker `PDF_WORKER_MEMORY_MB` of heap (`resourceLimits`):
 *   a task over either limit has its worker stopped (`terminate`) and fails with `ErreurTachePdf` (« delai »,
 *   « memoire »); the next task starts a new worker;
 * - a worker that dies otherwise (it could not load, it crashed) fails its task (« arret ») and is replaced likewise.
 */

/** « xml »: the XML a Factur-X carries (lib/pdf/xml-incorpore.mjs), queued with the reads. */
export type TachePdf = "dessiner" | "lire" | "xml";

/** A task stopped by the pool: over its time (`delai`), over its memory (`memoire`), or its worker died (`arret`). */
export class ErreurTachePdf extends Error {
  constructor(
    readonly raison: "delai" | "memoire" | "arret",
    message: string,
  ) {
    super(message);
    this.name = "ErreurTachePdf";
  }
}

type Tache = {
  id: number;
  tache: TachePdf;
  donnees: Record<string, unknown>;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
};

/** One place of the pool: its worker (started on demand) and the task it runs, with that task's timer. */
type Poste = { worker?: Worker; tache?: Tache; minuteur?: NodeJS.Timeout };

let configuration: ConfigurationFilPdf | undefined;
const config = () => (configuration ??= configurationFilPdf());
let postes: Poste[] = [];
const attente: { dessiner: Tache[]; lire: Tache[] } = { dessiner: [], lire: [] };
let suivant = 0;
let lances = 0;

const FICHIER_WORKER = path.join(process.cwd(), "lib", "pdf", "pdf-worker.mjs");

function demarrer(poste: Poste): Worker {
  const { memoireMo } = config();
  const w = new Worker(FICHIER_WORKER, {
    resourceLimits: { maxOldGenerationSizeMb: memoireMo, maxYoungGenerationSizeMb: Math.min(32, Math.max(4, Math.floor(memoireMo / 8))), stackSizeMb: 4 },
  });
  lances++;
  w.on("message", (m: { id: number; debut?: true; resultat?: unknown; erreur?: string }) => {
    if (poste.worker !== w || poste.tache?.id !== m.id) return;
    if (m.debut) {
      poste.minuteur = setTimeout(() => expirer(poste), config().delaiMs);
      return;
    }
    const t = liberer(poste);
    w.unref(); // idle, the worker does not keep the process alive
    if (m.erreur === undefined) t.resolve(m.resultat);
    else t.reject(new Error(m.erreur));
    distribuer();
  });
  const perdu = (raison: "memoire" | "arret", detail: string) => {
    if (poste.worker !== w) return; // already stopped by the pool (time limit, arreterFil)
    poste.worker = undefined;
    void w.terminate();
    const t = poste.tache && liberer(poste);
    if (t) {
      compterArretPdf(raison);
      if (raison === "arret") journal.error({ tache: t.tache, detail }, "PDF : le fil de travail s'est arrêté pendant une tâche");
      t.reject(new ErreurTachePdf(raison, raison === "memoire" ? "tâche PDF arrêtée : limite de mémoire atteinte" : `fil de travail PDF arrêté : ${detail}`));
    }
    distribuer();
  };
  w.on("error", (e: Error & { code?: string }) => perdu(e.code === "ERR_WORKER_OUT_OF_MEMORY" ? "memoire" : "arret", String(e)));
  w.on("exit", (code) => perdu("arret", `sortie (code ${code})`));
  return w;
}

/** The task the place was running, its timer cleared: the place is free. */
function liberer(poste: Poste): Tache {
  const t = poste.tache as Tache;
  clearTimeout(poste.minuteur);
  poste.tache = undefined;
  poste.minuteur = undefined;
  return t;
}

/** Over its time: the worker is stopped (whatever it is doing, even a loop that never yields) and the task fails. */
function expirer(poste: Poste) {
  const w = poste.worker;
  poste.worker = undefined;
  void w?.terminate();
  const t = liberer(poste);
  compterArretPdf("delai");
  journal.warn({ tache: t.tache, delaiMs: config().delaiMs }, "PDF : tâche arrêtée, temps dépassé");
  t.reject(new ErreurTachePdf("delai", `tâche PDF arrêtée : plus de ${config().delaiMs} ms`));
  distribuer();
}

/** Gives waiting tasks to free places (starting their worker when needed), certificates first. */
function distribuer() {
  const { taille } = config();
  while (postes.length < taille) postes.push({});
  for (const poste of postes.slice(0, taille)) {
    if (poste.tache) continue;
    let t: Tache | undefined;
    let w: Worker | undefined;
    while (!w) {
      t = attente.dessiner.shift() ?? attente.lire.shift();
      if (!t) return;
      try {
        w = poste.worker ?? demarrer(poste);
      } catch (error) {
        t.reject(new ErreurTachePdf("arret", `le fil de travail PDF n'a pas démarré : ${String(error)}`));
      }
    }
    if (!t) return;
    poste.worker = w;
    poste.tache = t; // its time starts when the worker says it has begun (`debut`)
    w.ref(); // busy, it does
    w.postMessage({ id: t.id, tache: t.tache, ...t.donnees });
  }
}

let inscrit = false;
/** Runs `tache` in a worker of the pool, when a place is free; fails with `ErreurTachePdf` when stopped. */
export function horsFil<T>(tache: TachePdf, donnees: Record<string, unknown>): Promise<T> {
  // The pool's queue and busy places in the metrics (portail_pdf_taches_*), from its first task on.
  if (!inscrit) {
    inscrit = true;
    inscrireFilPdf(etatFil);
  }
  return new Promise<T>((resolve, reject) => {
    attente[tache === "xml" ? "lire" : tache].push({ id: suivant++, tache, donnees, resolve: resolve as (v: unknown) => void, reject });
    distribuer();
  });
}

/** The pool now (diagnostics and tests): its size, busy places, waiting tasks, and workers started since the process began. */
export function etatFil(): { taille: number; occupes: number; enAttente: number; actifs: number; lances: number } {
  return {
    taille: config().taille,
    occupes: postes.filter((p) => p.tache).length,
    enAttente: attente.dessiner.length + attente.lire.length,
    actifs: postes.filter((p) => p.worker).length,
    lances,
  };
}

/** Stops every worker (scripts and tests that end their process themselves); running tasks fail, the next ones start new workers. */
export async function arreterFil(): Promise<void> {
  const anciens = postes;
  postes = [];
  await Promise.all(
    anciens.map(async (poste) => {
      const w = poste.worker;
      poste.worker = undefined;
      if (poste.tache) liberer(poste).reject(new ErreurTachePdf("arret", "fil de travail PDF arrêté"));
      await w?.terminate();
    }),
  );
  distribuer();
}

/** For tests: other limits than the environment's (the workers are restarted with them); `{}` goes back to the environment's. */
export async function configurerFil(c: Partial<ConfigurationFilPdf>): Promise<void> {
  await arreterFil();
  configuration = { ...configurationFilPdf(), ...c };
}
