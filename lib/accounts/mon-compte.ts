import { db } from "@/lib/db";
import type { Acteur } from "@/lib/auth/acteur";

/** The actor's own attachments, whatever their state (he sees only his). */
export function mesRattachements(acteur: Acteur) {
  return db.membership.findMany({
    where: { userId: acteur.userId },
    include: { structure: { select: { raisonSociale: true, identifier: true, identifierType: true } } },
    orderBy: { createdAt: "asc" },
  });
}
