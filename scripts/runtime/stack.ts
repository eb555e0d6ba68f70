import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { applyMigrations } from "../../lib/db/migrations";
import { createDatabase } from "../../lib/db/scratch";
import { startEmbeddedPostgres } from "./embedded-pg";

/**
 * What `npm run dev` and the browser tests stand on: PostgreSQL (DATABASE_URL, else embedded),
 * migrations, demo data once, and an SMTP catcher when no SMTP_URL is set.
 */
export type StackOptions = {
  pgDir: string;
  pgPort: number;
  smtpPort: number;
  /** A brand-new database each start (browser tests) rather than the persistent one (dev). */
  freshDatabase?: boolean;
};

export type Stack = { env: Record<string, string>; stop: () => Promise<void> };

const SAMPLE_DIR = path.join(process.cwd(), "prisma", "insee-sample");

/** Demo structures and users, and the sample INSEE directory, each only once. */
export async function seedEverything(): Promise<void> {
  const { seedDemo, isSeeded } = await import("../../prisma/seed/demo");
  const { importSirene } = await import("../../lib/insee/import");
  const { db } = await import("../../lib/db");
  if ((await db.inseeEtablissement.count()) === 0) {
    await importSirene({
      unitesLegalesPath: path.join(SAMPLE_DIR, "StockUniteLegale.csv"),
      etablissementsPath: path.join(SAMPLE_DIR, "StockEtablissement.csv"),
      databaseUrl: process.env.DATABASE_URL!,
    });
  }
  if (!(await isSeeded())) {
    await seedDemo();
    // The demo's deposits kicked their mails' delivery, which started pg-boss in this process: the portal's worker sends them.
    const { stopBoss } = await import("../../lib/jobs/boss");
    await stopBoss();
  }
}

/** A development secret kept under .data so that sessions survive restarts; production must set AUTH_SECRET. */
async function devAuthSecret(dir: string): Promise<string> {
  const file = path.join(dir, "auth-secret");
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  const secret = randomBytes(32).toString("base64url");
  await mkdir(dir, { recursive: true });
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export async function startStack(opts: StackOptions): Promise<Stack> {
  const stops: (() => Promise<void>)[] = [];
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl || opts.freshDatabase) {
    let serverUrl = databaseUrl;
    if (!serverUrl) {
      const pg = await startEmbeddedPostgres({ dir: opts.pgDir, port: opts.pgPort });
      stops.push(pg.stop);
      serverUrl = pg.url;
    }
    databaseUrl = opts.freshDatabase ? await createDatabase(serverUrl, "e2e") : serverUrl;
  }
  process.env.DATABASE_URL = databaseUrl;
  const applied = await applyMigrations(databaseUrl);
  if (applied.length) console.log(`[portail] migrations appliquées : ${applied.join(", ")}`);
  await seedEverything();

  const env: Record<string, string> = { DATABASE_URL: databaseUrl };
  if (!process.env.SMTP_URL) {
    const { startMailCatcher } = await import("../devmail/catcher");
    const catcher = await startMailCatcher({ port: opts.smtpPort, databaseUrl });
    stops.push(catcher.stop);
    env.SMTP_URL = catcher.url;
    console.log(`[portail] récepteur SMTP de développement sur ${catcher.url} — courriels visibles sur /dev/mails`);
  }
  if (!process.env.AUTH_SECRET) env.AUTH_SECRET = await devAuthSecret(path.join(process.cwd(), ".data"));
  return {
    env,
    stop: async () => {
      for (const stop of stops.reverse()) await stop().catch(() => {});
    },
  };
}
