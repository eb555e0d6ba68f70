// npm run db:restore-drill [-- --copie-integree] [--empreintes] [--dossier <dossier>]
// The restore drill: dumps the database (DATABASE_URL, else the embedded PostgreSQL under .data/pg), restores the
// dump into a scratch database on the same server, compares the copy with the database as it was dumped (row counts,
// checksums of the key tables, sequences, certificates' fingerprints, files check), drops the scratch database.
// Prints a French summary and `restore_drill: ok` last; exits 1 on any difference. See lib/db/restauration.ts.
import "./runtime/load-env";
import { parseArgs } from "node:util";
import { exerciceRestauration, resumeExercice } from "../lib/db/restauration";
import { withDatabase } from "./runtime/database";

async function main() {
  const { values } = parseArgs({ options: { "copie-integree": { type: "boolean" }, empreintes: { type: "boolean" }, dossier: { type: "string" } } });
  const resultat = await withDatabase(async (databaseUrl) => {
    // The files check reads the object store's settings from the environment, like the portal.
    process.env.DATABASE_URL = databaseUrl;
    return exerciceRestauration(databaseUrl, {
      moteur: values["copie-integree"] ? "copie-integree" : undefined,
      empreintes: values.empreintes,
      dossier: values.dossier ?? process.env.RESTORE_DRILL_DIR,
      journal: (ligne) => console.log(ligne),
    });
  });
  for (const ligne of resumeExercice(resultat)) console.log(ligne);
  process.exit(resultat.ok ? 0 : 1);
}

main().catch((error) => {
  console.error(`Exercice de restauration interrompu : ${error instanceof Error ? error.message : error}`);
  console.log("restore_drill: échec");
  process.exit(1);
});
