import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * The Prometheus metrics of this process (`/api/metrics`, prom-client): one registry per process, kept on
 * globalThis (Next's reloads in development, and bundles that load this module twice, share it). Each process is
 * scraped on its own; the gauges read from the database (outbox, pg-boss queues) are computed at scrape time, so
 * any process gives the same figures for them.
 *
 * Labels never carry an id, an address or anything a user typed: a route's pattern (`/api/…/pieces/[id]/facture`),
 * an action's export name, a frame, a status, a limit's name.
 */

export type Metriques = {
  registre: Registry;
  httpDuree: Histogram<"route" | "methode" | "statut">;
  actionDuree: Histogram<"action" | "resultat">;
  depots: Counter<"cadre">;
  changementsStatut: Counter<"cadre" | "statut">;
  courrielsEchecs: Counter<"definitif">;
  limitesRefus: Counter<"limite" | "dimension">;
  pdfArrets: Counter<"raison">;
  /** The PDF worker pools of this process (lib/pdf/fil.ts registers its `etatFil`). */
  sourcesPdf: Set<() => { enAttente: number; occupes: number }>;
};

const DUREES = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** A reading shared by the gauges of one scrape (their collects run at once). */
function lectureCommune<T>(lire: () => Promise<T>, validiteMs = 1000): () => Promise<T> {
  let derniere: { le: number; valeur: Promise<T> } | undefined;
  return () => {
    const maintenant = Date.now();
    if (!derniere || maintenant - derniere.le > validiteMs) derniere = { le: maintenant, valeur: lire() };
    return derniere.valeur;
  };
}

type EtatCourriels = { enAttente: number; plusAncienSecondes: number };

/** The outbox: mails not sent yet, and the age of the oldest (index status, createdAt). */
export async function etatCourriels(): Promise<EtatCourriels> {
  const { db } = await import("@/lib/db");
  const [r] = await db.$queryRaw<{ n: bigint; plus_ancien: number | null }[]>`
    SELECT count(*) AS n, EXTRACT(EPOCH FROM (now() - min("createdAt")))::float8 AS plus_ancien
    FROM "OutboxMail" WHERE status = 'EN_ATTENTE'`;
  return { enAttente: Number(r?.n ?? 0), plusAncienSecondes: Math.max(0, r?.plus_ancien ?? 0) };
}

type EtatFile = { file: string; prets: number; attenteSecondes: number };

/**
 * pg-boss's queues (schema `pgboss`, v12): per queue, the jobs waiting to be fetched now (created or retry, not
 * blocked, their start time passed) and how long the oldest of them has waited since it became available.
 */
export async function etatFilesDeTaches(): Promise<EtatFile[]> {
  const { db } = await import("@/lib/db");
  const { PGBOSS_SCHEMA } = await import("@/lib/jobs/boss");
  const lignes = await db.$queryRawUnsafe<{ file: string; prets: bigint; attente: number | null }[]>(
    `SELECT q.name AS file, count(j.id) AS prets, EXTRACT(EPOCH FROM (now() - min(j.start_after)))::float8 AS attente
     FROM ${PGBOSS_SCHEMA}.queue q
     LEFT JOIN ${PGBOSS_SCHEMA}.job j ON j.name = q.name AND j.state < 'active' AND NOT j.blocked AND j.start_after <= now()
     GROUP BY q.name`,
  );
  return lignes.map((l) => ({ file: l.file, prets: Number(l.prets), attenteSecondes: Math.max(0, l.attente ?? 0) }));
}

async function journaliserEchecCollecte(quoi: string, error: unknown): Promise<void> {
  const { journal } = await import("@/lib/journal-technique");
  journal.warn({ err: error }, `métriques : lecture de ${quoi} impossible`);
}

function creer(): Metriques {
  const registre = new Registry();
  collectDefaultMetrics({ register: registre });

  const courriels = lectureCommune(etatCourriels);
  const files = lectureCommune(etatFilesDeTaches);
  const sourcesPdf: Metriques["sourcesPdf"] = new Set();

  new Gauge({
    name: "portail_courriels_en_attente",
    help: "Courriels de la boîte d'envoi pas encore envoyés (statut EN_ATTENTE), lus en base à chaque collecte.",
    registers: [registre],
    async collect() {
      this.reset();
      try {
        this.set((await courriels()).enAttente);
      } catch (error) {
        await journaliserEchecCollecte("la boîte d'envoi", error);
      }
    },
  });
  new Gauge({
    name: "portail_courriel_plus_ancien_en_attente_secondes",
    help: "Âge du plus ancien courriel pas encore envoyé (0 quand il n'y en a aucun).",
    registers: [registre],
    async collect() {
      this.reset();
      try {
        this.set((await courriels()).plusAncienSecondes);
      } catch {
        // Logged once by the gauge above.
      }
    },
  });
  new Gauge({
    name: "portail_file_taches_attente_secondes",
    help: "Par file pg-boss : depuis combien de temps le plus ancien travail prêt attend d'être pris (0 : aucun).",
    labelNames: ["file"],
    registers: [registre],
    async collect() {
      this.reset();
      try {
        for (const f of await files()) this.set({ file: f.file }, f.attenteSecondes);
      } catch (error) {
        await journaliserEchecCollecte("les files pg-boss", error);
      }
    },
  });
  new Gauge({
    name: "portail_file_taches_prets",
    help: "Par file pg-boss : travaux prêts à être pris (créés ou à retenter, leur heure venue).",
    labelNames: ["file"],
    registers: [registre],
    async collect() {
      this.reset();
      try {
        for (const f of await files()) this.set({ file: f.file }, f.prets);
      } catch {
        // Logged once by the gauge above.
      }
    },
  });
  new Gauge({
    name: "portail_pdf_taches_en_attente",
    help: "Tâches PDF (lecture des PDF déposés, certificats) en attente d'un fil de travail libre, dans ce processus.",
    registers: [registre],
    collect() {
      let n = 0;
      for (const etat of sourcesPdf) n += etat().enAttente;
      this.set(n);
    },
  });
  new Gauge({
    name: "portail_pdf_taches_en_cours",
    help: "Tâches PDF en cours dans les fils de travail de ce processus.",
    registers: [registre],
    collect() {
      let n = 0;
      for (const etat of sourcesPdf) n += etat().occupes;
      this.set(n);
    },
  });

  return {
    registre,
    sourcesPdf,
    httpDuree: new Histogram({
      name: "portail_http_requete_duree_secondes",
      help: "Durée des routes de l'API (route.ts), par motif de route, méthode et statut HTTP.",
      labelNames: ["route", "methode", "statut"],
      buckets: DUREES,
      registers: [registre],
    }),
    actionDuree: new Histogram({
      name: "portail_action_duree_secondes",
      help: "Durée des actions serveur, par nom d'action et résultat (ok, ou le code d'erreur).",
      labelNames: ["action", "resultat"],
      buckets: DUREES,
      registers: [registre],
    }),
    depots: new Counter({
      name: "portail_depots_total",
      help: "Pièces déposées (envoyées), par cadre de facturation, comptées après la validation de la transaction.",
      labelNames: ["cadre"],
      registers: [registre],
    }),
    changementsStatut: new Counter({
      name: "portail_changements_statut_total",
      help: "Changements de statut des pièces, par cadre de facturation et nouveau statut, comptés après la validation de la transaction.",
      labelNames: ["cadre", "statut"],
      registers: [registre],
    }),
    courrielsEchecs: new Counter({
      name: "portail_courriels_echecs_envoi_total",
      help: "Échecs d'envoi SMTP d'un courriel ; definitif=oui quand c'était sa dernière tentative.",
      labelNames: ["definitif"],
      registers: [registre],
    }),
    limitesRefus: new Counter({
      name: "portail_limites_debit_refus_total",
      help: "Demandes refusées par une limite de débit, par nom de limite et dimension (ip, identifiant, compte).",
      labelNames: ["limite", "dimension"],
      registers: [registre],
    }),
    pdfArrets: new Counter({
      name: "portail_pdf_taches_arretees_total",
      help: "Tâches PDF arrêtées par le fil de travail : delai (temps dépassé), memoire, arret (fil mort).",
      labelNames: ["raison"],
      registers: [registre],
    }),
  };
}

const globaux = globalThis as typeof globalThis & { __portailMetriques?: Metriques };

/** The metrics of this process, created on first use. */
export function metriques(): Metriques {
  globaux.__portailMetriques ??= creer();
  return globaux.__portailMetriques;
}

/** Counting never fails what it counts. */
function compter(f: (m: Metriques) => void): void {
  try {
    f(metriques());
  } catch {
    // A metric that cannot be counted is not worth a failed request.
  }
}

export const compterDepot = (cadre: string) => compter((m) => m.depots.inc({ cadre }));
export const compterChangementStatut = (cadre: string, statut: string) => compter((m) => m.changementsStatut.inc({ cadre, statut }));
export const compterEchecCourriel = (definitif: boolean) => compter((m) => m.courrielsEchecs.inc({ definitif: definitif ? "oui" : "non" }));
export const compterRefusLimite = (limite: string, dimension: string) => compter((m) => m.limitesRefus.inc({ limite, dimension }));
export const compterArretPdf = (raison: string) => compter((m) => m.pdfArrets.inc({ raison }));
export const observerRoute = (route: string, methode: string, statut: string, secondes: number) =>
  compter((m) => m.httpDuree.observe({ route, methode, statut }, secondes));
export const observerAction = (action: string, resultat: string, secondes: number) => compter((m) => m.actionDuree.observe({ action, resultat }, secondes));
export const inscrireFilPdf = (etat: () => { enAttente: number; occupes: number }) => compter((m) => m.sourcesPdf.add(etat));
