import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";
import { PrismaPg } from "@prisma/adapter-pg";
// Relative imports, no lib/db: this module also runs outside Next (dev launcher, Playwright), where "server-only" throws.
import { PrismaClient } from "../../lib/generated/prisma/client";

export type MailCatcher = { url: string; port: number; stop: () => Promise<void> };

/**
 * A local SMTP server for development and browser tests: every mail it receives is parsed and
 * stored in the DevMail table, one row per recipient, for the /dev/mails mailbox (and the tests)
 * to read. No authentication, no TLS, loopback only: never for production.
 */
export async function startMailCatcher(options: { port: number; databaseUrl?: string }): Promise<MailCatcher> {
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("startMailCatcher : DATABASE_URL manquant.");
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 2 }) });

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    banner: "Récepteur de courriels du Portail des factures de travaux (développement)",
    size: 25 * 1024 * 1024,
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          const from = mail.from?.text || (session.envelope.mailFrom ? session.envelope.mailFrom.address : "");
          const recipients = session.envelope.rcptTo.map((r) => r.address);
          await prisma.devMail.createMany({
            data: recipients.map((to) => ({
              from,
              to,
              subject: mail.subject ?? "",
              html: mail.html || null,
              text: mail.text ?? null,
            })),
          });
        })
        .then(
          () => callback(),
          (error: Error) => callback(error),
        );
    },
  });
  server.on("error", (error) => console.error("[devmail] serveur SMTP :", error));

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.server.once("error", onError);
    server.listen(options.port, "127.0.0.1", () => {
      server.server.off("error", onError);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await prisma.$disconnect();
    },
  };
}
