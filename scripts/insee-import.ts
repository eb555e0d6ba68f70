// npm run insee:import -- <StockUniteLegale.csv> <StockEtablissement.csv>
// Imports (or updates) the INSEE directory into DATABASE_URL, or into the embedded PostgreSQL when it is not set.
import { applyMigrations } from "../lib/db/migrations";
import { withDatabase } from "./runtime/database";
import { importSirene, SireneImportError, type FileImportResult } from "../lib/insee/import";

const nf = new Intl.NumberFormat("fr-FR");

function line(label: string, r: FileImportResult): string {
  const rejected = r.rejected ? `, ${nf.format(r.rejected)} écartées (identifiant mal formé)` : "";
  return `${label} : ${nf.format(r.rows)} lignes lues, ${nf.format(r.inserted)} ajoutées, ${nf.format(r.updated)} mises à jour${rejected} (${r.seconds.toFixed(1)} s)`;
}

async function main() {
  const [unitesLegalesPath, etablissementsPath, ...rest] = process.argv.slice(2);
  if (!unitesLegalesPath || !etablissementsPath || rest.length) {
    console.error("Usage : npm run insee:import -- <StockUniteLegale.csv> <StockEtablissement.csv>");
    console.error("Exemple : npm run insee:import -- prisma/insee-sample/StockUniteLegale.csv prisma/insee-sample/StockEtablissement.csv");
    process.exit(2);
  }
  await withDatabase(async (databaseUrl) => {
    const applied = await applyMigrations(databaseUrl);
    if (applied.length) console.log(`Migrations appliquées : ${applied.join(", ")}`);
    const result = await importSirene({ unitesLegalesPath, etablissementsPath, databaseUrl });
    console.log(line("Unités légales", result.unitesLegales));
    console.log(line("Établissements", result.etablissements));
    console.log(`Total : ${nf.format(result.rows)} lignes traitées en ${result.seconds.toFixed(1)} s (${nf.format(result.rowsPerSecond)} lignes/s)`);
  });
}

main().catch((error) => {
  console.error(error instanceof SireneImportError ? error.message : error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
