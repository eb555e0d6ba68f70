import type { Tx } from "@/lib/db";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { enqueueMailDeliveries } from "@/lib/jobs/boss";
import { renderMail, type TemplateData, type TemplateName } from "@/emails/render";

export type QueueMailInput<N extends TemplateName> = { to: string; template: N; data: TemplateData<N> };

const SINGLE_ADDRESS = /^[^\s@,;<>"]+@[^\s@,;<>"]+$/;

/**
 * Renders a mail and writes it to the outbox inside the caller's transaction: the mail exists
 * if and only if the change that causes it commits. After the commit, call `kickMailDelivery()`.
 */
export async function queueMail<N extends TemplateName>(tx: Tx, input: QueueMailInput<N>): Promise<{ id: string }> {
  const to = input.to.trim();
  if (!SINGLE_ADDRESS.test(to)) throw new Error(`Adresse électronique de destination invalide : ${JSON.stringify(input.to)}`);
  const mail = await renderMail(input.template, input.data, { appUrl: env().APP_URL });
  return tx.outboxMail.create({
    data: { to, template: input.template, subject: mail.subject, html: mail.html, text: mail.text },
    select: { id: true },
  });
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
 * Asks the job queue to deliver the pending mails (or the given ones), after the transaction
 * that queued them has committed. Best effort, never throws: should it fail, the periodic sweep
 * of the workers (lib/jobs/worker.ts) enqueues the rows a few seconds later.
 */
export async function kickMailDelivery(ids?: string[]): Promise<void> {
  try {
    await enqueueMailDeliveries(ids ?? (await pendingMailIds()));
  } catch (error) {
    console.error("[mail] mise en file des envois impossible, le balayage périodique prendra le relais :", error);
  }
}
