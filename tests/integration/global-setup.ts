import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "../../lib/db/migrations";
import { createDatabase, dropDatabase } from "../../lib/db/scratch";
import { startEmbeddedPostgres, type RunningPostgres } from "../../scripts/runtime/embedded-pg";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    serverUrl: string;
    /** This run's folder of the files' store (FICHIERS_DIR), fresh, removed at the end. */
    fichiersDir: string;
  }
}

/**
 * A real PostgreSQL for the integration tests: DATABASE_URL's server when set, else the embedded one
 * under .data/test-pg. Each run gets its own fresh database, migrated, dropped at the end, and its own folder as the
 * files' store.
 */
export default async function setup(project: TestProject) {
  let embedded: RunningPostgres | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    // TEST_PG_PORT lets two runs on one machine use separate servers.
    const port = Number(process.env.TEST_PG_PORT ?? 54330);
    embedded = await startEmbeddedPostgres({ dir: path.join(process.cwd(), ".data", `test-pg-${port}`), port });
    serverUrl = embedded.url;
  }
  const url = await createDatabase(serverUrl, "test");
  await applyMigrations(url);
  project.provide("databaseUrl", url);
  project.provide("serverUrl", serverUrl);
  const fichiersDir = await mkdtemp(path.join(os.tmpdir(), "portail-fichiers-tests-"));
  project.provide("fichiersDir", fichiersDir);
  return async () => {
    await rm(fichiersDir, { recursive: true, force: true });
    await dropDatabase(url).catch(() => {});
    await embedded?.stop();
  };
}
