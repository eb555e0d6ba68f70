import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { env } from "./env";

/**
 * Prepared statements, named per SQL text: each connection parses and plans a query once, then only binds
 * and executes it (PostgreSQL's CPU per statement roughly halves on the deposit path). The names are bounded:
 * past MAX_NOMMEES distinct texts (variable IN lists…), further texts run unnamed, as before.
 */
const MAX_NOMMEES = 5_000;
const nomsDesRequetes = new Map<string, string>();
function nomDeRequete(query: { sql: string }): string {
  let nom = nomsDesRequetes.get(query.sql);
  if (nom === undefined && nomsDesRequetes.size < MAX_NOMMEES) {
    nom = `pft_${nomsDesRequetes.size}`;
    nomsDesRequetes.set(query.sql, nom);
  }
  // undefined: pg sends the statement unnamed (parsed for this execution only).
  return nom as string;
}

function createClient() {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: env().DATABASE_URL, max: 20 }, { statementNameGenerator: nomDeRequete }),
    // Password hashes never leave the database unless a query asks for them by name.
    omit: { user: { passwordHash: true } },
  });
}

export type Db = ReturnType<typeof createClient>;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const globalForPrisma = globalThis as unknown as { prisma?: Db };
function client(): Db {
  // One client per process, kept across hot reloads in development.
  globalForPrisma.prisma ??= createClient();
  return globalForPrisma.prisma;
}

/** The Prisma client, created on first use (so that `next build` needs no database). */
export const db: Db = new Proxy({} as Db, {
  get(_, property) {
    const target = client();
    const value = Reflect.get(target, property);
    return typeof value === "function" ? value.bind(target) : value;
  },
});
