import argon2 from "argon2";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashPassword } from "./mot-de-passe";

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
// Verified when the address is unknown, so that both cases take the same time.
let dummyHash: Promise<string> | undefined;

export type UtilisateurConnecte = { id: string; email: string; name: string };

/**
 * Checks a login and password. After MAX_FAILED_LOGINS failures in a row the account is locked
 * for LOCK_MINUTES (a clear message, and « Mot de passe oublié » unlocks it).
 */
export async function verifierIdentifiants(email: string, password: string, now = new Date()): Promise<UtilisateurConnecte> {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() }, omit: { passwordHash: false } });
  if (!user?.passwordHash) {
    dummyHash ??= hashPassword("mot-de-passe-factice");
    await argon2.verify(await dummyHash, password).catch(() => false);
    if (user?.status === "EN_ATTENTE_ACTIVATION") throw new AppError("COMPTE_NON_ACTIVE");
    throw new AppError("IDENTIFIANTS_INVALIDES");
  }
  if (user.status === "DESACTIVE") throw new AppError("COMPTE_DESACTIVE");
  if (user.lockedUntil && user.lockedUntil > now) {
    const minutes = Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 60_000);
    throw new AppError(
      "COMPTE_VERROUILLE",
      {},
      `Trop de tentatives infructueuses : votre compte est verrouillé pendant encore ${minutes} minute${minutes > 1 ? "s" : ""}. Réessayez plus tard ou utilisez « Mot de passe oublié ».`,
    );
  }
  if (!(await argon2.verify(user.passwordHash, password))) {
    // Counted in the database, so that parallel attempts cannot slip past the limit.
    const [updated] = await db.$queryRaw<{ failedLoginCount: number }[]>`
      UPDATE "User" SET "failedLoginCount" = "failedLoginCount" + 1,
        "lockedUntil" = CASE WHEN "failedLoginCount" + 1 >= ${MAX_FAILED_LOGINS}
                             THEN ${new Date(now.getTime() + LOCK_MINUTES * 60_000)} ELSE "lockedUntil" END
      WHERE id = ${user.id}::uuid RETURNING "failedLoginCount"`;
    if (updated.failedLoginCount >= MAX_FAILED_LOGINS) {
      throw new AppError(
        "COMPTE_VERROUILLE",
        {},
        `Trop de tentatives infructueuses : votre compte est verrouillé pendant ${LOCK_MINUTES} minutes. Réessayez plus tard ou utilisez « Mot de passe oublié ».`,
      );
    }
    const left = MAX_FAILED_LOGINS - updated.failedLoginCount;
    throw new AppError(
      "IDENTIFIANTS_INVALIDES",
      {},
      `Adresse électronique ou mot de passe incorrect. Il vous reste ${left} essai${left > 1 ? "s" : ""} avant le verrouillage temporaire du compte.`,
    );
  }
  await db.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now } });
  return { id: user.id, email: user.email, name: `${user.firstName} ${user.lastName}` };
}
