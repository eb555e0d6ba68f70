import argon2 from "argon2";
import { db } from "@/lib/db";
import { journaliser } from "@/lib/audit/journal";
import { AppError, MESSAGES } from "@/lib/errors";
import { dateHeureFr } from "@/lib/invoices/format";
import { kickMailDelivery, queueMail } from "@/lib/mail/outbox";
import { echecConnexion, oublierEchecsConnexion, tentativeConnexion } from "@/lib/securite/limites";
import type { Acteur } from "@/lib/auth/acteur";
import { hashPassword } from "./mot-de-passe";
import { checkPassword, motDePasseTropLong } from "./password";
import { revoquerSessions } from "./sessions";

/** The actor's own attachments, whatever their state (he sees only his). */
export function mesRattachements(acteur: Acteur) {
  return db.membership.findMany({
    where: { userId: acteur.userId },
    include: { structure: { select: { raisonSociale: true, identifier: true, identifierType: true } } },
    orderBy: { createdAt: "asc" },
  });
}

/**
 * « Modifier mon mot de passe »: the current password first (a wrong one costs the same waits as a failed sign-in,
 * so that a borrowed session cannot guess it), then the new one, under the same rules as everywhere. Every other
 * session of the user ends; the caller moves this request's own session to the new version it returns
 * (`renouvelerSession`, lib/auth/index.ts). The owner is told by mail.
 */
export async function changerMotDePasse(
  acteur: Acteur,
  saisie: { actuel: string; password: string },
  options: { now?: Date } = {},
): Promise<{ sessionVersion: number }> {
  const now = options.now ?? new Date();
  if (motDePasseTropLong(saisie.actuel) || motDePasseTropLong(saisie.password)) {
    throw new AppError("MOT_DE_PASSE_TROP_LONG", { password: MESSAGES.MOT_DE_PASSE_TROP_LONG });
  }
  if (!checkPassword(saisie.password).ok) throw new AppError("MOT_DE_PASSE_FAIBLE", { password: "Le mot de passe ne respecte pas les règles." });
  const rang = await tentativeConnexion(acteur.email);
  const user = await db.user.findUniqueOrThrow({ where: { id: acteur.userId }, omit: { passwordHash: false } });
  const juste = !!user.passwordHash && (await argon2.verify(user.passwordHash, saisie.actuel).catch(() => false));
  if (!juste) {
    await echecConnexion(acteur.email, rang);
    throw new AppError("MOT_DE_PASSE_ACTUEL_INCORRECT", { actuel: "Le mot de passe actuel est incorrect." });
  }
  await oublierEchecsConnexion(acteur.email);
  const passwordHash = await hashPassword(saisie.password);
  const { sessionVersion } = await db.$transaction(async (tx) => {
    await revoquerSessions(tx, acteur.userId);
    const u = await tx.user.update({ where: { id: acteur.userId }, data: { passwordHash, failedLoginCount: 0, lockedUntil: null } });
    // Never the password: who changed it and when, and that the other sessions ended.
    await journaliser(
      tx,
      acteur,
      { action: "COMPTE_MOT_DE_PASSE_MODIFIE", cible: { type: "User", id: u.id }, apres: { sessionVersion: u.sessionVersion } },
      { now },
    );
    await queueMail(tx, {
      userId: u.id,
      adresse: "connexion",
      template: "mot-de-passe-modifie",
      data: { prenom: u.firstName, nom: u.lastName, le: dateHeureFr(now), reinitialisation: false },
    });
    return u;
  });
  await kickMailDelivery();
  return { sessionVersion };
}

/**
 * « Se déconnecter de tous les appareils »: every session of the user ends, this one included (the caller signs
 * it out). Written in the audit trail.
 */
export async function deconnecterPartout(acteur: Acteur, options: { now?: Date } = {}): Promise<void> {
  await db.$transaction(async (tx) => {
    const avant = await tx.user.findUniqueOrThrow({ where: { id: acteur.userId }, select: { sessionVersion: true } });
    await revoquerSessions(tx, acteur.userId);
    await journaliser(
      tx,
      acteur,
      {
        action: "COMPTE_SESSIONS_REVOQUEES",
        cible: { type: "User", id: acteur.userId },
        avant: { sessionVersion: avant.sessionVersion },
        apres: { sessionVersion: avant.sessionVersion + 1 },
      },
      { now: options.now },
    );
  });
}
