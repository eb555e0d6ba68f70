import { closeTransports, SMTP_CONNEXIONS } from "@/lib/mail/transport";
import { avecContexte, journal } from "@/lib/journal-technique";
import { deliverOutboxMail } from "@/lib/mail/deliver";
import { pendingMailIds } from "@/lib/mail/outbox";
import { env } from "@/lib/env";
import { verifierDelais } from "@/lib/invoices/delais";
import { verifierDelaiTacite } from "@/lib/invoices/procedure-tacite";
import { verifierDelaiTitulaire } from "@/lib/invoices/delai-titulaire";
import { purgerDonneesExpirees } from "@/lib/retention/purge";
import { purgerComptesNonActives } from "@/lib/accounts/purge";
import { balayerFichiersOrphelins } from "@/lib/files/balayage";
import { purgerRequetesIdempotentes } from "@/lib/api/idempotence";
import { ecouterWebhooks, planifierLivraisons } from "@/lib/webhooks/distribution";
import { EchecLivraison, livrerWebhook } from "@/lib/webhooks/livraison";
import {
  BALAYAGE_FICHIERS_CRON,
  BALAYAGE_FICHIERS_QUEUE,
  DELAIS_FACTURES_CRON,
  DELAIS_FACTURES_QUEUE,
  MAIL_DELIVER_QUEUE,
  PURGE_RETENTION_CRON,
  PURGE_RETENTION_QUEUE,
  PURGE_COMPTES_CRON,
  PURGE_COMPTES_QUEUE,
  enqueueMailDeliveries,
  getBoss,
  stopBoss,
  WEBHOOK_LIVRER_QUEUE,
  WEBHOOK_PLANIFIER_CRON,
  WEBHOOK_PLANIFIER_QUEUE,
  WEBHOOK_TENTATIVES,
  type MailDeliverJob,
  type WebhookLivrerJob,
} from "./boss";

export type WorkerOptions = {
  /** SMTP server for the deliveries, instead of SMTP_URL (tests). */
  smtpUrl?: string;
  /** How often the outbox is swept for rows whose job was never enqueued. */
  sweepIntervalMs?: number;
  /** Age under which a pending row is left to the process that wrote it (it kicks it itself). */
  sweepMinAgeMs?: number;
};

type Running = { started: Promise<void>; timer?: NodeJS.Timeout; arreterEcoute?: () => Promise<void> };
const holder = globalThis as typeof globalThis & { __portailWorkers?: Running };

/**
 * Starts the job workers of this process: mail delivery, and a sweep of the outbox (at start, then
 * every 30 s) that enqueues the rows left pending by a process that died between its commit and
 * its kick. Idempotent: a second call returns the first one's promise. Called by instrumentation.ts.
 */
export function startWorkers(options: WorkerOptions = {}): Promise<void> {
  // `next build` loads instrumentation too; jobs only run in a serving process.
  if (process.env.NEXT_PHASE === "phase-production-build") return Promise.resolve();
  if (holder.__portailWorkers) return holder.__portailWorkers.started;
  const running: Running = { started: Promise.resolve() };
  running.started = start(running, options).catch(async (error: unknown) => {
    holder.__portailWorkers = undefined;
    clearInterval(running.timer);
    await stopBoss().catch(() => {});
    throw error;
  });
  holder.__portailWorkers = running;
  return running.started;
}

/** The mails one fetch of the delivery queue takes (see `start`). */
export const MAIL_LOT = 20;
/** The mails of a batch being sent at the same time (each on its own database connection, and one of the process's SMTP_CONNEXIONS). */
export const MAIL_EN_PARALLELE = SMTP_CONNEXIONS;

async function start(running: Running, options: WorkerOptions): Promise<void> {
  const smtpUrl = options.smtpUrl;
  if (!smtpUrl && !env().SMTP_URL) {
    journal.warn("tâches : SMTP_URL n'est pas configuré ; chaque envoi de courriel échouera (et sera retenté) jusqu'à sa configuration.");
  }
  const boss = await getBoss();

  // Up to MAIL_LOT jobs per fetch, and fetches back to back while they come back full: a backlog (mails queued by
  // another instance or a script while this one was busy) drains at once, not one batch per polling interval. New
  // jobs wake the worker through LISTEN/NOTIFY (the queue's `notify`). Each job of the batch succeeds or fails alone: a failed one is failed
  // by id (retried per the queue's policy) and the batch's completion, which touches only active jobs, leaves it so.
  // MAIL_EN_PARALLELE of the batch at a time: a delivery mostly waits (its row's transaction, the SMTP dialogue on one
  // of the process's pooled connections), so one at a time a process sent a few dozen mails a second, fewer than a deposit peak
  // queues (three mails a deposit).
  await boss.work<MailDeliverJob>(MAIL_DELIVER_QUEUE, { batchSize: MAIL_LOT, burstWhenBatchFull: true }, async (jobs) => {
    let suivant = 0;
    const envoyerLesSuivants = async () => {
      while (suivant < jobs.length) {
        const job = jobs[suivant++];
        // Its log lines carry the id of the request that queued the mail (the job's own id for a mail found by the sweep).
        await avecContexte({ requestId: job.data.requestId ?? `tache-${job.id}` }, async () => {
          try {
            const outcome = await deliverOutboxMail(job.data.outboxId, { smtpUrl });
            // Another process holds the row: try again later rather than lose the job.
            if (outcome === "en-cours") throw new Error(`Courriel ${job.data.outboxId} en cours d'envoi par un autre processus.`);
          } catch (error) {
            journal.warn({ outboxId: job.data.outboxId, err: error }, "courriels : envoi échoué, il sera retenté selon la politique de la file");
            await boss.fail(MAIL_DELIVER_QUEUE, job.id, { message: error instanceof Error ? error.message : String(error) });
          }
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(MAIL_EN_PARALLELE, jobs.length) }, envoyerLesSuivants));
  });

  // The deadlines of the works invoices: the 7 days of the MOE, and the MOA's 10 days of the tacit procedure.
  // The schedule is stored in pg-boss (set again at each start, same key); verifierDelais changes each late
  // piece's status once and verifierDelaiTacite tells each titulaire once, so a repeated check does nothing more.
  await boss.work(DELAIS_FACTURES_QUEUE, async () => {
    const now = new Date();
    await verifierDelais({ now });
    await verifierDelaiTacite({ now });
    // The titulaire's 15 days on a subcontractor's request (A10): a reminder 3 days before, a notice once past (each once).
    await verifierDelaiTitulaire({ now });
  });
  // DELAIS_FACTURES_CRON in the environment: another schedule (every minute in the multi-process tests).
  await boss.schedule(DELAIS_FACTURES_QUEUE, env().DELAIS_FACTURES_CRON ?? DELAIS_FACTURES_CRON, {}, { tz: "Europe/Paris" });

  // Stored mails, the dev mailbox, captchas and links past their retention period (README): deleted once a day; a
  // repeated run finds nothing more.
  await boss.work(PURGE_RETENTION_QUEUE, async () => {
    const n = await purgerDonneesExpirees({ now: new Date() });
    journal.info({ tache: PURGE_RETENTION_QUEUE, ...n }, "tâches : purge des données expirées");
  });
  await boss.schedule(PURGE_RETENTION_QUEUE, PURGE_RETENTION_CRON, {}, { tz: "Europe/Paris" });

  // Accounts not activated within 7 days go, with their pending structure and requests (idempotent: a repeated run finds nothing).
  await boss.work(PURGE_COMPTES_QUEUE, async () => {
    const { supprimes } = await purgerComptesNonActives({ now: new Date() });
    if (supprimes) journal.info({ tache: PURGE_COMPTES_QUEUE, supprimes }, "tâches : comptes non activés depuis 7 jours supprimés");
  });
  await boss.schedule(PURGE_COMPTES_QUEUE, PURGE_COMPTES_CRON, {}, { tz: "Europe/Paris" });

  // The files' store: objects no row names (an upload that failed, a draft's file deleted), once past the grace period.
  await boss.work(BALAYAGE_FICHIERS_QUEUE, async () => {
    const bilan = await balayerFichiersOrphelins({ now: new Date() });
    journal.info({ tache: BALAYAGE_FICHIERS_QUEUE, ...bilan }, "tâches : balayage des fichiers orphelins");
  });
  await boss.schedule(BALAYAGE_FICHIERS_QUEUE, BALAYAGE_FICHIERS_CRON, {}, { tz: "Europe/Paris" });

  // Webhooks: each delivery is a job (retried with a backoff by its queue); the last attempt marks it « ECHEC ».
  await boss.work<WebhookLivrerJob>(WEBHOOK_LIVRER_QUEUE, { batchSize: 5 }, async (jobs) => {
    await Promise.all(
      jobs.map(async (job) => {
        const derniere = job.retryCount >= WEBHOOK_TENTATIVES - 1;
        try {
          await livrerWebhook(job.data.livraisonId, { derniere });
        } catch (error) {
          if (!(error instanceof EchecLivraison)) journal.error({ err: error, livraisonId: job.data.livraisonId }, "webhooks : livraison impossible");
          await boss.fail(WEBHOOK_LIVRER_QUEUE, job.id, { message: error instanceof Error ? error.message : String(error) });
        }
      }),
    );
  });
  await boss.work(WEBHOOK_PLANIFIER_QUEUE, async () => {
    await planifierLivraisons();
    await purgerRequetesIdempotentes();
  });
  await boss.schedule(WEBHOOK_PLANIFIER_QUEUE, WEBHOOK_PLANIFIER_CRON, {}, { tz: "Europe/Paris" });
  running.arreterEcoute = await ecouterWebhooks();

  const sweep = () =>
    sweepOutbox(options.sweepMinAgeMs ?? 5_000).catch((error: unknown) =>
      journal.error({ err: error }, "tâches : balayage des courriels en attente impossible"),
    );
  await sweep();
  running.timer = setInterval(sweep, options.sweepIntervalMs ?? 30_000);
  running.timer.unref();
}

/** Enqueues the pending outbox rows older than `minAgeMs` (those already enqueued are ignored by pg-boss). */
export async function sweepOutbox(minAgeMs = 5_000): Promise<void> {
  await enqueueMailDeliveries(await pendingMailIds({ olderThanMs: minAgeMs }));
}

/** Stops the workers and the process's pg-boss instance (tests, graceful shutdown: running jobs get `timeoutMs` to finish). */
export async function stopWorkers(options: { timeoutMs?: number } = {}): Promise<void> {
  const running = holder.__portailWorkers;
  holder.__portailWorkers = undefined;
  if (running) {
    // Wait for a start in progress: its interval is only set at its end.
    await running.started.catch(() => {});
    clearInterval(running.timer);
    await running.arreterEcoute?.();
  }
  await stopBoss(options);
  closeTransports();
}
