import { db } from "@/lib/db";
import type { Acteur, LimitationServices } from "./acteur";

/**
 * The actor of a user, read from the database: what each request does with the user id of its session token
 * (lib/auth/session.ts), and what the fuzz suite does for the role it plays. The account's state, its memberships
 * and their structures are re-read each time, so a deactivation or a withdrawn membership takes effect at once.
 * `sessionVersion`: the token's; another version than the user's means the session has ended (null).
 */
export async function acteurDeLUtilisateur(userId: string, o: { sessionVersion?: number; ip: string }): Promise<Acteur | null> {
  // Only what the actor is made of: every request reads it, so not the whole user and structure rows.
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      firstName: true,
      lastName: true,
      status: true,
      sessionVersion: true,
      currentStructureId: true,
      administrateurPortail: true,
      memberships: {
        select: {
          structureId: true,
          role: true,
          status: true,
          serviceFinancier: true,
          structure: { select: { active: true, raisonSociale: true, identifier: true } },
          // Its limitation to services, read here once rather than by each check of the request.
          services: { select: { droit: true, service: { select: { id: true, code: true, libelle: true, espaceTravauxOuvert: true } } } },
        },
        orderBy: { createdAt: "asc" },
      },
    },
  });
  if (user?.status !== "ACTIF") return null;
  // A session opened before a password change, a reset, a deactivation, a lost membership or « Se déconnecter de
  // tous les appareils » carries an older version: it has ended.
  if (o.sessionVersion !== undefined && o.sessionVersion !== user.sessionVersion) return null;
  // A structure deactivated by a portal administrator is no longer one its members act for.
  const memberships = user.memberships.filter((m) => m.structure.active && (m.status === "VALIDEE" || m.status === "EN_COURS_DE_VALIDATION"));
  const current = memberships.find((m) => m.structureId === user.currentStructureId) ?? memberships[0] ?? null;
  return {
    userId: user.id,
    email: user.email,
    name: `${user.firstName} ${user.lastName}`,
    administrateur: user.administrateurPortail,
    ip: o.ip,
    structure: current
      ? {
          id: current.structureId,
          raisonSociale: current.structure.raisonSociale,
          identifier: current.structure.identifier,
          role: current.role,
          status: current.status,
          serviceFinancier: current.serviceFinancier,
          limitation: limitationDuRattachement(current),
        }
      : null,
  };
}

/**
 * The limitation of a membership as the domain understands it (lib/invoices/acces.ts `servicesDuMembre`): null for a
 * gestionnaire or a user without any service (the whole structure), else his services and rights.
 */
export function limitationDuRattachement(m: {
  role: string;
  services: readonly { droit: LimitationServices[number]["droit"]; service: { id: string; code: string; libelle: string; espaceTravauxOuvert: boolean } }[];
}): LimitationServices | null {
  if (m.role !== "UTILISATEUR_SIMPLE" || m.services.length === 0) return null;
  return m.services.map((s) => ({
    serviceId: s.service.id,
    code: s.service.code,
    libelle: s.service.libelle,
    droit: s.droit,
    ouvert: s.service.espaceTravauxOuvert,
  }));
}
