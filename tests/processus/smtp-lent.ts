import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type SmtpDeTest = {
  url: string;
  /** The recipients of every mail received, in order (a mail sent twice is there twice). */
  recus: string[];
  stop: () => Promise<void>;
};

/**
 * An SMTP server in the test process (loopback, no auth) that counts what it receives; `delaiMs` holds each mail
 * that long before accepting it, so that a delivery job is still running when a test wants it to.
 */
export async function demarrerSmtp(options: { delaiMs?: number } = {}): Promise<SmtpDeTest> {
  const recus: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      stream.resume();
      stream.on("end", () => {
        setTimeout(() => {
          recus.push(...session.envelope.rcptTo.map((r) => r.address));
          callback();
        }, options.delaiMs ?? 0);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, recus, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
