import { existsSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type RunningPostgres } from "../../scripts/runtime/embedded-pg";

declare module "vitest" {
  export interface ProvidedContext {
    serveurPostgres: string;
  }
}

/**
 * The processes' tests run the production build (`next start`): it must exist — `npm run build` first, or a build of
 * its own in NEXT_DIST_DIR. PostgreSQL: DATABASE_URL's server when set, else the embedded one (PROCESSUS_PG_PORT);
 * each test file creates its own database on it (tests/processus/support.ts).
 */
export default async function setup(project: TestProject) {
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  if (!existsSync(path.join(distDir, "BUILD_ID"))) {
    throw new Error(
      `Aucune construction de production dans ${distDir}/ : lancez « npm run build » (ou « NEXT_DIST_DIR=${distDir} npx next build ») avant « npm run test:processus ».`,
    );
  }
  let embedded: RunningPostgres | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const port = Number(process.env.PROCESSUS_PG_PORT ?? 54336);
    embedded = await startEmbeddedPostgres({ dir: path.join(process.cwd(), ".data", `processus-pg-${port}`), port });
    serverUrl = embedded.url;
  }
  project.provide("serveurPostgres", serverUrl);
  return async () => {
    await embedded?.stop();
  };
}
