import { createServer, type AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";

export type ReceivedMail = {
  /** Envelope sender and recipients (what the SMTP client really asked for). */
  envelopeFrom: string;
  envelopeTo: string[];
  /** Headers, as the mail shows them. */
  from: string;
  to: string;
  subject: string;
  html: string | null;
  text: string;
};

export type TestSmtp = {
  url: string;
  port: number;
  /** Every mail received so far, in order. */
  mails: ReceivedMail[];
  /** Resolves with the first mail (already received or to come) matching `predicate`; rejects after `timeoutMs`. */
  waitForMail: (predicate: (mail: ReceivedMail) => boolean, timeoutMs?: number) => Promise<ReceivedMail>;
  stop: () => Promise<void>;
};

/** A real SMTP server in the test process (loopback, no auth, no TLS) that keeps what it receives in memory. */
export async function startTestSmtp(): Promise<TestSmtp> {
  const mails: ReceivedMail[] = [];
  const waiters = new Set<{ predicate: (mail: ReceivedMail) => boolean; resolve: (mail: ReceivedMail) => void }>();

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const mail: ReceivedMail = {
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            from: parsed.from?.text ?? "",
            to: [parsed.to ?? []]
              .flat()
              .map((a) => a.text)
              .join(", "),
            subject: parsed.subject ?? "",
            html: parsed.html || null,
            text: parsed.text ?? "",
          };
          // Recorded before the SMTP reply: once sendMail resolves, the mail is in `mails`.
          mails.push(mail);
          for (const waiter of waiters) {
            if (waiter.predicate(mail)) {
              waiters.delete(waiter);
              waiter.resolve(mail);
            }
          }
        })
        .then(
          () => callback(),
          (error: Error) => callback(error),
        );
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    mails,
    waitForMail(predicate, timeoutMs = 10_000) {
      const found = mails.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (mail: ReceivedMail) => {
            clearTimeout(timer);
            resolve(mail);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`Aucun courriel attendu reçu en ${timeoutMs} ms (${mails.length} reçu(s) : ${mails.map((m) => m.subject).join(" | ")})`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port where nothing listens (an SMTP server that is down). */
export async function unusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
