import type { Tx } from "@/lib/db";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { enqueueMailDeliveries } from "@/lib/jobs/boss";
import { notificationOf, renderMail, type TemplateData, type TemplateName } from "@/emails/render";

export type QueueMailInput<N extends TemplateName> = { to: string; template: N; data: TemplateData<N> };

const SINGLE_ADDRESS = /^[^\s@,;<>"]+@[^\s@,;<>"]+$/;

const RESUME_MAX = 280;

/** One line, at most RESUME_MAX characters (a refusal motive may span several lines). */
function uneLigne(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > RESUME_MAX ? `${line.slice(0, RESUME_MAX - 1)}…` : line;
}

/**
 * Renders a mail and writes it to the outbox inside the caller's transaction: the mail exists
 * if and only if the change that causes it commits. After the commit, call `kickMailDelivery()`.
 *
 * In the same transaction, each active user whose contact or sign-in address is the recipient gets the mail as a
 * notification in the portal (subject, one-line summary, link): one INSERT … SELECT, on the indexes of
 * "User".email (unique, lower-case) and lower("contactEmail"). A user not active yet (account creation,
 * activation) gets none.
 */
export async function queueMail<N extends TemplateName>(tx: Tx, input: QueueMailInput<N>): Promise<{ id: string }> {
  const to = input.to.trim();
  if (!SINGLE_ADDRESS.test(to)) throw new Error(`Adresse électronique de destination invalide : ${JSON.stringify(input.to)}`);
  const mail = await renderMail(input.template, input.data, { appUrl: env().APP_URL });
  const row = await tx.outboxMail.create({
    data: { to, template: input.template, subject: mail.subject, html: mail.html, text: mail.text },
    select: { id: true },
  });
  const notification = notificationOf(input.template, input.data);
  const titre = uneLigne(mail.subject);
  const message = uneLigne(notification.resume ?? `Un courriel vous a été envoyé à l'adresse ${to}.`);
  await tx.$executeRaw`
    INSERT INTO "Notification" (id, "userId", titre, message, lien)
    SELECT gen_random_uuid(), u.id, ${titre}, ${message}, ${notification.lien ?? null}
    FROM "User" u
    WHERE u.status = 'ACTIF' AND (u.email = lower(${to}) OR lower(u."contactEmail") = lower(${to}))`;
  queuedNotKicked.set(row.id, Date.now());
  return row;
}

/**
 * Ids this process queued and has not enqueued yet, with when. A kick enqueues those whose row is
 * visible (committed); the others belong to a transaction still open (kept for the next kick) or
 * rolled back (forgotten after a minute). What a dead process left is for the sweep.
 */
const queuedNotKicked = new Map<string, number>();
const FORGET_AFTER_MS = 60_000;

async function committedQueuedIds(): Promise<string[]> {
  if (queuedNotKicked.size === 0) return [];
  const candidates = [...queuedNotKicked.keys()];
  const rows = await db.outboxMail.findMany({ where: { id: { in: candidates }, status: "EN_ATTENTE" }, select: { id: true } });
  const now = Date.now();
  for (const id of candidates) {
    if (rows.some((r) => r.id === id) || now - (queuedNotKicked.get(id) ?? now) > FORGET_AFTER_MS) queuedNotKicked.delete(id);
  }
  return rows.map((r) => r.id);
}

/**
 * Ids of the mails still to send, never-tried and oldest first. `olderThanMs` leaves alone the rows that the
 * process which wrote them is about to kick itself.
 */
export async function pendingMailIds(options: { olderThanMs?: number; limit?: number } = {}): Promise<string[]> {
  const rows = await db.outboxMail.findMany({
    where: {
      status: "EN_ATTENTE",
      ...(options.olderThanMs ? { createdAt: { lt: new Date(Date.now() - options.olderThanMs) } } : {}),
    },
    // Never-tried rows first: they are the ones that may have no job at all.
    orderBy: [{ attempts: "asc" }, { createdAt: "asc" }],
    take: options.limit ?? 500,
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/**
 * Asks the job queue to deliver the mails this process queued (or the given ones), after the
 * transaction that queued them has committed: no scan of the outbox on the request path.
 * Best effort, never throws: should it fail, the periodic sweep of the workers (lib/jobs/worker.ts)
 * enqueues the rows a few seconds later.
 */
export async function kickMailDelivery(ids?: string[]): Promise<void> {
  try {
    await enqueueMailDeliveries(ids ?? (await committedQueuedIds()));
  } catch (error) {
    console.error("[mail] mise en file des envois impossible, le balayage périodique prendra le relais :", error);
  }
}
