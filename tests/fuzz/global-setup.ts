import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { withDatabaseName } from "../../lib/db/scratch";
import integration from "../integration/global-setup";

declare module "vitest" {
  export interface ProvidedContext {
    /** The name every fuzz file's database starts with (tests/fuzz/setup.ts), dropped at the end of the run. */
    prefixeFuzz: string;
  }
}

/** The integration tests' server and migrated database; each fuzz file copies it (tests/fuzz/setup.ts). */
export default async function setup(project: TestProject) {
  const fin = await integration(project);
  const prefixe = `fuzz_${randomBytes(4).toString("hex")}`;
  project.provide("prefixeFuzz", prefixe);
  const serveur = project.getProvidedContext().serverUrl;
  return async () => {
    // The files' processes are gone: their databases (and the connections their pools left) go now.
    const client = new pg.Client({ connectionString: withDatabaseName(serveur, "postgres") });
    await client.connect();
    try {
      const { rows } = await client.query<{ nom: string }>("SELECT datname AS nom FROM pg_database WHERE datname LIKE $1", [`${prefixe}_%`]);
      for (const { nom } of rows) await client.query(`DROP DATABASE IF EXISTS "${nom}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
    await fin();
  };
}
