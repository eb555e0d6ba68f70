import type { Acteur } from "@/lib/auth/acteur";
import type { Client } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * The audit trail (table "JournalAudit", append-only: a PostgreSQL trigger refuses UPDATE and DELETE).
 * Every change someone makes to shared data writes one entry here, with `tx` the transaction of the change
 * itself: the entry exists if and only if the change commits.
 *
 *   await journaliser(tx, acteur, { action: "SERVICE_MODIFIE", structureId, cible: { type: "Service", id }, avant, apres });
 */

/** The action codes, with their French wording for the « Journal » pages. */
export const ACTIONS_AUDIT = {
  // Structures and their members
  STRUCTURE_CREEE: "Structure créée",
  STRUCTURE_MODIFIEE: "Structure modifiée",
  STRUCTURE_ACTUALISEE_INSEE: "Structure actualisée depuis l'annuaire INSEE",
  STRUCTURE_DESACTIVEE: "Structure désactivée",
  STRUCTURE_REACTIVEE: "Structure réactivée",
  PARAMETRES_MODIFIES: "Paramètres modifiés",
  RATTACHEMENT_DEMANDE: "Demande de rattachement",
  RATTACHEMENT_VALIDE: "Rattachement validé",
  RATTACHEMENT_REFUSE: "Rattachement refusé",
  ROLE_MODIFIE: "Rôle modifié",
  UTILISATEUR_DESACTIVE: "Utilisateur désactivé",
  UTILISATEUR_REACTIVE: "Utilisateur réactivé",
  GESTIONNAIRE_PRINCIPAL_REATTRIBUE: "Gestionnaire principal réattribué",
  SERVICE_CREE: "Service créé",
  SERVICE_MODIFIE: "Service modifié",
  SERVICE_DESACTIVE: "Service désactivé",
  SERVICE_REACTIVE: "Service réactivé",
  SERVICE_SUPPRIME: "Service supprimé",
  COMPTE_BANCAIRE_AJOUTE: "Coordonnées bancaires ajoutées",
  COMPTE_BANCAIRE_DESACTIVE: "Coordonnées bancaires désactivées",
  SERVICE_FINANCIER_ACCORDE: "Habilitation « Service financier » accordée",
  SERVICE_FINANCIER_RETIRE: "Habilitation « Service financier » retirée",
  SERVICES_UTILISATEUR_MODIFIES: "Services et droits d'un utilisateur modifiés",
  ESPACE_SERVICE_OUVERT: "Espace « Factures de travaux » ouvert pour un service",
  ESPACE_SERVICE_FERME: "Espace « Factures de travaux » fermé pour un service",
  INVITATION_ENVOYEE: "Invitation envoyée",
  INVITATION_REVOQUEE: "Invitation révoquée",
  INVITATION_ACCEPTEE: "Invitation acceptée (compte créé et rattaché)",
  COMPTE_TECHNIQUE_CREE: "Compte technique (API) créé",
  COMPTE_TECHNIQUE_SECRET_RENOUVELE: "Secret d'un compte technique renouvelé",
  COMPTE_TECHNIQUE_REVOQUE: "Compte technique révoqué",
  WEBHOOK_CREE: "Adresse de notification (webhook) ajoutée",
  WEBHOOK_DESACTIVE: "Adresse de notification (webhook) désactivée",
  // Public-buyer status
  ACHETEUR_PUBLIC_DEMANDE: "Statut d'acheteur public demandé",
  ACHETEUR_PUBLIC_ACCORDE: "Statut d'acheteur public accordé",
  ACHETEUR_PUBLIC_REFUSE: "Statut d'acheteur public refusé",
  ACHETEUR_PUBLIC_RETIRE: "Statut d'acheteur public retiré",
  // Accounts
  COMPTE_SESSIONS_REVOQUEES: "Déconnexion de tous les appareils",
  COMPTE_MODIFIE: "Informations du compte modifiées",
  COMPTE_MOT_DE_PASSE_MODIFIE: "Mot de passe modifié",
  COMPTE_DESACTIVE: "Compte désactivé par son titulaire",
  COMPTE_SUPPRIME_NON_ACTIVE: "Compte non activé supprimé",
  ADMINISTRATEUR_NOMME: "Administrateur du portail nommé",
  // Pieces after their first deposit
  PIECE_CORRIGEE: "Pièce corrigée",
  PIECE_JOINTE_AJOUTEE: "Pièce jointe ajoutée",
  PIECE_JOINTE_RETIREE: "Pièce jointe retirée",
  PIECE_RECYCLEE: "Pièce recyclée (données d'acheminement corrigées)",
} as const;

export type ActionAudit = keyof typeof ACTIONS_AUDIT;

export type EntreeJournal = {
  action: ActionAudit;
  /** The structure concerned: its managers see the entry in their « Journal ». */
  structureId?: string | null;
  /** On what: the kind of object ("Structure", "Membership", "Service", "PieceTravaux"…) and its id. */
  cible: { type: string; id?: string | null };
  /** The changed fields, before and after (`champsModifies` keeps only those that differ). */
  avant?: Record<string, unknown> | null;
  apres?: Record<string, unknown> | null;
};

const ROLE_ADMINISTRATEUR = "ADMINISTRATEUR_PORTAIL";

/** Values as JSON can hold them (dates as ISO strings, BigInt amounts as strings). */
function versJson(valeur: Record<string, unknown> | null | undefined): Prisma.InputJsonValue | undefined {
  if (!valeur) return undefined;
  // A lone UTF-16 surrogate (typed or sent as is) is no valid JSON text for PostgreSQL: written as U+FFFD, as the
  // text columns store it.
  return JSON.parse(
    JSON.stringify(valeur, (_k, v) => (typeof v === "bigint" ? v.toString() : typeof v === "string" ? v.toWellFormed() : v)),
  ) as Prisma.InputJsonValue;
}

/** Writes entries in the caller's transaction. `acteur` null: the portal itself (a scheduled job). */
export async function journaliser(
  tx: Client,
  acteur: Acteur | null,
  entrees: EntreeJournal | readonly EntreeJournal[],
  options: { now?: Date } = {},
): Promise<void> {
  const liste = Array.isArray(entrees) ? entrees : [entrees as EntreeJournal];
  if (liste.length === 0) return;
  const createdAt = options.now ?? new Date();
  await tx.journalAudit.createMany({
    data: liste.map((e) => ({
      createdAt,
      acteurUserId: acteur?.userId ?? null,
      acteurNom: acteur?.name ?? null,
      acteurStructureId: acteur?.administrateur ? null : (acteur?.structure?.id ?? null),
      acteurRole: acteur ? (acteur.administrateur ? ROLE_ADMINISTRATEUR : (acteur.structure?.role ?? null)) : null,
      ip: acteur?.ip ?? null,
      action: e.action,
      structureId: e.structureId ?? null,
      cibleType: e.cible.type,
      cibleId: e.cible.id ?? null,
      avant: versJson(e.avant),
      apres: versJson(e.apres),
    })),
  });
}

/** Only the fields whose value changed, before and after: what an audit entry records. */
export function champsModifies<T extends Record<string, unknown>>(avant: T, apres: Partial<T>): { avant: Partial<T>; apres: Partial<T> } | null {
  const a: Partial<T> = {};
  const b: Partial<T> = {};
  for (const cle of Object.keys(apres) as (keyof T)[]) {
    if (apres[cle] === undefined) continue;
    const x = avant[cle] instanceof Date ? (avant[cle] as Date).toISOString() : avant[cle];
    const y = apres[cle] instanceof Date ? (apres[cle] as Date).toISOString() : apres[cle];
    if (x === y) continue;
    a[cle] = avant[cle];
    b[cle] = apres[cle];
  }
  return Object.keys(b).length ? { avant: a, apres: b } : null;
}
