import { defineConfig } from "prisma/config";

// L'URL n'est utile qu'aux commandes Prisma qui se connectent ; la génération du client n'en a pas besoin.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/placeholder" },
});
