// Graceful stop of a `next start` process on SIGTERM (lib/processus/arret.ts): what is in progress finishes, nothing
// new comes in, the process exits with 0 within ARRET_DELAI_MS — or with 1 when that delay runs out.
import { request as requeteHttp, type IncomingMessage } from "node:http";
import { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAIL_DELIVER_QUEUE, PGBOSS_SCHEMA } from "@/lib/jobs/boss";
import { demarrerSmtp, type SmtpDeTest } from "./smtp-lent";
import {
  type Base,
  COMPTE_DEMO,
  MOT_DE_PASSE_DEMO,
  PORT_DE_BASE,
  type Portail,
  connexionRefusee,
  demarrerPortail,
  formulaireConnexion,
  jetonCsrf,
  pause,
  preparerBase,
  requete,
} from "./support";

const PORT = PORT_DE_BASE + 2;

let smtp: SmtpDeTest;
let base: Base;
const portails: Portail[] = [];

const envPortail = (delaiMs: number) => ({ ...base.env, SMTP_URL: smtp.url, APP_URL: `http://localhost:${PORT}`, ARRET_DELAI_MS: String(delaiMs) });

beforeAll(async () => {
  // Each mail is held 300 ms by the SMTP server: a batch of deliveries is still running when the signal comes.
  smtp = await demarrerSmtp({ delaiMs: 300 });
  base = await preparerBase(smtp);
});

afterAll(async () => {
  for (const p of portails) if (p.processus.exitCode === null && p.processus.signalCode === null) p.processus.kill("SIGKILL");
  await base?.stop();
  await smtp?.stop();
});

/** A sign-in whose body the client sends in two halves, the second when told: a slow upload, in flight meanwhile. */
async function connexionLente(p: Portail, ip: string) {
  const { csrfToken, cookie } = await jetonCsrf(p.url, ip);
  const corps = Buffer.from(formulaireConnexion(p.url, COMPTE_DEMO, MOT_DE_PASSE_DEMO, csrfToken));
  const req = requeteHttp({
    host: "localhost",
    port: p.port,
    path: "/api/auth/callback/credentials",
    method: "POST",
    agent: false,
    headers: { "x-forwarded-for": ip, cookie, "content-type": "application/x-www-form-urlencoded", "content-length": corps.length },
  });
  const reponse = new Promise<{ statut: number; cookies: string[] }>((resolve, reject) => {
    req.on("response", (res: IncomingMessage) => {
      res.resume();
      res.on("end", () => resolve({ statut: res.statusCode ?? 0, cookies: res.headers["set-cookie"] ?? [] }));
    });
    req.on("error", reject);
  });
  reponse.catch(() => {});
  req.write(corps.subarray(0, 20));
  return { reponse, finir: () => req.end(corps.subarray(20)) };
}

/** Mails in the outbox and their delivery jobs, as a kick would enqueue them. */
async function courriels(n: number, prefixe: string): Promise<string[]> {
  const { db } = await import("@/lib/db");
  const { queueMails } = await import("@/lib/mail/outbox");
  const adresses = Array.from({ length: n }, (_, i) => `${prefixe}-${i}@arret.test`);
  const ids = await db.$transaction((tx) =>
    queueMails(
      tx,
      adresses.map((to) => ({ to, template: "confirmation-email-contact" as const, data: { prenom: "Camille", nom: "Martin", email: to, token: "jeton" } })),
    ),
  );
  const boss = new PgBoss({ connectionString: base.url, schema: PGBOSS_SCHEMA, supervise: false, schedule: false, migrate: false });
  await boss.start();
  await boss.insert(
    MAIL_DELIVER_QUEUE,
    ids.map(({ id }) => ({ id, singletonKey: id, data: { outboxId: id } })),
  );
  await boss.stop({ graceful: false });
  return adresses;
}

describe("arrêt propre sur SIGTERM", () => {
  it("la requête en cours aboutit, les nouvelles connexions sont refusées, les envois en cours finissent, le processus sort avec 0", async () => {
    const p = await demarrerPortail(PORT, envPortail(20_000));
    portails.push(p);
    const adresses = await courriels(30, "avant");
    // A delivery batch is running (the SMTP server holds each mail).
    for (let i = 0; smtp.recus.length === 0; i++) {
      if (i > 300) throw new Error("Aucun courriel envoyé.");
      await pause(100);
    }
    const lente = await connexionLente(p, "198.51.100.10");
    await pause(500);

    p.processus.kill("SIGTERM");
    const signal = await p.attendreLigne("SIGTERM reçu");
    // The slow request was in flight when the signal came.
    expect(signal).toContain("1 requête(s) en cours");
    // Nothing new comes in: the port is closed…
    expect(await connexionRefusee(PORT)).toBe(true);
    // …while the request in progress gets its normal answer: signed in, with its session.
    lente.finir();
    const { statut, cookies } = await lente.reponse;
    expect(statut).toBe(302);
    expect(cookies.some((c) => /^authjs\.session-token=[^;]+/.test(c))).toBe(true);

    expect(await p.sortie).toEqual({ code: 0, signal: null });
    await p.attendreLigne("arrêt : terminé proprement");
    // The jobs taken were finished, not abandoned: none left active, none failed by the stop; what was not taken
    // waits for another process.
    const etats = await requete<{ state: string; n: number }>(
      base.url,
      `SELECT state::text, count(*)::int AS n FROM ${PGBOSS_SCHEMA}.job WHERE name = $1 GROUP BY 1`,
      [MAIL_DELIVER_QUEUE],
    );
    expect(etats.filter((e) => e.state !== "completed" && e.state !== "created")).toEqual([]);
    const faits = etats.find((e) => e.state === "completed")?.n ?? 0;
    const recus = smtp.recus.filter((a) => a.endsWith("@arret.test"));
    expect(recus.length).toBe(faits);
    expect(new Set(recus).size).toBe(recus.length);
    expect(adresses).toEqual(expect.arrayContaining(recus));
    const [{ envoyes }] = await requete<{ envoyes: number }>(
      base.url,
      `SELECT count(*)::int AS envoyes FROM "OutboxMail" WHERE status = 'ENVOYE' AND "to" LIKE '%@arret.test'`,
    );
    expect(envoyes).toBe(faits);
  });

  it("une requête qui ne finit pas n'empêche pas l'arrêt : au bout d'ARRET_DELAI_MS, le processus sort quand même (code 1)", async () => {
    const p = await demarrerPortail(PORT, envPortail(3_000));
    portails.push(p);
    const lente = await connexionLente(p, "198.51.100.11");
    await pause(500);
    p.processus.kill("SIGTERM");
    expect(await p.sortie).toEqual({ code: 1, signal: null });
    expect(await p.attendreLigne("délai de 3000 ms dépassé")).toContain("1 requête(s) encore en cours");
    // The client's connection went with the process.
    await expect(lente.reponse).rejects.toThrow();
  });
});
