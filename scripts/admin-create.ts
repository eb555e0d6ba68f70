// npm run admin:create -- <email> [--prenom <prénom>] [--nom <nom>]
// Makes <email> a portal administrator (« Administrateur du portail »): promotes an active account, or creates the
// account (or renews the activation link of one not activated yet) and mails its activation link. Never from the web.
// Base DATABASE_URL, or the embedded PostgreSQL when it is not set.
import "./runtime/load-env";
import { parseArgs } from "node:util";
import { applyMigrations } from "../lib/db/migrations";
import { withDatabase } from "./runtime/database";

const MESSAGES = {
  PROMU: (email: string) => `${email} est désormais administrateur du portail (l'entrée « Administration » apparaît à sa prochaine page).`,
  DEJA_ADMINISTRATEUR: (email: string) => `${email} est déjà administrateur du portail : rien n'a changé.`,
  CREE: (email: string) =>
    `Compte ${email} créé, administrateur du portail. Un lien d'activation (valable 60 minutes) lui est envoyé par courriel ; sans activation dans les 7 jours, le compte est supprimé.`,
  LIEN_ENVOYE: (email: string) =>
    `${email} n'avait pas encore activé son compte : il est administrateur du portail, et un nouveau lien d'activation (valable 60 minutes) lui est envoyé.`,
} as const;

async function main() {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { prenom: { type: "string" }, nom: { type: "string" } } });
  if (positionals.length !== 1) {
    console.error("Usage : npm run admin:create -- <adresse électronique> [--prenom <prénom>] [--nom <nom>]");
    process.exit(2);
  }
  await withDatabase(async (databaseUrl) => {
    process.env.DATABASE_URL = databaseUrl;
    await applyMigrations(databaseUrl);
    const { nommerAdministrateur } = await import("../lib/accounts/administrateurs");
    const { stopBoss } = await import("../lib/jobs/boss");
    try {
      const r = await nommerAdministrateur(positionals[0], { prenom: values.prenom, nom: values.nom });
      console.log(MESSAGES[r.etat](r.email));
      if (r.etat === "CREE" || r.etat === "LIEN_ENVOYE")
        console.log("Le courriel part par la boîte d'envoi du portail (il est livré dès qu'une instance du portail tourne).");
    } finally {
      await stopBoss();
      const { db } = await import("../lib/db");
      await db.$disconnect();
    }
  });
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error instanceof Error && error.name === "AppError" ? error.message : error);
    process.exit(1);
  });
