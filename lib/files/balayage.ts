import { journal } from "@/lib/journal-technique";
import pg from "pg";
import { env } from "@/lib/env";
import { nettoyerTemporaires, type Stockage, stockage as stockageConfigure } from "./stockage";

/**
 * The sweep of orphan objects (a pg-boss job once a day, lib/jobs/worker.ts): an object is written before the row that
 * names it commits, so an upload that fails, a process that dies, a draft's file deleted leave objects that no row names.
 * Removed here, once older than the grace period, when no row names them (attachments, certificates) and no recent
 * announcement does (lib/files/annonces.ts: an upload in progress, possibly of the same content — its object may be an
 * old one it found already stored). Each removal takes the key's advisory lock exclusively and checks again under it.
 * Announcements and temporary files older than the grace period go too (a process that died).
 */

/** One hour: far more than the time between an announcement and its row's commit (a write and a transaction of seconds). */
export const DELAI_GRACE_FICHIERS_MS = 60 * 60 * 1000;

export type BilanBalayage = { examines: number; supprimes: number; annoncesExpirees: number; temporaires: number };

/**
 * Keys of `cles` that no row and no announcement since `$2` name. One statement: one snapshot of both (a row's commit
 * deletes its announcement). Dates are UTC (the columns are `timestamp` written by Prisma in UTC): passed as ISO strings.
 */
const SANS_REFERENCE = `
  SELECT k AS cle FROM unnest($1::text[]) AS k
  WHERE NOT EXISTS (SELECT 1 FROM "PieceJointeTravaux" WHERE cle = k)
    AND NOT EXISTS (SELECT 1 FROM "DepotPieceTravaux" WHERE "certificatCle" = k)
    AND NOT EXISTS (SELECT 1 FROM "FichierEnAttente" WHERE cle = k AND "creeLe" >= ($2::timestamptz AT TIME ZONE 'UTC'))`;

export async function balayerFichiersOrphelins(
  options: { now?: Date; delaiGraceMs?: number; stockage?: Stockage; databaseUrl?: string } = {},
): Promise<BilanBalayage> {
  const now = options.now ?? new Date();
  const limite = new Date(now.getTime() - (options.delaiGraceMs ?? DELAI_GRACE_FICHIERS_MS));
  const s = options.stockage ?? stockageConfigure();
  const pool = new pg.Pool({ connectionString: options.databaseUrl ?? env().DATABASE_URL, max: 2, application_name: "portail-balayage-fichiers" });
  // An idle connection closed by a PostgreSQL restart emits « error »: without a listener it would end the process.
  pool.on("error", (error) => journal.warn({ err: error }, "fichiers : connexion à la base perdue (balayage)"));
  const bilan: BilanBalayage = { examines: 0, supprimes: 0, annoncesExpirees: 0, temporaires: 0 };
  try {
    const traiter = async (cles: string[]) => {
      const { rows } = await pool.query<{ cle: string }>(SANS_REFERENCE, [cles, limite.toISOString()]);
      for (const { cle } of rows) if (await supprimerSiOrphelin(pool, s, cle, limite)) bilan.supprimes++;
    };
    let lot: string[] = [];
    for await (const objet of s.lister()) {
      bilan.examines++;
      if (objet.modifieLe >= limite) continue;
      lot.push(objet.cle);
      if (lot.length >= 500) {
        await traiter(lot);
        lot = [];
      }
    }
    if (lot.length) await traiter(lot);
    bilan.annoncesExpirees =
      (await pool.query(`DELETE FROM "FichierEnAttente" WHERE "creeLe" < ($1::timestamptz AT TIME ZONE 'UTC')`, [limite.toISOString()])).rowCount ?? 0;
    bilan.temporaires = await nettoyerTemporaires(s.dossierTemporaire, limite);
  } finally {
    await pool.end();
  }
  return bilan;
}

/** Under the key's exclusive lock (an announcement waits for it), checked again, then removed from the store. */
async function supprimerSiOrphelin(pool: pg.Pool, s: Stockage, cle: string, limite: Date): Promise<boolean> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [cle]);
    const { rowCount } = await client.query(SANS_REFERENCE, [[cle], limite.toISOString()]);
    if (rowCount) await s.supprimer(cle);
    await client.query("COMMIT");
    return !!rowCount;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
