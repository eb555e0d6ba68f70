import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * `Idempotency-Key` on a creating call: the first request with a key is recorded before it runs, its answer after;
 * a retry with the same key gets that answer back (and the header `Idempotency-Replayed: true`), never a second
 * piece. Two requests with the same key at once: the unique index lets one in; the other is told it is in progress
 * (409). The same key for another request (method, path or body differ): 422.
 * If the process dies between the recording and the answer, the key stays « in progress »: a retry is refused (409)
 * rather than risk a second piece; the caller looks at its pieces (GET /pieces) and goes on with a new key.
 * Kept 24 hours (`purgerRequetesIdempotentes`, daily).
 */

export const DUREE_CLE_H = 24;

export type Reponse = { statut: number; corps: unknown };

export function cleValide(cle: string | null): string | null {
  if (cle === null) return null;
  const c = cle.trim();
  if (!/^[\x21-\x7e]{1,100}$/.test(c))
    throw new AppError("SAISIE_INVALIDE", { "Idempotency-Key": "La clé d'idempotence : 1 à 100 caractères imprimables, sans espace." });
  return c;
}

export function empreinteRequete(methode: string, chemin: string, corps: Uint8Array | string): string {
  return createHash("sha256").update(`${methode} ${chemin}\n`).update(corps).digest("hex");
}

/** Runs `faire` once per (user, key): the recorded answer when the key is known. */
export async function avecIdempotence(userId: string, cle: string, empreinte: string, faire: () => Promise<Reponse>): Promise<Reponse & { rejouee: boolean }> {
  const inseree = await db.$executeRaw`
    INSERT INTO "RequeteIdempotente" (id, "userId", cle, empreinte)
    VALUES (gen_random_uuid(), ${userId}::uuid, ${cle}, ${empreinte})
    ON CONFLICT ("userId", cle) DO NOTHING`;
  if (!inseree) {
    const r = await db.requeteIdempotente.findUnique({ where: { userId_cle: { userId, cle } } });
    if (!r || r.empreinte !== empreinte) throw new AppError("API_IDEMPOTENCE_CONFLIT");
    if (r.statut === null) throw new AppError("API_IDEMPOTENCE_EN_COURS");
    return { statut: r.statut, corps: r.reponse, rejouee: true };
  }
  let reponse: Reponse;
  try {
    reponse = await faire();
  } catch (error) {
    // A refusal (invalid input, rights…) changed nothing: the key is freed, the caller may correct and retry with it.
    // Anything else (the database lost mid-way…) may have changed something: the key stays « in progress ».
    if (error instanceof AppError && error.code !== "SERVICE_INDISPONIBLE" && error.code !== "ERREUR_INTERNE")
      await db.requeteIdempotente.delete({ where: { userId_cle: { userId, cle } } }).catch(() => {});
    throw error;
  }
  await db.requeteIdempotente.update({
    where: { userId_cle: { userId, cle } },
    data: { statut: reponse.statut, reponse: (reponse.corps ?? Prisma.JsonNull) as Prisma.InputJsonValue },
  });
  return { ...reponse, rejouee: false };
}

/** Keys older than DUREE_CLE_H hours (a daily job). */
export async function purgerRequetesIdempotentes(now = new Date()): Promise<number> {
  const r = await db.requeteIdempotente.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - DUREE_CLE_H * 3600_000) } } });
  return r.count;
}
