import { randomBytes } from "node:crypto";
import pg from "pg";

/** The same server URL pointing at another database. */
export function withDatabaseName(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function createDatabase(url: string, prefix: string): Promise<string> {
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return withDatabaseName(url, name);
}

export async function dropDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const client = new pg.Client({ connectionString: withDatabaseName(url, "postgres") });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Runs `fn` against a new empty database on the same server, dropped afterwards. */
export async function withScratchDatabase<T>(url: string, prefix: string, fn: (scratchUrl: string) => Promise<T>): Promise<T> {
  const scratch = await createDatabase(url, prefix);
  try {
    return await fn(scratch);
  } finally {
    await dropDatabase(scratch);
  }
}
