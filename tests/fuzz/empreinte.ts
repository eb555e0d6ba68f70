// « No data changed by a refused call »: every row written in the fuzz database (insert, update, delete, in any
// table of the application) leaves a line in fuzz_changements, written by a trigger in the writer's own
// transaction — so a write rolled back leaves nothing, and one committed is seen whatever it changed. After each
// call, the engine reads the lines written since the previous one: a refused call must have written none (but
// those its refusal is made of, see ECRITURES_D_UN_REFUS).
import pg from "pg";

/** Installs the change log in the (fuzz-only) database: a table, and a trigger on every table of the application. */
export async function installerJournalDesChangements(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`
      CREATE TABLE fuzz_changements (id bigserial PRIMARY KEY, nom text NOT NULL, operation text NOT NULL,
        le timestamptz NOT NULL DEFAULT clock_timestamp(), processus int NOT NULL DEFAULT pg_backend_pid());
      CREATE FUNCTION fuzz_changement() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO fuzz_changements (nom, operation) VALUES (TG_TABLE_NAME, TG_OP);
        RETURN NULL;
      END $$;`);
    const { rows } = await client.query<{ nom: string }>(
      `SELECT table_name AS nom FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('fuzz_changements', '_prisma_migrations')`,
    );
    for (const { nom } of rows) {
      await client.query(`CREATE TRIGGER fuzz_changement AFTER INSERT OR UPDATE OR DELETE ON "${nom}" FOR EACH ROW EXECUTE FUNCTION fuzz_changement()`);
    }
  } finally {
    await client.end();
  }
}

/** The log is read by a connection of its own: a query per call, without the ORM's cost. */
let lecteur: pg.Client | undefined;
async function lire<T extends pg.QueryResultRow>(sql: string, valeurs: unknown[] = []): Promise<T[]> {
  if (!lecteur) {
    lecteur = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await lecteur.connect();
  }
  return (await lecteur.query<T>(sql, valeurs)).rows;
}

export async function fermerJournal(): Promise<void> {
  await lecteur?.end();
  lecteur = undefined;
}

/** Where the log stands: the changes after this mark are those of the calls to come. */
export async function marque(): Promise<string> {
  const [r] = await lire<{ m: string | null }>("SELECT max(id)::text AS m FROM fuzz_changements");
  return r.m ?? "0";
}

/** The tables written since the mark (with their operations), and the new mark. */
export async function changementsDepuis(depuis: string): Promise<{ tables: Map<string, Set<string>>; marque: string; lignes: string[] }> {
  // Ordered by the number, not by its text (« 1000 » sorts before « 999 »: the mark would go back).
  const rows = await lire<{ numero: string; nom: string; operation: string; le: Date; processus: number }>(
    "SELECT id::text AS numero, nom, operation, le, processus FROM fuzz_changements WHERE id > $1::bigint ORDER BY fuzz_changements.id",
    [depuis],
  );
  const tables = new Map<string, Set<string>>();
  for (const r of rows) {
    if (!tables.has(r.nom)) tables.set(r.nom, new Set());
    tables.get(r.nom)?.add(`${r.operation} à ${r.le.toISOString()} par ${r.processus}`);
  }
  return { tables, marque: rows.at(-1)?.numero ?? depuis, lignes: rows.map((r) => `${r.numero} ${r.nom} ${r.operation} ${r.le.toISOString()} ${r.processus}`) };
}

/**
 * Every refusal may count against a rate limit (shared counters in limite_debit): that is not a change of data. Nor is
 * the announcement of a file (lib/files/annonces.ts) that an upload refused once its file was stored writes, then withdraws.
 */
const TOUJOURS = ["limite_debit", "FichierEnAttente"];

/**
 * The writes a refusal is made of, by its code: a wrong password counts a failure on the account (and may lock
 * it, telling its owner by mail); a wrong captcha answer uses the challenge up. Anything else a refused call
 * writes is a bug.
 */
export const ECRITURES_D_UN_REFUS: Record<string, readonly string[]> = {
  // One message for every refused sign-in; the owner is told by mail (an account not activated yet gets a new link).
  IDENTIFIANTS_INVALIDES: ["User", "UserToken", "OutboxMail", "Notification"],
  COMPTE_VERROUILLE: ["User", "UserToken", "OutboxMail", "Notification"],
  COMPTE_NON_ACTIVE: ["UserToken", "OutboxMail"],
  COMPTE_DESACTIVE: ["OutboxMail"],
  CAPTCHA_INVALIDE: ["CaptchaChallenge"],
  CAPTCHA_EXPIRE: ["CaptchaChallenge"],
  CAPTCHA_NON_VALIDE: ["CaptchaChallenge"],
};

/** The tables a refused call wrote although its refusal does not explain it (empty: nothing changed). */
export function ecrituresInexpliquees(tables: Map<string, Set<string>>, code: string | undefined): string[] {
  const permises = new Set([...TOUJOURS, ...(code ? (ECRITURES_D_UN_REFUS[code] ?? []) : [])]);
  return [...tables].filter(([nom]) => !permises.has(nom)).map(([nom, ops]) => `${nom} (${[...ops].join(", ")})`);
}
