import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { zodFieldErrors } from "@/lib/actions";
import { journaliser } from "@/lib/audit/journal";
import type { Acteur } from "@/lib/auth/acteur";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { PorteeApi } from "@/lib/generated/prisma/client";
import { exigerDroit } from "@/lib/structures/droits";
import { compteTechniqueSchema, type CompteTechniqueForm } from "./comptes-techniques-schema";

/**
 * « Paramètres » → « Comptes techniques »: the credentials a structure gives its software for the API (issue 12).
 *
 * A technical account acts through its own technical user (User.technique), attached to the structure and validated
 * as a simple user: every API call runs the same domain functions as a person, with the same rights checks, and the
 * history names the account. The scopes (DEPOT, TRAITEMENT, LECTURE) narrow what its calls may do; they never widen
 * what the structure may do.
 *
 * The secret is shown once, at creation or renewal: `ftk_<account id without dashes>_<43 characters>`. It is 256
 * random bits, so its SHA-256 is stored (a slow hash such as argon2 protects guessable passwords; nothing guesses
 * 2^256). Gestionnaires (principal and secondaire) of the structure manage them; every change is journaled.
 */

export { compteTechniqueSchema, PORTEES, type CompteTechniqueForm } from "./comptes-techniques-schema";

const PREFIXE = "ftk_";

/** A new secret for the account: shown once, stored as its SHA-256. */
function nouveauSecret(compteId: string): { secret: string; secretHash: string; secretFin: string } {
  const secret = `${PREFIXE}${compteId.replaceAll("-", "")}_${randomBytes(32).toString("base64url")}`;
  return { secret, secretHash: empreinteSecret(secret), secretFin: secret.slice(-4) };
}

export function empreinteSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** The account id a secret names (its second part), or null when it is not shaped as one. */
export function compteDuSecret(secret: string): string | null {
  const m = /^ftk_([0-9a-f]{32})_[A-Za-z0-9_-]{43}$/.exec(secret);
  if (!m) return null;
  return uuidDeHex(m[1]);
}

/** « 0a1b…(32 hex) » → the UUID it writes without dashes (the account id inside a secret or a token). */
export function uuidDeHex(h: string): string {
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Constant-time comparison of a presented secret with the stored hash. */
export function secretCorrespond(secret: string, secretHash: string): boolean {
  const a = Buffer.from(empreinteSecret(secret), "hex");
  const b = Buffer.from(secretHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

export type CompteTechniqueVue = {
  id: string;
  nom: string;
  portees: PorteeApi[];
  secretFin: string;
  creePar: string;
  createdAt: Date;
  renouveleLe: Date | null;
  revoqueLe: Date | null;
  derniereUtilisation: Date | null;
};

/** The structure's technical accounts, newest first (gestionnaires). */
export async function listerComptesTechniques(acteur: Acteur, structureId: string): Promise<CompteTechniqueVue[]> {
  await exigerDroit(acteur, structureId, "gererUtilisateurs");
  const comptes = await db.compteTechnique.findMany({
    where: { structureId },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      nom: true,
      portees: true,
      secretFin: true,
      createdAt: true,
      renouveleLe: true,
      revoqueLe: true,
      derniereUtilisation: true,
      creePar: { select: { firstName: true, lastName: true } },
    },
  });
  return comptes.map(({ creePar, ...c }) => ({ ...c, creePar: `${creePar.firstName} ${creePar.lastName}` }));
}

/** « Créer un compte technique »: the account, its technical user (attached, validated), and the secret, shown once. */
export async function creerCompteTechnique(acteur: Acteur, structureId: string, saisie: CompteTechniqueForm): Promise<{ id: string; secret: string }> {
  const r = compteTechniqueSchema.safeParse(saisie);
  if (!r.success) throw new AppError("SAISIE_INVALIDE", zodFieldErrors(r.error));
  await exigerDroit(acteur, structureId, "gererUtilisateurs");
  const { nom, portees } = r.data;
  return db.$transaction(async (tx) => {
    const structure = await tx.structure.findUniqueOrThrow({ where: { id: structureId }, select: { raisonSociale: true } });
    const userId = crypto.randomUUID();
    const id = crypto.randomUUID();
    await tx.user.create({
      data: {
        id: userId,
        // Never a real address (RFC 2606 .invalid): nothing is ever sent to it, and nobody can sign in with it.
        email: `compte-technique-${id}@api.invalid`,
        contactEmail: `compte-technique-${id}@api.invalid`,
        firstName: "Compte technique",
        lastName: `« ${nom} »`,
        phone: "",
        status: "ACTIF",
        technique: true,
        termsAcceptedAt: new Date(),
        currentStructureId: structureId,
        memberships: {
          create: { structureId, role: "UTILISATEUR_SIMPLE", status: "VALIDEE", decidedById: acteur.userId, decidedAt: new Date() },
        },
      },
    });
    const { secret, secretHash, secretFin } = nouveauSecret(id);
    await tx.compteTechnique.create({ data: { id, structureId, userId, nom, portees, secretHash, secretFin, creeParId: acteur.userId } });
    await journaliser(tx, acteur, {
      action: "COMPTE_TECHNIQUE_CREE",
      structureId,
      cible: { type: "CompteTechnique", id },
      apres: { nom, portees, structure: structure.raisonSociale },
    });
    return { id, secret };
  });
}

async function compteGere(acteur: Acteur, compteId: string) {
  const compte = await db.compteTechnique.findUnique({
    where: { id: compteId },
    select: { id: true, structureId: true, nom: true, revoqueLe: true, userId: true },
  });
  if (!compte) throw new AppError("INTROUVABLE");
  await exigerDroit(acteur, compte.structureId, "gererUtilisateurs");
  return compte;
}

/** « Renouveler le secret »: the old secret and every token drawn from it stop working at once. */
export async function renouvelerSecret(acteur: Acteur, compteId: string): Promise<{ secret: string }> {
  const compte = await compteGere(acteur, compteId);
  if (compte.revoqueLe) throw new AppError("COMPTE_TECHNIQUE_REVOQUE");
  return db.$transaction(async (tx) => {
    const { secret, secretHash, secretFin } = nouveauSecret(compte.id);
    const n = await tx.compteTechnique.updateMany({ where: { id: compte.id, revoqueLe: null }, data: { secretHash, secretFin, renouveleLe: new Date() } });
    if (!n.count) throw new AppError("COMPTE_TECHNIQUE_REVOQUE");
    // Tokens carry the session version of the technical user: a renewal ends them.
    await tx.user.update({ where: { id: compte.userId }, data: { sessionVersion: { increment: 1 } } });
    await journaliser(tx, acteur, {
      action: "COMPTE_TECHNIQUE_SECRET_RENOUVELE",
      structureId: compte.structureId,
      cible: { type: "CompteTechnique", id: compte.id },
      apres: { nom: compte.nom, secretFin },
    });
    return { secret };
  });
}

/** « Révoquer »: the account stops working at once, for good (its history stays). */
export async function revoquerCompteTechnique(acteur: Acteur, compteId: string): Promise<void> {
  const compte = await compteGere(acteur, compteId);
  if (compte.revoqueLe) return;
  await db.$transaction(async (tx) => {
    const n = await tx.compteTechnique.updateMany({ where: { id: compte.id, revoqueLe: null }, data: { revoqueLe: new Date() } });
    if (!n.count) return;
    await tx.user.update({ where: { id: compte.userId }, data: { status: "DESACTIVE", sessionVersion: { increment: 1 } } });
    await journaliser(tx, acteur, {
      action: "COMPTE_TECHNIQUE_REVOQUE",
      structureId: compte.structureId,
      cible: { type: "CompteTechnique", id: compte.id },
      avant: { nom: compte.nom, revoque: false },
      apres: { revoque: true },
    });
  });
}
