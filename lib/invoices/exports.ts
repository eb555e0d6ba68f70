import { once } from "node:events";
import { PassThrough, Readable } from "node:stream";
import { stringify } from "csv-stringify";
import ExcelJS from "exceljs";
import type { Acteur } from "@/lib/auth/acteur";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { journal } from "@/lib/journal-technique";
import { rolesSur, structureDe } from "./acces";
import { cadre as definitionCadre } from "./cadres";
import { numeroDepot, numeroDossier } from "./certificat";
import { TYPES_PIECE } from "./decompte";
import { dateFr, jourFr } from "./format";
import { formaterMontant } from "./montants";
import { clauseListe, ordreListe, parLots } from "./recherche";
import { libellesRoles } from "./roles";
import { filtresSchema, type Filtres } from "./schemas";
import { STATUTS } from "./statuts";

/**
 * « Exporter » on « Synthèse » and « Recherche »: exactly the rows the list counts (the same clause, `clauseListe`),
 * in its order, read from PostgreSQL a batch at a time and written as they come — CSV for French spreadsheets (UTF-8
 * with BOM, « ; », dates jj/mm/aaaa, amounts 1 234,56) or XLSX (real dates and numbers, with their formats).
 */

export type FormatExport = "csv" | "xlsx";
export type Perimetre = "SYNTHESE" | "RECHERCHE";

/** Rows read per query: a batch is what the export holds in memory at most (with a slice of ids). */
export const LOT_EXPORT = 1000;
/** Ids read per query of the list (36 characters each: 10 000 of them weigh less than 1 MB). */
export const LOT_IDS = 10_000;

const partie = { select: { raisonSociale: true, identifier: true } } as const;
const SELECT_EXPORT = {
  id: true,
  numero: true,
  typePiece: true,
  cadre: true,
  statut: true,
  dateFacture: true,
  deposeeLe: true,
  devise: true,
  montantHt: true,
  montantTva: true,
  montantTtc: true,
  netAPayer: true,
  numeroMarche: true,
  numeroEngagement: true,
  numeroBonCommande: true,
  structureDeposanteId: true,
  moeId: true,
  moaId: true,
  titulaireId: true,
  cotraitantId: true,
  structureDeposante: partie,
  moe: partie,
  moa: partie,
  titulaire: partie,
  serviceMoa: { select: { libelle: true } },
  dossier: { select: { numero: true } },
  depot: { select: { numero: true } },
} satisfies Prisma.PieceTravauxSelect;
type PieceExport = Prisma.PieceTravauxGetPayload<{ select: typeof SELECT_EXPORT }>;

type Colonne = {
  titre: string;
  sorte: "texte" | "date" | "montant";
  largeur: number;
  valeur: (p: PieceExport, roles: string[]) => string | Date | bigint | null;
};

/** The columns of both formats, in order. */
export const COLONNES: Colonne[] = [
  { titre: "Numéro", sorte: "texte", largeur: 20, valeur: (p) => p.numero },
  { titre: "Type", sorte: "texte", largeur: 10, valeur: (p) => TYPES_PIECE[p.typePiece] },
  { titre: "Cadre", sorte: "texte", largeur: 8, valeur: (p) => definitionCadre(p.cadre).court },
  { titre: "Statut", sorte: "texte", largeur: 24, valeur: (p) => STATUTS[p.statut].libelle },
  { titre: "Date de facture", sorte: "date", largeur: 14, valeur: (p) => p.dateFacture },
  { titre: "Déposée le", sorte: "date", largeur: 14, valeur: (p) => jourCivil(p.deposeeLe) },
  { titre: "Numéro de dépôt", sorte: "texte", largeur: 16, valeur: (p) => (p.depot ? numeroDepot(p.depot.numero) : null) },
  { titre: "Dossier", sorte: "texte", largeur: 12, valeur: (p) => (p.dossier ? numeroDossier(p.dossier.numero) : null) },
  { titre: "Déposant", sorte: "texte", largeur: 30, valeur: (p) => p.structureDeposante.raisonSociale },
  { titre: "SIRET du déposant", sorte: "texte", largeur: 16, valeur: (p) => p.structureDeposante.identifier },
  { titre: "Maîtrise d'œuvre", sorte: "texte", largeur: 30, valeur: (p) => p.moe?.raisonSociale ?? null },
  { titre: "SIRET de la maîtrise d'œuvre", sorte: "texte", largeur: 16, valeur: (p) => p.moe?.identifier ?? null },
  { titre: "Maîtrise d'ouvrage", sorte: "texte", largeur: 30, valeur: (p) => p.moa?.raisonSociale ?? null },
  { titre: "SIRET de la maîtrise d'ouvrage", sorte: "texte", largeur: 16, valeur: (p) => p.moa?.identifier ?? null },
  { titre: "Service de la maîtrise d'ouvrage", sorte: "texte", largeur: 24, valeur: (p) => p.serviceMoa?.libelle ?? null },
  { titre: "Titulaire", sorte: "texte", largeur: 30, valeur: (p) => p.titulaire?.raisonSociale ?? null },
  { titre: "Numéro de marché", sorte: "texte", largeur: 16, valeur: (p) => p.numeroMarche },
  { titre: "Engagement juridique", sorte: "texte", largeur: 16, valeur: (p) => p.numeroEngagement },
  { titre: "Bon de commande", sorte: "texte", largeur: 16, valeur: (p) => p.numeroBonCommande },
  { titre: "Devise", sorte: "texte", largeur: 7, valeur: (p) => p.devise },
  { titre: "Montant HT", sorte: "montant", largeur: 16, valeur: (p) => p.montantHt },
  { titre: "Montant TVA", sorte: "montant", largeur: 16, valeur: (p) => p.montantTva },
  { titre: "Montant TTC", sorte: "montant", largeur: 16, valeur: (p) => p.montantTtc },
  { titre: "Net à payer", sorte: "montant", largeur: 16, valeur: (p) => p.netAPayer },
  { titre: "Votre rôle", sorte: "texte", largeur: 18, valeur: (_p, roles) => roles.join(", ") || null },
];

/** The calendar day in France of an instant, as a date at midnight UTC (what a spreadsheet's date is). */
function jourCivil(d: Date | null): Date | null {
  if (!d) return null;
  const [j, m, a] = jourFr(d).split("/").map(Number);
  return new Date(Date.UTC(a, m - 1, j));
}

/** The filters of an export's query string, checked as the page checks them (French messages). */
export function filtresExport(brut: Record<string, string>): Filtres {
  const r = filtresSchema.safeParse(brut);
  if (r.success) return r.data;
  const champs = Object.fromEntries(r.error.issues.map((i) => [String(i.path[0] ?? "filtres"), i.message]));
  throw new AppError("SAISIE_INVALIDE", champs, `Filtres invalides : ${Object.values(champs).join(" ")}`);
}

/**
 * Every row of the list, one batch at a time, with « Votre rôle »: the ids in the list's order by slices of LOT_IDS
 * (the visibility clause and the filters evaluated once per slice, not once per batch: it costs each time about as much
 * as reading the whole list), then each batch of LOT_EXPORT rows read by its ids, put back in that order.
 */
async function* pieces(acteur: Acteur, filtres: Filtres, perimetre: Perimetre): AsyncGenerator<{ p: PieceExport; roles: string[] }> {
  const structureId = structureDe(acteur);
  const where = clauseListe(acteur, filtres, perimetre);
  for await (const tranche of parLots((o) => db.pieceTravaux.findMany({ where, select: { id: true }, ...o }), ordreListe(filtres), LOT_IDS)) {
    for (let i = 0; i < tranche.length; i += LOT_EXPORT) {
      const ids = tranche.slice(i, i + LOT_EXPORT).map((x) => x.id);
      const lues = new Map((await db.pieceTravaux.findMany({ where: { id: { in: ids } }, select: SELECT_EXPORT })).map((p) => [p.id, p]));
      for (const id of ids) {
        const p = lues.get(id);
        if (p) yield { p, roles: libellesRoles(p, rolesSur(p, structureId)) };
      }
    }
  }
}

/** A cell of the CSV: dates jj/mm/aaaa, amounts 1 234,56 (non-breaking space between thousands, as French spreadsheets write them). */
function texteCsv(c: Colonne, v: string | Date | bigint | null): string {
  if (v === null || v === undefined) return "";
  if (c.sorte === "date") return dateFr(v as Date);
  if (c.sorte === "montant") return formaterMontant(v as bigint);
  return String(v);
}

/** The CSV: a stream of bytes, with its BOM and header line. */
export function exportCsv(acteur: Acteur, filtres: Filtres, perimetre: Perimetre): Readable {
  structureDe(acteur);
  const lignes = Readable.from(
    (async function* () {
      for await (const { p, roles } of pieces(acteur, filtres, perimetre)) yield COLONNES.map((c) => texteCsv(c, c.valeur(p, roles)));
    })(),
  );
  const csv = stringify({ delimiter: ";", bom: true, header: true, columns: COLONNES.map((c) => c.titre), record_delimiter: "windows" });
  lignes.on("error", (error) => csv.destroy(error));
  return lignes.pipe(csv);
}

/** A cell of the XLSX: a real date or number (euros), or text. */
function valeurXlsx(c: Colonne, v: string | Date | bigint | null): string | Date | number | null {
  if (v === null || v === undefined) return null;
  if (c.sorte === "montant") return Number(v as bigint) / 100;
  return v as string | Date;
}

/** The XLSX, written row by row into the stream (exceljs' streaming writer), one sheet « Pièces ». */
export function exportXlsx(acteur: Acteur, filtres: Filtres, perimetre: Perimetre): Readable {
  structureDe(acteur);
  const sortie = new PassThrough({ highWaterMark: 1 << 20 });
  const classeur = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sortie, useStyles: true, useSharedStrings: false });
  classeur.creator = "Portail des factures de travaux";
  const feuille = classeur.addWorksheet("Pièces", { views: [{ state: "frozen", ySplit: 1 }] });
  feuille.columns = COLONNES.map((c, i) => ({
    header: c.titre,
    key: String(i),
    width: c.largeur,
    style: c.sorte === "date" ? { numFmt: "dd/mm/yyyy" } : c.sorte === "montant" ? { numFmt: "#,##0.00" } : {},
  }));
  feuille.getRow(1).font = { bold: true };
  (async () => {
    let n = 0;
    for await (const { p, roles } of pieces(acteur, filtres, perimetre)) {
      feuille.addRow(COLONNES.map((c) => valeurXlsx(c, c.valeur(p, roles)))).commit();
      // The writer does not wait for the reader: every batch, it lets the download catch up.
      if (++n % LOT_EXPORT === 0 && sortie.writableNeedDrain) await Promise.race([once(sortie, "drain"), once(sortie, "close")]);
      if (sortie.destroyed) return;
    }
    feuille.commit();
    await classeur.commit();
  })().catch((error: unknown) => {
    journal.error({ err: error }, "export XLSX interrompu");
    sortie.destroy(error as Error);
  });
  return sortie;
}

/** The download's file name: « pieces-recherche-2026-12-02.csv ». */
export function nomExport(perimetre: Perimetre, format: FormatExport, now = new Date()): string {
  const [j, m, a] = jourFr(now).split("/");
  return `pieces-${perimetre === "SYNTHESE" ? "synthese" : "recherche"}-${a}-${m}-${j}.${format}`;
}

export const TYPES_EXPORT: Record<FormatExport, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};
