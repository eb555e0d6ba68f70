import { db } from "@/lib/db";
import type { Acteur } from "@/lib/auth/acteur";
import type { Prisma } from "@/lib/generated/prisma/client";
import { rolesSur, SELECT_LIGNE_PIECE, structureDe } from "./acces";
import { MOA_A_TRAITER, MOE_A_TRAITER } from "./statuts";
import { joursRestants } from "./traitement";

export type FiltreATraiter = "tout" | "a-traiter" | "retournees";
export type TriATraiter = "delai" | "recent";

/**
 * The processing part of « Synthèse »: the pieces the structure has to process as MOE (with the days left of
 * the 7 days for monthly drafts) or as MOA, and its own pieces sent back to it — suspended (to complete) or
 * refused, by the MOE or the MOA. Every validated user of the structure sees them all (its managers included,
 * whatever the MOA's service the piece is addressed to).
 */
export async function piecesATraiter(acteur: Acteur, o: { filtre?: FiltreATraiter; tri?: TriATraiter; now?: Date } = {}) {
  const structureId = structureDe(acteur);
  const filtre = o.filtre ?? "tout";
  const aTraiter: Prisma.PieceTravauxWhereInput[] = [
    { moeId: structureId, statut: { in: [...MOE_A_TRAITER] } },
    { moaId: structureId, statut: { in: [...MOA_A_TRAITER] } },
  ];
  const retournees: Prisma.PieceTravauxWhereInput[] = [{ structureDeposanteId: structureId, statut: { in: ["SUSPENDUE", "REFUSEE_MOE", "REFUSEE_MOA"] } }];
  const ou = filtre === "a-traiter" ? aTraiter : filtre === "retournees" ? retournees : [...aTraiter, ...retournees];
  const pieces = await db.pieceTravaux.findMany({
    where: { OR: ou },
    orderBy: [{ statutLe: o.tri === "recent" ? "desc" : "asc" }, { id: "asc" }],
    take: 200,
    select: SELECT_LIGNE_PIECE,
  });
  const now = o.now ?? new Date();
  const lignes = pieces.map((p) => ({ ...p, roles: rolesSur(p, structureId), joursRestants: joursRestants(p, now) }));
  // « Délai »: the monthly drafts nearest their deadline first, then the others by date.
  if (o.tri !== "recent") lignes.sort((a, b) => (a.joursRestants ?? Infinity) - (b.joursRestants ?? Infinity));
  return lignes;
}
