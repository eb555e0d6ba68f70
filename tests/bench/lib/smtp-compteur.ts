import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/**
 * An SMTP server for the load benchmarks: it keeps no mail, only counts them by their Message-ID (the portal gives
 * each mail `<outbox id@host>`, lib/mail/deliver.ts), reading just the headers. Parsing every mail (mailparser, the
 * development catcher) would cost the benchmark's own process more CPU than the portal's sending.
 */
export type SmtpCompteur = {
  url: string;
  /** Mails received, by Message-ID (without the angle brackets). */
  parMessageId: Map<string, number>;
  /** When each Message-ID was received (ms since the epoch), for those received more than once. */
  recusLe: (id: string) => number[];
  /** Mails received without a Message-ID. */
  sansMessageId: number;
  total: () => number;
  stop: () => Promise<void>;
};

export async function demarrerSmtpCompteur(port = 0): Promise<SmtpCompteur> {
  const parMessageId = new Map<string, number>();
  const dates = new Map<string, number[]>();
  const compteur = { sansMessageId: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    size: 25 * 1024 * 1024,
    onData(stream, _session, callback) {
      let entetes = "";
      let fini = false;
      stream.on("data", (morceau: Buffer) => {
        if (fini) return;
        entetes += morceau.toString("latin1");
        const fin = entetes.search(/\r?\n\r?\n/);
        if (fin >= 0 || entetes.length > 64 * 1024) {
          fini = true;
          entetes = fin >= 0 ? entetes.slice(0, fin) : entetes;
        }
      });
      stream.on("end", () => {
        // Headers folded over several lines: unfolded first.
        const id = /^message-id:\s*<?([^>\r\n]+)>?/im.exec(entetes.replace(/\r?\n[ \t]+/g, " "))?.[1]?.trim();
        if (id) {
          parMessageId.set(id, (parMessageId.get(id) ?? 0) + 1);
          dates.set(id, [...(dates.get(id) ?? []), Date.now()]);
        } else compteur.sansMessageId++;
        callback();
      });
    },
  });
  // A client killed in the middle of an exchange (the crash test) resets its connection: not the server's failure.
  server.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const p = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${p}`,
    parMessageId,
    recusLe: (id) => dates.get(id) ?? [],
    get sansMessageId() {
      return compteur.sansMessageId;
    },
    total: () => [...parMessageId.values()].reduce((a, b) => a + b, 0) + compteur.sansMessageId,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
