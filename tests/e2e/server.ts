// The browser tests' server: a fresh database (embedded PostgreSQL unless DATABASE_URL is set), migrations,
// demo data, an SMTP catcher, then the production build (`next start`). Playwright starts and stops it.
import { spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { startStack } from "../../scripts/runtime/stack";
import { dropDatabase } from "../../lib/db/scratch";
import { E2E_CAPTCHA_TEXT, E2E_CONTEXT_FILE, E2E_PG_DIR } from "./support/context";

async function main() {
  const port = process.env.E2E_PORT ?? "3100";
  delete process.env.SMTP_URL; // mails must land in the catcher the tests read
  const stack = await startStack({
    pgDir: E2E_PG_DIR,
    pgPort: Number(process.env.E2E_PG_PORT ?? 54332),
    smtpPort: Number(process.env.E2E_SMTP_PORT ?? 2526),
    freshDatabase: true,
  });
  await mkdir(path.dirname(E2E_CONTEXT_FILE), { recursive: true });
  await writeFile(E2E_CONTEXT_FILE, JSON.stringify({ databaseUrl: stack.env.DATABASE_URL }));
  const next = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-p", port], {
    stdio: "inherit",
    env: {
      ...process.env,
      ...stack.env,
      NODE_ENV: "production",
      APP_URL: `http://localhost:${port}`,
      CAPTCHA_TEST_TEXT: E2E_CAPTCHA_TEXT,
      // Every browser test comes from 127.0.0.1 and signs in many times: the rate limits' budgets ×20
      // (README, « Limites de débit »). The per-account waits after failed sign-ins stay as they are.
      LIMITES_DEBIT_FACTEUR: "20",
      NEXT_TELEMETRY_DISABLED: "1",
      // One line per request at « info » would drown the test report: warnings and errors only.
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    },
  });
  const shutdown = async () => {
    next.kill("SIGTERM");
    await dropDatabase(stack.env.DATABASE_URL).catch(() => {});
    await stack.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
  next.on("exit", () => void shutdown());
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
