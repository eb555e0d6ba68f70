import { db } from "@/lib/db";
import type { Acteur } from "@/lib/auth/acteur";
import type { Prisma } from "@/lib/generated/prisma/client";
import { rolesSur, SELECT_LIGNE_PIECE, structureDe } from "./acces";
import { MOA_A_TRAITER, MOE_A_TRAITER } from "./statuts";
import { CADRES_DELAI_MOE, joursRestants } from "./delais";

export type FiltreATraiter = "tout" | "a-traiter" | "retournees";
export type TriATraiter = "delai" | "recent";

/** Rows per page of « Pièces à traiter ». */
export const TAILLE_PAGE_A_TRAITER = 20;

/**
 * The processing part of « Synthèse »: the pieces the structure has to process as MOE (with the days left of
 * the 7 days for monthly drafts), as MOA, or as titulaire of a subcontractor's request (A10), and its own pieces sent back to it — suspended (to complete) or
 * refused, by the MOE or the MOA. Every validated user of the structure sees them all (its managers included,
 * whatever the MOA's service the piece is addressed to).
 *
 * One page at a time, in an order that does not move between pages:
 * - « Délai »: first the monthly drafts still running their MOE's 7 days, nearest their deadline first (the
 *   deadline is their status date + 7 days, so: oldest status date first), then every other piece, oldest
 *   status date first;
 * - « Dernier changement de statut »: most recent first.
 * Ties are broken by id. The « Délai » order is two ranges read one after the other, each by the database.
 */
export async function piecesATraiter(acteur: Acteur, o: { filtre?: FiltreATraiter; tri?: TriATraiter; page?: number; taillePage?: number; now?: Date } = {}) {
  const structureId = structureDe(acteur);
  const filtre = o.filtre ?? "tout";
  const taillePage = o.taillePage ?? TAILLE_PAGE_A_TRAITER;
  const aTraiter: Prisma.PieceTravauxWhereInput[] = [
    { moeId: structureId, statut: { in: [...MOE_A_TRAITER] } },
    { moaId: structureId, statut: { in: [...MOA_A_TRAITER] } },
    // A10: the subcontractor's payment request waits for its titulaire (direct-payment attestation, validation).
    { titulaireId: structureId, statut: "A_VALIDER_1" },
  ];
  const retournees: Prisma.PieceTravauxWhereInput[] = [{ structureDeposanteId: structureId, statut: { in: ["SUSPENDUE", "REFUSEE_MOE", "REFUSEE_MOA"] } }];
  const where: Prisma.PieceTravauxWhereInput = { OR: filtre === "a-traiter" ? aTraiter : filtre === "retournees" ? retournees : [...aTraiter, ...retournees] };
  const now = o.now ?? new Date();

  type Tranche = { where: Prisma.PieceTravauxWhereInput; orderBy: Prisma.PieceTravauxOrderByWithRelationInput[] };
  let tranches: Tranche[];
  if (o.tri === "recent") {
    tranches = [{ where, orderBy: [{ statutLe: "desc" }, { id: "asc" }] }];
  } else {
    // The monthly drafts whose 7 days run (the ones `joursRestants` counts for), then the rest.
    const enDelai: Prisma.PieceTravauxWhereInput = { moeId: structureId, statut: "MISE_A_DISPOSITION_MOE", cadre: { in: [...CADRES_DELAI_MOE] } };
    const parDate: Prisma.PieceTravauxOrderByWithRelationInput[] = [{ statutLe: "asc" }, { id: "asc" }];
    tranches = [
      { where: { AND: [where, enDelai] }, orderBy: parDate },
      { where: { AND: [where, { NOT: enDelai }] }, orderBy: parDate },
    ];
  }
  const totaux = await Promise.all(tranches.map((t) => db.pieceTravaux.count({ where: t.where })));
  const total = totaux.reduce((a, b) => a + b, 0);
  const pages = Math.max(1, Math.ceil(total / taillePage));
  const page = Math.min(Math.max(1, Math.trunc(o.page ?? 1) || 1), pages);

  // The page's window over the ranges put end to end.
  let debut = (page - 1) * taillePage;
  let reste = taillePage;
  const lues = [];
  for (let i = 0; i < tranches.length && reste > 0; i++) {
    if (debut >= totaux[i]) {
      debut -= totaux[i];
      continue;
    }
    const rows = await db.pieceTravaux.findMany({
      where: tranches[i].where,
      orderBy: tranches[i].orderBy,
      skip: debut,
      take: reste,
      select: SELECT_LIGNE_PIECE,
    });
    lues.push(...rows);
    reste -= rows.length;
    debut = 0;
  }
  const pieces = lues.map((p) => ({ ...p, roles: rolesSur(p, structureId), joursRestants: joursRestants(p, { now }) }));
  return { total, page, pages, taillePage, pieces };
}

export type PageATraiter = Awaited<ReturnType<typeof piecesATraiter>>;
