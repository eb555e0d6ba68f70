import "server-only";
import { cache } from "react";
import { redirect } from "next/navigation";
import { auth } from "@/lib/auth";
import { db } from "@/lib/db";
import { adresseIp } from "@/lib/securite/ip";
import { adresseRetourSure } from "@/lib/securite/retour";
import type { Acteur } from "./acteur";

/**
 * The actor of this request, read once per request. The session cookie only says who signed in;
 * the account's state and memberships are re-read from the database each time, so a deactivated
 * account or a withdrawn membership takes effect at once.
 */
export const getActeur = cache(async (): Promise<Acteur | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const user = await db.user.findUnique({
    where: { id: userId },
    include: { memberships: { include: { structure: true }, orderBy: { createdAt: "asc" } } },
  });
  if (user?.status !== "ACTIF") return null;
  // A session opened before a password change, a reset, a deactivation, a lost membership or « Se déconnecter de
  // tous les appareils » carries an older version: it has ended.
  if ((session?.sessionVersion ?? 0) !== user.sessionVersion) return null;
  const memberships = user.memberships.filter((m) => m.status === "VALIDEE" || m.status === "EN_COURS_DE_VALIDATION");
  const current = memberships.find((m) => m.structureId === user.currentStructureId) ?? memberships[0] ?? null;
  return {
    userId: user.id,
    email: user.email,
    name: `${user.firstName} ${user.lastName}`,
    administrateur: user.administrateurPortail,
    ip: await adresseIp(),
    structure: current
      ? {
          id: current.structureId,
          raisonSociale: current.structure.raisonSociale,
          identifier: current.structure.identifier,
          role: current.role,
          status: current.status,
        }
      : null,
  };
});

/** For pages behind a session: the actor, or a redirect to « Se connecter ». */
export async function requireActeur(from?: string): Promise<Acteur> {
  const acteur = await getActeur();
  if (!acteur) redirect(from ? `/connexion?retour=${encodeURIComponent(adresseRetourSure(from))}` : "/connexion");
  return acteur;
}
