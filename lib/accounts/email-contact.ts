import { db, type Client, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Acteur } from "@/lib/auth/acteur";
import { dateHeureFr } from "@/lib/invoices/format";
import { kickMailDelivery, queueMail } from "@/lib/mail/outbox";
import { hashToken, LINK_VALIDITY_MINUTES, newToken } from "./tokens";

/**
 * The « E-mail du contact »: where the portal's mails go, once confirmed by the link sent to it (lib/mail/outbox.ts
 * sends to the sign-in address until then). An address nobody confirmed reaches nobody's mail: typing another
 * person's address gets you nothing of theirs, and them nothing of yours.
 */

/** Between two links to the same address (« Renvoyer le lien de confirmation »). */
export const DELAI_ENTRE_LIENS_MS = 60_000;
/** Links a user may have sent in an hour (the address typed may not be his: the portal must not be a mail cannon). */
export const LIENS_PAR_HEURE = 5;

type Utilisateur = { id: string; email: string; firstName: string; lastName: string; contactEmail: string };

const memeAdresse = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * A new confirmation link, mailed to the contact address itself (not to the user: the point is to prove that address).
 * Any earlier link of the user dies: only the address last asked for can be confirmed.
 */
async function envoyerLien(tx: Tx, user: Utilisateur, now: Date): Promise<void> {
  const { token, hash } = newToken();
  await tx.userToken.updateMany({ where: { userId: user.id, purpose: "CONFIRMATION_CONTACT", usedAt: null }, data: { usedAt: now } });
  await tx.userToken.create({
    data: {
      userId: user.id,
      purpose: "CONFIRMATION_CONTACT",
      tokenHash: hash,
      createdAt: now,
      expiresAt: new Date(now.getTime() + LINK_VALIDITY_MINUTES * 60_000),
    },
  });
  await queueMail(tx, {
    to: user.contactEmail,
    template: "confirmation-email-contact",
    data: { prenom: user.firstName, nom: user.lastName, email: user.contactEmail, token },
  });
}

/**
 * At activation, in its transaction: a contact address equal to the sign-in address is confirmed at once (the
 * activation link, received there, proved it); another one gets its confirmation link. The caller kicks the mail
 * delivery after its commit.
 */
export async function confirmerContactALActivation(tx: Tx, userId: string, now: Date): Promise<void> {
  const user = await tx.user.findUniqueOrThrow({ where: { id: userId } });
  if (user.contactEmailConfirmeLe) return;
  if (memeAdresse(user.contactEmail, user.email)) await tx.user.update({ where: { id: userId }, data: { contactEmailConfirmeLe: now } });
  else await envoyerLien(tx, user, now);
}

export type EtatConfirmation = { etat: "VALIDE"; email: string } | { etat: "EXPIRE" | "UTILISE" | "INVALIDE" };

/** What the confirmation page says before the click. */
export async function etatLienConfirmation(token: string, o: { now?: Date; tx?: Client } = {}): Promise<EtatConfirmation> {
  const now = o.now ?? new Date();
  const row = await (o.tx ?? db).userToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: { select: { contactEmail: true } } } });
  if (row?.purpose !== "CONFIRMATION_CONTACT") return { etat: "INVALIDE" };
  if (row.usedAt) return { etat: "UTILISE" };
  if (row.expiresAt <= now) return { etat: "EXPIRE" };
  return { etat: "VALIDE", email: row.user.contactEmail };
}

/**
 * « Confirmer cette adresse »: the link is spent (once, even when two clicks race) and the contact address confirmed.
 * No session needed: the link, received at that address, is the proof.
 */
export async function confirmerEmailContact(token: string, o: { now?: Date } = {}): Promise<{ email: string }> {
  const now = o.now ?? new Date();
  return db.$transaction(async (tx) => {
    const etat = await etatLienConfirmation(token, { now, tx });
    if (etat.etat === "EXPIRE")
      throw new AppError("LIEN_EXPIRE", {}, "Ce lien a expiré : il n'était valable que 60 minutes. Demandez-en un nouveau depuis « Mon compte ».");
    if (etat.etat === "UTILISE") throw new AppError("LIEN_UTILISE", {}, "Ce lien a déjà été utilisé, ou un lien plus récent a été envoyé.");
    if (etat.etat === "INVALIDE") throw new AppError("LIEN_INVALIDE");
    const tokenHash = hashToken(token);
    const { count } = await tx.userToken.updateMany({ where: { tokenHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (count !== 1) throw new AppError("LIEN_UTILISE", {}, "Ce lien a déjà été utilisé, ou un lien plus récent a été envoyé.");
    const { userId } = await tx.userToken.findUniqueOrThrow({ where: { tokenHash } });
    const user = await tx.user.update({ where: { id: userId }, data: { contactEmailConfirmeLe: now }, select: { contactEmail: true } });
    return { email: user.contactEmail };
  });
}

export type MonEmailContact = { email: string; contactEmail: string; confirmeLe: Date | null; lienEnvoyeLe: Date | null };

/** « Mon compte »: the actor's contact address, whether it is confirmed, and when the last link was sent. */
export async function monEmailContact(acteur: Acteur): Promise<MonEmailContact> {
  const user = await db.user.findUnique({
    where: { id: acteur.userId },
    select: {
      email: true,
      contactEmail: true,
      contactEmailConfirmeLe: true,
      tokens: { where: { purpose: "CONFIRMATION_CONTACT" }, orderBy: { createdAt: "desc" }, take: 1, select: { createdAt: true } },
    },
  });
  if (!user) throw new AppError("INTROUVABLE");
  return { email: user.email, contactEmail: user.contactEmail, confirmeLe: user.contactEmailConfirmeLe, lienEnvoyeLe: user.tokens[0]?.createdAt ?? null };
}

/**
 * « Modifier l'e-mail du contact »: the new address is unconfirmed (mails go to the sign-in address) until its link is
 * followed — unless it is the sign-in address itself, confirmed already. The same address again changes nothing.
 */
export async function modifierEmailContact(
  acteur: Acteur,
  input: { contactEmail: string },
  o: { now?: Date } = {},
): Promise<{ confirmee: boolean; lienEnvoye: boolean }> {
  const now = o.now ?? new Date();
  const contactEmail = input.contactEmail.trim().toLowerCase();
  const resultat = await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: acteur.userId } });
    if (user?.status !== "ACTIF") throw new AppError("NON_AUTORISE");
    if (memeAdresse(user.contactEmail, contactEmail) && (user.contactEmailConfirmeLe || memeAdresse(contactEmail, user.email)))
      return { confirmee: !!user.contactEmailConfirmeLe, lienEnvoye: false };
    if (memeAdresse(contactEmail, user.email)) {
      await tx.userToken.updateMany({ where: { userId: user.id, purpose: "CONFIRMATION_CONTACT", usedAt: null }, data: { usedAt: now } });
      await tx.user.update({ where: { id: user.id }, data: { contactEmail, contactEmailConfirmeLe: now } });
      return { confirmee: true, lienEnvoye: false };
    }
    await limiterLiens(tx, user.id, now, { memeAdresse: memeAdresse(user.contactEmail, contactEmail) });
    const modifie = await tx.user.update({ where: { id: user.id }, data: { contactEmail, contactEmailConfirmeLe: null } });
    await envoyerLien(tx, modifie, now);
    // The owner hears of it at his sign-in address: the portal's mails are about to go elsewhere.
    if (!memeAdresse(user.contactEmail, contactEmail))
      await queueMail(tx, {
        userId: user.id,
        adresse: "connexion",
        template: "email-contact-modifie",
        data: { prenom: user.firstName, nom: user.lastName, le: dateHeureFr(now), nouvelleAdresse: contactEmail },
      });
    return { confirmee: false, lienEnvoye: true };
  });
  if (resultat.lienEnvoye) await kickMailDelivery();
  return resultat;
}

/** « Renvoyer le lien de confirmation » (at most one per minute: the address may not be the user's own). */
export async function renvoyerLienConfirmation(acteur: Acteur, o: { now?: Date } = {}): Promise<void> {
  const now = o.now ?? new Date();
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: acteur.userId } });
    if (user?.status !== "ACTIF") throw new AppError("NON_AUTORISE");
    if (user.contactEmailConfirmeLe) throw new AppError("DEJA_TRAITE", {}, "Votre adresse électronique de contact est déjà confirmée.");
    await limiterLiens(tx, user.id, now, { memeAdresse: true });
    await envoyerLien(tx, user, now);
  });
  await kickMailDelivery();
}

/**
 * Refuses a link to the same address less than DELAI_ENTRE_LIENS_MS after the previous one, and more than
 * LIENS_PAR_HEURE links in an hour. The user's row is locked meanwhile: two requests at once are counted one after the other.
 */
async function limiterLiens(tx: Tx, userId: string, now: Date, o: { memeAdresse: boolean }): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${userId}::uuid FOR UPDATE`;
  const recents = await tx.userToken.findMany({
    where: { userId, purpose: "CONFIRMATION_CONTACT", createdAt: { gt: new Date(now.getTime() - 3_600_000), lte: now } },
    select: { createdAt: true },
  });
  const derniere = Math.max(0, ...recents.map((r) => r.createdAt.getTime()));
  if (recents.length >= LIENS_PAR_HEURE || (o.memeAdresse && now.getTime() - derniere < DELAI_ENTRE_LIENS_MS))
    throw new AppError("TROP_DE_DEMANDES", {}, "Un lien de confirmation vient d'être envoyé : patientez avant d'en demander un autre.");
}
