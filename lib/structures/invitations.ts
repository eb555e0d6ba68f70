import { db } from "@/lib/db";
import { journaliser } from "@/lib/audit/journal";
import { AppError, isUniqueViolation } from "@/lib/errors";
import type { Acteur } from "@/lib/auth/acteur";
import type { DroitService, Prisma } from "@/lib/generated/prisma/client";
import { kickMailDelivery, queueMail } from "@/lib/mail/outbox";
import { hashToken, newToken } from "@/lib/accounts/tokens";
import { checkPassword, motDePasseTropLong } from "@/lib/accounts/password";
import { hashPassword } from "@/lib/accounts/mot-de-passe";
import { exigerDroit } from "./droits";
import { structureMail, verrouillerStructure } from "./gestionnaires";
import { LIBELLES_DROIT, type ServiceEtDroit, verifierServices } from "./services-utilisateurs";

/**
 * « Inviter un utilisateur »: a gestionnaire sends an invitation to an e-mail address that is no account's yet. The mail
 * carries a link (random token, only its SHA-256 stored; valid INVITATION_VALIDITE_JOURS days; single use) to a page where
 * the invited person creates the account: it is active at once (the link proved the address), attached and validated to
 * the structure as « utilisateur simple », with the services and rights the gestionnaire chose. Inviting the same
 * address again replaces the pending invitation; a gestionnaire revokes a pending one. All journaled.
 */

export const INVITATION_VALIDITE_JOURS = 7;

type ServicesInvitation = ServiceEtDroit[];

const lireServices = (v: Prisma.JsonValue): ServicesInvitation =>
  Array.isArray(v)
    ? v.flatMap((x) =>
        x && typeof x === "object" && !Array.isArray(x) && typeof x.serviceId === "string" && (x.droit === "CONSULTATION" || x.droit === "MODIFICATION")
          ? [{ serviceId: x.serviceId, droit: x.droit as DroitService }]
          : [],
      )
    : [];

/** « DEPT-IMMO — Département Immobilier (Modification) », or the whole structure. */
async function servicesEnClair(structureId: string, services: ServicesInvitation): Promise<string[]> {
  if (services.length === 0) return [];
  const rows = await db.service.findMany({
    where: { structureId, id: { in: services.map((s) => s.serviceId) } },
    select: { id: true, code: true, libelle: true },
  });
  const parId = new Map(rows.map((r) => [r.id, r]));
  return services.flatMap((s) => {
    const r = parId.get(s.serviceId);
    return r ? [`${r.libelle} (${r.code}) : ${LIBELLES_DROIT[s.droit]}`] : [];
  });
}

export async function inviterUtilisateur(
  acteur: Acteur,
  structureId: string,
  input: { email: string; services: readonly ServiceEtDroit[] },
  o: { now?: Date } = {},
): Promise<{ id: string }> {
  const now = o.now ?? new Date();
  const email = input.email.trim().toLowerCase();
  await exigerDroit(acteur, structureId, "gererUtilisateurs");
  const services = await verifierServices(structureId, input.services);
  const existant = await db.user.findUnique({ where: { email }, select: { id: true, memberships: { where: { structureId }, select: { status: true } } } });
  if (existant?.memberships.some((m) => m.status === "VALIDEE" || m.status === "EN_COURS_DE_VALIDATION"))
    throw new AppError("EMAIL_DEJA_UTILISE", { email: "Cette personne est déjà rattachée à la structure (ou l'a demandé) : voyez la liste des utilisateurs." });
  if (existant)
    throw new AppError("EMAIL_DEJA_UTILISE", {
      email:
        "Un compte existe déjà avec cette adresse : la personne demande son rattachement à la structure depuis « Mes structures », puis vous le validez ici et lui attribuez ses services.",
    });
  const { token, hash } = newToken();
  const expiresAt = new Date(now.getTime() + INVITATION_VALIDITE_JOURS * 24 * 3600_000);
  const enClair = await servicesEnClair(structureId, services);
  const id = await db.$transaction(async (tx) => {
    const structure = await verrouillerStructure(tx, structureId);
    // A new invitation to the same address replaces the pending one (its link no longer works).
    await tx.invitation.updateMany({ where: { structureId, email, utiliseeLe: null, revoqueeLe: null }, data: { revoqueeLe: now } });
    const inv = await tx.invitation.create({
      data: {
        structureId,
        email,
        services: services.map((s) => ({ serviceId: s.serviceId, droit: s.droit })),
        tokenHash: hash,
        expiresAt,
        inviteParId: acteur.userId,
        createdAt: now,
      },
    });
    await journaliser(
      tx,
      acteur,
      {
        action: "INVITATION_ENVOYEE",
        structureId,
        cible: { type: "Invitation", id: inv.id },
        apres: { email, services: enClair.length ? enClair : ["Toute la structure"] },
      },
      { now },
    );
    // To an address that is no account's: `to` (lib/mail/outbox.ts); the link's token goes in `token`, which the
    // delivery removes from what it keeps.
    await queueMail(tx, {
      to: email,
      template: "invitation",
      data: {
        structure: structureMail(structure),
        invitePar: acteur.name,
        services: enClair,
        token,
        validiteJours: INVITATION_VALIDITE_JOURS,
      },
    });
    return inv.id;
  });
  await kickMailDelivery();
  return { id };
}

/** The pending invitations of the structure (not used, not revoked), newest first, for « Gérer les utilisateurs ». */
export async function invitationsEnAttente(acteur: Acteur, structureId: string, o: { now?: Date } = {}) {
  await exigerDroit(acteur, structureId, "gererUtilisateurs");
  const now = o.now ?? new Date();
  const rows = await db.invitation.findMany({
    where: { structureId, utiliseeLe: null, revoqueeLe: null },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: { id: true, email: true, services: true, expiresAt: true, createdAt: true },
  });
  return Promise.all(
    rows.map(async (r) => ({
      id: r.id,
      email: r.email,
      services: await servicesEnClair(structureId, lireServices(r.services)),
      envoyeeLe: r.createdAt,
      expireLe: r.expiresAt,
      expiree: r.expiresAt <= now,
    })),
  );
}

export async function revoquerInvitation(acteur: Acteur, invitationId: string, o: { now?: Date } = {}): Promise<void> {
  const now = o.now ?? new Date();
  const inv = await db.invitation.findUnique({ where: { id: invitationId }, select: { structureId: true, email: true } });
  if (!inv) throw new AppError("INTROUVABLE");
  await exigerDroit(acteur, inv.structureId, "gererUtilisateurs");
  await db.$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({ where: { id: invitationId, utiliseeLe: null, revoqueeLe: null }, data: { revoqueeLe: now } });
    if (count !== 1) throw new AppError("DEJA_TRAITE", {}, "Cette invitation a déjà été utilisée ou révoquée.");
    await journaliser(
      tx,
      acteur,
      { action: "INVITATION_REVOQUEE", structureId: inv.structureId, cible: { type: "Invitation", id: invitationId }, avant: { email: inv.email } },
      { now },
    );
  });
}

export type EtatInvitation =
  | { etat: "VALIDE"; email: string; structure: string; services: string[]; expireLe: Date }
  | { etat: "INVALIDE" | "EXPIREE" | "UTILISEE" };

/** What the invitation page shows for a link: the structure and the services, or why the link no longer works. */
export async function etatInvitation(token: string, o: { now?: Date } = {}): Promise<EtatInvitation> {
  const now = o.now ?? new Date();
  if (!token || token.length > 200) return { etat: "INVALIDE" };
  const inv = await db.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { structure: { select: { raisonSociale: true, active: true } } },
  });
  if (!inv || inv.revoqueeLe || !inv.structure.active) return { etat: "INVALIDE" };
  if (inv.utiliseeLe) return { etat: "UTILISEE" };
  if (inv.expiresAt <= now) return { etat: "EXPIREE" };
  return {
    etat: "VALIDE",
    email: inv.email,
    structure: inv.structure.raisonSociale,
    services: await servicesEnClair(inv.structureId, lireServices(inv.services)),
    expireLe: inv.expiresAt,
  };
}

export const MESSAGES_INVITATION = {
  INVALIDE: "Ce lien d'invitation n'est pas valide, ou l'invitation a été révoquée. Demandez une nouvelle invitation au gestionnaire de la structure.",
  EXPIREE: `Ce lien d'invitation a expiré : il n'était valable que ${INVITATION_VALIDITE_JOURS} jours. Demandez une nouvelle invitation au gestionnaire de la structure.`,
  UTILISEE: "Ce lien d'invitation a déjà été utilisé : connectez-vous avec le compte créé.",
} as const;

export type AccepterInvitationInput = { token: string; firstName: string; lastName: string; phone: string; password: string };

/**
 * « Créer mon compte » from an invitation: in one transaction, the invitation is spent (a conditional update: two
 * submissions create one account), the account is created active with the invited address as its sign-in and contact
 * address (confirmed: the link proved it), attached and validated to the structure as « utilisateur simple » with the
 * services still in the structure, and the acceptance journaled. An expired, used or revoked link creates nothing.
 */
export async function accepterInvitation(input: AccepterInvitationInput, o: { now?: Date } = {}): Promise<{ email: string }> {
  const now = o.now ?? new Date();
  if (motDePasseTropLong(input.password)) throw new AppError("MOT_DE_PASSE_TROP_LONG");
  if (!checkPassword(input.password).ok) throw new AppError("MOT_DE_PASSE_FAIBLE", { password: "Le mot de passe ne respecte pas les règles." });
  const etat = await etatInvitation(input.token, { now });
  if (etat.etat === "EXPIREE") throw new AppError("LIEN_EXPIRE", {}, MESSAGES_INVITATION.EXPIREE);
  if (etat.etat === "UTILISEE") throw new AppError("LIEN_UTILISE", {}, MESSAGES_INVITATION.UTILISEE);
  if (etat.etat === "INVALIDE") throw new AppError("LIEN_INVALIDE", {}, MESSAGES_INVITATION.INVALIDE);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const tokenHash = hashToken(input.token);
      const { count } = await tx.invitation.updateMany({
        where: { tokenHash, utiliseeLe: null, revoqueeLe: null, expiresAt: { gt: now } },
        data: { utiliseeLe: now },
      });
      if (count !== 1) throw new AppError("LIEN_UTILISE", {}, MESSAGES_INVITATION.UTILISEE);
      const inv = await tx.invitation.findUniqueOrThrow({ where: { tokenHash } });
      const user = await tx.user.create({
        data: {
          email: inv.email,
          firstName: input.firstName,
          lastName: input.lastName,
          phone: input.phone,
          contactEmail: inv.email,
          contactEmailConfirmeLe: now,
          passwordHash,
          status: "ACTIF",
          activatedAt: now,
          termsAcceptedAt: now,
          createdAt: now,
          currentStructureId: inv.structureId,
        },
      });
      const membership = await tx.membership.create({
        data: {
          userId: user.id,
          structureId: inv.structureId,
          role: "UTILISATEUR_SIMPLE",
          status: "VALIDEE",
          decidedById: inv.inviteParId,
          decidedAt: now,
          createdAt: now,
        },
      });
      // The services chosen, those still in the structure.
      const voulus = lireServices(inv.services);
      const existants = voulus.length
        ? new Set(
            (await tx.service.findMany({ where: { structureId: inv.structureId, id: { in: voulus.map((s) => s.serviceId) } }, select: { id: true } })).map(
              (s) => s.id,
            ),
          )
        : new Set<string>();
      const services = voulus.filter((s) => existants.has(s.serviceId));
      if (services.length)
        await tx.membershipService.createMany({
          data: services.map((s) => ({ membershipId: membership.id, serviceId: s.serviceId, droit: s.droit, createdAt: now })),
        });
      const acteur: Acteur = { userId: user.id, email: user.email, name: `${user.firstName} ${user.lastName}`, structure: null };
      await journaliser(
        tx,
        acteur,
        {
          action: "INVITATION_ACCEPTEE",
          structureId: inv.structureId,
          cible: { type: "Membership", id: membership.id },
          apres: {
            email: user.email,
            role: "UTILISATEUR_SIMPLE",
            status: "VALIDEE",
            services: services.length ? await servicesEnClair(inv.structureId, services) : ["Toute la structure"],
          },
        },
        { now },
      );
      return { email: user.email };
    });
  } catch (error) {
    if (isUniqueViolation(error, "User_email_key")) throw new AppError("EMAIL_DEJA_UTILISE");
    throw error;
  }
}
