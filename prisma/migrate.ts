// npm run db:migrate            → applies pending migrations to DATABASE_URL (or the embedded PostgreSQL), moving the
//                                  attachments' contents to the files' store before the migration that drops them
//                                  (lib/files/migration.ts)
// npm run db:migrate -- --avant-deplacement → only up to the migration that adds the files' keys (an upgrade without
//                                  interruption: then deploy the new version, then npm run db:migrate)
// npm run db:migration -- <nom> → writes the next migration from schema.prisma
import "../scripts/runtime/load-env";
import { applyMigrations, createMigration } from "../lib/db/migrations";
import { withDatabase } from "../scripts/runtime/database";

async function main() {
  const [command, name] = process.argv.slice(2);
  if (command === "create") {
    if (!name) throw new Error("Usage : npm run db:migration -- <nom_de_la_migration>");
    const folder = await withDatabase((url) => createMigration(url, name));
    console.log(folder ? `Migration créée : prisma/migrations/${folder}` : "Le schéma et les migrations sont déjà à jour.");
    return;
  }
  await withDatabase(async (url) => {
    // The files' store reads its configuration (FICHIERS_DIR, S3_URL) with DATABASE_URL's.
    process.env.DATABASE_URL = url;
    const { MIGRATION_CLES } = await import("../lib/files/migration");
    const applied = await applyMigrations(url, name === "--avant-deplacement" ? { jusqua: MIGRATION_CLES } : { journal: (ligne) => console.log(ligne) });
    console.log(applied.length ? `Migrations appliquées : ${applied.join(", ")}` : "Aucune migration en attente.");
  });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
