import { db } from "@/lib/db";
import type { Acteur } from "@/lib/auth/acteur";
import type { MembershipStatus, StructureRole } from "@/lib/generated/prisma/enums";
import { seedStructure, seedUser } from "@/prisma/seed/factories";

/** The actor of a user, as the session gives it (domain functions re-read his rights from the database). */
export function acteur(
  user: { id: string; email: string },
  structure?: { id: string; raisonSociale: string; identifier: string },
  role: StructureRole = "UTILISATEUR_SIMPLE",
  status: MembershipStatus = "VALIDEE",
): Acteur {
  return { userId: user.id, email: user.email, name: "Test", structure: structure ? { ...structure, role, status } : null };
}

export type Profil = "principal" | "secondaire" | "simple" | "enAttente" | "desactive" | "exterieur";

/**
 * A structure with one member of each profile, a pending request, a member to act upon (utilisateur simple),
 * a deactivated one, a service, and the gestionnaire principal of another structure (« exterieur »).
 */
export async function structureComplete() {
  const structure = await seedStructure({ services: [{ code: "SRV-1", libelle: "Service technique" }] });
  const membre = async (role: StructureRole, membershipStatus: MembershipStatus = "VALIDEE") => seedUser({ structureId: structure.id, role, membershipStatus });
  const users = {
    principal: await membre("GESTIONNAIRE_PRINCIPAL"),
    secondaire: await membre("GESTIONNAIRE_SECONDAIRE"),
    simple: await membre("UTILISATEUR_SIMPLE"),
    enAttente: await membre("UTILISATEUR_SIMPLE", "EN_COURS_DE_VALIDATION"),
    desactive: await membre("GESTIONNAIRE_PRINCIPAL", "DESACTIVEE"),
    exterieur: await seedUser({ structureId: (await seedStructure()).id, role: "GESTIONNAIRE_PRINCIPAL" }),
  } satisfies Record<Profil, unknown>;
  const cible = await membre("UTILISATEUR_SIMPLE");
  const ancien = await membre("UTILISATEUR_SIMPLE", "DESACTIVEE");
  const demandeur = await membre("UTILISATEUR_SIMPLE", "EN_COURS_DE_VALIDATION");
  const m = (userId: string) => db.membership.findUniqueOrThrow({ where: { userId_structureId: { userId, structureId: structure.id } } });
  const service = await db.service.findFirstOrThrow({ where: { structureId: structure.id } });
  return {
    structure,
    users,
    acteurs: Object.fromEntries(Object.entries(users).map(([k, u]) => [k, acteur(u, structure)])) as Record<Profil, Acteur>,
    cible: await m(cible.id),
    ancien: await m(ancien.id),
    demande: await m(demandeur.id),
    principal: await m(users.principal.id),
    service,
    membership: m,
  };
}
