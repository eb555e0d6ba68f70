import type { Acteur } from "@/lib/auth/acteur";
import { AppError } from "@/lib/errors";
import type { Prisma, StatutPieceTravaux } from "@/lib/generated/prisma/client";
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

export function visiblePar(structureId: string): Prisma.PieceTravauxWhereInput {
  return {
    OR: [
      { structureDeposanteId: structureId },
      { statut: { not: "BROUILLON" }, OR: [{ moeId: structureId }, { moaId: structureId }, { titulaireId: structureId }, { cotraitantId: structureId }] },
    ],
  };
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
 * and checks it is still a draft of the actor's structure. Another structure's piece is « introuvable ».
 */
export async function verrouillerBrouillon(
  tx: Tx,
  structureId: string,
  pieceId: string,
  modifiables: readonly StatutPieceTravaux[] = ["BROUILLON"],
): Promise<void> {
  const rows = await tx.$queryRaw<{ statut: StatutPieceTravaux }[]>`
    SELECT "statut" FROM "PieceTravaux" WHERE "id" = ${pieceId}::uuid AND "structureDeposanteId" = ${structureId}::uuid FOR UPDATE`;
  if (rows.length === 0) throw new AppError("INTROUVABLE");
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
