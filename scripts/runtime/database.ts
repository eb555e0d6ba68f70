import path from "node:path";
import { startEmbeddedPostgres } from "./embedded-pg";

export const EMBEDDED_PG_PORT = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
export const EMBEDDED_PG_DIR = path.join(process.cwd(), ".data", "pg");

/** DATABASE_URL when set, else the embedded PostgreSQL under .data/pg, started for the duration of `fn`. */
export async function withDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  if (process.env.DATABASE_URL) return fn(process.env.DATABASE_URL);
  const pg = await startEmbeddedPostgres({ dir: EMBEDDED_PG_DIR, port: EMBEDDED_PG_PORT });
  try {
    return await fn(pg.url);
  } finally {
    await pg.stop();
  }
}
