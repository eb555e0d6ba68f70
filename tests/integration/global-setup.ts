import path from "node:path";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "../../lib/db/migrations";
import { createDatabase, dropDatabase } from "../../lib/db/scratch";
import { startEmbeddedPostgres, type RunningPostgres } from "../../scripts/runtime/embedded-pg";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    serverUrl: string;
  }
}

/**
 * A real PostgreSQL for the integration tests: DATABASE_URL's server when set, else the embedded one
 * under .data/test-pg. Each run gets its own fresh database, migrated, dropped at the end.
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
  return async () => {
    await dropDatabase(url).catch(() => {});
    await embedded?.stop();
  };
}
