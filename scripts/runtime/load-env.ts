// Command-line scripts read .env as `next dev` / `next start` do (variables already set win).
import { existsSync } from "node:fs";

for (const file of [".env.local", ".env"]) {
  if (existsSync(file)) process.loadEnvFile(file);
}
