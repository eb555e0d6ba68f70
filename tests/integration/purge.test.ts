import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { queueMail } from "@/lib/mail/outbox";
import { CONSERVATION_JOURS, purgerDonneesExpirees } from "@/lib/retention/purge";
import { seedUser } from "@/prisma/seed/factories";

const JOUR = 86_400_000;
const ilYA = (now: Date, jours: number, heures = 0) => new Date(now.getTime() - jours * JOUR - heures * 3_600_000);

/** A mail in the outbox, then aged: its status, when it was written and sent. */
async function courriel(o: { status: "EN_ATTENTE" | "ENVOYE" | "ECHEC"; createdAt: Date; sentAt?: Date }) {
  const to = `archive-${randomUUID()}@example.fr`;
  const { id } = await db.$transaction((tx) =>
    queueMail(tx, { to, template: "confirmation-email-contact", data: { prenom: "A", nom: "B", email: to, token: "t" } }),
  );
  await db.outboxMail.update({ where: { id }, data: { status: o.status, createdAt: o.createdAt, sentAt: o.sentAt ?? null } });
  return id;
}

describe("purge des données dont la durée de conservation est écoulée", () => {
  it("supprime courriels envoyés, boîte de développement, captchas et liens passés leur durée ; garde le reste ; une seconde passe ne trouve rien", async () => {
    const now = new Date();
    const { courriels, courrielsDeveloppement, captchas, liens } = CONSERVATION_JOURS;
    const mails = {
      envoyeAncien: await courriel({ status: "ENVOYE", createdAt: ilYA(now, courriels + 2), sentAt: ilYA(now, courriels + 1) }),
      envoyeRecent: await courriel({ status: "ENVOYE", createdAt: ilYA(now, courriels + 2), sentAt: ilYA(now, courriels - 1) }),
      abandonneAncien: await courriel({ status: "ECHEC", createdAt: ilYA(now, courriels + 1) }),
      // Never sent yet: kept whatever its age (the sweep still tries to deliver it).
      enAttenteAncien: await courriel({ status: "EN_ATTENTE", createdAt: ilYA(now, courriels * 3) }),
    };
    const dev = {
      ancien: (await db.devMail.create({ data: { from: "a@x.fr", to: "b@x.fr", subject: "s", receivedAt: ilYA(now, courrielsDeveloppement + 1) } })).id,
      recent: (await db.devMail.create({ data: { from: "a@x.fr", to: "b@x.fr", subject: "s", receivedAt: ilYA(now, courrielsDeveloppement - 1) } })).id,
    };
    const captcha = async (expiresAt: Date) => (await db.captchaChallenge.create({ data: { answerHash: "x", expiresAt } })).id;
    const defis = { expireAncien: await captcha(ilYA(now, captchas, 1)), expireRecent: await captcha(ilYA(now, 0, 23)), valide: await captcha(now) };
    const user = await seedUser();
    const lien = async (o: { usedAt?: Date; expiresAt: Date }) =>
      (
        await db.userToken.create({
          data: {
            userId: user.id,
            purpose: "ACTIVATION",
            tokenHash: randomUUID(),
            createdAt: ilYA(now, 400),
            usedAt: o.usedAt ?? null,
            expiresAt: o.expiresAt,
          },
        })
      ).id;
    const jetons = {
      utiliseAncien: await lien({ usedAt: ilYA(now, liens + 1), expiresAt: ilYA(now, liens - 5) }),
      expireAncien: await lien({ expiresAt: ilYA(now, liens + 1) }),
      utiliseRecent: await lien({ usedAt: ilYA(now, liens - 1), expiresAt: ilYA(now, liens - 1) }),
      enCours: await lien({ expiresAt: new Date(now.getTime() + 3_600_000) }),
    };

    const premiere = await purgerDonneesExpirees({ now });
    expect(premiere.courriels).toBeGreaterThanOrEqual(2);
    expect(premiere.courrielsDeveloppement).toBeGreaterThanOrEqual(1);
    expect(premiere.captchas).toBeGreaterThanOrEqual(1);
    expect(premiere.liens).toBeGreaterThanOrEqual(2);

    const restants = async () => ({
      mails: (await db.outboxMail.findMany({ where: { id: { in: Object.values(mails) } }, select: { id: true } })).map((r) => r.id).sort(),
      dev: (await db.devMail.findMany({ where: { id: { in: Object.values(dev) } }, select: { id: true } })).map((r) => r.id).sort(),
      defis: (await db.captchaChallenge.findMany({ where: { id: { in: Object.values(defis) } }, select: { id: true } })).map((r) => r.id).sort(),
      jetons: (await db.userToken.findMany({ where: { id: { in: Object.values(jetons) } }, select: { id: true } })).map((r) => r.id).sort(),
    });
    const attendus = {
      mails: [mails.envoyeRecent, mails.enAttenteAncien].sort(),
      dev: [dev.recent],
      defis: [defis.expireRecent, defis.valide].sort(),
      jetons: [jetons.utiliseRecent, jetons.enCours].sort(),
    };
    expect(await restants()).toEqual(attendus);

    // Idempotent: run again (a restart, a second instance), nothing more of these goes.
    await purgerDonneesExpirees({ now });
    expect(await restants()).toEqual(attendus);
  });
});
