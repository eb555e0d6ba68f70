import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(__dirname), "server-only": path.resolve(__dirname, "tests/support/empty.ts") };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["tests/unit/**/*.test.{ts,tsx}"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.{ts,tsx}"],
          environment: "node",
          globalSetup: ["tests/integration/global-setup.ts"],
          setupFiles: ["tests/integration/setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: "forks",
          maxWorkers: 2,
          // Processed by Vitest, so that next-auth sees a test's own headers() and cookies() (tests/integration/securite-connexion.test.ts).
          server: { deps: { inline: ["next-auth"] } },
        },
      },
      {
        resolve: { alias },
        test: {
          name: "fuzz",
          include: ["tests/fuzz/**/*.test.ts"],
          environment: "node",
          // The integration tests' migrated database (each fuzz file works on its own copy: tests/fuzz/setup.ts).
          globalSetup: ["tests/fuzz/global-setup.ts"],
          setupFiles: ["tests/fuzz/setup.ts"],
          testTimeout: 600_000,
          hookTimeout: 120_000,
          pool: "forks",
          maxWorkers: 2,
          // Processed by Vitest, so that next-auth's signIn() sees the request's headers and cookies (tests/fuzz/setup.ts).
          server: { deps: { inline: ["next-auth"] } },
        },
      },
      {
        resolve: { alias },
        test: {
          // Real `next start` processes of the production build (NEXT_DIST_DIR, else .next), each file on its own database.
          name: "processus",
          include: ["tests/processus/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/processus/global-setup.ts"],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          pool: "forks",
          maxWorkers: 2,
        },
      },
    ],
  },
});
