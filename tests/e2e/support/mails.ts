import { readFileSync } from "node:fs";
import pg from "pg";
import { E2E_CONTEXT_FILE } from "./context";

export type ReceivedMail = { to: string; subject: string; text: string | null; html: string | null };

/**
 * Mails as the SMTP catcher received them (over real SMTP from the portal's delivery job).
 * Polls until one addressed to `to` whose subject matches arrives.
 */
export async function waitForMail(to: string, subject: RegExp, timeoutMs = 20_000): Promise<ReceivedMail> {
  const { databaseUrl } = JSON.parse(readFileSync(E2E_CONTEXT_FILE, "utf8")) as { databaseUrl: string };
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { rows } = await client.query<ReceivedMail>(
        `SELECT "to", subject, text, html FROM "DevMail" WHERE lower("to") LIKE '%' || lower($1) || '%' ORDER BY "receivedAt" DESC`,
        [to],
      );
      const mail = rows.find((m) => subject.test(m.subject));
      if (mail) return mail;
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error(`Aucun courriel « ${subject} » reçu pour ${to} en ${timeoutMs} ms`);
  } finally {
    await client.end();
  }
}

export function firstLink(text: string, pathPrefix: string): string {
  const match = text.match(new RegExp(`https?://[^\\s"<>]*${pathPrefix}[^\\s"<>]*`));
  if (!match) throw new Error(`Pas de lien ${pathPrefix} dans le courriel`);
  return match[0];
}
