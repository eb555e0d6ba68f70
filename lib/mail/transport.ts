import nodemailer, { type SendMailOptions, type Transporter } from "nodemailer";
import type SMTPPool from "nodemailer/lib/smtp-pool";
import { env } from "@/lib/env";

/** The connections a process keeps to one SMTP server: as many as the mails it sends at once (lib/jobs/worker.ts). */
export const SMTP_CONNEXIONS = 4;
/** How long a pooled connection stays open without a mail to send. */
export const SMTP_INACTIVITE_MS = 2_000;

/**
 * What a process sends through: one pool of SMTP connections per server (nodemailer's own pool). During a peak a
 * connection carries mail after mail (up to 100), without a new TCP connection, TLS handshake and EHLO for each: at
 * three mails a deposit, that dialogue cost more than the mail. Once no mail has been sent for SMTP_INACTIVITE_MS,
 * the pool is closed and forgotten, so nothing stays open while the portal is quiet, nor when a test or a process ends.
 */
type Pool = { transport: Transporter<SMTPPool.SentMessageInfo>; enCours: number; minuterie?: NodeJS.Timeout };
const pools = new Map<string, Pool>();

/**
 * The server of an SMTP_URL (`smtp://` or `smtps://utilisateur:motdepasse@hôte:port`). Read here rather than given to
 * nodemailer as `url`: with a `url`, nodemailer keeps only what the address says and drops every other option (the
 * pool, the timeouts).
 */
function serveur(url: string): { host: string; port?: number; secure: boolean; auth?: { user: string; pass: string } } {
  const u = new URL(url);
  const secure = u.protocol === "smtps:";
  return {
    host: u.hostname.replace(/^\[(.*)\]$/, "$1"),
    ...(u.port ? { port: Number(u.port) } : {}),
    secure,
    ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
  };
}

/** The pool's options (`maxRequeues`, nodemailer's, is missing from its type definitions). */
function optionsDuPool(url: string): SMTPPool.Options {
  const options: SMTPPool.Options & { maxRequeues: number } = {
    ...serveur(url),
    pool: true,
    maxConnections: SMTP_CONNEXIONS,
    maxMessages: 100,
    // A connection lost in the middle of a mail fails that mail: the outbox tries it again by its own policy. Sent
    // again by the pool at once, it could leave twice (lost after the data, before the server's answer).
    maxRequeues: 0,
    // A silent server must not hold a delivery (and its row lock) for minutes.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
  return options;
}

function pool(url: string): Pool {
  let p = pools.get(url);
  if (!p) {
    p = {
      transport: nodemailer.createTransport(optionsDuPool(url)),
      enCours: 0,
    };
    pools.set(url, p);
  }
  return p;
}

/** Hands one mail to the SMTP server (SMTP_URL, or `smtpUrl` in tests); resolves once the server has accepted it. */
export async function envoyerSmtp(mail: SendMailOptions, smtpUrl?: string): Promise<void> {
  const url = smtpUrl ?? env().SMTP_URL;
  if (!url) throw new Error("SMTP_URL n'est pas configuré : aucun serveur SMTP pour envoyer les courriels.");
  const p = pool(url);
  clearTimeout(p.minuterie);
  p.enCours++;
  try {
    await p.transport.sendMail(mail);
  } finally {
    p.enCours--;
    if (p.enCours === 0) {
      p.minuterie = setTimeout(() => {
        // Forgotten before it is closed: a mail sent from now on opens a new pool.
        if (pools.get(url) === p && p.enCours === 0) {
          pools.delete(url);
          p.transport.close();
        }
      }, SMTP_INACTIVITE_MS);
      p.minuterie.unref();
    }
  }
}

/** Closes every pool now (graceful shutdown, tests); a mail being sent finishes first. */
export function closeTransports(): void {
  for (const p of pools.values()) {
    clearTimeout(p.minuterie);
    p.transport.close();
  }
  pools.clear();
}
