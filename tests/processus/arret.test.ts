// Graceful stop of a `next start` process on SIGTERM (lib/processus/arret.ts): what is in progress finishes, nothing
// new comes in, the process exits with 0 within ARRET_DELAI_MS — or with 1 when that delay runs out. And
// npm run start:cluster (scripts/cluster.ts): N `next start` on one port; a worker that dies is replaced; SIGTERM to
// the primary stops every worker gracefully, then the primary.
import { spawn } from "node:child_process";
import { get, request as requeteHttp, type IncomingMessage } from "node:http";
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
const PORT_CLUSTER = PORT_DE_BASE + 3;

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
    // waits for another process. This test's mails only (the demo data's mails are queued too).
    const etats = await requete<{ state: string; n: number }>(
      base.url,
      `SELECT j.state::text, count(*)::int AS n FROM ${PGBOSS_SCHEMA}.job j JOIN "OutboxMail" o ON o.id::text = j.data->>'outboxId'
       WHERE j.name = $1 AND o."to" LIKE '%@arret.test' GROUP BY 1`,
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

describe("npm run start:cluster", () => {
  it("sert sur un port avec 2 processus, remplace celui qui meurt, et s'arrête proprement sur SIGTERM", async () => {
    const herite = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST") && k !== "TEST" && k !== "NODE_OPTIONS"));
    // The command of `npm run start:cluster -- --processus 2`.
    const primaire = spawn(process.execPath, ["--import", "tsx", "scripts/cluster.ts", "--processus", "2"], {
      env: {
        ...herite,
        ...base.env,
        NODE_ENV: "production",
        SMTP_URL: smtp.url,
        PORT: String(PORT_CLUSTER),
        APP_URL: `http://localhost:${PORT_CLUSTER}`,
        LOG_LEVEL: "info",
        NEXT_TELEMETRY_DISABLED: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lignes: string[] = [];
    for (const flux of [primaire.stdout, primaire.stderr]) {
      flux.setEncoding("utf8");
      flux.on("data", (morceau: string) => lignes.push(...morceau.split("\n").filter(Boolean)));
    }
    const sortie = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      primaire.once("exit", (code, signal) => resolve({ code, signal })),
    );
    const attendre = async (condition: () => boolean, quoi: string) => {
      for (let i = 0; !condition(); i++) {
        if (i > 1200) throw new Error(`${quoi} :\n${lignes.slice(-30).join("\n")}`);
        await pause(100);
      }
    };
    const aLEcoute = () => lignes.flatMap((l) => l.match(/\[cluster\] processus (\d+) à l'écoute/)?.[1] ?? []).map(Number);
    /** Sequential requests, each on a connection of its own: the primary hands them to each worker in turn, so both answer. */
    const servi = async () => {
      for (let i = 0; i < 4; i++) {
        const statut = await new Promise<number>((resolve) =>
          get({ host: "localhost", port: PORT_CLUSTER, path: "/connexion", agent: false }, (r) => {
            r.resume();
            r.on("end", () => resolve(r.statusCode ?? 0));
          }).on("error", () => resolve(0)),
        );
        if (statut !== 200) return false;
      }
      return true;
    };

    try {
      await attendre(() => aLEcoute().length === 2, "Les 2 processus n'écoutent pas");
      expect(await servi()).toBe(true);

      // One dies: it is replaced, and the port keeps answering.
      const [mort] = aLEcoute();
      process.kill(mort, "SIGKILL");
      await attendre(() => lignes.some((l) => l.includes(`processus ${mort} arrêté (signal SIGKILL) : remplacé.`)), "Le processus tué n'est pas remplacé");
      await attendre(() => aLEcoute().length === 3, "Le remplaçant n'écoute pas");
      expect(await servi()).toBe(true);

      primaire.kill("SIGTERM");
      expect(await sortie).toEqual({ code: 0, signal: null });
      // Each worker stopped by its own graceful stop (lib/processus/arret.ts), then the primary.
      expect(lignes.filter((l) => l.includes("arrêt : terminé proprement"))).toHaveLength(2);
      expect(lignes.filter((l) => /\[cluster\] processus \d+ arrêté \(code 0\)\./.test(l))).toHaveLength(2);
      expect(lignes.at(-1)).toContain("[cluster] tous les processus sont arrêtés.");
    } finally {
      if (primaire.exitCode === null && primaire.signalCode === null) primaire.kill("SIGKILL");
      for (const pid of aLEcoute()) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    }
  });
});
