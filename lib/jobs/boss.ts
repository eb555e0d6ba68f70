import { PgBoss, type Queue } from "pg-boss";
import { env } from "@/lib/env";
import { contexteCourant, journal } from "@/lib/journal-technique";
import { MAIL_JOB_EXPIRE_SECONDS, MAIL_MAX_ATTEMPTS, MAIL_RETRY_DELAY_SECONDS } from "@/lib/mail/policy";

export const PGBOSS_SCHEMA = "pgboss";

export const MAIL_DELIVER_QUEUE = "mail.deliver";
/** `requestId`: the request that queued the mail (lib/journal-technique.ts), so that its delivery's log lines carry it. */
export type MailDeliverJob = { outboxId: string; requestId?: string };

/** The works invoices' deadlines (7 days of the MOE, 10 days of the MOA under the tacit procedure, 15 days of the titulaire on an A10), checked by a cron schedule stored in pg-boss (it survives restarts). */
export const DELAIS_FACTURES_QUEUE = "factures-travaux.delais";
export const DELAIS_FACTURES_CRON = "*/15 * * * *";

/** What has outlived its retention period (mails, dev mailbox, captchas, links): once a day (lib/retention/purge.ts). */
export const PURGE_RETENTION_QUEUE = "maintenance.purge-retention";
export const PURGE_RETENTION_CRON = "45 3 * * *";

/** Accounts not activated within 7 days, deleted with their pending structure and requests: once a day (lib/accounts/purge.ts). */
export const PURGE_COMPTES_QUEUE = "comptes.purge-non-actives";
export const PURGE_COMPTES_CRON = "15 3 * * *";

/** Objects of the files' store that no row names, older than the grace period, removed once a day (lib/files/balayage.ts). */
export const BALAYAGE_FICHIERS_QUEUE = "fichiers.balayage-orphelins";
export const BALAYAGE_FICHIERS_CRON = "30 4 * * *";

/** Webhooks (lib/webhooks/): one job per delivery (job id = delivery id), retried with a backoff for about 4 hours. */
export const WEBHOOK_LIVRER_QUEUE = "webhook.livrer";
export type WebhookLivrerJob = { livraisonId: string };
export const WEBHOOK_TENTATIVES = 9;
/** The deliveries the trigger wrote and no job carries yet, planned every minute (besides the NOTIFY that wakes it). */
export const WEBHOOK_PLANIFIER_QUEUE = "webhook.planifier";
export const WEBHOOK_PLANIFIER_CRON = "* * * * *";

/** pg-boss only accepts jobs for queues that exist: every queue is declared here and created at start. */
const QUEUES: Queue[] = [
  {
    name: MAIL_DELIVER_QUEUE,
    policy: "standard",
    retryLimit: MAIL_MAX_ATTEMPTS - 1,
    retryDelay: MAIL_RETRY_DELAY_SECONDS,
    retryBackoff: true,
    expireInSeconds: MAIL_JOB_EXPIRE_SECONDS,
    // A job inserted by any process (another instance, a script) wakes the workers of every process at once
    // (PostgreSQL LISTEN/NOTIFY), instead of at their next poll.
    notify: true,
  },
  // One check at a time across instances; a check missed or failed is simply done by the next one.
  {
    name: WEBHOOK_LIVRER_QUEUE,
    policy: "standard",
    retryLimit: WEBHOOK_TENTATIVES - 1,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 60,
    notify: true,
  },
  { name: WEBHOOK_PLANIFIER_QUEUE, policy: "singleton", retryLimit: 0, expireInSeconds: 120 },
  { name: DELAIS_FACTURES_QUEUE, policy: "singleton", retryLimit: 2, retryDelay: 60, expireInSeconds: 600 },
  { name: PURGE_RETENTION_QUEUE, policy: "singleton", retryLimit: 2, retryDelay: 300, expireInSeconds: 900 },
  { name: PURGE_COMPTES_QUEUE, policy: "singleton", retryLimit: 2, retryDelay: 300, expireInSeconds: 900 },
  // Lists the whole store: an hour at most.
  { name: BALAYAGE_FICHIERS_QUEUE, policy: "singleton", retryLimit: 2, retryDelay: 600, expireInSeconds: 3600 },
];

type BossState = { boss?: Promise<PgBoss> };
// On globalThis so that Next's hot reloads in development keep the one instance of the process.
const holder = globalThis as typeof globalThis & { __portailBoss?: BossState };
holder.__portailBoss ??= {};
const state: BossState = holder.__portailBoss;

/** The process's pg-boss instance, started (and its queues created) on first use. */
export function getBoss(options: { databaseUrl?: string } = {}): Promise<PgBoss> {
  state.boss ??= startBoss(options.databaseUrl ?? env().DATABASE_URL).catch((error: unknown) => {
    state.boss = undefined;
    throw error;
  });
  return state.boss;
}

async function startBoss(connectionString: string): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString, schema: PGBOSS_SCHEMA, application_name: "portail-jobs", max: 5, useListenNotify: true });
  boss.on("error", (error: unknown) => journal.error({ err: error }, "tâches : erreur de pg-boss"));
  await boss.start();
  for (const queue of QUEUES) {
    await boss.createQueue(queue.name, queue);
    // createQueue leaves an existing queue as it was: apply the options of this version of the code.
    const { name, policy: _policy, partition: _partition, ...options } = queue;
    await boss.updateQueue(name, options);
  }
  return boss;
}

/**
 * Stops the instance, if this process started one: no new fetch, running jobs finish within `timeoutMs` (past it,
 * pg-boss fails them — retried per their queue — so none stays `active`), then its pool closes. The instance stays
 * this process's while it stops: a running job that queues a mail enqueues it there, rather than starting another.
 */
export async function stopBoss(options: { timeoutMs?: number } = {}): Promise<void> {
  const starting = state.boss;
  const boss = await starting?.catch(() => undefined);
  try {
    await boss?.stop({ graceful: true, timeout: options.timeoutMs ?? 10_000 });
  } finally {
    if (state.boss === starting) state.boss = undefined;
  }
}

/**
 * One delivery job per outbox row. The job id is the outbox id (and so is its singletonKey):
 * pg-boss ignores a job whose id is already in its table, whatever that job's state (waiting,
 * running, waiting for a retry), so kicks and sweeps can repeat without sending twice.
 */
export async function enqueueMailDeliveries(outboxIds: string[]): Promise<void> {
  if (outboxIds.length === 0) return;
  const boss = await getBoss();
  const requestId = contexteCourant()?.requestId;
  await boss.insert(
    MAIL_DELIVER_QUEUE,
    outboxIds.map((id) => ({ id, singletonKey: id, data: { outboxId: id, ...(requestId ? { requestId } : {}) } satisfies MailDeliverJob })),
  );
  journal.debug({ outboxIds }, "courriels : envois mis en file");
}
