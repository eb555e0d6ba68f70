// npm run files:check [-- --rapide]
// Every row that names a stored file (attachments, deposit certificates) against the files' store (S3_URL, else
// FICHIERS_DIR): lists the rows whose object is missing, or whose size or SHA-256 differs (`--rapide`: existence and
// size only, without reading the contents). Exits 1 when one is found. Base DATABASE_URL, else the embedded PostgreSQL.
import "./runtime/load-env";
import { parseArgs } from "node:util";
import { withDatabase } from "./runtime/database";

async function main() {
  const { values } = parseArgs({ options: { rapide: { type: "boolean" } } });
  const bilan = await withDatabase(async (databaseUrl) => {
    process.env.DATABASE_URL = databaseUrl;
    const { controlerFichiers } = await import("../lib/files/controle");
    const { stockage } = await import("../lib/files/stockage");
    console.log(`Stockage des fichiers : ${stockage().nom}`);
    return controlerFichiers({ databaseUrl, empreintes: !values.rapide });
  });
  for (const ligne of bilan.anomalies) console.log(`  ✗ ${ligne}`);
  console.log(
    `${bilan.controles} ligne(s) contrôlée(s), ${bilan.objets} objet(s) ${values.rapide ? "interrogé(s) (taille seule)" : "relu(s) et haché(s)"} : ` +
      (bilan.problemes.length ? `${bilan.problemes.length} anomalie(s).` : "aucune anomalie."),
  );
  if (bilan.enBase) console.log(`${bilan.enBase} pièce(s) jointe(s) ont encore leur contenu en base : npm run files:migrate.`);
  process.exit(bilan.problemes.length ? 1 : 0);
}

main().catch((error) => {
  console.error(`Contrôle des fichiers interrompu : ${error instanceof Error ? error.message : error}`);
  process.exit(2);
});
