import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { kickMailDelivery } from "@/lib/mail/outbox";
import { journaliser, type EntreeJournal } from "@/lib/audit/journal";
import { exigerAdministrateur } from "@/lib/auth/administrateur";
import type { Acteur } from "@/lib/auth/acteur";
import type { Structure } from "@/lib/generated/prisma/client";
import { envoyerAuxGestionnaires, structureMail, verrouillerStructure } from "@/lib/structures/gestionnaires";

/**
 * The administrators' « Structures »: find any structure (active or not), see its managers and members, deactivate
 * or reactivate it, and hand its gestionnaire principal role to another validated member when it was claimed by the
 * wrong person. Every function checks the administrator first (from the database), writes its audit entry in the
 * same transaction and mails the structure's managers.
 */

export const TAILLE_PAGE_ADMINISTRATION = 20;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters (a NUL above all) are what this removes
const CONTROLES = /[\u0000-\u001f\u007f]/g;

export type LigneStructureAdministration = {
  id: string;
  raisonSociale: string;
  libelle: string | null;
  identifierType: Structure["identifierType"];
  identifier: string;
  active: boolean;
  isPublicBuyer: boolean;
  membres: number;
};

/**
 * Search by name (accent- and case-insensitive, anywhere in the name) or by identifier (its beginning, spaces
 * ignored); inactive structures included. An empty search lists nothing.
 */
export async function rechercherStructuresAdministration(
  acteur: Acteur,
  input: { q?: string; page?: number },
): Promise<{ total: number; page: number; pageSize: number; results: LigneStructureAdministration[] }> {
  await exigerAdministrateur(acteur);
  const page = Math.max(1, Math.floor(input.page ?? 1));
  const q = (input.q ?? "").replace(CONTROLES, " ").trim().slice(0, 200);
  const vide = { total: 0, page, pageSize: TAILLE_PAGE_ADMINISTRATION, results: [] };
  if (!q) return vide;
  const [{ nom }] = await db.$queryRaw<{ nom: string | null }[]>`SELECT portail_normalise(${q}) AS nom`;
  // Identifiers are letters and digits only (SIRET, VAT, RIDET…): nothing else reaches the LIKE pattern.
  const identifiant = q.toUpperCase().replace(/[^A-Z0-9]/g, "");
  const where = {
    OR: [...(nom ? [{ rechercheNom: { contains: nom } }] : []), ...(identifiant ? [{ identifier: { startsWith: identifiant } }] : [])],
  };
  if (where.OR.length === 0) return vide;
  const [total, lignes] = await Promise.all([
    db.structure.count({ where }),
    db.structure.findMany({
      where,
      select: {
        id: true,
        raisonSociale: true,
        libelle: true,
        identifierType: true,
        identifier: true,
        active: true,
        isPublicBuyer: true,
        _count: { select: { memberships: { where: { status: "VALIDEE" } } } },
      },
      orderBy: [{ raisonSociale: "asc" }, { identifier: "asc" }],
      skip: (page - 1) * TAILLE_PAGE_ADMINISTRATION,
      take: TAILLE_PAGE_ADMINISTRATION,
    }),
  ]);
  return {
    total,
    page,
    pageSize: TAILLE_PAGE_ADMINISTRATION,
    results: lignes.map(({ _count, ...s }) => ({ ...s, membres: _count.memberships })),
  };
}

/** A structure as administrators see it: its data, its public-buyer status and requests, every member with his state. */
export async function structureAdministration(acteur: Acteur, structureId: string) {
  await exigerAdministrateur(acteur);
  const s = await db.structure.findUnique({
    where: { id: structureId },
    include: {
      memberships: {
        include: { user: { select: { id: true, firstName: true, lastName: true, email: true, phone: true, status: true } } },
        orderBy: [{ role: "asc" }, { createdAt: "asc" }],
      },
      demandesAcheteurPublic: { orderBy: { createdAt: "desc" }, take: 10, include: { demandeur: { select: { firstName: true, lastName: true } } } },
    },
  });
  if (!s) throw new AppError("INTROUVABLE");
  const { memberships, demandesAcheteurPublic, ...structure } = s;
  return {
    structure,
    membres: memberships.map((m) => ({
      id: m.id,
      userId: m.userId,
      nom: `${m.user.firstName} ${m.user.lastName}`,
      email: m.user.email,
      telephone: m.user.phone,
      compte: m.user.status,
      role: m.role,
      status: m.status,
      depuis: m.decidedAt ?? m.createdAt,
    })),
    demandes: demandesAcheteurPublic,
  };
}

/**
 * Deactivates (`active: false`) or reactivates a structure, with a reason. A deactivated structure disappears from
 * the directory and can no longer be named on an invoice; its members keep their attachment (a reactivation gives
 * everything back) but cannot act for it.
 */
export async function changerEtatStructure(
  acteur: Acteur,
  structureId: string,
  input: { active: boolean; motif: string },
  options: { now?: Date } = {},
): Promise<void> {
  const admin = await exigerAdministrateur(acteur);
  const now = options.now ?? new Date();
  const motif = input.motif.trim();
  if (!motif) throw new AppError("MOTIF_OBLIGATOIRE", { motif: "Indiquez le motif." });
  await db.$transaction(async (tx) => {
    const structure = await verrouillerStructure(tx, structureId);
    if (structure.active === input.active)
      throw new AppError("DEJA_TRAITE", {}, input.active ? "Cette structure est déjà active." : "Cette structure est déjà désactivée.");
    await tx.structure.update({ where: { id: structureId }, data: { active: input.active } });
    await journaliser(
      tx,
      admin,
      {
        action: input.active ? "STRUCTURE_REACTIVEE" : "STRUCTURE_DESACTIVEE",
        structureId,
        cible: { type: "Structure", id: structureId },
        avant: { active: structure.active },
        apres: { active: input.active, motif },
      },
      { now },
    );
    await envoyerAuxGestionnaires(tx, structure.id, (g) => ({
      userId: g.id,
      template: "structure-administration",
      data: { prenom: g.firstName, nom: g.lastName, structure: structureMail(structure), action: input.active ? "REACTIVEE" : "DESACTIVEE", motif },
    }));
  });
  await kickMailDelivery();
}

/** What becomes of the previous gestionnaires principaux when an administrator hands the role to someone else. */
export type SortAncienGestionnaire = "DESACTIVE" | "SECONDAIRE";

/**
 * Hands the gestionnaire principal role to another member whose attachment is validated (and account active), for a
 * structure claimed by the wrong person. The previous gestionnaires principaux are, by default, deactivated in the
 * structure (`DESACTIVE`: the usual case, someone who had no right to it loses his access at once; his role falls
 * to « utilisateur simple », so that a later reactivation by the new gestionnaire gives him no management right,
 * and his sessions end), or kept as gestionnaires secondaires (`SECONDAIRE`: a legitimate manager stepping down).
 * Audited, and mailed to the managers, the previous ones included.
 */
export async function reattribuerGestionnairePrincipal(
  acteur: Acteur,
  structureId: string,
  input: { membershipId: string; anciens: SortAncienGestionnaire; motif: string },
  options: { now?: Date } = {},
): Promise<void> {
  const admin = await exigerAdministrateur(acteur);
  const now = options.now ?? new Date();
  const motif = input.motif.trim();
  if (!motif) throw new AppError("MOTIF_OBLIGATOIRE", { motif: "Indiquez le motif." });
  await db.$transaction(async (tx) => {
    const structure = await verrouillerStructure(tx, structureId);
    const cible = await tx.membership.findUnique({ where: { id: input.membershipId }, include: { user: true } });
    if (!cible || cible.structureId !== structureId) throw new AppError("INTROUVABLE");
    if (cible.status !== "VALIDEE" || cible.user.status !== "ACTIF") throw new AppError("MEMBRE_NON_VALIDE");
    if (cible.role === "GESTIONNAIRE_PRINCIPAL") throw new AppError("DEJA_TRAITE", {}, "Cet utilisateur est déjà gestionnaire principal de la structure.");
    const anciens = await tx.membership.findMany({
      where: { structureId, role: "GESTIONNAIRE_PRINCIPAL", status: "VALIDEE" },
      include: { user: { select: { id: true, firstName: true, lastName: true } } },
    });
    await tx.membership.update({ where: { id: cible.id }, data: { role: "GESTIONNAIRE_PRINCIPAL", decidedById: admin.userId, decidedAt: now } });
    const entrees: EntreeJournal[] = [
      {
        action: "GESTIONNAIRE_PRINCIPAL_REATTRIBUE",
        structureId,
        cible: { type: "Membership", id: cible.id },
        avant: { role: cible.role, gestionnairesPrincipaux: anciens.map((a) => a.userId) },
        apres: { role: "GESTIONNAIRE_PRINCIPAL", gestionnairesPrincipaux: [cible.userId], anciens: input.anciens, motif },
      },
    ];
    for (const a of anciens) {
      if (input.anciens === "DESACTIVE") {
        await tx.membership.update({
          where: { id: a.id },
          data: { status: "DESACTIVEE", role: "UTILISATEUR_SIMPLE", decidedById: admin.userId, decidedAt: now },
        });
        // Losing his attachment ends his sessions (User.sessionVersion), and he no longer acts for the structure.
        await tx.user.update({ where: { id: a.userId }, data: { sessionVersion: { increment: 1 } } });
        await tx.user.updateMany({ where: { id: a.userId, currentStructureId: structureId }, data: { currentStructureId: null } });
        entrees.push({
          action: "UTILISATEUR_DESACTIVE",
          structureId,
          cible: { type: "Membership", id: a.id },
          avant: { status: "VALIDEE", role: "GESTIONNAIRE_PRINCIPAL" },
          apres: { status: "DESACTIVEE", role: "UTILISATEUR_SIMPLE", motif },
        });
      } else {
        await tx.membership.update({ where: { id: a.id }, data: { role: "GESTIONNAIRE_SECONDAIRE", decidedById: admin.userId, decidedAt: now } });
        entrees.push({
          action: "ROLE_MODIFIE",
          structureId,
          cible: { type: "Membership", id: a.id },
          avant: { role: "GESTIONNAIRE_PRINCIPAL" },
          apres: { role: "GESTIONNAIRE_SECONDAIRE", motif },
        });
      }
    }
    await journaliser(tx, admin, entrees, { now });
    const noms = anciens.map((a) => `${a.user.firstName} ${a.user.lastName}`);
    const ancienGestionnaire = noms.length
      ? `${noms.join(", ")} ${input.anciens === "DESACTIVE" ? (noms.length > 1 ? "sont désactivés" : "est désactivé") : noms.length > 1 ? "deviennent gestionnaires secondaires" : "devient gestionnaire secondaire"}`
      : undefined;
    await envoyerAuxGestionnaires(
      tx,
      structure.id,
      (g) => ({
        userId: g.id,
        template: "structure-administration",
        data: {
          prenom: g.firstName,
          nom: g.lastName,
          structure: structureMail(structure),
          action: "GESTIONNAIRE_PRINCIPAL_REATTRIBUE",
          motif,
          nouveauGestionnaire: `${cible.user.firstName} ${cible.user.lastName}`,
          ancienGestionnaire,
        },
      }),
      // The previous ones are told too, though no longer managers.
      { aussi: anciens.map((a) => a.userId) },
    );
  });
  await kickMailDelivery();
}
