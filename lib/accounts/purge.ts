import { db } from "@/lib/db";
import { journaliser } from "@/lib/audit/journal";
import { lireStructureDemandee } from "./structure-demandee";

/** Days an account has to be activated; after that it is deleted with what it asked for (DELAI_ACTIVATION_JOURS in the summary mail). */
export const JOURS_POUR_ACTIVER = 7;

const LOT = 200;

/**
 * The daily purge (lib/jobs/worker.ts): every account still waiting for its activation JOURS_POUR_ACTIVER days after
 * its creation is deleted, with its pending structure (User.structureDemandee: never created) and requests (its
 * memberships, tokens and notifications go with it, by cascade). Each deletion writes its audit entry
 * (COMPTE_SUPPRIME_NON_ACTIVE, by the portal itself) in the same transaction; the entry keeps the declared structure's
 * identifier and the dates, not the person's address (an account nobody activated is nobody's data to keep).
 *
 * Idempotent: a second run finds nothing left. The rows are locked and re-checked in the deleting transaction, so an
 * account activated at that very moment is either activated or deleted, never half of each; rows another run holds
 * are skipped. A structure created for the account by an earlier version of the portal (before the structure waited
 * for the activation) goes too, when nobody else is attached to it and no invoice names it.
 */
export async function purgerComptesNonActives(options: { now?: Date } = {}): Promise<{ supprimes: number }> {
  const now = options.now ?? new Date();
  const limite = new Date(now.getTime() - JOURS_POUR_ACTIVER * 24 * 3600_000);
  let supprimes = 0;
  for (;;) {
    const n = await db.$transaction(async (tx) => {
      const comptes = await tx.$queryRaw<{ id: string; createdAt: Date; structureDemandee: unknown }[]>`
        SELECT id, "createdAt", "structureDemandee" FROM "User"
        WHERE status = 'EN_ATTENTE_ACTIVATION' AND "createdAt" < ${limite}
        ORDER BY "createdAt" LIMIT ${LOT} FOR UPDATE SKIP LOCKED`;
      if (comptes.length === 0) return 0;
      const ids = comptes.map((c) => c.id);
      // Structures an earlier version created at account creation, where this account is the only member.
      const anciennes = await tx.membership.findMany({ where: { userId: { in: ids }, role: "GESTIONNAIRE_PRINCIPAL" }, select: { structureId: true } });
      await tx.user.deleteMany({ where: { id: { in: ids }, status: "EN_ATTENTE_ACTIVATION" } });
      const orphelines = anciennes.length
        ? await tx.structure.findMany({
            where: {
              id: { in: anciennes.map((a) => a.structureId) },
              memberships: { none: {} },
              piecesTravauxDeposees: { none: {} },
              piecesTravauxMoe: { none: {} },
              piecesTravauxMoa: { none: {} },
              piecesTravauxTitulaire: { none: {} },
              piecesTravauxCotraitant: { none: {} },
            },
            select: { id: true },
          })
        : [];
      if (orphelines.length) await tx.structure.deleteMany({ where: { id: { in: orphelines.map((o) => o.id) } } });
      await journaliser(
        tx,
        null,
        comptes.map((c) => {
          const demandee = lireStructureDemandee(c.structureDemandee);
          return {
            action: "COMPTE_SUPPRIME_NON_ACTIVE" as const,
            cible: { type: "User", id: c.id },
            avant: {
              creeLe: c.createdAt,
              structureDemandee: demandee ? `${demandee.data.identifierType} ${demandee.data.identifier}` : null,
              rattachementDemande: demandee?.existante ?? null,
            },
          };
        }),
        { now },
      );
      return comptes.length;
    });
    supprimes += n;
    if (n < LOT) return { supprimes };
  }
}
