import { type Client, db } from "@/lib/db";
import { journaliser } from "@/lib/audit/journal";
import { AppError } from "@/lib/errors";
import type { Acteur } from "@/lib/auth/acteur";
import type { DroitService } from "@/lib/generated/prisma/client";
import { exigerDroit, peutAgirSur } from "./droits";
import { verrouillerStructure } from "./gestionnaires";

/**
 * Users by service (Chorus Pro's model). A gestionnaire limits a « utilisateur simple » to some services of the structure,
 * with a right per service: « Consultation » (he sees their pieces) or « Modification » (he also acts on them). No service:
 * the whole structure. Gestionnaires always see and act on everything. What a limitation changes is read, piece by piece,
 * by lib/invoices/acces.ts (`visiblePar`, `exigerModification`, `membresVoyant`).
 */

export const LIBELLES_DROIT: Record<DroitService, string> = { CONSULTATION: "Consultation", MODIFICATION: "Modification" };

export type ServiceEtDroit = { serviceId: string; droit: DroitService };

/** The services and rights as the journal records them: « DEPT-IMMO : Modification ». */
function enClair(services: readonly { code: string; droit: DroitService }[]): string[] {
  return [...services].sort((a, b) => a.code.localeCompare(b.code)).map((s) => `${s.code} : ${LIBELLES_DROIT[s.droit]}`);
}

/** The services of the structure a limitation may name (each once, and of this structure): else SAISIE_INVALIDE. */
export async function verifierServices(structureId: string, services: readonly ServiceEtDroit[], client: Client = db) {
  const ids = new Set(services.map((s) => s.serviceId));
  if (ids.size !== services.length) throw new AppError("SAISIE_INVALIDE", { services: "Chaque service ne se choisit qu'une fois." });
  const trouves = ids.size ? await client.service.findMany({ where: { id: { in: [...ids] }, structureId }, select: { id: true, code: true } }) : [];
  if (trouves.length !== ids.size) throw new AppError("SAISIE_INVALIDE", { services: "Ce service n'existe pas dans la structure." });
  const code = new Map(trouves.map((s) => [s.id, s.code]));
  return services.map((s) => ({ ...s, code: code.get(s.serviceId)! }));
}

/**
 * « Services et droits » of a member: replaces his limitation (empty: the whole structure). Only a validated
 * « utilisateur simple » is limited; a gestionnaire secondaire does not change a gestionnaire principal's members rules
 * (`peutAgirSur`). Journaled (before → after) in the transaction; the same set again changes nothing.
 */
export async function changerServicesUtilisateur(
  acteur: Acteur,
  membershipId: string,
  services: readonly ServiceEtDroit[],
  o: { now?: Date } = {},
): Promise<void> {
  const now = o.now ?? new Date();
  await db.$transaction(async (tx) => {
    const cible = await tx.membership.findUnique({ where: { id: membershipId }, select: { structureId: true } });
    if (!cible) throw new AppError("INTROUVABLE");
    await verrouillerStructure(tx, cible.structureId);
    const moi = await exigerDroit(acteur, cible.structureId, "gererUtilisateurs", tx);
    const m = await tx.membership.findUniqueOrThrow({
      where: { id: membershipId },
      select: { role: true, status: true, services: { select: { droit: true, service: { select: { code: true } } } } },
    });
    if (!peutAgirSur(moi.role, m.role)) throw new AppError("NON_AUTORISE");
    if (m.role !== "UTILISATEUR_SIMPLE")
      throw new AppError(
        "ACTION_IMPOSSIBLE",
        {},
        "Un gestionnaire voit et traite toutes les pièces de la structure : seul un utilisateur simple se limite à des services.",
      );
    if (m.status !== "VALIDEE") throw new AppError("DEJA_TRAITE", {}, "Seuls les services d'un utilisateur actif de la structure se modifient.");
    const nouveaux = await verifierServices(cible.structureId, services, tx);
    const avant = enClair(m.services.map((s) => ({ code: s.service.code, droit: s.droit })));
    const apres = enClair(nouveaux);
    if (avant.join("|") === apres.join("|")) return;
    await tx.membershipService.deleteMany({ where: { membershipId } });
    if (nouveaux.length)
      await tx.membershipService.createMany({ data: nouveaux.map((s) => ({ membershipId, serviceId: s.serviceId, droit: s.droit, createdAt: now })) });
    await journaliser(
      tx,
      acteur,
      {
        action: "SERVICES_UTILISATEUR_MODIFIES",
        structureId: cible.structureId,
        cible: { type: "Membership", id: membershipId },
        avant: { services: avant.length ? avant : ["Toute la structure"] },
        apres: { services: apres.length ? apres : ["Toute la structure"] },
      },
      { now },
    );
  });
}

/**
 * The « Factures de travaux » space of one service, opened or closed by a gestionnaire of the structure: closed, the
 * users limited to it no longer see its pieces, and a user whose services are all closed does not see the space.
 * Journaled.
 */
export async function changerEspaceService(acteur: Acteur, serviceId: string, ouvert: boolean, o: { now?: Date } = {}): Promise<void> {
  const service = await db.service.findUnique({ where: { id: serviceId }, select: { structureId: true } });
  if (!service) throw new AppError("INTROUVABLE");
  await exigerDroit(acteur, service.structureId, "gererServices");
  await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Service" WHERE id = ${serviceId}::uuid FOR UPDATE`;
    const avant = await tx.service.findUniqueOrThrow({ where: { id: serviceId }, select: { espaceTravauxOuvert: true } });
    if (avant.espaceTravauxOuvert === ouvert) return;
    await tx.service.update({ where: { id: serviceId }, data: { espaceTravauxOuvert: ouvert } });
    await journaliser(
      tx,
      acteur,
      {
        action: ouvert ? "ESPACE_SERVICE_OUVERT" : "ESPACE_SERVICE_FERME",
        structureId: service.structureId,
        cible: { type: "Service", id: serviceId },
        avant: { espaceTravauxOuvert: !ouvert },
        apres: { espaceTravauxOuvert: ouvert },
      },
      { now: o.now },
    );
  });
}

/**
 * Whether the actor sees the « Factures de travaux » space: always, unless he is limited to services whose space is
 * all closed (read from the database). Its menu entry and its pages ask.
 */
export async function espaceTravauxVisible(acteur: Pick<Acteur, "userId" | "structure">): Promise<boolean> {
  if (!acteur.structure) return true;
  const m = await db.membership.findUnique({
    where: { userId_structureId: { userId: acteur.userId, structureId: acteur.structure.id } },
    select: { role: true, services: { select: { service: { select: { espaceTravauxOuvert: true } } } } },
  });
  if (m?.role !== "UTILISATEUR_SIMPLE" || m.services.length === 0) return true;
  return m.services.some((s) => s.service.espaceTravauxOuvert);
}

export const MESSAGE_ESPACE_FERME =
  "L'espace « Factures de travaux » est fermé pour tous vos services : demandez à un gestionnaire de votre structure de l'ouvrir pour l'un d'eux, ou de vous attribuer un autre service.";
