import type { CadreFacturation } from "@/lib/generated/prisma/enums";
import { cadre as definitionCadre } from "./cadres";
import { type Analyse, formaterMontantDevise, MONTANT_MAX_CENTIMES } from "./montants";

/**
 * The arithmetic of a works décompte (CCAG Travaux), shared by the wizard (live totals, the form's checks) and the
 * server (the schema of step 3, then the domain again). Amounts are integer cents, never floating point.
 *
 *   travauxPeriode = travauxCumules − travauxCumulesPrecedents                     (1) « Travaux exécutés pendant la période »
 *   montantHt      = travauxPeriode + revisionPrix + avanceVersee − avanceRemboursee (2) « Montant total HT »
 *   montantTtc     = montantHt + montantTva                                          (3) « Montant total TTC » (TVA by rate: the VAT detail)
 *   netAPayer      = montantTtc − retenueGarantie − penalites                        (4) « Net à payer »
 *
 * then: a caution (« garantie à première demande ou caution personnelle et solidaire ») replaces the retenue de garantie,
 * which is then 0; a facture's montantTtc is ≥ 0; an avoir has montantHt < 0, montantTtc < 0 and netAPayer ≤ 0 (its
 * amounts are negative throughout, shown with a minus sign).
 *
 * The rules are checked in this order and the first that fails is the one reported, attached to the line that does not
 * add up (the left side of its equation): one wrong amount names one line, not every total after it.
 *
 * Omitted lines (an API caller, an older piece): no cumul means « no décompte detail » (equation 1 is not checked, and
 * travauxPeriode is whatever makes equation 2 hold); the cumul of the previous décompte defaults to 0 (the first
 * décompte of a contract); révision, avances, retenue and pénalités default to 0; netAPayer to TTC − retenue − pénalités.
 * A line that is given is always checked.
 */

export const TYPES_PIECE = { FACTURE: "Facture", AVOIR: "Avoir" } as const;
export type TypePiece = keyof typeof TYPES_PIECE;

/** The amounts of a décompte, every line known (after `completerDecompte`). Cumuls stay null when not given. */
export type Decompte = {
  typePiece: TypePiece;
  travauxCumules: number | null;
  travauxCumulesPrecedents: number | null;
  travauxPeriode: number;
  revisionPrix: number;
  avanceVersee: number;
  avanceRemboursee: number;
  montantHt: number;
  montantTva: number;
  montantTtc: number;
  retenueGarantie: number;
  cautionRemplaceRetenue: boolean;
  penalites: number;
  netAPayer: number;
};

/** What a form or an API caller gives: the totals, and any of the other lines (null or absent: not given). */
export type DecompteSaisi = {
  typePiece?: TypePiece;
  montantHt: number;
  montantTva: number;
  montantTtc: number;
  cautionRemplaceRetenue?: boolean;
} & Partial<Record<Exclude<keyof Decompte, "typePiece" | "montantHt" | "montantTva" | "montantTtc" | "cautionRemplaceRetenue">, number | null>>;

/** The lines of a décompte in the CCAG's order, with the words of the wizard, the piece's screen and the certificate. */
export const LIGNES_DECOMPTE = [
  ["travauxCumules", "Montant cumulé des travaux exécutés"],
  ["travauxCumulesPrecedents", "Montant cumulé du décompte précédent"],
  ["travauxPeriode", "Travaux exécutés pendant la période"],
  ["revisionPrix", "Révision ou actualisation des prix"],
  ["avanceVersee", "Avance versée"],
  ["avanceRemboursee", "Remboursement de l'avance"],
  ["montantHt", "Montant total HT"],
  ["montantTva", "Montant total TVA"],
  ["montantTtc", "Montant total TTC"],
  ["retenueGarantie", "Retenue de garantie"],
  ["penalites", "Pénalités"],
  ["netAPayer", "Net à payer"],
] as const satisfies readonly (readonly [Exclude<keyof Decompte, "typePiece" | "cautionRemplaceRetenue">, string])[];
export type LigneDecompte = (typeof LIGNES_DECOMPTE)[number][0];
export const LIBELLES_DECOMPTE = Object.fromEntries(LIGNES_DECOMPTE) as Record<LigneDecompte, string>;

export const LIBELLE_CAUTION = "Retenue de garantie remplacée par une garantie à première demande ou une caution personnelle et solidaire";

// ── The four equations ──
export const travauxPeriodeCalcules = (d: { travauxCumules: number; travauxCumulesPrecedents: number }) => d.travauxCumules - d.travauxCumulesPrecedents;
export const montantHtCalcule = (d: Pick<Decompte, "travauxPeriode" | "revisionPrix" | "avanceVersee" | "avanceRemboursee">) =>
  d.travauxPeriode + d.revisionPrix + d.avanceVersee - d.avanceRemboursee;
export const montantTtcCalcule = (d: Pick<Decompte, "montantHt" | "montantTva">) => d.montantHt + d.montantTva;
export const netAPayerCalcule = (d: Pick<Decompte, "montantTtc" | "retenueGarantie" | "penalites">) => d.montantTtc - d.retenueGarantie - d.penalites;

/** Every line known: the defaults of omitted lines (see above). */
export function completerDecompte(s: DecompteSaisi): Decompte {
  const zero = (v: number | null | undefined) => v ?? 0;
  const travauxCumules = s.travauxCumules ?? null;
  const travauxCumulesPrecedents = s.travauxCumulesPrecedents ?? (travauxCumules === null ? null : 0);
  const revisionPrix = zero(s.revisionPrix);
  const avanceVersee = zero(s.avanceVersee);
  const avanceRemboursee = zero(s.avanceRemboursee);
  const retenueGarantie = zero(s.retenueGarantie);
  const penalites = zero(s.penalites);
  const travauxPeriode =
    s.travauxPeriode ??
    (travauxCumules !== null && travauxCumulesPrecedents !== null
      ? travauxPeriodeCalcules({ travauxCumules, travauxCumulesPrecedents })
      : s.montantHt - revisionPrix - avanceVersee + avanceRemboursee);
  return {
    typePiece: s.typePiece ?? "FACTURE",
    travauxCumules,
    travauxCumulesPrecedents,
    travauxPeriode,
    revisionPrix,
    avanceVersee,
    avanceRemboursee,
    montantHt: s.montantHt,
    montantTva: s.montantTva,
    montantTtc: s.montantTtc,
    retenueGarantie,
    cautionRemplaceRetenue: s.cautionRemplaceRetenue ?? false,
    penalites,
    netAPayer: s.netAPayer ?? netAPayerCalcule({ montantTtc: s.montantTtc, retenueGarantie, penalites }),
  };
}

/** A rule of the décompte that does not hold: the line it names, and what the user reads there. */
export type ErreurDecompte = { champ: LigneDecompte; message: string };

/** The first rule that does not hold, in the order above; null when the décompte adds up. */
export function controlerDecompte(d: Decompte, devise = "EUR"): ErreurDecompte | null {
  const m = (v: number) => formaterMontantDevise(v, devise);
  if (d.travauxCumules === null && d.travauxCumulesPrecedents !== null)
    return { champ: "travauxCumules", message: "Saisissez le montant cumulé des travaux exécutés, ou laissez vide le cumul du décompte précédent." };
  if (d.travauxCumules !== null && d.travauxCumulesPrecedents !== null) {
    const attendu = travauxPeriodeCalcules({ travauxCumules: d.travauxCumules, travauxCumulesPrecedents: d.travauxCumulesPrecedents });
    if (d.travauxPeriode !== attendu)
      return {
        champ: "travauxPeriode",
        message: `Les travaux exécutés pendant la période (${m(d.travauxPeriode)}) ne correspondent pas au décompte : montant cumulé des travaux exécutés − montant cumulé du décompte précédent = ${m(attendu)}.`,
      };
  }
  const ht = montantHtCalcule(d);
  if (d.montantHt !== ht)
    return {
      champ: "montantHt",
      message: `Le montant HT (${m(d.montantHt)}) ne correspond pas au décompte : travaux de la période + révision des prix + avance versée − avance remboursée = ${m(ht)}.`,
    };
  const ttc = montantTtcCalcule(d);
  if (d.montantTtc !== ttc)
    return { champ: "montantTtc", message: `Le montant TTC (${m(d.montantTtc)}) ne correspond pas au décompte : montant HT + TVA = ${m(ttc)}.` };
  const net = netAPayerCalcule(d);
  if (d.netAPayer !== net)
    return {
      champ: "netAPayer",
      message: `Le net à payer (${m(d.netAPayer)}) ne correspond pas au décompte : montant TTC − retenue de garantie − pénalités = ${m(net)}.`,
    };
  if (d.cautionRemplaceRetenue && d.retenueGarantie !== 0)
    return {
      champ: "retenueGarantie",
      message: "La retenue de garantie est remplacée par une caution ou une garantie à première demande : elle doit être nulle.",
    };
  if (d.typePiece === "FACTURE" && d.montantTtc < 0)
    return {
      champ: "montantTtc",
      message: `Le montant TTC d'une facture ne peut pas être négatif (${m(d.montantTtc)}) : pour un montant négatif, choisissez « Avoir ».`,
    };
  if (d.typePiece === "AVOIR") {
    if (d.montantHt >= 0)
      return { champ: "montantHt", message: `Un avoir porte des montants négatifs : le montant HT (${m(d.montantHt)}) doit être inférieur à zéro.` };
    if (d.montantTtc >= 0)
      return { champ: "montantTtc", message: `Un avoir porte des montants négatifs : le montant TTC (${m(d.montantTtc)}) doit être inférieur à zéro.` };
    if (d.netAPayer > 0)
      return { champ: "netAPayer", message: `Un avoir porte des montants négatifs : le net à payer (${m(d.netAPayer)}) doit être négatif ou nul.` };
  }
  return null;
}

// ── « Postes ou prestations » ──

/** 999 999 999,999: a quantity in thousandths. */
export const QUANTITE_MAX_MILLIEMES = 999_999_999_999;

/** « 12,5 » → 12500 (thousandths); a sign is allowed (an avoir's lines). */
export function analyserQuantite(saisie: string): Analyse<number> {
  const s = saisie.replace(/[\s\u00a0\u202f\u2009']/g, "").replace(",", ".");
  if (s === "") return { ok: false, message: "La quantité est obligatoire." };
  const r = /^([+-]?)(\d+)(?:\.(\d{1,3}))?$/.exec(s);
  if (!r) return { ok: false, message: "Saisissez une quantité, par exemple 12 ou 12,5 (trois décimales au plus)." };
  const v = BigInt(r[2]) * 1000n + BigInt((r[3] ?? "").padEnd(3, "0") || "0");
  if (v > BigInt(QUANTITE_MAX_MILLIEMES)) return { ok: false, message: "La quantité ne peut dépasser 999 999 999,999." };
  return { ok: true, valeur: Number(r[1] === "-" ? -v : v) };
}

/** 12500 → « 12,5 ». */
export function formaterQuantite(milliemes: number | bigint): string {
  const v = BigInt(milliemes);
  const abs = v < 0n ? -v : v;
  const entiers = (abs / 1000n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
  const decimales = (abs % 1000n).toString().padStart(3, "0").replace(/0+$/, "");
  return `${v < 0n ? "-" : ""}${entiers}${decimales ? `,${decimales}` : ""}`;
}

/** A line's amount: quantity × unit price, rounded half away from zero to the cent. */
export function montantPoste(quantiteMilliemes: number, prixUnitaireCentimes: number): number {
  const produit = BigInt(quantiteMilliemes) * BigInt(prixUnitaireCentimes);
  const signe = produit < 0n ? -1n : 1n;
  const abs = produit * signe;
  const r = ((abs + 500n) / 1000n) * signe;
  // Beyond what a cent amount may hold, the line is refused as too large, not silently wrapped.
  return r > BigInt(MONTANT_MAX_CENTIMES) || r < -BigInt(MONTANT_MAX_CENTIMES) ? Number.NaN : Number(r);
}

/**
 * The poste lines detail the works of the period and their price revision (the advances are financial lines, not
 * works): when there are lines, their montants HT add up to travauxPeriode + revisionPrix.
 */
export const totalPostesAttendu = (d: Pick<Decompte, "travauxPeriode" | "revisionPrix">) => d.travauxPeriode + d.revisionPrix;

// ── Revision of the previous piece's amounts ──

/**
 * The MOE's and the MOA's pieces that follow another (A15–A20: « Déposer la pièce suivante ») revise the amounts of the
 * piece they follow: when montant HT, TTC or net à payer differ from it, the reason is required (motifRevision).
 */
export function revisionMotivee(cadre: CadreFacturation): boolean {
  const role = definitionCadre(cadre).role;
  return role === "MOE" || role === "MOA";
}

export type MontantsRevises = { montantHt: number | bigint | null; montantTtc: number | bigint | null; netAPayer: number | bigint | null };

/** The lines whose amount differs from the previous piece's (an older piece without net à payer: its TTC). */
export function montantsRevises(precedente: MontantsRevises, piece: MontantsRevises): ("montantHt" | "montantTtc" | "netAPayer")[] {
  const v = (x: number | bigint | null) => (x === null ? null : BigInt(x));
  const net = (p: MontantsRevises) => v(p.netAPayer) ?? v(p.montantTtc);
  const differe: ("montantHt" | "montantTtc" | "netAPayer")[] = [];
  if (v(precedente.montantHt) !== null && v(precedente.montantHt) !== v(piece.montantHt)) differe.push("montantHt");
  if (v(precedente.montantTtc) !== null && v(precedente.montantTtc) !== v(piece.montantTtc)) differe.push("montantTtc");
  if (net(precedente) !== null && net(precedente) !== net(piece)) differe.push("netAPayer");
  return differe;
}

export const MESSAGE_MOTIF_REVISION = "Indiquez le motif de la révision du montant.";

/** What an A15–A20 changed in the amounts of the piece it follows, and why (the piece's screen). */
export type RevisionEcran = {
  precedente: { id: string; libelle: string; devise: string };
  lignes: { champ: "montantHt" | "montantTtc" | "netAPayer"; avant: bigint | null; apres: bigint | null; revise: boolean }[];
  motif: string | null;
};
