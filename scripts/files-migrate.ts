// npm run files:migrate
// Moves the attachments' contents still held by the database (before the migration that drops the column) to the files'
// store (S3_URL, else FICHIERS_DIR), in batches; resumable, safe while the portal serves (lib/files/migration.ts).
// `npm run db:migrate` runs it by itself before that migration. Base DATABASE_URL, else the embedded PostgreSQL.
import "./runtime/load-env";
import { withDatabase } from "./runtime/database";

async function main() {
  const bilan = await withDatabase(async (databaseUrl) => {
    process.env.DATABASE_URL = databaseUrl;
    const { deplacerContenus } = await import("../lib/files/migration");
    const { stockage } = await import("../lib/files/stockage");
    console.log(`Stockage des fichiers : ${stockage().nom}`);
    return deplacerContenus({ databaseUrl, stockage: stockage(), journal: (ligne) => console.log(ligne) });
  });
  console.log(
    `${bilan.deplaces} fichier(s) déplacé(s) (${Math.round(bilan.octets / 1024 / 1024)} Mo) ; ${bilan.restants} encore en base` +
      (bilan.empreintesDifferentes.length
        ? ` ; ${bilan.empreintesDifferentes.length} contenu(s) dont l'empreinte diffère de leur ligne (voir npm run files:check).`
        : "."),
  );
  process.exit(bilan.restants ? 1 : 0);
}

main().catch((error) => {
  console.error(
    `Déplacement des fichiers interrompu (relancez la commande : elle reprend où elle en était) : ${error instanceof Error ? error.message : error}`,
  );
  process.exit(1);
});
