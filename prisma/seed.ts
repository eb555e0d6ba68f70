// npm run db:seed → demo data and the sample INSEE directory into DATABASE_URL (or the embedded PostgreSQL).
import "../lib/runtime/load-env";
import { withDatabase } from "../lib/runtime/database";
import { seedEverything } from "../lib/runtime/stack";

withDatabase(async (url) => {
  process.env.DATABASE_URL = url;
  await seedEverything();
  console.log("Données de démonstration en place.");
})
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
