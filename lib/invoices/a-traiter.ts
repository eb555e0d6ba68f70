import { db } from "@/lib/db";
import type { Acteur } from "@/lib/auth/acteur";
import type { Prisma } from "@/lib/generated/prisma/client";
import { rolesSur, SELECT_LIGNE_PIECE, structureDe, visiblePar } from "./acces";
import { MOA_A_TRAITER, MOE_A_TRAITER } from "./statuts";
import { dateHeureFr } from "./format";
import {
  CADRE_DELAI_TITULAIRE,
  CADRES_DELAI_MOE,
  DELAI_MOE_JOURS,
  DELAI_TITULAIRE_JOURS,
  echeanceMoe,
  echeanceTitulaireDe,
  joursRestants,
  joursRestantsTitulaire,
} from "./delais";

export type FiltreATraiter = "tout" | "a-traiter" | "retournees";
export type TriATraiter = "delai" | "recent";

/** Rows per page of « Pièces à traiter ». */
export const TAILLE_PAGE_A_TRAITER = 20;

/**
 * The processing part of « Synthèse »: the pieces the structure has to process as MOE (with the days left of
 * the 7 days for monthly drafts), as MOA, or as titulaire of a subcontractor's request (A10, with the days left of its
 * 15 days), and its own pieces sent back to it — suspended (to complete) or
 * refused, by the MOE or the MOA. Every validated user of the structure sees them all (its managers included,
 * whatever the MOA's service the piece is addressed to).
 *
 * One page at a time, in an order that does not move between pages:
 * - « Délai »: first the pieces whose deadline runs — the monthly drafts in their MOE's 7 days, the subcontractors'
 *   requests in their titulaire's 15 days —, nearest their deadline first (their status date + 7 or 15 days: the
 *   range's keys are read and sorted here, the page's rows then read by id), then every other piece, oldest status
 *   date first;
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
  // Sent back to the depositor: to complete (suspended), to redo (refused), to correct its routing and send again (« À recycler »).
  const retournees: Prisma.PieceTravauxWhereInput[] = [
    { structureDeposanteId: structureId, statut: { in: ["SUSPENDUE", "REFUSEE_MOE", "REFUSEE_MOA", "A_RECYCLER"] } },
  ];
  // What the user sees (a user limited to services: his services' pieces, lib/invoices/acces.ts).
  const where: Prisma.PieceTravauxWhereInput = {
    AND: [visiblePar(structureId, acteur), { OR: filtre === "a-traiter" ? aTraiter : filtre === "retournees" ? retournees : [...aTraiter, ...retournees] }],
  };
  const now = o.now ?? new Date();

  type Tranche = { where: Prisma.PieceTravauxWhereInput; orderBy: Prisma.PieceTravauxOrderByWithRelationInput[]; parEcheance?: boolean };
  let tranches: Tranche[];
  if (o.tri === "recent") {
    tranches = [{ where, orderBy: [{ statutLe: "desc" }, { id: "asc" }] }];
  } else {
    // The pieces whose deadline runs (the ones `joursRestants` and `joursRestantsTitulaire` count for), then the rest.
    const enDelai: Prisma.PieceTravauxWhereInput = {
      OR: [
        { moeId: structureId, statut: "MISE_A_DISPOSITION_MOE", cadre: { in: [...CADRES_DELAI_MOE] } },
        { titulaireId: structureId, statut: "A_VALIDER_1", cadre: CADRE_DELAI_TITULAIRE },
      ],
    };
    const parDate: Prisma.PieceTravauxOrderByWithRelationInput[] = [{ statutLe: "asc" }, { id: "asc" }];
    tranches = [
      { where: { AND: [where, enDelai] }, orderBy: parDate, parEcheance: true },
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
    const rows = tranches[i].parEcheance
      ? await parEcheance(tranches[i].where, debut, reste)
      : await db.pieceTravaux.findMany({
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
  const pieces = lues.map((p) => {
    const moe = joursRestants(p, { now });
    const titulaire = moe === null ? joursRestantsTitulaire(p, { now }) : null;
    return {
      ...p,
      roles: rolesSur(p, structureId),
      // Days left of the deadline that runs for the structure: the MOE's 7 days, or the titulaire's 15 days (A10).
      joursRestants: moe ?? titulaire,
      // Which deadline, and its end: « Délai de 15 jours du titulaire : jusqu'au … ».
      delai:
        moe !== null
          ? `Délai de ${DELAI_MOE_JOURS} jours de la maîtrise d'œuvre : jusqu'au ${dateHeureFr(echeanceMoe(p))}`
          : titulaire !== null
            ? `Délai de ${DELAI_TITULAIRE_JOURS} jours du titulaire : jusqu'au ${dateHeureFr(echeanceTitulaireDe(p))}`
            : null,
    };
  });
  return { total, page, pages, taillePage, pieces };
}

/** A window of the pieces whose deadline runs, nearest deadline first (then by id): their keys sorted here, the rows read by id. */
async function parEcheance(where: Prisma.PieceTravauxWhereInput, debut: number, nombre: number) {
  const cles = await db.pieceTravaux.findMany({ where, select: { id: true, statut: true, cadre: true, statutLe: true } });
  const echeance = (c: (typeof cles)[number]) => (echeanceMoe(c) ?? echeanceTitulaireDe(c))?.getTime() ?? 0;
  const ids = cles
    .sort((a, b) => echeance(a) - echeance(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(debut, debut + nombre)
    .map((c) => c.id);
  const rows = await db.pieceTravaux.findMany({ where: { id: { in: ids } }, select: SELECT_LIGNE_PIECE });
  const parId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => parId.get(id)).filter((r) => r !== undefined);
}

export type PageATraiter = Awaited<ReturnType<typeof piecesATraiter>>;
