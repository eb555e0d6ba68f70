import type { Tx } from "@/lib/db";
import type { Acteur } from "@/lib/auth/acteur";
import { apresCommit } from "@/lib/db/apres-commit";
import { Prisma, type CadreFacturation, type StatutPieceTravaux } from "@/lib/generated/prisma/client";
import { compterChangementStatut, compterDepot } from "@/lib/supervision/metriques";

/**
 * The history of a piece (« Suivre le traitement »): one row per change of status, or per event the portal records
 * without one. Every row is written from here, in the transaction of the change it records — by Prisma, or as a
 * fragment of the single statement of the deposit path (creation of a draft, send), so that it costs no round trip.
 * Each change of status is counted here too (portail_changements_statut_total, and portail_depots_total for a deposit),
 * once its transaction has committed (lib/db/apres-commit.ts).
 */

export type LigneHistorique = {
  action: string;
  statutAvant: StatutPieceTravaux | null;
  statutApres: StatutPieceTravaux;
  /** Who acted; none for the portal itself (mise à disposition, délai dépassé…). */
  acteur?: Pick<Acteur, "userId" | "name"> | null;
  /** The structure the actor acted for. */
  structureId?: string | null;
  motif?: string | null;
  /** What the step recorded besides a reason (the paying service's mandate, the payment: « Mise en paiement le … pour … € »). */
  commentaire?: string | null;
  /** When; by default the database's clock. */
  le?: Date;
  /** The piece's frame, for the metrics of a change of status (« inconnu » without it). */
  cadre?: CadreFacturation;
};

/** A change of status (not a creation, not an event that keeps the status) counted once its transaction commits. */
function compter(l: LigneHistorique): void {
  if (l.statutAvant === null || l.statutAvant === l.statutApres) return;
  const cadre = l.cadre ?? "inconnu";
  const depot = l.statutAvant === "BROUILLON" && l.statutApres === "DEPOSEE";
  apresCommit(() => {
    compterChangementStatut(cadre, l.statutApres);
    if (depot) compterDepot(cadre);
  });
}

function colonnes(l: LigneHistorique) {
  return {
    action: l.action,
    statutAvant: l.statutAvant,
    statutApres: l.statutApres,
    acteurUserId: l.acteur?.userId ?? null,
    acteurNom: l.acteur?.name ?? null,
    acteurStructureId: l.structureId ?? null,
    motif: l.motif ?? null,
    ...(l.commentaire ? { commentaire: l.commentaire } : {}),
    ...(l.le ? { createdAt: l.le } : {}),
  };
}

/** The row as its piece creates it (`historique: { create: … }`), in the same write. */
export function ligneACreer(l: LigneHistorique): Prisma.HistoriquePieceTravauxCreateWithoutPieceInput {
  compter(l);
  return colonnes(l);
}

/** Writes one row, in the caller's transaction. */
export async function ecrireHistorique(tx: Tx, pieceId: string, l: LigneHistorique): Promise<void> {
  await tx.historiquePieceTravaux.create({ data: { pieceId, ...colonnes(l) } });
  compter(l);
}

/**
 * The same rows as one INSERT, to embed in the statement that changes the piece (the body of a WITH, or its main
 * statement). Each row has its date: the order of the rows is the order of their dates.
 */
export function insertionHistorique(pieceId: string, lignes: readonly (LigneHistorique & { le: Date })[]): Prisma.Sql {
  const valeurs = lignes.map((l) => {
    compter(l);
    const c = colonnes(l);
    return Prisma.sql`(gen_random_uuid(), ${pieceId}::uuid, ${c.action}, ${c.statutAvant}::"StatutPieceTravaux", ${c.statutApres}::"StatutPieceTravaux",
            ${c.acteurUserId}::uuid, ${c.acteurNom}, ${c.acteurStructureId}::uuid, ${c.motif}, ${l.le})`;
  });
  return Prisma.sql`INSERT INTO "HistoriquePieceTravaux" (id, "pieceId", action, "statutAvant", "statutApres", "acteurUserId", "acteurNom", "acteurStructureId", motif, "createdAt")
    VALUES ${Prisma.join(valeurs)}`;
}

/**
 * The same rows, written only if the WITH query `si` of the same statement returned a row: the creation of a draft
 * whose conditions (frame, service) the statement itself checks. Every value is cast: a SELECT, unlike VALUES, does not
 * take its types from the columns it fills.
 */
export function insertionHistoriqueSi(si: string, pieceId: string, lignes: readonly (LigneHistorique & { le: Date })[]): Prisma.Sql {
  if (!/^\w+$/.test(si)) throw new Error(`Nom de requête WITH invalide : ${si}`);
  const selections = lignes.map((l) => {
    compter(l);
    const c = colonnes(l);
    return Prisma.sql`SELECT gen_random_uuid(), ${pieceId}::uuid, ${c.action}::text, ${c.statutAvant}::"StatutPieceTravaux", ${c.statutApres}::"StatutPieceTravaux",
            ${c.acteurUserId}::uuid, ${c.acteurNom}::text, ${c.acteurStructureId}::uuid, ${c.motif}::text, ${l.le}::timestamp(3) FROM ${Prisma.raw(`"${si}"`)}`;
  });
  return Prisma.sql`INSERT INTO "HistoriquePieceTravaux" (id, "pieceId", action, "statutAvant", "statutApres", "acteurUserId", "acteurNom", "acteurStructureId", motif, "createdAt")
    ${Prisma.join(selections, " UNION ALL ")}`;
}
