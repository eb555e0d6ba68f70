import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db";
import { db } from "@/lib/db";
import { enqueueMailDeliveries } from "@/lib/jobs/boss";
import { journal } from "@/lib/journal-technique";
import { notificationOf, subjectOf, type TemplateData, type TemplateName } from "@/emails/render";

/**
 * A mail to a user (`userId`: his address is resolved here, his in-portal notification created for his id), or
 * to an address that is not a user's yet (`to`: the confirmation of a contact address; no notification).
 * `adresse: "connexion"`: to the user's sign-in address whatever his contact address — the links that open the
 * account (activation, password reset) go only where the account's owner signs in, never to a shared contact box.
 */
export type QueueMailInput<N extends TemplateName> = (
  | { userId: string; adresse?: "connexion"; to?: undefined }
  | { to: string; userId?: undefined; adresse?: undefined }
) & {
  template: N;
  data: TemplateData<N>;
};
/** A mail of any template (a union, so that each mail's data matches its own template). */
export type UnMail = { [N in TemplateName]: QueueMailInput<N> }[TemplateName];

const SINGLE_ADDRESS = /^[^\s@,;<>"]+@[^\s@,;<>"]+$/;

const RESUME_MAX = 280;

/** One line, at most RESUME_MAX characters (a refusal motive may span several lines). */
function uneLigne(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > RESUME_MAX ? `${line.slice(0, RESUME_MAX - 1)}…` : line;
}

/** What a mail needs of its recipient: his addresses and whether his account is active (for the notification). */
export const ADRESSE_DESTINATAIRE = { id: true, email: true, contactEmail: true, contactEmailConfirmeLe: true, status: true, technique: true } as const;
export type AdresseDestinataire = {
  id: string;
  email: string;
  contactEmail: string;
  contactEmailConfirmeLe: Date | null;
  status: string;
  /** The user of an API technical account: never mailed nor notified (its software reads the API, or its webhooks). */
  technique?: boolean;
};

/**
 * Writes mails to the outbox inside the caller's transaction: a mail exists if and only if the change that
 * causes it commits. After the commit, call `kickMailDelivery()`. Only the subject is computed here; the
 * template's data is stored and the HTML and text versions are rendered by the delivery job, so that a
 * deposit does not pay for React rendering (nor hold its transaction open during it).
 *
 * A mail goes to a user, by id (`userId`): it is sent to his contact address once confirmed, to his sign-in
 * address until then, and, in the same transaction, an active user gets it as a notification in the portal
 * (subject, one-line summary, link), created for his id: never by matching an address. A user not active yet
 * (account creation, activation) gets none; a mail to a bare address (`to`) gets none.
 */
export async function queueMails(
  tx: Tx,
  demandes: readonly UnMail[],
  o: {
    /**
     * Recipients the caller has just read in this transaction with `ADRESSE_DESTINATAIRE` (the deposit reads them with
     * the piece): not read again. The others are read here.
     */
    connus?: readonly AdresseDestinataire[];
  } = {},
): Promise<{ id: string }[]> {
  if (demandes.length === 0) return [];
  // The recipients' addresses: the confirmed contact address, else the sign-in address.
  const parId = new Map<string, AdresseDestinataire>();
  for (const u of o.connus ?? []) parId.set(u.id, u);
  const userIds = [...new Set(demandes.flatMap((i) => (i.userId && !parId.has(i.userId) ? [i.userId] : [])))];
  const users = userIds.length ? await tx.user.findMany({ where: { id: { in: userIds } }, select: ADRESSE_DESTINATAIRE }) : [];
  for (const u of users) parId.set(u.id, u);
  // Technical accounts (API) get no mail: they are members of their structure only to act for it.
  const inputs = demandes.filter((i) => !(i.userId && parId.get(i.userId)?.technique));
  if (inputs.length === 0) return [];
  const rows = inputs.map((input) => {
    const user = input.userId ? parId.get(input.userId) : undefined;
    if (input.userId && !user) throw new Error(`Destinataire inconnu : ${input.userId}`);
    const to = (user ? (user.contactEmailConfirmeLe && input.adresse !== "connexion" ? user.contactEmail : user.email) : (input.to ?? "")).trim();
    if (!SINGLE_ADDRESS.test(to)) throw new Error(`Adresse électronique de destination invalide : ${JSON.stringify(to)}`);
    return {
      id: randomUUID(),
      userId: user?.id ?? null,
      // Only an active user gets the in-portal notification (not one creating or activating his account).
      notifier: user?.status === "ACTIF",
      to,
      template: input.template,
      subject: subjectOf(input.template, input.data as never),
      data: input.data,
    };
  });
  const notifications = inputs.map((input, i) => {
    const n = notificationOf(input.template, input.data as never);
    return {
      titre: uneLigne(rows[i].subject),
      message: uneLigne(n.resume ?? `Un courriel vous a été envoyé à l'adresse ${rows[i].to}.`),
      lien: n.lien ?? null,
    };
  });
  const maintenant = new Date();
  // One statement: the mails, then the notifications of those addressed to an active user, by his id.
  await tx.$executeRaw`
    WITH m AS (
      SELECT * FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.userId)}::uuid[], ${rows.map((r) => r.notifier)}::boolean[],
                           ${rows.map((r) => r.to)}::text[], ${rows.map((r) => r.subject)}::text[],
                           ${rows.map((r) => r.template)}::text[], ${rows.map((r) => JSON.stringify(r.data))}::jsonb[],
                           ${notifications.map((n) => n.titre)}::text[], ${notifications.map((n) => n.message)}::text[], ${notifications.map((n) => n.lien)}::text[])
             WITH ORDINALITY AS m(id, "userId", notifier, "to", subject, template, data, titre, message, lien, rang)
    ), o AS (
      INSERT INTO "OutboxMail" (id, "userId", "to", subject, template, data, "createdAt")
      SELECT id, "userId", "to", subject, template, data, ${maintenant} FROM m ORDER BY rang
    )
    INSERT INTO "Notification" (id, "userId", titre, message, lien, "createdAt")
    SELECT gen_random_uuid(), m."userId", m.titre, m.message, m.lien, ${maintenant}
    FROM m WHERE m.notifier
    ORDER BY m.rang`;
  const now = Date.now();
  for (const r of rows) queuedNotKicked.set(r.id, now);
  return rows.map((r) => ({ id: r.id }));
}

/** One mail: see `queueMails`. */
export async function queueMail<N extends TemplateName>(tx: Tx, input: QueueMailInput<N>): Promise<{ id: string }> {
  return (await queueMails(tx, [input as UnMail]))[0];
}

/**
 * Ids this process queued and has not enqueued yet, with when. A kick enqueues those whose row is
 * visible (committed); the others belong to a transaction still open (kept for the next kick) or
 * rolled back (forgotten after a minute). What a dead process left is for the sweep.
 */
const queuedNotKicked = new Map<string, number>();

/** The ids this process queued and has not enqueued for delivery yet (diagnostics and tests). */
export function idsNonLances(): string[] {
  return [...queuedNotKicked.keys()];
}
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
  // Ids given by the caller are committed: they leave the list of those still to kick.
  if (ids) for (const id of ids) queuedNotKicked.delete(id);
  try {
    await enqueueMailDeliveries(ids ?? (await committedQueuedIds()));
  } catch (error) {
    journal.error({ err: error }, "courriels : mise en file des envois impossible, le balayage périodique prendra le relais");
  }
}
