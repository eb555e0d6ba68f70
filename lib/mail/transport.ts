import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";

/**
 * One nodemailer transport per SMTP URL, without connection pooling: the portal sends few mails,
 * and a connection per mail leaves nothing open when a process or a test ends.
 */
const transports = new Map<string, Transporter>();

export function smtpTransport(smtpUrl?: string): Transporter {
  const url = smtpUrl ?? env().SMTP_URL;
  if (!url) throw new Error("SMTP_URL n'est pas configuré : aucun serveur SMTP pour envoyer les courriels.");
  let transport = transports.get(url);
  if (!transport) {
    transport = nodemailer.createTransport({
      url,
      // A silent server must not hold a delivery (and its row lock) for minutes.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    transports.set(url, transport);
  }
  return transport;
}

export function closeTransports(): void {
  for (const transport of transports.values()) transport.close();
  transports.clear();
}
