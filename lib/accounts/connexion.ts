import argon2 from "argon2";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { kickMailDelivery, queueMail } from "@/lib/mail/outbox";
import {
  ECHECS_AVANT_VERROUILLAGE,
  VERROUILLAGE_MINUTES,
  alertePermise,
  echecConnexion,
  oublierEchecsConnexion,
  tentativeConnexion,
} from "@/lib/securite/limites";
import { hashPassword, nouveauLien } from "./mot-de-passe";
import { motDePasseTropLong } from "./password";

// Verified when the account has no password (unknown address, not activated), so that every case takes the same time.
let dummyHash: Promise<string> | undefined;

export type UtilisateurConnecte = { id: string; email: string; name: string; sessionVersion: number };

/**
 * Checks a login and password. Every refusal is the same IDENTIFIANTS_INVALIDES, whatever its cause (unknown
 * address, wrong password, account not activated, deactivated or locked): the page tells an attacker nothing
 * about the account. The owner is told by mail what happened (lock, attempt on a deactivated or not-activated
 * account, the latter with a new activation link), at most one such mail every VERROUILLAGE_MINUTES.
 *
 * Repeated failures on one address slow its attempts down, then lock it for a while (`tentativeConnexion`,
 * lib/securite/limites.ts): TROP_DE_DEMANDES with the wait, the same whether the account exists or not.
 * `failedLoginCount` and `lockedUntil` mirror that count and lock on the account.
 */
export async function verifierIdentifiants(email: string, password: string, options: { ip?: string | null; now?: Date } = {}): Promise<UtilisateurConnecte> {
  const now = options.now ?? new Date();
  const identifiant = email.trim().toLowerCase();
  // Never hashed, never counted: no password of the portal is that long.
  if (motDePasseTropLong(password)) throw new AppError("MOT_DE_PASSE_TROP_LONG");
  const rang = await tentativeConnexion(identifiant);

  const user = await db.user.findUnique({ where: { email: identifiant }, omit: { passwordHash: false } });
  let motDePasseJuste = false;
  if (user?.passwordHash) {
    motDePasseJuste = await argon2.verify(user.passwordHash, password).catch(() => false);
  } else {
    dummyHash ??= hashPassword("mot-de-passe-factice");
    await argon2.verify(await dummyHash, password).catch(() => false);
  }
  const verrouille = !!user?.lockedUntil && user.lockedUntil > now;

  if (user && motDePasseJuste && user.status === "ACTIF" && !verrouille) {
    await oublierEchecsConnexion(identifiant);
    const connecte = await db.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now } });
    return { id: user.id, email: user.email, name: `${user.firstName} ${user.lastName}`, sessionVersion: connecte.sessionVersion };
  }

  const attente = await echecConnexion(identifiant, rang);
  if (user) await prevenirLeTitulaire(user, { rang, attente, verrouille, now });
  throw new AppError("IDENTIFIANTS_INVALIDES");
}

type Titulaire = { id: string; firstName: string; lastName: string; status: "ACTIF" | "EN_ATTENTE_ACTIVATION" | "DESACTIVE"; lockedUntil: Date | null };

/** The account's side of a failure: its counter and lock, and what its owner is told (one mail per VERROUILLAGE_MINUTES at most). */
async function prevenirLeTitulaire(user: Titulaire, o: { rang: number; attente: number; verrouille: boolean; now: Date }): Promise<void> {
  const verrouillage = o.rang >= ECHECS_AVANT_VERROUILLAGE;
  const motif =
    user.status === "EN_ATTENTE_ACTIVATION"
      ? "NON_ACTIVE"
      : user.status === "DESACTIVE"
        ? "DESACTIVE"
        : // The lock is announced when it starts, not at each attempt during it.
          o.rang === ECHECS_AVANT_VERROUILLAGE && !o.verrouille
          ? "VERROUILLE"
          : null;
  const prevenir = motif !== null && (await alertePermise(user.id));
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: {
        failedLoginCount: o.rang,
        ...(verrouillage ? { lockedUntil: new Date(o.now.getTime() + o.attente * 1000) } : {}),
      },
    });
    if (!prevenir) return;
    const personne = { prenom: user.firstName, nom: user.lastName };
    if (motif === "NON_ACTIVE") {
      const token = await nouveauLien(tx, user.id, "ACTIVATION", o.now);
      await queueMail(tx, { userId: user.id, adresse: "connexion", template: "alerte-connexion", data: { ...personne, motif, token } });
    } else if (motif === "VERROUILLE") {
      await queueMail(tx, { userId: user.id, adresse: "connexion", template: "alerte-connexion", data: { ...personne, motif, minutes: VERROUILLAGE_MINUTES } });
    } else if (motif === "DESACTIVE") {
      await queueMail(tx, { userId: user.id, adresse: "connexion", template: "alerte-connexion", data: { ...personne, motif } });
    }
  });
  if (prevenir) await kickMailDelivery();
}
