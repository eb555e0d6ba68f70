import { db } from "@/lib/db";
import type { Acteur } from "@/lib/auth/acteur";
import { AppError } from "@/lib/errors";
import type { CadreFacturation, StatutPieceTravaux } from "@/lib/generated/prisma/client";
import { serviceFinancierEnBase, structureDe, visibleParSql } from "./acces";
import { delaiPaiementJours, echeancePaiement, JOUR_MS } from "./delais";
import { ETATS_ACOMPTE_VALIDES } from "./paiement";
import { STATUTS } from "./statuts";

/**
 * « Factures reçues »: what the paying service of the MOA's structure (its users holding the « Service financier »
 * habilitation) has received — the pieces put at its disposal (A6, A8 following a décompte général, A16, A19, A23),
 * whatever it did with them since: to mandate, mandated, put in payment, suspended, rejected, sent back for recycling.
 *
 * A piece is « reçue » when it was put at the paying service's disposal (its last history row into
 * MISE_A_DISPOSITION: a completed piece is received again, and its deadline restarts). Its legal payment deadline
 * counts from there (`echeancePaiement`, from the MOA's INSEE legal category: 30 days for the State and local
 * authorities, 50 for public hospitals…) while it is to be paid (MISE_A_DISPOSITION, MANDATEE); past it, the piece
 * is late by as many days as have started since.
 */

/** The statuses of a piece at (or back from) the paying service, in the order of the filter. */
export const STATUTS_FACTURES_RECUES = [
  "MISE_A_DISPOSITION",
  "MANDATEE",
  "MISE_EN_PAIEMENT",
  "SUSPENDUE",
  "REJETEE",
  "A_RECYCLER",
] as const satisfies readonly StatutPieceTravaux[];

/** Still to be paid: the legal deadline runs. */
export const A_PAYER = ["MISE_A_DISPOSITION", "MANDATEE"] as const satisfies readonly StatutPieceTravaux[];

export type FiltreFacturesRecues = "tout" | "en-retard" | (typeof STATUTS_FACTURES_RECUES)[number];

export const FILTRES_FACTURES_RECUES: { value: FiltreFacturesRecues; label: string }[] = [
  { value: "tout", label: "Toutes les factures reçues" },
  { value: "en-retard", label: "En retard de paiement" },
  ...STATUTS_FACTURES_RECUES.map((s) => ({ value: s, label: s === "MISE_A_DISPOSITION" ? "À mandater" : STATUTS[s].libelle })),
];

export function filtreFacturesRecues(v: unknown): FiltreFacturesRecues {
  return FILTRES_FACTURES_RECUES.find((f) => f.value === v)?.value ?? "tout";
}

/** Rows per page, as « Pièces à traiter ». */
export const TAILLE_PAGE_FACTURES_RECUES = 20;

export const MESSAGE_SERVICE_FINANCIER_REQUIS =
  "« Factures reçues » est réservé aux utilisateurs habilités « Service financier » de la structure : demandez cette habilitation à l'un de ses gestionnaires.";

/**
 * The actor's structure, if his validated membership holds the « Service financier » habilitation (read from the
 * database, never from the session); else NON_AUTORISE.
 */
export async function exigerServiceFinancier(acteur: Acteur): Promise<{ structureId: string; categorieJuridique: string | null }> {
  const structureId = structureDe(acteur);
  if (!(await serviceFinancierEnBase(db, acteur, structureId))) throw new AppError("NON_AUTORISE", {}, MESSAGE_SERVICE_FINANCIER_REQUIS);
  const { categorieJuridique } = await db.structure.findUniqueOrThrow({ where: { id: structureId }, select: { categorieJuridique: true } });
  return { structureId, categorieJuridique };
}

export type FactureRecue = {
  id: string;
  numero: string | null;
  cadre: CadreFacturation;
  statut: StatutPieceTravaux;
  devise: string;
  /** Whose money it is: the titulaire of an état d'acompte validé, else the depositor. */
  fournisseur: string;
  /** The net à payer when the piece has one, else its TTC. */
  montantAPayer: bigint | null;
  recueLe: Date;
  /** The legal payment deadline; null once the piece is no longer to be paid. */
  echeance: Date | null;
  /** Days late (at least 1) when the deadline has passed and the piece is still to be paid, else null. */
  joursRetard: number | null;
  mandatNumero: string | null;
  mandatLe: Date | null;
  paiementMontant: bigint | null;
  paiementLe: Date | null;
};

/**
 * One page of « Factures reçues »: first what is to be paid, oldest receipt (nearest deadline) first, then the rest,
 * last change of status first. Another structure's pieces never appear (the MOA of the piece is the actor's structure).
 */
export async function facturesRecues(
  acteur: Acteur,
  o: { filtre?: FiltreFacturesRecues; page?: number; taillePage?: number; now?: Date } = {},
): Promise<{ total: number; page: number; pages: number; taillePage: number; delaiJours: number; factures: FactureRecue[] }> {
  const { structureId, categorieJuridique } = await exigerServiceFinancier(acteur);
  const now = o.now ?? new Date();
  const filtre = o.filtre ?? "tout";
  const taillePage = o.taillePage ?? TAILLE_PAGE_FACTURES_RECUES;
  const delaiJours = delaiPaiementJours(categorieJuridique);
  const statuts: readonly string[] = filtre === "tout" ? STATUTS_FACTURES_RECUES : filtre === "en-retard" ? A_PAYER : [filtre];
  // Late: received before this instant and still to be paid.
  const limite = filtre === "en-retard" ? new Date(now.getTime() - delaiJours * JOUR_MS) : null;
  const aPayer: string[] = [...A_PAYER];

  const [{ total }] = await db.$queryRaw<{ total: number }[]>`
    SELECT count(*)::int AS total
    FROM "PieceTravaux" p
    CROSS JOIN LATERAL (SELECT max(h."createdAt") AS "recueLe" FROM "HistoriquePieceTravaux" h
                        WHERE h."pieceId" = p.id AND h."statutApres" = 'MISE_A_DISPOSITION') r
    WHERE p."moaId" = ${structureId}::uuid AND ${visibleParSql(structureId, acteur)} AND p.statut::text = ANY(${statuts}::text[]) AND r."recueLe" IS NOT NULL
      AND (${limite}::timestamp IS NULL OR r."recueLe" < ${limite}::timestamp)`;
  const pages = Math.max(1, Math.ceil(total / taillePage));
  const page = Math.min(Math.max(1, Math.trunc(o.page ?? 1) || 1), pages);

  const lues = await db.$queryRaw<{ id: string; recueLe: Date }[]>`
    SELECT p.id, r."recueLe"
    FROM "PieceTravaux" p
    CROSS JOIN LATERAL (SELECT max(h."createdAt") AS "recueLe" FROM "HistoriquePieceTravaux" h
                        WHERE h."pieceId" = p.id AND h."statutApres" = 'MISE_A_DISPOSITION') r
    WHERE p."moaId" = ${structureId}::uuid AND ${visibleParSql(structureId, acteur)} AND p.statut::text = ANY(${statuts}::text[]) AND r."recueLe" IS NOT NULL
      AND (${limite}::timestamp IS NULL OR r."recueLe" < ${limite}::timestamp)
    ORDER BY (p.statut::text = ANY(${aPayer}::text[])) DESC,
             CASE WHEN p.statut::text = ANY(${aPayer}::text[]) THEN r."recueLe" END ASC,
             p."statutLe" DESC, p.id
    LIMIT ${taillePage} OFFSET ${(page - 1) * taillePage}`;
  if (lues.length === 0) return { total, page, pages, taillePage, delaiJours, factures: [] };

  const rows = await db.pieceTravaux.findMany({
    where: { id: { in: lues.map((l) => l.id) }, moaId: structureId },
    select: {
      id: true,
      numero: true,
      cadre: true,
      statut: true,
      devise: true,
      netAPayer: true,
      montantTtc: true,
      titulaireId: true,
      mandatNumero: true,
      mandatLe: true,
      paiementMontant: true,
      paiementLe: true,
      structureDeposante: { select: { raisonSociale: true } },
      titulaire: { select: { raisonSociale: true } },
    },
  });
  const parId = new Map(rows.map((r) => [r.id, r]));
  const factures = lues.flatMap(({ id, recueLe }) => {
    const p = parId.get(id);
    if (!p) return [];
    const aPayerEncore = (A_PAYER as readonly string[]).includes(p.statut);
    const echeance = aPayerEncore ? echeancePaiement(recueLe, categorieJuridique) : null;
    const retard = echeance && now.getTime() > echeance.getTime() ? Math.ceil((now.getTime() - echeance.getTime()) / JOUR_MS) : null;
    const fournisseur = ETATS_ACOMPTE_VALIDES.includes(p.cadre) && p.titulaire ? p.titulaire : p.structureDeposante;
    return [
      {
        id: p.id,
        numero: p.numero,
        cadre: p.cadre,
        statut: p.statut,
        devise: p.devise,
        fournisseur: fournisseur.raisonSociale,
        montantAPayer: p.netAPayer ?? p.montantTtc,
        recueLe,
        echeance,
        joursRetard: retard,
        mandatNumero: p.mandatNumero,
        mandatLe: p.mandatLe,
        paiementMontant: p.paiementMontant,
        paiementLe: p.paiementLe,
      },
    ];
  });
  return { total, page, pages, taillePage, delaiJours, factures };
}

export type PageFacturesRecues = Awaited<ReturnType<typeof facturesRecues>>;

/**
 * The legal deadline of one piece at the paying service, for its page: when it was received, the date to pay by,
 * and the days late. Null when the piece is not (or no longer) to be paid by the MOA's paying service.
 */
export async function echeanceDePiece(
  piece: { id: string; statut: StatutPieceTravaux; moaId: string | null },
  o: { now?: Date } = {},
): Promise<{ recueLe: Date; echeance: Date; delaiJours: number; joursRetard: number | null } | null> {
  if (!(A_PAYER as readonly string[]).includes(piece.statut) || !piece.moaId) return null;
  const [h, moa] = await Promise.all([
    db.historiquePieceTravaux.findFirst({
      where: { pieceId: piece.id, statutApres: "MISE_A_DISPOSITION" },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    }),
    db.structure.findUnique({ where: { id: piece.moaId }, select: { categorieJuridique: true } }),
  ]);
  if (!h) return null;
  const now = o.now ?? new Date();
  const echeance = echeancePaiement(h.createdAt, moa?.categorieJuridique);
  const joursRetard = now.getTime() > echeance.getTime() ? Math.ceil((now.getTime() - echeance.getTime()) / JOUR_MS) : null;
  return { recueLe: h.createdAt, echeance, delaiJours: delaiPaiementJours(moa?.categorieJuridique), joursRetard };
}
