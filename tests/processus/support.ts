import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "node:net";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { dropDatabase } from "../../lib/db/scratch";
import { startStack } from "../../scripts/runtime/stack";
import type { SmtpDeTest } from "./smtp-lent";

/** The demo accounts' password (README, « Comptes de démonstration »). */
export const MOT_DE_PASSE_DEMO = "Factures-Travaux-2026!";
export const COMPTE_DEMO = "fournisseur@demo.factures-travaux.fr";

/** First port of this project's servers (PROCESSUS_PORT): each file takes its own ones from there. */
export const PORT_DE_BASE = Number(process.env.PROCESSUS_PORT ?? 3210);

export type Base = { url: string /** For the processes: DATABASE_URL, AUTH_SECRET. */; env: Record<string, string>; stop: () => Promise<void> };

/**
 * A database of its own on the project's PostgreSQL server (tests/processus/global-setup.ts), migrated, with the demo
 * data and the INSEE sample, as the browser tests' server has it (scripts/runtime/stack.ts); DATABASE_URL of this
 * test process points to it afterwards (so that `@/lib/db` does too).
 */
export async function preparerBase(smtp: SmtpDeTest): Promise<Base> {
  process.env.DATABASE_URL = inject("serveurPostgres");
  process.env.SMTP_URL = smtp.url;
  const stack = await startStack({ pgDir: "", pgPort: 0, smtpPort: 0, freshDatabase: true });
  const url = stack.env.DATABASE_URL;
  return {
    url,
    env: stack.env,
    stop: async () => {
      const { db } = await import("@/lib/db");
      await db.$disconnect().catch(() => {});
      await dropDatabase(url).catch(() => {});
      await stack.stop();
    },
  };
}

export type Sortie = { code: number | null; signal: NodeJS.Signals | null };

export type Portail = {
  url: string;
  port: number;
  processus: ChildProcess;
  /** What the process wrote so far (standard output and error), line by line. */
  lignes: string[];
  sortie: Promise<Sortie>;
  /** Resolves with the first line (already written or to come) that contains `texte`. */
  attendreLigne: (texte: string, delaiMs?: number) => Promise<string>;
  /** SIGTERM, then its exit. */
  arreter: () => Promise<Sortie>;
};

/**
 * `next start` of the build (NEXT_DIST_DIR, else .next) on `port`, with NEXT_MANUAL_SIG_HANDLE=true as `npm start`
 * gives it, and ready: its pages answer.
 */
export async function demarrerPortail(port: number, env: Record<string, string>): Promise<Portail> {
  // Not Vitest's variables: the portal would believe it runs under a test (silent logs…).
  const herite = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST") && k !== "TEST" && k !== "NODE_OPTIONS"));
  const processus = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port)], {
    env: {
      ...herite,
      NODE_ENV: "production",
      NEXT_MANUAL_SIG_HANDLE: "true",
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lignes: string[] = [];
  const attentes = new Set<{ texte: string; resolve: (l: string) => void }>();
  const lire = (flux: NodeJS.ReadableStream) => {
    let reste = "";
    flux.setEncoding("utf8");
    flux.on("data", (morceau: string) => {
      const parts = (reste + morceau).split("\n");
      reste = parts.pop() ?? "";
      for (const ligne of parts) {
        lignes.push(ligne);
        if (process.env.PROCESSUS_VERBEUX) console.log(`[${port}] ${ligne}`);
        for (const a of attentes) {
          if (ligne.includes(a.texte)) {
            attentes.delete(a);
            a.resolve(ligne);
          }
        }
      }
    });
  };
  lire(processus.stdout as NodeJS.ReadableStream);
  lire(processus.stderr as NodeJS.ReadableStream);
  const sortie = new Promise<Sortie>((resolve) => processus.once("exit", (code, signal) => resolve({ code, signal })));
  const url = `http://localhost:${port}`;
  const portail: Portail = {
    url,
    port,
    processus,
    lignes,
    sortie,
    attendreLigne: (texte, delaiMs = 30_000) => {
      const deja = lignes.find((l) => l.includes(texte));
      if (deja) return Promise.resolve(deja);
      return new Promise((resolve, reject) => {
        const attente = { texte, resolve };
        attentes.add(attente);
        setTimeout(() => {
          if (attentes.delete(attente)) reject(new Error(`Le processus ${port} n'a pas écrit « ${texte} » :\n${lignes.slice(-30).join("\n")}`));
        }, delaiMs).unref();
      });
    },
    arreter: async () => {
      if (processus.exitCode === null && processus.signalCode === null) processus.kill("SIGTERM");
      return sortie;
    },
  };
  const limite = Date.now() + 90_000;
  for (;;) {
    const fin = await Promise.race([sortie, new Promise<undefined>((r) => setTimeout(r, 250))]);
    if (fin) throw new Error(`next start (port ${port}) s'est arrêté au démarrage (${JSON.stringify(fin)}) :\n${lignes.slice(-30).join("\n")}`);
    const pret = await fetch(`${url}/connexion`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (pret) return portail;
    if (Date.now() > limite) {
      processus.kill("SIGKILL");
      throw new Error(`next start (port ${port}) ne répond pas :\n${lignes.slice(-30).join("\n")}`);
    }
  }
}

/** Cookies of a response, as a `cookie` header (name=value; …). */
export function biscuits(reponse: Response): string {
  return reponse.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** next-auth's CSRF token and its cookie, as a script gets them before signing in (from the address `ip`). */
export async function jetonCsrf(url: string, ip: string): Promise<{ csrfToken: string; cookie: string }> {
  const r = await fetch(`${url}/api/auth/csrf`, { headers: { "x-forwarded-for": ip } });
  if (r.status !== 200) throw new Error(`GET /api/auth/csrf : ${r.status} ${await r.text()}`);
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  return { csrfToken, cookie: biscuits(r) };
}

/** The form `POST /api/auth/callback/credentials` takes. */
export function formulaireConnexion(url: string, email: string, password: string, csrfToken: string): string {
  return new URLSearchParams({ email, password, csrfToken, callbackUrl: `${url}/mon-compte` }).toString();
}

/**
 * Signs in over HTTP as a script would (next-auth's credentials flow: its CSRF token, then the form), from the client
 * address `ip` (X-Forwarded-For, behind the load balancer). The answer, and the session cookie when it was given.
 */
export async function seConnecter(url: string, email: string, password: string, ip: string): Promise<{ reponse: Response; session?: string }> {
  const { csrfToken, cookie } = await jetonCsrf(url, ip);
  const reponse = await fetch(`${url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "x-forwarded-for": ip, cookie, "content-type": "application/x-www-form-urlencoded" },
    body: formulaireConnexion(url, email, password, csrfToken),
  });
  const session = reponse.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c.startsWith("authjs.session-token=") && c.length > "authjs.session-token=".length);
  return { reponse, session };
}

/** True when a new TCP connection to `port` is refused (nothing listens any more). */
export function connexionRefusee(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "localhost" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}

/** One query on the test's database (pg-boss's tables, the outbox), on a connection of its own. */
export async function requete<T extends pg.QueryResultRow>(databaseUrl: string, sql: string, valeurs: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, valeurs)).rows;
  } finally {
    await client.end();
  }
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
