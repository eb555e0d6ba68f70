// npm run dev: the portal with its embedded defaults (PostgreSQL, SMTP catcher, demo data), then `next dev`.
import "./runtime/load-env";
import { spawn } from "node:child_process";
import path from "node:path";
import { EMBEDDED_PG_DIR, EMBEDDED_PG_PORT } from "./runtime/database";
import { startStack } from "./runtime/stack";

async function main() {
  const port = process.env.PORT ?? "3000";
  const stack = await startStack({
    pgDir: EMBEDDED_PG_DIR,
    pgPort: EMBEDDED_PG_PORT,
    smtpPort: Number(process.env.DEV_SMTP_PORT ?? 2525),
  });
  const next = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "dev", "-p", port], {
    stdio: "inherit",
    env: { ...process.env, ...stack.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  console.log(`[portail] http://localhost:${port} — comptes de démonstration : voir le README`);
  const shutdown = async (code: number) => {
    next.kill("SIGTERM");
    await stack.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  next.on("exit", (code) => void shutdown(code ?? 0));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
