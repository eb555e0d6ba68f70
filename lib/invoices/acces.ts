import type { Acteur, DroitSurService, LimitationServices } from "@/lib/auth/acteur";
import { limitationDuRattachement } from "@/lib/auth/acteur-de";
import { AppError } from "@/lib/errors";
import { Prisma, type StatutPieceTravaux } from "@/lib/generated/prisma/client";
import type { Client, Tx } from "@/lib/db";

/**
 * Who sees what. A draft belongs to its depositing structure alone (any validated user of it); once sent,
 * a piece is seen by the structures named on it — depositor, MOE, MOA, titulaire, cotraitant (A13, A14) — and by nobody else.
 * Every query of this folder goes through these clauses.
 */

/**
 * The structure the actor acts for, when his attachment to it is validated: every feature of a structure needs it
 * (factures de travaux, and the « Structures » pages and actions).
 */
export function structureDe(acteur: Acteur): string {
  if (!acteur.structure)
    throw new AppError(
      "NON_AUTORISE",
      {},
      "Vous n'êtes rattaché à aucune structure : créez la vôtre, ou demandez votre rattachement depuis « Mes structures ».",
    );
  if (acteur.structure.status !== "VALIDEE") throw new AppError("STRUCTURE_NON_VALIDEE");
  return acteur.structure.id;
}

/**
 * The limitation of a membership to services (Chorus Pro's model, `MembershipService`): a « utilisateur simple » with at
 * least one service sees only the pieces its services deposited (`serviceDeposantId`) or that are addressed to them
 * (`serviceMoaId`), and only while the service's « Factures de travaux » space is open (`Service.espaceTravauxOuvert`);
 * without any service, the whole structure (as before). Gestionnaires (principal, secondaire) always see everything.
 * Read from the database, never from the session token: with the actor at the start of each request
 * (`Acteur.structure.limitation`), or by the clause itself for an actor made otherwise.
 */
const limiteA = (userId: string) => ({ userId, role: "UTILISATEUR_SIMPLE", services: { some: {} } }) as const satisfies Prisma.MembershipWhereInput;
/** The structure of this branch is one where the user is not limited to services (or not a member at all). */
const sansLimite = (userId: string) => ({ memberships: { none: limiteA(userId) } }) as const satisfies Prisma.StructureWhereInput;
/** The service of this branch is one of the user's services, its space open. */
const parSesServices = (userId: string) =>
  ({ espaceTravauxOuvert: true, acces: { some: { membership: { userId } } } }) as const satisfies Prisma.ServiceWhereInput;

/**
 * THE visibility clause: the pieces user `userId` sees when he acts for structure `structureId` (its id: `structureDe(acteur)`,
 * the user: `acteur.userId`). Every list, detail, export, ZIP, dashboard query of pieces goes through it (spread it in
 * a `where`, or `AND` it with the filters); for the « Synthèse » (the structure's own pieces), `AND` it with
 * `{ structureDeposanteId: structureId }`. Its SQL twin is `visibleParSql` (same arguments, same pieces).
 *
 * - its own drafts and deposited pieces (depositing structure): all of them, or for a user limited to services, those
 *   of its services (`serviceDeposantId`);
 * - once sent, the pieces naming the structure as MOE, MOA, titulaire or cotraitant: all of them, or for a limited
 *   user, those addressed to its services (`serviceMoaId`, the MOA's service) — the other parties have no service on
 *   the piece, so a limited user of an MOE sees only what its services deposited.
 */
export function visiblePar(structureId: string, qui: Qui): Prisma.PieceTravauxWhereInput {
  const limitation = limitationConnue(qui, structureId);
  // The limitation read with the actor: a plain clause on the piece's own columns (its indexes), nothing per row.
  if (limitation === null)
    return {
      OR: [
        { structureDeposanteId: structureId },
        { statut: { not: "BROUILLON" }, OR: [{ moeId: structureId }, { moaId: structureId }, { titulaireId: structureId }, { cotraitantId: structureId }] },
      ],
    };
  if (limitation !== undefined) {
    const ids = servicesOuverts(limitation);
    return {
      OR: [
        { structureDeposanteId: structureId, serviceDeposantId: { in: ids } },
        { statut: { not: "BROUILLON" }, moaId: structureId, serviceMoaId: { in: ids } },
      ],
    };
  }
  const userId = typeof qui === "string" ? qui : qui.userId;
  return {
    OR: [
      { structureDeposanteId: structureId, OR: [{ structureDeposante: sansLimite(userId) }, { serviceDeposant: parSesServices(userId) }] },
      {
        statut: { not: "BROUILLON" },
        OR: [
          { moeId: structureId, moe: sansLimite(userId) },
          { moaId: structureId, moa: sansLimite(userId) },
          { titulaireId: structureId, titulaire: sansLimite(userId) },
          { cotraitantId: structureId, cotraitant: sansLimite(userId) },
          { moaId: structureId, serviceMoa: parSesServices(userId) },
        ],
      },
    ],
  };
}

/**
 * Who the clauses are for: a user id (the limitation is then read by the clause itself, in the database), or the actor,
 * whose limitation was read with him at the start of the request when he acts for this structure.
 */
export type Qui = string | ActeurLimite;

/** An actor, whose limitation may have been read with him (`Acteur.structure.limitation`). */
export type ActeurLimite = Pick<Acteur, "userId"> & Partial<Pick<Acteur, "structure">>;

/** The limitation read with the actor for this structure; undefined when not known (then read from the database). */
function limitationConnue(qui: Qui, structureId: string): LimitationServices | null | undefined {
  if (typeof qui === "string") return undefined;
  const s = qui.structure;
  return s && s.id === structureId ? s.limitation : undefined;
}

const servicesOuverts = (limitation: LimitationServices) => limitation.filter((l) => l.ouvert).map((l) => l.serviceId);

/**
 * The SQL twin of `visiblePar`, for the aggregates Prisma cannot write (the dashboard's sums by month, medians):
 * the same clause on the piece aliased `p`. Any change to `visiblePar` is made here too, in the same commit —
 * tests/integration/tableau-de-bord.test.ts checks that both select the same pieces.
 */
export function visibleParSql(structureId: string, qui: Qui): Prisma.Sql {
  const limitation = limitationConnue(qui, structureId);
  if (limitation === null)
    return Prisma.sql`(p."structureDeposanteId" = ${structureId}::uuid OR (p.statut <> 'BROUILLON' AND
      (p."moeId" = ${structureId}::uuid OR p."moaId" = ${structureId}::uuid OR p."titulaireId" = ${structureId}::uuid OR p."cotraitantId" = ${structureId}::uuid)))`;
  if (limitation !== undefined) {
    const ids = servicesOuverts(limitation);
    return Prisma.sql`((p."structureDeposanteId" = ${structureId}::uuid AND p."serviceDeposantId" = ANY(${ids}::uuid[]))
      OR (p.statut <> 'BROUILLON' AND p."moaId" = ${structureId}::uuid AND p."serviceMoaId" = ANY(${ids}::uuid[])))`;
  }
  const userId = typeof qui === "string" ? qui : qui.userId;
  const libre = Prisma.sql`NOT EXISTS (SELECT 1 FROM "Membership" lm JOIN "MembershipService" lms ON lms."membershipId" = lm.id
                 WHERE lm."userId" = ${userId}::uuid AND lm."structureId" = ${structureId}::uuid AND lm.role = 'UTILISATEUR_SIMPLE')`;
  const mesServices = Prisma.sql`(SELECT vms."serviceId" FROM "MembershipService" vms JOIN "Membership" vm ON vm.id = vms."membershipId"
                 JOIN "Service" vs ON vs.id = vms."serviceId" WHERE vm."userId" = ${userId}::uuid AND vs."espaceTravauxOuvert")`;
  return Prisma.sql`((p."structureDeposanteId" = ${structureId}::uuid AND (${libre} OR p."serviceDeposantId" IN ${mesServices}))
    OR (p.statut <> 'BROUILLON' AND (
      ((p."moeId" = ${structureId}::uuid OR p."moaId" = ${structureId}::uuid OR p."titulaireId" = ${structureId}::uuid OR p."cotraitantId" = ${structureId}::uuid) AND ${libre})
      OR (p."moaId" = ${structureId}::uuid AND p."serviceMoaId" IN ${mesServices}))))`;
}

/** What the notification rule reads of a member: his role and his services (with whether their space is open). */
export const SELECT_SERVICES_MEMBRE = {
  role: true,
  services: { select: { serviceId: true, service: { select: { espaceTravauxOuvert: true } } } },
} as const satisfies Prisma.MembershipSelect;

/**
 * The notification twin of `visiblePar`: whether this member (of a structure named on the piece) sees it, hence is told
 * of it. A limited member is told only of its services' pieces.
 */
export function membreVoitPiece(
  m: { role: string; services: readonly { serviceId: string; service: { espaceTravauxOuvert: boolean } }[] },
  piece: { serviceDeposantId: string | null; serviceMoaId: string | null },
): boolean {
  if (m.role !== "UTILISATEUR_SIMPLE" || m.services.length === 0) return true;
  return m.services.some((s) => s.service.espaceTravauxOuvert && (s.serviceId === piece.serviceDeposantId || s.serviceId === piece.serviceMoaId));
}

/** The same rule as a clause on memberships, for the queries that read the members to notify (`destinatairesDe`). */
export function membresVoyant(piece: { serviceDeposantId: string | null; serviceMoaId: string | null }): Prisma.MembershipWhereInput {
  const ids = [piece.serviceDeposantId, piece.serviceMoaId].filter((s): s is string => !!s);
  return {
    OR: [
      { role: { not: "UTILISATEUR_SIMPLE" } },
      { services: { none: {} } },
      ...(ids.length ? [{ services: { some: { serviceId: { in: ids }, service: { espaceTravauxOuvert: true } } } }] : []),
    ],
  };
}

export type { DroitSurService };

/**
 * The services the user is limited to in this structure, with his right on each, read from the database; null when he
 * is not limited (a gestionnaire, or a user without any service: the whole structure).
 */
export async function servicesDuMembre(tx: Client, userId: string, structureId: string): Promise<DroitSurService[] | null> {
  const m = await tx.membership.findUnique({
    where: { userId_structureId: { userId, structureId } },
    select: { role: true, services: { select: { droit: true, service: { select: { id: true, code: true, libelle: true, espaceTravauxOuvert: true } } } } },
  });
  return m ? limitationDuRattachement(m) : null;
}

/**
 * The actor's limitation in this structure: as read with him at the start of the request when he acts for it
 * (`Acteur.structure.limitation`), else from the database (`servicesDuMembre`).
 */
export async function limitationDe(tx: Client, acteur: ActeurLimite, structureId: string): Promise<DroitSurService[] | null> {
  const connue = limitationConnue(acteur, structureId);
  return connue !== undefined ? connue : servicesDuMembre(tx, acteur.userId, structureId);
}

/**
 * Acting on a piece (deposit, processing, draft, recycling, payment…) as a user limited to services requires the
 * « Modification » right on the piece's service of his structure (the depositing service when his structure deposited
 * it, the MOA's service when it is addressed to it). A piece outside his services is « introuvable » (he does not see
 * it); on a service where he only consults, NON_AUTORISE naming the service. Gestionnaires and unlimited users pass.
 * Returns the user's services (null: unlimited).
 */
export async function exigerModification(
  tx: Client,
  acteur: ActeurLimite,
  structureId: string,
  piece: { structureDeposanteId: string; serviceDeposantId: string | null; moaId: string | null; serviceMoaId: string | null },
): Promise<DroitSurService[] | null> {
  const services = await limitationDe(tx, acteur, structureId);
  if (!services) return services;
  const concernes = [
    piece.structureDeposanteId === structureId ? piece.serviceDeposantId : null,
    piece.moaId === structureId ? piece.serviceMoaId : null,
  ].flatMap((id) => services.filter((s) => s.ouvert && s.serviceId === id));
  if (concernes.some((s) => s.droit === "MODIFICATION")) return services;
  if (concernes.length === 0) throw new AppError("INTROUVABLE");
  throw new AppError("NON_AUTORISE", {}, messageConsultation(concernes[0]));
}

/** `exigerModification` on a draft or suspended piece of the actor's structure, read only when the user is limited. */
export async function exigerModificationSurBrouillon(tx: Client, acteur: ActeurLimite, structureId: string, pieceId: string): Promise<void> {
  if (!(await limitationDe(tx, acteur, structureId))) return;
  const p = await tx.pieceTravaux.findFirst({ where: { id: pieceId, structureDeposanteId: structureId }, select: { serviceDeposantId: true } });
  if (!p) throw new AppError("INTROUVABLE");
  await exigerModification(tx, acteur, structureId, {
    structureDeposanteId: structureId,
    serviceDeposantId: p.serviceDeposantId,
    moaId: null,
    serviceMoaId: null,
  });
}

export const messageConsultation = (s: Pick<DroitSurService, "libelle" | "code">) =>
  `Vous avez seulement le droit « Consultation » sur le service « ${s.libelle} » (${s.code}) : demandez le droit « Modification » sur ce service à un gestionnaire de la structure pour agir sur ses pièces.`;

/**
 * The depositing service a limited user chooses for a draft (creating it, or changing its frame): one of his services
 * where he has « Modification », its space open. Unlimited users choose any (brouillon.ts checks it exists).
 */
export async function exigerServiceDeposant(tx: Client, acteur: ActeurLimite, structureId: string, serviceId: string | null | undefined): Promise<void> {
  const services = await limitationDe(tx, acteur, structureId);
  if (!services) return;
  const s = services.find((x) => x.serviceId === serviceId && x.ouvert);
  if (!s)
    throw new AppError("SAISIE_INVALIDE", {
      serviceDeposantId: "Choisissez l'un de vos services : vous êtes limité aux services que vos gestionnaires vous ont attribués.",
    });
  if (s.droit !== "MODIFICATION") throw new AppError("NON_AUTORISE", { serviceDeposantId: messageConsultation(s) }, messageConsultation(s));
}

/**
 * COTRAITANT: the cotraitant named on the piece (A13, A14, and the MOE's or MOA's statement that follows its draft). It
 * sees the piece and is told of it, and acts on nothing: no row of the status table is made by a cotraitant, so
 * `transitionPour` never finds one for it. « Votre rôle » names each role (lib/invoices/roles.ts).
 */
export type RolePiece = "DEPOSANT" | "MOE" | "MOA" | "TITULAIRE" | "PAYEUR" | "COTRAITANT";

/**
 * What the structure is on this piece (possibly several things: an MOE depositing its own état d'acompte). The
 * paying service (« PAYEUR ») is a user of the MOA's structure with the « Service financier » habilitation:
 * `serviceFinancier` says the actor holds it, as read from the database (`serviceFinancierEnBase`), never from the session.
 */
export function rolesSur(
  piece: {
    structureDeposanteId: string;
    moeId: string | null;
    moaId: string | null;
    titulaireId: string | null;
    cotraitantId?: string | null;
    statut: StatutPieceTravaux;
  },
  structureId: string,
  o: { serviceFinancier?: boolean } = {},
): RolePiece[] {
  const roles: RolePiece[] = [];
  if (piece.structureDeposanteId === structureId) roles.push("DEPOSANT");
  if (piece.statut !== "BROUILLON") {
    if (piece.moeId === structureId) roles.push("MOE");
    if (piece.moaId === structureId) roles.push("MOA");
    if (piece.titulaireId === structureId) roles.push("TITULAIRE");
    if (piece.moaId === structureId && o.serviceFinancier) roles.push("PAYEUR");
    if (piece.cotraitantId === structureId) roles.push("COTRAITANT");
  }
  return roles;
}

/**
 * Whether the actor holds the « Service financier » habilitation of this structure, read from his membership
 * (validated) in the database: the session's copy (`acteur.structure.serviceFinancier`) only drives the menus.
 */
export async function serviceFinancierEnBase(tx: Client, acteur: Pick<Acteur, "userId">, structureId: string): Promise<boolean> {
  const m = await tx.membership.count({ where: { userId: acteur.userId, structureId, status: "VALIDEE", serviceFinancier: true } });
  return m > 0;
}

/**
 * Locks the draft for the rest of the transaction (two saves, or a save and a send, never interleave)
 * and checks it is still a draft of the actor's structure. Another structure's piece is « introuvable »; for a user
 * limited to services, so is a draft of another service, and one of a service where he only consults is refused
 * (`exigerModification`).
 */
export async function verrouillerBrouillon(tx: Tx, acteur: Acteur, pieceId: string, modifiables: readonly StatutPieceTravaux[] = ["BROUILLON"]): Promise<void> {
  const structureId = structureDe(acteur);
  const rows = await tx.$queryRaw<{ statut: StatutPieceTravaux; serviceDeposantId: string | null }[]>`
    SELECT "statut", "serviceDeposantId" FROM "PieceTravaux" WHERE "id" = ${pieceId}::uuid AND "structureDeposanteId" = ${structureId}::uuid FOR UPDATE`;
  if (rows.length === 0) throw new AppError("INTROUVABLE");
  await exigerModification(tx, acteur, structureId, {
    structureDeposanteId: structureId,
    serviceDeposantId: rows[0].serviceDeposantId,
    moaId: null,
    serviceMoaId: null,
  });
  if (!modifiables.includes(rows[0].statut)) throw new AppError("PIECE_NON_MODIFIABLE");
}

/**
 * The statuses in which the depositor may still change its piece's invoice fields and files: a draft, and a suspended piece
 * it completes (attachments added, invoice fields corrected) before it goes back.
 */
export const MODIFIABLES_PAR_DEPOSANT: readonly StatutPieceTravaux[] = ["BROUILLON", "SUSPENDUE"];

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id from a URL is simply not found (and never reaches PostgreSQL's uuid cast). */
export function verifierId(id: string): string {
  if (!UUID.test(id)) throw new AppError("INTROUVABLE");
  return id.toLowerCase();
}

/** What a list of pieces shows of each (« Synthèse », search, « Pièces à traiter »), with what `rolesSur` needs. */
export const SELECT_LIGNE_PIECE = {
  id: true,
  statut: true,
  statutLe: true,
  cadre: true,
  numero: true,
  dateFacture: true,
  devise: true,
  montantTtc: true,
  deposeeLe: true,
  updatedAt: true,
  structureDeposanteId: true,
  moeId: true,
  moaId: true,
  titulaireId: true,
  cotraitantId: true,
  structureDeposante: { select: { raisonSociale: true } },
  moe: { select: { raisonSociale: true } },
  moa: { select: { raisonSociale: true } },
  serviceMoa: { select: { libelle: true } },
} satisfies Prisma.PieceTravauxSelect;
