import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { applyMigrations } from "@/lib/db/migrations";
import { createDatabase, dropDatabase } from "@/lib/db/scratch";
import { startTestSmtp, type TestSmtp } from "../support/smtp";

/*
 * The workers deliver every pending row of their database: they get a database of their own,
 * so that they never send (nor mark ENVOYE) the mails of the other test files running alongside.
 * DATABASE_URL is switched before any module reads it (lib/env and lib/db read it lazily).
 */
let databaseUrl: string;
let smtp: TestSmtp;
let mail: typeof import("@/lib/mail/outbox");
let worker: typeof import("@/lib/jobs/worker");
let db: typeof import("@/lib/db").db;

beforeAll(async () => {
  databaseUrl = await createDatabase(inject("serverUrl"), "mailworker");
  await applyMigrations(databaseUrl);
  process.env.DATABASE_URL = databaseUrl;
  smtp = await startTestSmtp();
  ({ db } = await import("@/lib/db"));
  mail = await import("@/lib/mail/outbox");
  worker = await import("@/lib/jobs/worker");
  await Promise.all([worker.startWorkers({ smtpUrl: smtp.url, sweepIntervalMs: 500, sweepMinAgeMs: 1_000 }), worker.startWorkers({ smtpUrl: smtp.url })]);
  await worker.startWorkers();
}, 60_000);

afterAll(async () => {
  await worker?.stopWorkers();
  await db?.$disconnect();
  await smtp?.stop();
  if (databaseUrl) await dropDatabase(databaseUrl);
});

/** The activation mail of a new user (not active yet) whose sign-in address is `to`, addressed to him by id. */
async function queueActivation(to: string, token: string) {
  const user = await db.user.create({
    data: { email: to, firstName: "Jeanne", lastName: "Martin", phone: "+33 1 23 45 67 89", contactEmail: to, termsAcceptedAt: new Date() },
  });
  return db.$transaction((tx) =>
    mail.queueMail(tx, { userId: user.id, adresse: "connexion", template: "activation", data: { prenom: "Jeanne", nom: "Martin", token } }),
  );
}

async function waitForStatus(id: string, status: "ENVOYE", timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const row = await db.outboxMail.findUniqueOrThrow({ where: { id } });
    if (row.status === status) return row;
    if (Date.now() > until) throw new Error(`Courriel ${id} toujours ${row.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("workers pg-boss", () => {
  it("livrent un courriel mis en file puis signalé (kick)", async () => {
    const to = `worker-${randomUUID()}@example.fr`;
    const { id } = await queueActivation(to, "jeton-worker");
    await mail.kickMailDelivery();

    const received = await smtp.waitForMail((m) => m.envelopeTo.includes(to));
    expect(received.subject).toBe("Activation de votre compte");
    expect(received.text).toContain(`${process.env.APP_URL}/activation/jeton-worker`);
    const row = await waitForStatus(id, "ENVOYE");
    expect(row.attempts).toBe(1);
  });

  it("des signalements répétés ne produisent qu'un envoi", async () => {
    const to = `worker-${randomUUID()}@example.fr`;
    const { id } = await queueActivation(to, "jeton-repete");
    await Promise.all([mail.kickMailDelivery([id]), mail.kickMailDelivery([id]), mail.kickMailDelivery()]);
    await smtp.waitForMail((m) => m.envelopeTo.includes(to));
    await waitForStatus(id, "ENVOYE");
    await mail.kickMailDelivery([id]);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(smtp.mails.filter((m) => m.envelopeTo.includes(to))).toHaveLength(1);
  });

  it("un lot de courriels mis en file ensemble : un envoi qui échoue est retenté seul, les autres sont livrés", async () => {
    const tos = [0, 1, 2].map((i) => `lot-${i}-${randomUUID()}@example.fr`);
    const rows = await Promise.all(tos.map((to, i) => queueActivation(to, `jeton-lot-${i}`)));
    // The middle one cannot be rendered (a template that does not exist): its delivery fails, the others' do not.
    await db.outboxMail.update({ where: { id: rows[1].id }, data: { template: "gabarit-inexistant" } });
    await mail.kickMailDelivery(rows.map((r) => r.id));
    for (const i of [0, 2]) {
      await smtp.waitForMail((m) => m.envelopeTo.includes(tos[i]));
      expect((await waitForStatus(rows[i].id, "ENVOYE")).attempts).toBe(1);
    }
    const until = Date.now() + 10_000;
    let echec = await db.outboxMail.findUniqueOrThrow({ where: { id: rows[1].id } });
    while (echec.attempts === 0 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
      echec = await db.outboxMail.findUniqueOrThrow({ where: { id: rows[1].id } });
    }
    expect(echec).toMatchObject({ status: "EN_ATTENTE", attempts: 1 });
    expect(echec.lastError).toBeTruthy();
    expect(smtp.mails.some((m) => m.envelopeTo.includes(tos[1]))).toBe(false);
  });

  it("le balayage livre un courriel validé mais jamais signalé (processus mort entre les deux)", async () => {
    const to = `worker-${randomUUID()}@example.fr`;
    const { id } = await queueActivation(to, "jeton-balayage");
    const received = await smtp.waitForMail((m) => m.envelopeTo.includes(to), 15_000);
    expect(received.text).toContain("/activation/jeton-balayage");
    await waitForStatus(id, "ENVOYE");
  });

  it("le contrôle du délai de 7 jours des factures de travaux est planifié une fois, et le reste après un redémarrage", async () => {
    const boss = await import("@/lib/jobs/boss");
    const planifies = async () => (await (await boss.getBoss()).getSchedules()).filter((x) => x.name === boss.DELAIS_FACTURES_QUEUE);
    expect((await planifies()).map((x) => x.cron)).toEqual([boss.DELAIS_FACTURES_CRON]);
    await worker.stopWorkers();
    await worker.startWorkers({ smtpUrl: smtp.url, sweepIntervalMs: 500, sweepMinAgeMs: 1_000 });
    expect((await planifies()).map((x) => x.cron)).toEqual([boss.DELAIS_FACTURES_CRON]);
  });

  it("la purge des données passées leur durée de conservation est planifiée une fois par jour", async () => {
    const boss = await import("@/lib/jobs/boss");
    const planifies = (await (await boss.getBoss()).getSchedules()).filter((x) => x.name === boss.PURGE_RETENTION_QUEUE);
    expect(planifies.map((x) => [x.cron, x.options?.tz])).toEqual([[boss.PURGE_RETENTION_CRON, "Europe/Paris"]]);
  });

  it("la suppression des comptes non activés sous 7 jours est planifiée une fois par jour", async () => {
    const boss = await import("@/lib/jobs/boss");
    const planifies = (await (await boss.getBoss()).getSchedules()).filter((x) => x.name === boss.PURGE_COMPTES_QUEUE);
    expect(planifies.map((x) => [x.cron, x.options?.tz])).toEqual([[boss.PURGE_COMPTES_CRON, "Europe/Paris"]]);
  });
});
