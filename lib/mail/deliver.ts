import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { compterEchecCourriel } from "@/lib/supervision/metriques";
import { renderMail, type TemplateName } from "@/emails/render";
import { MAIL_JOB_EXPIRE_SECONDS, MAIL_MAX_ATTEMPTS } from "./policy";
import { envoyerSmtp } from "./transport";

export type DeliveryOptions = {
  /** SMTP server to use instead of SMTP_URL (tests, the dev launcher). */
  smtpUrl?: string;
};

/**
 * - `envoye`: sent now;
 * - `deja-traite`: already ENVOYE or ECHEC, nothing done (a job may run twice);
 * - `en-cours`: another process is delivering this row right now;
 * - `introuvable`: no such row.
 */
export type DeliveryOutcome = "envoye" | "deja-traite" | "en-cours" | "introuvable";

export class MailDeliveryError extends Error {
  constructor(
    readonly outboxId: string,
    readonly attempts: number,
    readonly final: boolean,
    cause: unknown,
  ) {
    super(`Échec de l'envoi du courriel ${outboxId} (tentative ${attempts}/${MAIL_MAX_ATTEMPTS}) : ${errorMessage(cause)}`, { cause });
    this.name = "MailDeliveryError";
  }
}

type Failure = { error: unknown; attempts: number; final: boolean };

/**
 * Sends one outbox row. The row stays locked (FOR UPDATE) while the SMTP exchange runs, so two
 * workers never send it twice; its status then says what happened. On an SMTP error the attempt
 * is recorded, the row marked ECHEC after the last attempt, and a MailDeliveryError thrown so
 * that pg-boss schedules the next try.
 */
export async function deliverOutboxMail(id: string, options: DeliveryOptions = {}): Promise<DeliveryOutcome> {
  const first = await db.outboxMail.findUnique({ where: { id }, select: { status: true } });
  if (!first) return "introuvable";
  if (first.status !== "EN_ATTENTE") return "deja-traite";

  // What the row becomes once the SMTP server has taken the mail: should the database go away before it commits
  // (restarted, connection lost), it is recorded once the database is back, rather than the mail sent a second time.
  let accepte: Prisma.OutboxMailUpdateManyMutationInput | undefined;
  const transaction = db.$transaction(
    async (tx): Promise<DeliveryOutcome | Failure> => {
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "OutboxMail" WHERE id = ${id}::uuid FOR UPDATE SKIP LOCKED`;
      if (locked.length === 0) return "en-cours";
      // Read again under the lock: another worker may have finished in between.
      const row = await tx.outboxMail.findUniqueOrThrow({ where: { id } });
      if (row.status !== "EN_ATTENTE") return "deja-traite";

      const attempts = row.attempts + 1;
      let rendu: { html: string; text: string };
      try {
        rendu = await contenu(row);
        // Message-ID from the outbox row: a mail sent again (a process killed between the SMTP reply and the commit) is recognisable.
        const messageId = `<${row.id}@${new URL(env().APP_URL).hostname}>`;
        await envoyerSmtp({ from: env().MAIL_FROM, to: row.to, subject: row.subject, html: rendu.html, text: rendu.text, messageId }, options.smtpUrl);
      } catch (error) {
        const final = attempts >= MAIL_MAX_ATTEMPTS;
        await tx.outboxMail.update({
          where: { id },
          // Never sent, never to be: its link goes too.
          data: { attempts, lastError: errorMessage(error).slice(0, 2000), status: final ? "ECHEC" : "EN_ATTENTE", ...(final ? sansSecrets(row) : {}) },
        });
        return { error, attempts, final };
      }
      // Kept as sent, but without the links that open an account (activation, reset, confirmation): they lived in the mail only.
      accepte = { attempts, status: "ENVOYE", sentAt: new Date(), ...sansSecrets({ ...row, ...rendu }) };
      await tx.outboxMail.update({ where: { id }, data: accepte });
      return "envoye";
    },
    // The SMTP exchange happens inside: its timeouts (transport.ts) stay below this one.
    { maxWait: 10_000, timeout: 90_000 },
  );
  const result = await transaction.catch(async (error: unknown): Promise<DeliveryOutcome> => {
    // Not taken by the SMTP server: the usual failure (the job is retried, the mail sent then).
    if (!accepte) throw error;
    await enregistrerEnvoi(id, accepte);
    return "envoye";
  });

  if (typeof result === "string") return result;
  compterEchecCourriel(result.final);
  throw new MailDeliveryError(id, result.attempts, result.final, result.error);
}

/** How long a mail the SMTP server took waits for the database to record it (below the delivery job's expiry). */
export const ENREGISTREMENT_ENVOI_MAX_MS = Math.min(120_000, (MAIL_JOB_EXPIRE_SECONDS * 1000) / 2);

/**
 * Marks sent a mail the SMTP server took while its transaction failed (the database restarted or dropped the
 * connection): tried again, every 0.5 to 5 s, for ENREGISTREMENT_ENVOI_MAX_MS. Meanwhile its job stays active, so no
 * other process sends the mail again; past it, the error goes up and the mail may leave a second time.
 */
async function enregistrerEnvoi(id: string, data: Prisma.OutboxMailUpdateManyMutationInput): Promise<void> {
  const limite = Date.now() + ENREGISTREMENT_ENVOI_MAX_MS;
  for (let attente = 500; ; attente = Math.min(attente * 2, 5_000)) {
    try {
      // Already recorded (the commit went through, only its answer was lost): nothing to do.
      await db.outboxMail.updateMany({ where: { id, status: "EN_ATTENTE" }, data });
      return;
    } catch (error) {
      if (Date.now() + attente > limite)
        throw new Error(`Courriel ${id} remis au serveur SMTP, mais son envoi n'a pas pu être enregistré : il pourra partir une seconde fois.`, {
          cause: error,
        });
      await new Promise((r) => setTimeout(r, attente));
    }
  }
}

/** The data fields that carry a secret: the token of a link that opens an account or confirms an address. */
const CHAMPS_SECRETS = ["token"] as const;
/** What replaces, in the stored mail, a link that carried a secret. */
export const LIEN_RETIRE = "[lien retiré après envoi]";
/** What replaces the secret itself in the stored data. */
export const SECRET_RETIRE = "[retiré]";

const echapper = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The row as it may be kept once sent (or given up): its data without the tokens, its HTML and text with every
 * link carrying one replaced by LIEN_RETIRE (and any other occurrence of a token by SECRET_RETIRE). The recipient
 * has the link; the database, its backups and whoever reads the outbox do not.
 */
export function sansSecrets(row: { data: unknown; html?: string | null; text?: string | null }): {
  data: Prisma.InputJsonValue | typeof Prisma.JsonNull;
  html?: string | null;
  text?: string | null;
} {
  const data = row.data && typeof row.data === "object" && !Array.isArray(row.data) ? { ...(row.data as Record<string, unknown>) } : null;
  const secrets: string[] = [];
  for (const champ of CHAMPS_SECRETS) {
    const v = data?.[champ];
    if (data && typeof v === "string" && v.length > 0) {
      secrets.push(v);
      data[champ] = SECRET_RETIRE;
    }
  }
  const caviarder = (texte: string | null | undefined) => {
    if (texte == null) return texte;
    let t = texte;
    for (const secret of secrets) {
      for (const forme of new Set([secret, encodeURIComponent(secret)])) {
        t = t.replace(new RegExp(`https?://[^\\s"'<>]*${echapper(forme)}[^\\s"'<>]*`, "g"), LIEN_RETIRE).replaceAll(forme, SECRET_RETIRE);
      }
    }
    return t;
  };
  return {
    data: data ? (data as Prisma.InputJsonValue) : row.data == null ? Prisma.JsonNull : (row.data as Prisma.InputJsonValue),
    ...("html" in row ? { html: caviarder(row.html) } : {}),
    ...("text" in row ? { text: caviarder(row.text) } : {}),
  };
}

/** The mail's HTML and text: rendered now from its template and data (or as stored, for rows written already rendered). */
export async function contenu(row: { template: string; data: unknown; html: string | null; text: string | null }): Promise<{ html: string; text: string }> {
  if (row.html !== null && row.text !== null) return { html: row.html, text: row.text };
  const mail = await renderMail(row.template as TemplateName, row.data as never, { appUrl: env().APP_URL });
  return { html: mail.html, text: mail.text };
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" && !error.message.includes(code) ? `${code} ${error.message}` : error.message;
  }
  return String(error);
}
