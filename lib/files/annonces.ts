import { Prisma } from "@/lib/generated/prisma/client";
import { type Client, db } from "@/lib/db";

/**
 * Announcements (`FichierEnAttente`): an object is announced before it is written to the store, and its announcement
 * is deleted by the transaction that commits the row naming it (or right after a failure). The sweep
 * (lib/files/balayage.ts) removes only objects that no row names and no recent announcement names.
 *
 * Content addressing makes one race subtle: an upload may find its content already stored (an object that no row names
 * any more, older than the grace period) at the very moment the sweep removes it. Both sides take the same advisory lock
 * on the key: the announcement shared, the sweep exclusive, held from its last check to the object's removal. So either
 * the sweep sees the announcement and keeps the object, or the upload announces only once the object is gone, then finds
 * it missing and writes it again.
 */

/** The advisory lock of a key (64 bits of its hash), in SQL. */
export const verrouCle = (cle: string) => Prisma.sql`hashtextextended(${cle}, 0)`;

/** Announces that `cle` is about to be written; returns the announcement's id. Autocommitted before the write. */
export async function annoncerFichier(cle: string, options: { client?: Client; now?: Date } = {}): Promise<string> {
  const client = options.client ?? db;
  const [annonce] = await client.$queryRaw<{ id: string }[]>`
    WITH verrou AS (SELECT pg_advisory_xact_lock_shared(${verrouCle(cle)}))
    INSERT INTO "FichierEnAttente" (id, cle, "creeLe")
    SELECT gen_random_uuid(), ${cle}, ${options.now ?? new Date()} FROM verrou
    RETURNING id::text`;
  return annonce.id;
}

/** Withdraws an announcement (after a failure; on success the referencing transaction deletes it). Never throws: a leftover goes with the sweep. */
export async function retirerAnnonce(id: string): Promise<void> {
  await db.$executeRaw`DELETE FROM "FichierEnAttente" WHERE id = ${id}::uuid`.catch(() => {});
}
