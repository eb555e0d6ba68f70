import argon2 from "argon2";
import { db, type Tx } from "@/lib/db";
import { champsModifies, journaliser } from "@/lib/audit/journal";
import { AppError } from "@/lib/errors";
import type { Acteur } from "@/lib/auth/acteur";
import { verrouillerStructure } from "@/lib/structures/gestionnaires";
import { echecConnexion, oublierEchecsConnexion, tentativeConnexion } from "@/lib/securite/limites";
import type { IdentiteData } from "./compte-schemas";
import { motDePasseTropLong } from "./password";
import { revoquerSessions } from "./sessions";

/** « Mon compte » → « Mes informations »: what the actor may change about himself. */
export async function monIdentite(acteur: Acteur) {
  const user = await db.user.findUnique({ where: { id: acteur.userId }, select: { firstName: true, lastName: true, phone: true } });
  if (!user) throw new AppError("INTROUVABLE");
  return user;
}

/**
 * « Enregistrer mes informations »: first name, last name and phone (already validated and formatted by
 * `identiteSchema`). The sign-in address is not one of them (it is the account's identifier). Journaled with the
 * fields that changed; the same values again change nothing.
 */
export async function modifierIdentite(acteur: Acteur, saisie: IdentiteData, o: { now?: Date } = {}): Promise<{ modifie: boolean }> {
  return db.$transaction(async (tx) => {
    const [avant] = await tx.$queryRaw<{ firstName: string; lastName: string; phone: string; status: string }[]>`
      SELECT "firstName", "lastName", phone, status::text AS status FROM "User" WHERE id = ${acteur.userId}::uuid FOR UPDATE`;
    if (avant?.status !== "ACTIF") throw new AppError("NON_AUTORISE");
    const apres = { firstName: saisie.firstName, lastName: saisie.lastName, phone: saisie.phone };
    const changes = champsModifies({ firstName: avant.firstName, lastName: avant.lastName, phone: avant.phone }, apres);
    if (!changes) return { modifie: false };
    await tx.user.update({ where: { id: acteur.userId }, data: apres });
    await journaliser(tx, acteur, { action: "COMPTE_MODIFIE", cible: { type: "User", id: acteur.userId }, ...changes }, { now: o.now });
    return { modifie: true };
  });
}

/**
 * The current password, checked as at sign-in: a wrong one costs the same growing waits (lib/securite/limites.ts),
 * so that a borrowed session can neither guess it nor use it to close the account.
 */
export async function verifierMotDePasseActuel(acteur: Acteur, motDePasse: string, champ: string): Promise<void> {
  if (motDePasseTropLong(motDePasse)) throw new AppError("MOT_DE_PASSE_ACTUEL_INCORRECT", { [champ]: "Le mot de passe saisi est incorrect." });
  const rang = await tentativeConnexion(acteur.email);
  const user = await db.user.findUnique({ where: { id: acteur.userId }, omit: { passwordHash: false } });
  const juste = !!user?.passwordHash && (await argon2.verify(user.passwordHash, motDePasse).catch(() => false));
  if (!juste) {
    await echecConnexion(acteur.email, rang);
    throw new AppError(
      "MOT_DE_PASSE_ACTUEL_INCORRECT",
      { [champ]: "Le mot de passe saisi est incorrect." },
      "Le mot de passe saisi est incorrect : votre compte n'a pas été désactivé.",
    );
  }
  await oublierEchecsConnexion(acteur.email);
}

export type StructureBloquante = { id: string; raisonSociale: string; identifier: string };

/** The structures of which the actor is the only active gestionnaire principal (his account cannot be closed while they are). */
export async function structuresSansAutrePrincipal(acteur: Acteur, tx: Tx = db as unknown as Tx): Promise<StructureBloquante[]> {
  const principal = await tx.membership.findMany({
    where: { userId: acteur.userId, role: "GESTIONNAIRE_PRINCIPAL", status: "VALIDEE", structure: { active: true } },
    select: { structure: { select: { id: true, raisonSociale: true, identifier: true } } },
  });
  const bloquantes: StructureBloquante[] = [];
  for (const { structure } of principal) {
    const autres = await tx.membership.count({
      where: { structureId: structure.id, role: "GESTIONNAIRE_PRINCIPAL", status: "VALIDEE", userId: { not: acteur.userId }, user: { status: "ACTIF" } },
    });
    if (autres === 0) bloquantes.push(structure);
  }
  return bloquantes;
}

function refusDernierPrincipal(bloquantes: StructureBloquante[]): AppError {
  const noms = bloquantes.map((s) => `${s.raisonSociale} (${s.identifier})`).join(", ");
  return new AppError(
    "DERNIER_GESTIONNAIRE_PRINCIPAL",
    {},
    `Vous êtes le seul gestionnaire principal de ${noms} : une structure doit toujours en garder un. Nommez d'abord un autre gestionnaire principal dans « Structures » → « Gérer les utilisateurs » (ou demandez à un administrateur du portail de le réattribuer), puis désactivez votre compte.`,
  );
}

/**
 * « Désactiver mon compte »: refused while the actor is the only active gestionnaire principal of a structure (the
 * refusal names them and says what to do first); then the current password, then, in one transaction under the
 * structures' locks: the account DESACTIVE (sign-in refused, every session ended), its attachments closed (the
 * structures' managers see it in their « Journal »), and the audit entries.
 */
export async function desactiverMonCompte(acteur: Acteur, saisie: { motDePasse: string }, o: { now?: Date } = {}): Promise<void> {
  const now = o.now ?? new Date();
  const avant = await structuresSansAutrePrincipal(acteur);
  if (avant.length) throw refusDernierPrincipal(avant);
  await verifierMotDePasseActuel(acteur, saisie.motDePasse, "motDePasse");
  await db.$transaction(async (tx) => {
    const rattachements = await tx.membership.findMany({
      where: { userId: acteur.userId, status: { in: ["VALIDEE", "EN_COURS_DE_VALIDATION"] } },
      select: { id: true, structureId: true, role: true, status: true },
      orderBy: { structureId: "asc" },
    });
    // The same order as every other writer of a structure's members: no deadlock, and what is checked is current.
    for (const r of rattachements) await verrouillerStructure(tx, r.structureId);
    const bloquantes = await structuresSansAutrePrincipal(acteur, tx);
    if (bloquantes.length) throw refusDernierPrincipal(bloquantes);
    const user = await tx.user.findUnique({ where: { id: acteur.userId }, select: { status: true } });
    if (user?.status !== "ACTIF") throw new AppError("NON_AUTORISE");
    await tx.membership.updateMany({
      where: { id: { in: rattachements.map((r) => r.id) } },
      data: { status: "DESACTIVEE", decidedById: acteur.userId, decidedAt: now },
    });
    await tx.user.update({ where: { id: acteur.userId }, data: { status: "DESACTIVE" } });
    await revoquerSessions(tx, acteur.userId);
    await journaliser(
      tx,
      acteur,
      [
        { action: "COMPTE_DESACTIVE", cible: { type: "User", id: acteur.userId }, avant: { status: "ACTIF" }, apres: { status: "DESACTIVE" } },
        ...rattachements.map((r) => ({
          action: "COMPTE_DESACTIVE" as const,
          structureId: r.structureId,
          cible: { type: "Membership", id: r.id },
          avant: { status: r.status, role: r.role },
          apres: { status: "DESACTIVEE" },
        })),
      ],
      { now },
    );
  });
}
