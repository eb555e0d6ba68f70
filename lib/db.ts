import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { env } from "./env";
import { avecApresCommit } from "./db/apres-commit";
import { journal } from "./journal-technique";

/**
 * Prepared statements, named per SQL text: each connection parses and plans a query once, then only binds
 * and executes it (PostgreSQL's CPU per statement roughly halves on the deposit path). Only texts that come back
 * get a name — the third time one is seen — and at most MAX_NOMMEES of them, so that one-off texts (a search
 * with many words, a long IN list) do not fill every connection of the server with statements used once.
 */
const MAX_NOMMEES = 500;
const nomsDesRequetes = new Map<string, string>();
const vues = new Map<string, number>();
function nomDeRequete(query: { sql: string }): string {
  let nom = nomsDesRequetes.get(query.sql);
  if (nom === undefined && nomsDesRequetes.size < MAX_NOMMEES) {
    const n = (vues.get(query.sql) ?? 0) + 1;
    if (n >= 3) {
      nom = `pft_${nomsDesRequetes.size}`;
      nomsDesRequetes.set(query.sql, nom);
      vues.delete(query.sql);
    } else {
      // The counts are forgotten now and then: they only need to catch the texts that come back often.
      if (vues.size >= 10_000) vues.clear();
      vues.set(query.sql, n);
    }
  }
  // undefined: pg sends the statement unnamed (parsed for this execution only).
  return nom as string;
}

function createClient() {
  return new PrismaClient({
    // connectionTimeoutMillis: with PostgreSQL unreachable (down, restarting, network cut), a request waits at most this
    // long for a connection, then answers « service momentanément indisponible » (lib/db/indisponible.ts) instead of
    // hanging; the pool drops broken connections and opens new ones by itself once the server is back.
    adapter: new PrismaPg(
      { connectionString: env().DATABASE_URL, max: 20, connectionTimeoutMillis: 5_000 },
      {
        statementNameGenerator: nomDeRequete,
        // A connection lost (PostgreSQL restarted, network cut): in the technical log, with the request id when a request
        // was using it. A failed query's error reaches its caller; `route()` and `action()` log the unexpected ones with
        // their code (P20xx, the SQLSTATE) and the request id. (Prisma's own `log` events are not used: they slow every
        // query down.)
        onConnectionError: (error) => journal.warn({ err: error }, "base de données : connexion perdue"),
        onPoolError: (error) => journal.warn({ err: error }, "base de données : connexion inactive perdue, le pool en ouvrira une autre"),
      },
    ),
    // Password hashes never leave the database unless a query asks for them by name.
    omit: { user: { passwordHash: true } },
  });
}

export type Db = ReturnType<typeof createClient>;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
/** The database or a transaction: what a domain function takes in its options (`{ tx?: Client }`) to join its caller's transaction. */
export type Client = Db | Tx;

const globalForPrisma = globalThis as unknown as { prisma?: Db };
function client(): Db {
  // One client per process, kept across hot reloads in development.
  globalForPrisma.prisma ??= createClient();
  return globalForPrisma.prisma;
}

/**
 * `$transaction(fn)` with what must wait for the commit (lib/db/apres-commit.ts: the metrics of the changes it
 * made) run once it has committed, and dropped if it rolls back.
 */
function transaction(target: Db): Db["$transaction"] {
  return ((arg: unknown, options?: unknown) => {
    if (typeof arg !== "function") return target.$transaction(arg as never, options as never);
    return avecApresCommit((dans) => target.$transaction((tx) => dans(() => (arg as (tx: Tx) => Promise<unknown>)(tx)), options as never));
  }) as Db["$transaction"];
}

/** The Prisma client, created on first use (so that `next build` needs no database). */
export const db: Db = new Proxy({} as Db, {
  get(_, property) {
    const target = client();
    if (property === "$transaction") return transaction(target);
    const value = Reflect.get(target, property);
    return typeof value === "function" ? value.bind(target) : value;
  },
});
