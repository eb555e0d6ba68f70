import { db } from "@/lib/db";

/**
 * How long the portal keeps what it only needs for a while (README, « Durées de conservation »). Counted from when
 * the row stopped being useful: a mail from its sending (or its creation, once given up), a captcha from its expiry,
 * a link from its use or expiry.
 */
export const CONSERVATION_JOURS = {
  /** Sent mails (OutboxMail ENVOYE) and mails given up after their last attempt (ECHEC): what support may need to see. */
  courriels: 90,
  /** The development and test mailbox (DevMail): a catcher, not an archive. */
  courrielsDeveloppement: 7,
  /** Captcha challenges, solved or not, after their expiry. */
  captchas: 1,
  /** Activation, reset and contact-confirmation links (UserToken, hashed), once used or expired. */
  liens: 30,
} as const;

const JOUR_MS = 86_400_000;
/** Rows deleted per statement: a large backlog goes in short transactions, never one long lock. */
const LOT = 5_000;

export type Purge = { courriels: number; courrielsDeveloppement: number; captchas: number; liens: number };

/**
 * Deletes what has outlived its retention period. Driven by `now`, not by the wall clock; idempotent: a second run
 * (a restart, another instance) finds nothing more to delete. Mails still waiting to be sent are never touched.
 */
export async function purgerDonneesExpirees(o: { now?: Date } = {}): Promise<Purge> {
  const now = o.now ?? new Date();
  const avant = (jours: number) => new Date(now.getTime() - jours * JOUR_MS);
  const courriels = avant(CONSERVATION_JOURS.courriels);
  const dev = avant(CONSERVATION_JOURS.courrielsDeveloppement);
  const captchas = avant(CONSERVATION_JOURS.captchas);
  const liens = avant(CONSERVATION_JOURS.liens);
  return {
    courriels: await parLots(
      () => db.$executeRaw`
        DELETE FROM "OutboxMail" WHERE id IN (
          SELECT id FROM "OutboxMail"
          WHERE (status = 'ENVOYE' AND "sentAt" < ${courriels}) OR (status = 'ECHEC' AND "createdAt" < ${courriels})
          LIMIT ${LOT})`,
    ),
    courrielsDeveloppement: await parLots(
      () => db.$executeRaw`DELETE FROM "DevMail" WHERE id IN (SELECT id FROM "DevMail" WHERE "receivedAt" < ${dev} LIMIT ${LOT})`,
    ),
    captchas: await parLots(
      () => db.$executeRaw`DELETE FROM "CaptchaChallenge" WHERE id IN (SELECT id FROM "CaptchaChallenge" WHERE "expiresAt" < ${captchas} LIMIT ${LOT})`,
    ),
    liens: await parLots(
      () => db.$executeRaw`
        DELETE FROM "UserToken" WHERE id IN (
          SELECT id FROM "UserToken" WHERE "usedAt" < ${liens} OR "expiresAt" < ${liens} LIMIT ${LOT})`,
    ),
  };
}

async function parLots(supprimer: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await supprimer();
    total += n;
    if (n < LOT) return total;
  }
}
