import { journal } from "@/lib/journal-technique";
import { createHash } from "node:crypto";
import pg from "pg";
import { applyMigrations } from "@/lib/db/migrations";
import { env } from "@/lib/env";
import { cleDe, creerStockage, type Stockage } from "./stockage";

/**
 * The files leave the database in two migrations: the first adds the keys (the content becomes optional), then the
 * contents are moved to the store (`deplacerContenus`, `npm run files:migrate`), then the second drops the column — it
 * refuses while a row still holds its content. `npm run db:migrate` runs the three in that order (`migrerBase`).
 */
export const MIGRATION_CLES = "20261202060723_fichiers_stockage";
export const MIGRATION_SANS_CONTENU = "20261202060734_fichiers_contenu_supprime";

export type BilanDeplacement = { deplaces: number; octets: number; restants: number; empreintesDifferentes: string[] };

const SUIVANTS = `SELECT id::text FROM "PieceJointeTravaux" WHERE contenu IS NOT NULL AND id > $1::uuid ORDER BY id LIMIT $2`;

async function colonneContenu(pool: pg.Pool): Promise<boolean> {
  const { rowCount } = await pool.query(
    `SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'PieceJointeTravaux' AND column_name = 'contenu'`,
  );
  return !!rowCount;
}

/**
 * Moves the attachments' contents still in the database to the store, in batches of `lot` rows (`parallele` at once),
 * each file on its own: announced, written to the store, then its row given its key and its content emptied in one
 * statement that also deletes the announcement. Resumable (a row already moved is skipped; stopped, it starts again
 * where it was), and safe while the portal serves: a file is read from the database until its row has its key, from the
 * store after; a row deleted or moved meanwhile is left as it is. A content whose SHA-256 is not its row's is stored
 * under its own and reported (`npm run files:check` then lists the row).
 */
export async function deplacerContenus(
  options: { databaseUrl?: string; stockage?: Stockage; lot?: number; parallele?: number; journal?: (ligne: string) => void } = {},
): Promise<BilanDeplacement> {
  const pool = new pg.Pool({
    connectionString: options.databaseUrl ?? env().DATABASE_URL,
    max: (options.parallele ?? 4) + 1,
    application_name: "portail-deplacement-fichiers",
  });
  // An idle connection closed by a PostgreSQL restart emits « error »: without a listener it would end the process.
  pool.on("error", (error) => journal.warn({ err: error }, "fichiers : connexion à la base perdue (deplacement)"));
  const bilan: BilanDeplacement = { deplaces: 0, octets: 0, restants: 0, empreintesDifferentes: [] };
  try {
    if (!(await colonneContenu(pool))) return bilan;
    let s: Stockage | undefined;
    const deplacer = async (id: string) => {
      const { rows } = await pool.query<{ contenu: Buffer; sha256: string }>(
        `SELECT contenu, sha256 FROM "PieceJointeTravaux" WHERE id = $1::uuid AND contenu IS NOT NULL`,
        [id],
      );
      if (!rows[0]) return;
      const { contenu, sha256: attendu } = rows[0];
      const sha256 = createHash("sha256").update(contenu).digest("hex");
      if (sha256 !== attendu) {
        bilan.empreintesDifferentes.push(id);
        options.journal?.(`Pièce jointe ${id} : son contenu a le SHA-256 ${sha256}, la ligne dit ${attendu} — stocké sous le sien.`);
      }
      const cle = cleDe(sha256);
      // From the environment as the portal reads it (without requiring its other variables: the dev stack, scripts).
      s ??= options.stockage ?? creerStockage({ s3Url: process.env.S3_URL?.trim() || undefined, dossier: process.env.FICHIERS_DIR?.trim() || undefined });
      const { rows: annonces } = await pool.query<{ id: string }>(
        `WITH verrou AS (SELECT pg_advisory_xact_lock_shared(hashtextextended($1, 0)))
         INSERT INTO "FichierEnAttente" (id, cle, "creeLe") SELECT gen_random_uuid(), $1, ($2::timestamptz AT TIME ZONE 'UTC') FROM verrou RETURNING id::text`,
        [cle, new Date().toISOString()],
      );
      const annonce = annonces[0].id;
      try {
        await s.ecrire(cle, { octets: contenu }, { taille: contenu.length, sha256 });
        const r = await pool.query(
          `WITH annonce AS (DELETE FROM "FichierEnAttente" WHERE id = $3::uuid)
           UPDATE "PieceJointeTravaux" SET cle = $1, contenu = NULL WHERE id = $2::uuid AND contenu IS NOT NULL`,
          [cle, id, annonce],
        );
        if (r.rowCount) {
          bilan.deplaces++;
          bilan.octets += contenu.length;
        }
      } catch (error) {
        await pool.query(`DELETE FROM "FichierEnAttente" WHERE id = $1::uuid`, [annonce]).catch(() => {});
        throw error;
      }
    };
    const lot = options.lot ?? 100;
    let dernier = "00000000-0000-0000-0000-000000000000";
    for (;;) {
      const { rows } = await pool.query<{ id: string }>(SUIVANTS, [dernier, lot]);
      if (rows.length === 0) break;
      let suivant = 0;
      await Promise.all(
        Array.from({ length: Math.min(options.parallele ?? 4, rows.length) }, async () => {
          while (suivant < rows.length) await deplacer(rows[suivant++].id);
        }),
      );
      dernier = rows[rows.length - 1].id;
      options.journal?.(`${bilan.deplaces} fichier(s) déplacé(s) dans le stockage (${Math.round(bilan.octets / 1024 / 1024)} Mo)…`);
    }
    bilan.restants = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "PieceJointeTravaux" WHERE contenu IS NOT NULL`)).rows[0].n;
  } finally {
    await pool.end();
  }
  return bilan;
}

/** The migrations applied (finished, not rolled back); none before the first. */
async function migrationsAppliquees(client: pg.Client): Promise<Set<string>> {
  try {
    const { rows } = await client.query<{ nom: string }>(
      `SELECT migration_name AS nom FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    return new Set(rows.map((r) => r.nom));
  } catch (error) {
    if ((error as { code?: string }).code === "42P01") return new Set();
    throw error;
  }
}

/**
 * `npm run db:migrate` (`applyMigrations`, whoever calls it): the pending migrations, with the contents moved to the store between the migration that adds the
 * keys and the one that drops the column. A failed attempt of the latter (applied by another tool while contents were
 * left) is marked rolled back first: its guard, its first statement, refused before anything changed.
 */
export async function migrerBase(databaseUrl: string, options: { journal?: (ligne: string) => void; stockage?: Stockage } = {}): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let faites: Set<string>;
  try {
    faites = await migrationsAppliquees(client);
    if (!faites.has(MIGRATION_SANS_CONTENU))
      await client
        .query(`UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1 AND finished_at IS NULL AND rolled_back_at IS NULL`, [
          MIGRATION_SANS_CONTENU,
        ])
        .catch((error: { code?: string }) => {
          if (error.code !== "42P01") throw error;
        });
  } finally {
    await client.end();
  }
  const appliquees: string[] = [];
  if (!faites.has(MIGRATION_SANS_CONTENU)) {
    appliquees.push(...(await applyMigrations(databaseUrl, { jusqua: MIGRATION_CLES })));
    const bilan = await deplacerContenus({ databaseUrl, stockage: options.stockage, journal: options.journal });
    if (bilan.deplaces) options.journal?.(`Fichiers déplacés de la base vers le stockage : ${bilan.deplaces}.`);
    if (bilan.restants)
      throw new Error(`${bilan.restants} pièce(s) jointe(s) ont encore leur contenu en base : relancez « npm run files:migrate », puis les migrations.`);
  }
  appliquees.push(...(await applyMigrations(databaseUrl, { brut: true })));
  return appliquees;
}
