// Two `next start` processes of the build against one database, as behind a load balancer: nothing may depend on
// which one answers — sessions, rate limits, scheduled jobs, mail delivery.
import { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIMITES } from "@/lib/securite/limites";
import { DELAIS_FACTURES_QUEUE, MAIL_DELIVER_QUEUE, PGBOSS_SCHEMA } from "@/lib/jobs/boss";
import { demarrerSmtp, type SmtpDeTest } from "./smtp-lent";
import { type Base, COMPTE_DEMO, MOT_DE_PASSE_DEMO, PORT_DE_BASE, type Portail, demarrerPortail, pause, preparerBase, requete, seConnecter } from "./support";

/** Every budget ×0.1: the sign-in's 30 a minute per address become 3, quick to exhaust. */
const FACTEUR = 0.1;

let smtp: SmtpDeTest;
let base: Base;
let p1: Portail;
let p2: Portail;
/** When both processes answered: their job workers and schedules run from then on. */
let prets: Date;

beforeAll(async () => {
  smtp = await demarrerSmtp();
  base = await preparerBase(smtp);
  const env = {
    ...base.env,
    SMTP_URL: smtp.url,
    // One public address for both, as behind the load balancer.
    APP_URL: `http://localhost:${PORT_DE_BASE}`,
    LIMITES_DEBIT_FACTEUR: String(FACTEUR),
    // The deadline checks every minute instead of every 15.
    DELAIS_FACTURES_CRON: "* * * * *",
  };
  [p1, p2] = await Promise.all([demarrerPortail(PORT_DE_BASE, env), demarrerPortail(PORT_DE_BASE + 1, env)]);
  prets = new Date();
});

afterAll(async () => {
  for (const p of [p1, p2]) {
    if (p && p.processus.exitCode === null) p.processus.kill("SIGKILL");
  }
  await base?.stop();
  await smtp?.stop();
});

describe("deux processus derrière un répartiteur, une seule base", () => {
  it("une session ouverte sur l'un est valable sur l'autre", async () => {
    const { reponse, session } = await seConnecter(p1.url, COMPTE_DEMO, MOT_DE_PASSE_DEMO, "198.51.100.1");
    expect(reponse.status).toBe(302);
    expect(session).toBeDefined();

    const page = await fetch(`${p2.url}/mon-compte`, { headers: { cookie: session as string }, redirect: "manual" });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(COMPTE_DEMO);
    // Without it, the same page sends to « Se connecter »: the session is what made the difference.
    const anonyme = await fetch(`${p2.url}/mon-compte`, { redirect: "manual" });
    expect(anonyme.status).toBeGreaterThanOrEqual(300);
    expect(anonyme.status).toBeLessThan(400);
    expect(anonyme.headers.get("location")).toContain("/connexion");
  });

  it("une limite de débit compte les demandes faites aux deux", async () => {
    const budget = Math.round(LIMITES.connexion.ip.points * FACTEUR);
    const ip = "198.51.100.2";
    const statuts: number[] = [];
    for (let i = 0; i < budget; i++) {
      const { reponse } = await seConnecter(i % 2 === 0 ? p1.url : p2.url, "personne@processus.test", "mauvais mot de passe", ip);
      statuts.push(reponse.status);
    }
    // Within the budget: the attempts are answered (refused sign-in, a redirect), on one process as on the other.
    expect(statuts.every((s) => s !== 429)).toBe(true);
    // One more, on either process: over the budget counted across both.
    for (const p of [p1, p2]) {
      const { reponse } = await seConnecter(p.url, "personne@processus.test", "mauvais mot de passe", ip);
      expect(reponse.status).toBe(429);
      expect(reponse.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(((await reponse.json()) as { message: string }).message).toContain("réessayez");
    }
  });

  it("chaque courriel de la boîte d'envoi part une fois et une seule", async () => {
    const { db } = await import("@/lib/db");
    const { queueMails } = await import("@/lib/mail/outbox");
    const adresses = Array.from({ length: 40 }, (_, i) => `destinataire-${i}@processus.test`);
    const ids = await db.$transaction((tx) =>
      queueMails(
        tx,
        adresses.map((to) => ({
          to,
          template: "confirmation-email-contact" as const,
          data: { prenom: "Camille", nom: "Martin", email: to, token: "jeton-de-test" },
        })),
      ),
    );
    // Their delivery jobs, as a kick would enqueue them (twice: the second is ignored, like a sweep after a kick).
    // Both processes' workers are woken (LISTEN/NOTIFY) and take them; their sweeps enqueue the same rows again.
    const boss = new PgBoss({ connectionString: base.url, schema: PGBOSS_SCHEMA, supervise: false, schedule: false, migrate: false });
    await boss.start();
    try {
      const jobs = ids.map(({ id }) => ({ id, singletonKey: id, data: { outboxId: id } }));
      await boss.insert(MAIL_DELIVER_QUEUE, jobs.slice(0, 20));
      await boss.insert(MAIL_DELIVER_QUEUE, jobs);
    } finally {
      await boss.stop({ graceful: false });
    }

    // Every job done (nothing left to send them again), then the count at the SMTP server.
    const limite = Date.now() + 90_000;
    for (;;) {
      const [{ restants }] = await requete<{ restants: number }>(
        base.url,
        `SELECT count(*)::int AS restants FROM ${PGBOSS_SCHEMA}.job WHERE name = $1 AND state <> 'completed'`,
        [MAIL_DELIVER_QUEUE],
      );
      if (restants === 0 && smtp.recus.length >= adresses.length) break;
      if (Date.now() > limite) throw new Error(`Courriels non envoyés : ${restants} tâche(s) restante(s), ${smtp.recus.length} reçu(s).`);
      await pause(200);
    }
    const recus = smtp.recus.filter((a) => a.endsWith("@processus.test"));
    expect(recus).toHaveLength(40);
    expect(new Set(recus)).toEqual(new Set(adresses));
    const [{ envoyes }] = await requete<{ envoyes: number }>(
      base.url,
      `SELECT count(*)::int AS envoyes FROM "OutboxMail" WHERE status = 'ENVOYE' AND "to" LIKE '%@processus.test'`,
    );
    expect(envoyes).toBe(40);
  });

  it("la vérification planifiée des délais tourne une fois par période, pas deux", async () => {
    // Every 30 s, one of the processes' schedulers (a claim in the database) files what is due: one occurrence a
    // minute, each under its minute (pg-boss's « send-it » jobs, keyed by minute), each then becoming one job of the
    // queue. Two processes must not file a minute twice nor run a job twice. Watched over two minutes in a row, the
    // first ones filed once the schedule exists (each process sets it as its workers start).
    type Etat = { creneaux: { creneau: Date; n: number }[]; jobs: { n: number; faits: number } };
    const lire = async (): Promise<Etat> => ({
      creneaux: await requete<{ creneau: Date; n: number }>(
        base.url,
        `SELECT singleton_on AS creneau, count(*)::int AS n FROM ${PGBOSS_SCHEMA}.job
          WHERE name = '__pgboss__send-it' AND data->>'name' = $1 GROUP BY 1 ORDER BY 1`,
        [DELAIS_FACTURES_QUEUE],
      ),
      jobs: (
        await requete<{ n: number; faits: number }>(
          base.url,
          `SELECT count(*)::int AS n, (count(*) FILTER (WHERE state = 'completed' AND retry_count = 0))::int AS faits FROM ${PGBOSS_SCHEMA}.job WHERE name = $1`,
          [DELAIS_FACTURES_QUEUE],
        )
      )[0],
    });
    const limite = prets.getTime() + 270_000;
    let etat = await lire();
    while (!(etat.creneaux.length >= 2 && etat.jobs.faits === etat.creneaux.length)) {
      if (Date.now() > limite) throw new Error(`Vérifications planifiées : ${JSON.stringify(etat)}`);
      await pause(1000);
      etat = await lire();
    }
    // Never one minute filed twice, and no minute skipped; one job per minute filed, each done once (completed, never
    // retried).
    expect(etat.creneaux.filter((c) => c.n !== 1)).toEqual([]);
    expect(etat.creneaux[1].creneau.getTime() - etat.creneaux[0].creneau.getTime()).toBe(60_000);
    expect(etat.jobs).toEqual({ n: etat.creneaux.length, faits: etat.creneaux.length });
  }, 300_000);

  it("SIGTERM : chacun s'arrête proprement (code 0), sans tâche laissée en cours", async () => {
    const [s1, s2] = await Promise.all([p1.arreter(), p2.arreter()]);
    expect(s1).toEqual({ code: 0, signal: null });
    expect(s2).toEqual({ code: 0, signal: null });
    await p1.attendreLigne("arrêt : terminé proprement");
    await p2.attendreLigne("arrêt : terminé proprement");
    const actives = await requete(base.url, `SELECT id FROM ${PGBOSS_SCHEMA}.job WHERE state = 'active'`);
    expect(actives).toEqual([]);
  });
});
