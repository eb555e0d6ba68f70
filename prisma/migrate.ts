// npm run db:migrate            → applies pending migrations to DATABASE_URL (or the embedded PostgreSQL)
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
    const applied = await applyMigrations(url);
    console.log(applied.length ? `Migrations appliquées : ${applied.join(", ")}` : "Aucune migration en attente.");
  });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
