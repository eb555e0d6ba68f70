import argon2 from "argon2";
import { db, type Tx } from "@/lib/db";
import { AppError, MESSAGES } from "@/lib/errors";
import { dateHeureFr } from "@/lib/invoices/format";
import { oublierEchecsConnexion } from "@/lib/securite/limites";
import { queueMail, kickMailDelivery } from "@/lib/mail/outbox";
import type { TokenPurpose } from "@/lib/generated/prisma/client";
import { checkPassword, motDePasseTropLong } from "./password";
import { hashToken, newToken, LINK_VALIDITY_MINUTES } from "./tokens";
import { confirmerContactALActivation } from "./email-contact";
import { etablirStructureDemandee } from "./structure-demandee";

/** argon2id with OWASP's recommended cost (19 MiB, 2 passes). A password over 128 characters is refused before any hashing. */
export function hashPassword(password: string): Promise<string> {
  if (motDePasseTropLong(password)) return Promise.reject(new AppError("MOT_DE_PASSE_TROP_LONG", { password: MESSAGES.MOT_DE_PASSE_TROP_LONG }));
  return argon2.hash(password, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

/** A new single-use link (activation or reset) for this user: the previous ones of the same kind die; returns the token to mail. */
export async function nouveauLien(tx: Tx, userId: string, purpose: TokenPurpose, now: Date): Promise<string> {
  const { token, hash } = newToken();
  await tx.userToken.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: now } });
  await tx.userToken.create({ data: { userId, purpose, tokenHash: hash, expiresAt: new Date(now.getTime() + LINK_VALIDITY_MINUTES * 60_000) } });
  return token;
}

export type EtatLien = { etat: "VALIDE"; email: string; firstName: string } | { etat: "EXPIRE" | "UTILISE" | "INVALIDE" };

/** What the activation or reset page says before the user types anything. */
export async function etatLien(token: string, purpose: TokenPurpose, now = new Date()): Promise<EtatLien> {
  const row = await db.userToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!row || row.purpose !== purpose) return { etat: "INVALIDE" };
  if (row.usedAt) return { etat: "UTILISE" };
  if (row.expiresAt <= now) return { etat: "EXPIRE" };
  return { etat: "VALIDE", email: row.user.email, firstName: row.user.firstName };
}

/**
 * « Soumettre » on the activation or reset page: sets the password (rules enforced here whatever the
 * browser did) and spends the link. The conditional update makes the link single-use even when two
 * submissions race.
 */
export async function definirMotDePasse(token: string, purpose: TokenPurpose, password: string, now = new Date()): Promise<{ email: string }> {
  if (motDePasseTropLong(password)) throw new AppError("MOT_DE_PASSE_TROP_LONG", { password: MESSAGES.MOT_DE_PASSE_TROP_LONG });
  if (!checkPassword(password).ok) throw new AppError("MOT_DE_PASSE_FAIBLE", { password: "Le mot de passe ne respecte pas les règles." });
  const state = await etatLien(token, purpose, now);
  if (state.etat === "EXPIRE") throw new AppError("LIEN_EXPIRE");
  if (state.etat === "UTILISE") throw new AppError("LIEN_UTILISE");
  if (state.etat === "INVALIDE") throw new AppError("LIEN_INVALIDE");
  const passwordHash = await hashPassword(password);
  const resultat = await db.$transaction(async (tx) => {
    const tokenHash = hashToken(token);
    const { count } = await tx.userToken.updateMany({ where: { tokenHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (count !== 1) throw new AppError("LIEN_UTILISE");
    const { userId } = await tx.userToken.findUniqueOrThrow({ where: { tokenHash } });
    const user = await tx.user.update({
      where: { id: userId },
      data: {
        passwordHash,
        failedLoginCount: 0,
        lockedUntil: null,
        // A new password ends every session opened with the old one (lib/auth/session.ts).
        sessionVersion: { increment: 1 },
        ...(purpose === "ACTIVATION" ? { status: "ACTIF", activatedAt: now } : {}),
      },
    });
    // Any other outstanding link of the same kind dies with this one.
    await tx.userToken.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: now } });
    if (purpose === "REINITIALISATION") {
      const data = { prenom: user.firstName, nom: user.lastName, le: dateHeureFr(now), reinitialisation: true };
      await queueMail(tx, { userId, adresse: "connexion", template: "mot-de-passe-modifie", data });
    }
    // The contact address: confirmed if it is the sign-in address (this link proved it), else sent its own link.
    if (purpose === "ACTIVATION") await confirmerContactALActivation(tx, userId, now);
    // The structure declared at account creation is created (or its attachment requested) now, in this transaction.
    if (purpose === "ACTIVATION") await etablirStructureDemandee(tx, userId, now);
    return { email: user.email };
  });
  await kickMailDelivery();
  // The waits of repeated sign-in failures are lifted with the lock.
  await oublierEchecsConnexion(resultat.email);
  return resultat;
}

/**
 * A new activation link (expired or lost) or a reset link (« Mot de passe oublié »).
 * Says nothing about whether the address has an account: the answer on screen is always the same.
 */
export async function envoyerNouveauLien(email: string, purpose: TokenPurpose, now = new Date()): Promise<void> {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user || user.status === "DESACTIVE") return;
  if (purpose === "ACTIVATION" && user.status !== "EN_ATTENTE_ACTIVATION") return;
  if (purpose === "REINITIALISATION" && user.status !== "ACTIF") return;
  await db.$transaction(async (tx) => {
    const token = await nouveauLien(tx, user.id, purpose, now);
    await queueMail(tx, {
      userId: user.id,
      adresse: "connexion",
      template: purpose === "ACTIVATION" ? "activation" : "mot-de-passe-oublie",
      data: { prenom: user.firstName, nom: user.lastName, token },
    });
  });
  await kickMailDelivery();
}
