import type { CadreFacturation, Prisma, StatutPieceTravaux } from "@/lib/generated/prisma/client";
import type { Acteur } from "@/lib/auth/acteur";
import { db } from "@/lib/db";
import { structureDe, visiblePar } from "./acces";
import { estCadre } from "./cadres";
import { TYPES_PIECE, type TypePiece } from "./decompte";
import { centimesFiltre, type Filtres, type TriPieces } from "./schemas";
import { STATUTS } from "./statuts";

/**
 * The pieces a list shows (« Synthèse »: the structure's own pieces, drafts included; « Recherche »: every piece the
 * structure sees), as one Prisma clause: visibility through `visiblePar` only, then the filters. The page, its export
 * (CSV, XLSX) and its ZIP all read the same clause, so an export holds exactly the rows the list counts.
 */
export function clauseListe(acteur: Acteur, filtres: Filtres, perimetre: "SYNTHESE" | "RECHERCHE"): Prisma.PieceTravauxWhereInput {
  const structureId = structureDe(acteur);
  const et: Prisma.PieceTravauxWhereInput[] = [visiblePar(structureId, acteur)];
  if (perimetre === "SYNTHESE") et.push({ structureDeposanteId: structureId });
  if (filtres.statut && filtres.statut in STATUTS) et.push({ statut: filtres.statut as StatutPieceTravaux });
  if (filtres.cadre && estCadre(filtres.cadre)) et.push({ cadre: filtres.cadre as CadreFacturation });
  if (filtres.typePiece && filtres.typePiece in TYPES_PIECE) et.push({ typePiece: filtres.typePiece as TypePiece });
  if (filtres.numero) et.push({ numero: { contains: filtres.numero, mode: "insensitive" } });
  if (filtres.numeroMarche) et.push({ numeroMarche: { contains: filtres.numeroMarche, mode: "insensitive" } });
  if (filtres.numeroEngagement) et.push({ numeroEngagement: { contains: filtres.numeroEngagement, mode: "insensitive" } });
  if (filtres.numeroBonCommande) et.push({ numeroBonCommande: { contains: filtres.numeroBonCommande, mode: "insensitive" } });
  if (filtres.du) et.push({ dateFacture: { gte: new Date(`${filtres.du}T00:00:00Z`) } });
  if (filtres.au) et.push({ dateFacture: { lte: new Date(`${filtres.au}T00:00:00Z`) } });
  // Deposit dates are instants: a day runs from midnight to midnight in France.
  if (filtres.deposeDu) et.push({ deposeeLe: { gte: minuitParis(filtres.deposeDu) } });
  if (filtres.deposeAu) et.push({ deposeeLe: { lt: minuitParis(filtres.deposeAu, 1) } });
  const min = centimesFiltre(filtres.montantMin);
  const max = centimesFiltre(filtres.montantMax);
  if (min !== undefined) et.push({ montantTtc: { gte: BigInt(min) } });
  if (max !== undefined) et.push({ montantTtc: { lte: BigInt(max) } });
  if (filtres.dossier) et.push({ dossier: { numero: Number.parseInt(filtres.dossier.replace(/^DF/i, ""), 10) } });
  if (filtres.service) et.push({ OR: [{ serviceMoaId: filtres.service.toLowerCase() }, { serviceDeposantId: filtres.service.toLowerCase() }] });
  // « Fournisseur »: the company the piece is from — its depositor, or the titulaire an MOE's statement names.
  if (filtres.fournisseur) {
    const p = partie(filtres.fournisseur);
    et.push({ OR: [{ structureDeposante: p }, { titulaire: p }] });
  }
  if (filtres.moe) et.push({ moe: partie(filtres.moe) });
  if (filtres.moa) et.push({ moa: partie(filtres.moa) });
  return { AND: et };
}

/** A party typed in the search: digits are the first digits of its SIRET, anything else part of its name. */
function partie(saisie: string): Prisma.StructureWhereInput {
  const chiffres = saisie.replace(/[\s.]/g, "");
  if (/^\d{3,14}$/.test(chiffres)) return { identifier: { startsWith: chiffres } };
  return { raisonSociale: { contains: saisie, mode: "insensitive" } };
}

/** Midnight in France of the day `jour` (« AAAA-MM-JJ ») plus `plus` days, as an instant. */
export function minuitParis(jour: string, plus = 0): Date {
  const [a, m, j] = jour.split("-").map(Number);
  const utc = Date.UTC(a, m - 1, j + plus);
  // France is UTC+1 or UTC+2: the offset of that day, read from its noon in Paris.
  const midi = new Date(utc + 12 * 3600_000);
  const heureParis = Number(new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Paris", hour: "2-digit", hour12: false }).format(midi));
  return new Date(utc - (heureParis - 12) * 3600_000);
}

export const TRIS: Record<TriPieces, string> = {
  numero: "Numéro",
  dateFacture: "Date de facture",
  deposeeLe: "Déposée le",
  montantTtc: "Montant TTC",
};

/**
 * The order of a list: a column chosen by its header (empty values last either way), the piece's id breaking ties,
 * so that pages and batches are stable; by default the last changed first.
 */
export function ordreListe(filtres: Pick<Filtres, "trierPar" | "ordre">): Prisma.PieceTravauxOrderByWithRelationInput[] {
  const tri = filtres.trierPar || undefined;
  if (!tri) return [{ updatedAt: "desc" }, { id: "asc" }];
  const sens = filtres.ordre === "desc" ? "desc" : "asc";
  return [{ [tri]: { sort: sens, nulls: "last" } }, { id: "asc" }];
}

/**
 * Every row of a list, batch after batch (Prisma's cursor on the piece's id: each batch starts after the last row of
 * the previous one, in the list's order), so that an export of 100 000 pieces never holds more than one batch.
 */
export async function* parLots<T extends { id: string }>(
  lire: (o: { take: number; cursor?: { id: string }; skip?: number; orderBy: Prisma.PieceTravauxOrderByWithRelationInput[] }) => Promise<T[]>,
  orderBy: Prisma.PieceTravauxOrderByWithRelationInput[],
  taille = 1000,
): AsyncGenerator<T[]> {
  let dernier: string | undefined;
  for (;;) {
    const lot = await lire({ take: taille, orderBy, ...(dernier ? { cursor: { id: dernier }, skip: 1 } : {}) });
    if (lot.length > 0) yield lot;
    if (lot.length < taille) return;
    dernier = lot[lot.length - 1].id;
  }
}

/** The services of the actor's structure, for the filter « Service » (inactive ones too: old pieces name them). */
export async function servicesFiltrables(acteur: Acteur): Promise<{ id: string; code: string; libelle: string }[]> {
  return db.service.findMany({ where: { structureId: structureDe(acteur) }, select: { id: true, code: true, libelle: true }, orderBy: { code: "asc" } });
}
