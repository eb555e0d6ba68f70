// npm run db:seed → demo data and the sample INSEE directory into DATABASE_URL (or the embedded PostgreSQL).
import "../scripts/runtime/load-env";
import { withDatabase } from "../scripts/runtime/database";
import { seedEverything } from "../scripts/runtime/stack";

withDatabase(async (url) => {
  process.env.DATABASE_URL = url;
  const debut = performance.now();
  await seedEverything();
  console.log(`Données de démonstration en place (${((performance.now() - debut) / 1000).toFixed(1)} s).`);
})
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
