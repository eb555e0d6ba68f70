import { db } from "@/lib/db";
import type { Acteur } from "@/lib/auth/acteur";
import { Prisma, type CadreFacturation, type StatutPieceTravaux } from "@/lib/generated/prisma/client";
import { type Qui, structureDe, visibleParSql } from "./acces";
import { CADRES } from "./cadres";
import { CADRES_DELAI_MOE, DELAI_MOE_JOURS, delaiPaiementJours, JOUR_MS } from "./delais";
import { A_PAYER } from "./factures-recues";
import { ETATS_ACOMPTE_VALIDES } from "./paiement";
import { MOA_A_TRAITER, MOE_A_TRAITER } from "./statuts";

/**
 * « Tableau de bord »: what a structure's pieces add up to, for each part it plays — the supplier who deposits, the
 * MOE who processes the drafts, the MOA who receives them. Every figure is an SQL aggregate over the pieces the
 * structure sees (`visibleParSql`, the twin of `visiblePar`): no piece is read into memory, so that a ministry with
 * hundreds of thousands of pieces gets its page as fast as a small company (`npm run bench:dashboard`).
 *
 * Months are calendar months in Paris, the last 12 including the current one. Amounts are integer cents of the
 * pieces in euros (a piece in another currency is counted, not summed).
 */

/** Who a piece in processing waits on. */
export type Attente = "PORTAIL" | "TITULAIRE" | "MOE" | "MOA" | "PAYEUR" | "DEPOSANT";

/** The statuses of a piece still in processing, and who it waits on; every other sent status is over (paid, refused, followed by another piece). */
export const ATTENTES: Partial<Record<StatutPieceTravaux, Attente>> = {
  DEPOSEE: "PORTAIL",
  A_VALIDER_1: "TITULAIRE",
  MISE_A_DISPOSITION_MOE: "MOE",
  PRISE_EN_COMPTE_MOE: "MOE",
  ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE: "MOE",
  MISE_A_DISPOSITION_MOA: "MOA",
  PRISE_EN_COMPTE_MOA: "MOA",
  MISE_A_DISPOSITION: "PAYEUR",
  MANDATEE: "PAYEUR",
  SUSPENDUE: "DEPOSANT",
  A_RECYCLER: "DEPOSANT",
};

export const LIBELLES_ATTENTE: Record<Attente, string> = {
  PORTAIL: "Le portail (mise à disposition en cours)",
  TITULAIRE: "Le titulaire du marché",
  MOE: "La maîtrise d'œuvre",
  MOA: "La maîtrise d'ouvrage",
  PAYEUR: "Le service financier de la maîtrise d'ouvrage",
  DEPOSANT: "Votre structure (pièce à compléter ou à recycler)",
};

const EN_COURS = Object.keys(ATTENTES) as StatutPieceTravaux[];
const statutsDe = (a: Attente) => EN_COURS.filter((s) => ATTENTES[s] === a);

/** The frames a supplier deposits (its own invoices): a supplier's, a subcontractor's, a cotraitant's — not the MOE's or MOA's statements. */
export const CADRES_FOURNISSEUR: readonly CadreFacturation[] = CADRES.filter((c) => ["FOURNISSEUR", "SOUS_TRAITANT", "COTRAITANT"].includes(c.role)).map(
  (c) => c.code,
);

/** The MOE's decisions on a piece at its disposal: its processing time runs from the piece's arrival to one of them. */
export const DECISIONS_MOE: readonly StatutPieceTravaux[] = ["PRISE_EN_COMPTE_MOE", "REFUSEE_MOE", "SUSPENDUE", "A_RECYCLER", "TRANSMISE_MOA"];

/** A piece the MOA has done with: paid, refused or rejected, followed by another piece. */
export const TERMINEES: readonly StatutPieceTravaux[] = [
  "MISE_EN_PAIEMENT",
  "REFUSEE_1",
  "REFUSEE_MOE",
  "REFUSEE_MOA",
  "REJETEE",
  "TRANSMISE_MOA",
  "ASSOCIEE",
  "VALIDEE_1",
  "REMPLACEE_PAR_A22",
  "ABANDONNEE",
  "DUPLIQUE_APRES_REFUS",
];

/** What the MOA's structure (its agents or its paying service) has to process. */
const A_TRAITER_MOA: readonly StatutPieceTravaux[] = [...MOA_A_TRAITER, ...A_PAYER];

const texte = (l: readonly string[]) => Prisma.sql`${[...l]}::text[]`;

/** The 12 calendar months (Paris) ending with the current one, as « 2026-01 ». */
export function douzeMois(now: Date): string[] {
  const [annee, mois] = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit" }).format(now).split("-").map(Number);
  return Array.from({ length: 12 }, (_, i) => {
    const m = annee * 12 + (mois - 1) - (11 - i);
    return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`;
  });
}

/** The month of a timestamp column (stored in UTC) in Paris, and the start of the first month as a UTC timestamp. */
const moisDe = (colonne: Prisma.Sql) => Prisma.sql`to_char((${colonne} AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Paris', 'YYYY-MM')`;
const debutSql = (premier: string) => Prisma.sql`((${`${premier}-01`}::timestamp AT TIME ZONE 'Europe/Paris') AT TIME ZONE 'UTC')`;

const nombre = (v: bigint | number | null | undefined) => (v === null || v === undefined ? 0 : Number(v));

export type MoisFournisseur = {
  mois: string;
  deposees: number;
  /** Cents. */
  depose: number;
  enCoursNombre: number;
  enCours: number;
  payeesNombre: number;
  paye: number;
};

export type LigneAttente = { attente: Attente; structure: string | null; nombre: number; montant: number };

export type TableauFournisseur = {
  mois: MoisFournisseur[];
  totaux: { enCoursNombre: number; enCours: number };
  attentes: { attente: Attente; nombre: number; montant: number }[];
  /** The structures the pieces wait on, most pieces first (at most 10). */
  detailAttentes: LigneAttente[];
};

export type MoisMoe = { mois: string; traitees: number; medianeJours: number | null; p90Jours: number | null };

export type TableauMoe = {
  aTraiter: number;
  /** The monthly drafts in the MOE's 7 days, by days left (0: the deadline has passed). */
  joursRestants: { jours: number; nombre: number }[];
  /** The other pieces to process (no deadline, or the deadline passed and recorded). */
  sansDelai: number;
  enRetard: number;
  mois: MoisMoe[];
};

export type LigneService = {
  serviceId: string | null;
  service: string;
  recues: number;
  montant: number;
  aTraiter: number;
  traitees: number;
  paye: number;
  retardPaiement: number;
  montantRetardPaiement: number;
  retardMoe: number;
};

export type TableauMoa = { delaiPaiementJours: number; services: LigneService[]; totaux: Omit<LigneService, "serviceId" | "service"> };

export type TableauDeBord = {
  mois: string[];
  fournisseur: TableauFournisseur | null;
  moe: TableauMoe | null;
  moa: TableauMoa | null;
};

/**
 * The dashboard of the actor's structure: the sections of the parts it plays (it deposited supplier pieces, it is
 * the MOE or the MOA of a sent piece), each null otherwise. A user limited to services gets the figures of the pieces
 * he sees (`visibleParSql`): those of his services.
 */
export async function tableauDeBord(acteur: Acteur, o: { now?: Date } = {}): Promise<TableauDeBord> {
  const structureId = structureDe(acteur);
  const now = o.now ?? new Date();
  const mois = douzeMois(now);
  const visible = visibleParSql(structureId, acteur);
  const [roles] = await db.$queryRaw<{ fournisseur: boolean; moe: boolean; moa: boolean }[]>`
    SELECT
      EXISTS (SELECT 1 FROM "PieceTravaux" p WHERE p."structureDeposanteId" = ${structureId}::uuid AND p.statut <> 'BROUILLON'
              AND p.cadre::text = ANY(${texte(CADRES_FOURNISSEUR)}) AND ${visible}) AS fournisseur,
      EXISTS (SELECT 1 FROM "PieceTravaux" p WHERE p."moeId" = ${structureId}::uuid AND p.statut <> 'BROUILLON' AND ${visible}) AS moe,
      EXISTS (SELECT 1 FROM "PieceTravaux" p WHERE p."moaId" = ${structureId}::uuid AND p.statut <> 'BROUILLON' AND ${visible}) AS moa`;
  const [fournisseur, moe, moa] = await Promise.all([
    roles.fournisseur ? tableauFournisseur(structureId, acteur, mois) : null,
    roles.moe ? tableauMoe(structureId, acteur, mois, now) : null,
    roles.moa ? tableauMoa(structureId, acteur, mois, now) : null,
  ]);
  return { mois, fournisseur, moe, moa };
}

async function tableauFournisseur(structureId: string, qui: Qui, mois: string[]): Promise<TableauFournisseur> {
  const visible = visibleParSql(structureId, qui);
  const enCours = texte(EN_COURS);
  const etats = texte(ETATS_ACOMPTE_VALIDES);
  const deposee = Prisma.sql`(p."structureDeposanteId" = ${structureId}::uuid AND p.statut <> 'BROUILLON' AND p.cadre::text = ANY(${texte(CADRES_FOURNISSEUR)}))`;
  // Paid to the structure: its own pieces, and the états d'acompte validés of its works (paid to their titulaire), as `fournisseurDe` says.
  const payee = Prisma.sql`(p.statut = 'MISE_EN_PAIEMENT' AND p."paiementLe" >= ${`${mois[0]}-01`}::date
      AND ((p."structureDeposanteId" = ${structureId}::uuid AND NOT (p.cadre::text = ANY(${etats}) AND p."titulaireId" IS NOT NULL))
        OR (p."titulaireId" = ${structureId}::uuid AND p.cadre::text = ANY(${etats}))))`;
  const statutDans = (a: Attente[]) => Prisma.sql`p.statut::text = ANY(${texte(a.flatMap(statutsDe))})`;
  // One pass over the structure's pieces (deposited by it, or paid to it as titulaire), then three groupings of it:
  // deposits by month (« D »), payments by month (« P »), pieces in processing by whom they wait on (« A »).
  const lignes = await db.$queryRaw<
    { jeu: "D" | "P" | "A"; cle: string; chez: string | null; nombre: number; montant: bigint; enCoursNombre: number; enCours: bigint }[]
  >`
    WITH x AS MATERIALIZED (
      SELECT CASE WHEN ${deposee} AND p."deposeeLe" >= ${debutSql(mois[0])} THEN ${moisDe(Prisma.sql`p."deposeeLe"`)} END AS "moisDepot",
             CASE WHEN ${payee} THEN to_char(p."paiementLe", 'YYYY-MM') END AS "moisPaiement",
             CASE WHEN ${deposee} AND p.statut::text = ANY(${enCours}) THEN
               CASE WHEN ${statutDans(["TITULAIRE"])} THEN 'TITULAIRE' WHEN ${statutDans(["MOE"])} THEN 'MOE' WHEN ${statutDans(["MOA"])} THEN 'MOA'
                    WHEN ${statutDans(["PAYEUR"])} THEN 'PAYEUR' WHEN ${statutDans(["DEPOSANT"])} THEN 'DEPOSANT' ELSE 'PORTAIL' END END AS attente,
             CASE WHEN ${statutDans(["TITULAIRE"])} THEN p."titulaireId" WHEN ${statutDans(["MOE"])} THEN p."moeId"
                  WHEN ${statutDans(["MOA", "PAYEUR"])} THEN p."moaId" END AS chez,
             p.statut::text = ANY(${enCours}) AS "enCours",
             CASE WHEN p.devise = 'EUR' THEN p."montantTtc" END AS montant,
             CASE WHEN p.devise = 'EUR' THEN coalesce(p."paiementMontant", p."netAPayer", p."montantTtc") END AS paye
      FROM "PieceTravaux" p
      WHERE (p."structureDeposanteId" = ${structureId}::uuid OR p."titulaireId" = ${structureId}::uuid) AND ${visible}
    )
    SELECT 'D' AS jeu, "moisDepot" AS cle, NULL::uuid AS chez, count(*)::int AS nombre, coalesce(sum(montant), 0)::bigint AS montant,
           count(*) FILTER (WHERE "enCours")::int AS "enCoursNombre", coalesce(sum(montant) FILTER (WHERE "enCours"), 0)::bigint AS "enCours"
    FROM x WHERE "moisDepot" IS NOT NULL GROUP BY "moisDepot"
    UNION ALL
    SELECT 'P', "moisPaiement", NULL, count(*)::int, coalesce(sum(paye), 0)::bigint, 0, 0 FROM x WHERE "moisPaiement" IS NOT NULL GROUP BY "moisPaiement"
    UNION ALL
    SELECT 'A', attente, chez, count(*)::int, coalesce(sum(montant), 0)::bigint, 0, 0 FROM x WHERE attente IS NOT NULL GROUP BY attente, chez`;
  const m = new Map(lignes.filter((l) => l.jeu === "D").map((r) => [r.cle, r]));
  const pm = new Map(lignes.filter((l) => l.jeu === "P").map((r) => [r.cle, r]));
  const attentes = lignes.filter((l) => l.jeu === "A").map((l) => ({ attente: l.cle as Attente, chez: l.chez, nombre: l.nombre, montant: l.montant }));
  const noms = await nomsDeStructures(attentes.map((a) => a.chez));
  const ordre = Object.keys(LIBELLES_ATTENTE) as Attente[];
  const parAttente = ordre.flatMap((attente) => {
    const ls = attentes.filter((a) => a.attente === attente);
    return ls.length ? [{ attente, nombre: ls.reduce((s, l) => s + l.nombre, 0), montant: ls.reduce((s, l) => s + nombre(l.montant), 0) }] : [];
  });
  return {
    mois: mois.map((cle) => ({
      mois: cle,
      deposees: m.get(cle)?.nombre ?? 0,
      depose: nombre(m.get(cle)?.montant),
      enCoursNombre: m.get(cle)?.enCoursNombre ?? 0,
      enCours: nombre(m.get(cle)?.enCours),
      payeesNombre: pm.get(cle)?.nombre ?? 0,
      paye: nombre(pm.get(cle)?.montant),
    })),
    totaux: { enCoursNombre: parAttente.reduce((s, a) => s + a.nombre, 0), enCours: parAttente.reduce((s, a) => s + a.montant, 0) },
    attentes: parAttente,
    detailAttentes: attentes
      .map((a) => ({ attente: a.attente, structure: a.chez ? (noms.get(a.chez) ?? null) : null, nombre: a.nombre, montant: nombre(a.montant) }))
      .sort((a, b) => b.nombre - a.nombre || ordre.indexOf(a.attente) - ordre.indexOf(b.attente) || (a.structure ?? "").localeCompare(b.structure ?? ""))
      .slice(0, 10),
  };
}

async function nomsDeStructures(ids: (string | null)[]): Promise<Map<string, string>> {
  const uniques = [...new Set(ids.filter((i): i is string => i !== null))];
  if (uniques.length === 0) return new Map();
  const rows = await db.structure.findMany({ where: { id: { in: uniques } }, select: { id: true, raisonSociale: true } });
  return new Map(rows.map((r) => [r.id, r.raisonSociale]));
}

async function tableauMoe(structureId: string, qui: Qui, mois: string[], now: Date): Promise<TableauMoe> {
  const visible = visibleParSql(structureId, qui);
  const [aTraiter, delais] = await Promise.all([
    db.$queryRaw<{ statut: StatutPieceTravaux; delai: boolean; jours: number | null; nombre: number }[]>`
      SELECT p.statut, (p.statut = 'MISE_A_DISPOSITION_MOE' AND p.cadre::text = ANY(${texte(CADRES_DELAI_MOE)})) AS delai,
             CASE WHEN p.statut = 'MISE_A_DISPOSITION_MOE' AND p.cadre::text = ANY(${texte(CADRES_DELAI_MOE)})
                  THEN ceil(extract(epoch FROM (p."statutLe" + ${DELAI_MOE_JOURS} * interval '1 day' - ${now}::timestamp)) / 86400)::int END AS jours,
             count(*)::int AS nombre
      FROM "PieceTravaux" p
      WHERE p."moeId" = ${structureId}::uuid AND p.statut::text = ANY(${texte(MOE_A_TRAITER)}) AND ${visible}
      GROUP BY 1, 2, 3`,
    // The time from the piece's arrival at the MOE (its last history row into MISE_A_DISPOSITION_MOE) to the MOE's decision,
    // by month of the decision. A piece decided in these months changed status then, so its status date is in them.
    db.$queryRaw<{ mois: string; traitees: number; mediane: number | null; p90: number | null }[]>`
      SELECT ${moisDe(Prisma.sql`t."createdAt"`)} AS mois, count(*)::int AS traitees,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t."createdAt" - t.recue))::float8 AS mediane,
             percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM t."createdAt" - t.recue))::float8 AS p90
      FROM (
        SELECT h."createdAt", h."statutAvant", h."statutApres",
               max(h."createdAt") FILTER (WHERE h."statutApres" = 'MISE_A_DISPOSITION_MOE')
                 OVER (PARTITION BY h."pieceId" ORDER BY h."createdAt", h.id ROWS UNBOUNDED PRECEDING) AS recue
        FROM "HistoriquePieceTravaux" h JOIN "PieceTravaux" p ON p.id = h."pieceId"
        WHERE p."moeId" = ${structureId}::uuid AND p.statut <> 'BROUILLON' AND p."statutLe" >= ${debutSql(mois[0])} AND ${visible}
      ) t
      WHERE t."statutAvant"::text = ANY(${texte(MOE_A_TRAITER.filter((s) => s !== "PRISE_EN_COMPTE_MOE"))})
        AND t."statutApres"::text = ANY(${texte(DECISIONS_MOE)})
        AND t.recue IS NOT NULL AND t."createdAt" >= ${debutSql(mois[0])}
      GROUP BY 1`,
  ]);
  const joursRestants = new Map<number, number>();
  let sansDelai = 0;
  let enRetard = 0;
  for (const r of aTraiter) {
    if (r.delai && r.jours !== null) {
      const j = Math.max(0, Math.min(DELAI_MOE_JOURS, r.jours));
      joursRestants.set(j, (joursRestants.get(j) ?? 0) + r.nombre);
      if (j === 0) enRetard += r.nombre;
    } else {
      sansDelai += r.nombre;
      if (r.statut === "ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE") enRetard += r.nombre;
    }
  }
  const dm = new Map(delais.map((d) => [d.mois, d]));
  const jours = (s: number | null | undefined) => (s === null || s === undefined ? null : Math.round((s / (JOUR_MS / 1000)) * 10) / 10);
  return {
    aTraiter: aTraiter.reduce((s, r) => s + r.nombre, 0),
    joursRestants: Array.from({ length: DELAI_MOE_JOURS + 1 }, (_, j) => ({ jours: j, nombre: joursRestants.get(j) ?? 0 })),
    sansDelai,
    enRetard,
    mois: mois.map((cle) => ({
      mois: cle,
      traitees: dm.get(cle)?.traitees ?? 0,
      medianeJours: jours(dm.get(cle)?.mediane),
      p90Jours: jours(dm.get(cle)?.p90),
    })),
  };
}

async function tableauMoa(structureId: string, qui: Qui, mois: string[], now: Date): Promise<TableauMoa> {
  const visible = visibleParSql(structureId, qui);
  const { categorieJuridique } = await db.structure.findUniqueOrThrow({ where: { id: structureId }, select: { categorieJuridique: true } });
  const delai = delaiPaiementJours(categorieJuridique);
  // Late at the paying service: received (its last history row into MISE_A_DISPOSITION) more than `delai` days ago, still to be paid.
  const limite = new Date(now.getTime() - delai * JOUR_MS);
  const [recues, retards, services] = await Promise.all([
    db.$queryRaw<{ serviceId: string | null; recues: number; montant: bigint; aTraiter: number; traitees: number; paye: bigint }[]>`
      SELECT p."serviceMoaId" AS "serviceId", count(*)::int AS recues,
             coalesce(sum(p."montantTtc") FILTER (WHERE p.devise = 'EUR'), 0)::bigint AS montant,
             count(*) FILTER (WHERE p.statut::text = ANY(${texte(A_TRAITER_MOA)}))::int AS "aTraiter",
             count(*) FILTER (WHERE p.statut::text = ANY(${texte(TERMINEES)}))::int AS traitees,
             coalesce(sum(coalesce(p."paiementMontant", p."netAPayer", p."montantTtc")) FILTER (WHERE p.statut = 'MISE_EN_PAIEMENT' AND p.devise = 'EUR'), 0)::bigint AS paye
      FROM "PieceTravaux" p
      WHERE p."moaId" = ${structureId}::uuid AND p.statut <> 'BROUILLON' AND p."deposeeLe" >= ${debutSql(mois[0])} AND ${visible}
      GROUP BY 1`,
    db.$queryRaw<{ serviceId: string | null; paiement: number; montantPaiement: bigint; moe: number }[]>`
      SELECT p."serviceMoaId" AS "serviceId",
             count(*) FILTER (WHERE p.statut::text = ANY(${texte(A_PAYER)}) AND r."recueLe" < ${limite}::timestamp)::int AS paiement,
             coalesce(sum(coalesce(p."netAPayer", p."montantTtc")) FILTER (WHERE p.statut::text = ANY(${texte(A_PAYER)}) AND r."recueLe" < ${limite}::timestamp AND p.devise = 'EUR'), 0)::bigint AS "montantPaiement",
             count(*) FILTER (WHERE p.statut = 'ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE')::int AS moe
      FROM "PieceTravaux" p
      LEFT JOIN LATERAL (SELECT max(h."createdAt") AS "recueLe" FROM "HistoriquePieceTravaux" h
                         WHERE h."pieceId" = p.id AND h."statutApres" = 'MISE_A_DISPOSITION' AND p.statut::text = ANY(${texte(A_PAYER)})) r ON true
      WHERE p."moaId" = ${structureId}::uuid AND p.statut::text = ANY(${texte([...A_PAYER, "ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE"])}) AND ${visible}
      GROUP BY 1`,
    db.service.findMany({ where: { structureId }, select: { id: true, libelle: true } }),
  ]);
  const libelles = new Map(services.map((s) => [s.id, s.libelle]));
  const lignes = new Map<string, LigneService>();
  const ligne = (serviceId: string | null) => {
    const cle = serviceId ?? "";
    let l = lignes.get(cle);
    if (!l) {
      l = {
        serviceId,
        service: serviceId ? (libelles.get(serviceId) ?? "Service inconnu") : "Sans service",
        recues: 0,
        montant: 0,
        aTraiter: 0,
        traitees: 0,
        paye: 0,
        retardPaiement: 0,
        montantRetardPaiement: 0,
        retardMoe: 0,
      };
      lignes.set(cle, l);
    }
    return l;
  };
  for (const r of recues)
    Object.assign(ligne(r.serviceId), { recues: r.recues, montant: nombre(r.montant), aTraiter: r.aTraiter, traitees: r.traitees, paye: nombre(r.paye) });
  for (const r of retards)
    Object.assign(ligne(r.serviceId), { retardPaiement: r.paiement, montantRetardPaiement: nombre(r.montantPaiement), retardMoe: r.moe });
  const liste = [...lignes.values()]
    .filter((l) => l.recues + l.retardPaiement + l.retardMoe > 0)
    .sort((a, b) => b.recues - a.recues || a.service.localeCompare(b.service, "fr"));
  const somme = (k: keyof Omit<LigneService, "serviceId" | "service">) => liste.reduce((s, l) => s + l[k], 0);
  return {
    delaiPaiementJours: delai,
    services: liste,
    totaux: {
      recues: somme("recues"),
      montant: somme("montant"),
      aTraiter: somme("aTraiter"),
      traitees: somme("traitees"),
      paye: somme("paye"),
      retardPaiement: somme("retardPaiement"),
      montantRetardPaiement: somme("montantRetardPaiement"),
      retardMoe: somme("retardMoe"),
    },
  };
}
