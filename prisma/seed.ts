// npm run db:seed → demo data and the sample INSEE directory into DATABASE_URL (or the embedded PostgreSQL).
import "../scripts/runtime/load-env";
import { withDatabase } from "../scripts/runtime/database";
import { seedEverything } from "../scripts/runtime/stack";

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
