// Random works décomptes for the property-based tests (unit and integration): consistent ones built from random cents,
// facture and avoir, and the line a changed amount must be reported at.
import fc from "fast-check";
import { type Decompte, type LigneDecompte, netAPayerCalcule } from "@/lib/invoices/decompte";
import { formaterMontant, formaterTaux, tvaAttendue } from "@/lib/invoices/montants";
import type { FactureForm } from "@/lib/invoices/schemas";

/** A consistent décompte, its VAT rate, and whether the piece is exonéré (then it carries one poste line). */
export type DecompteGenere = { d: Decompte; taux: number; exonere: boolean };

/**
 * Built, not filtered from random amounts: the period's works, the price revision and the advances give the HT; the VAT
 * its rate; the retenue (nil under a caution) and the penalties the net. An avoir is a facture with every amount
 * negated (the equations are linear, the VAT's rounding symmetric), kept when its totals are negative.
 */
export function decompteCoherent(): fc.Arbitrary<DecompteGenere> {
  return fc
    .record({
      typePiece: fc.constantFrom("FACTURE" as const, "AVOIR" as const),
      detail: fc.boolean(),
      precedents: fc.integer({ min: 0, max: 50_000_000_000 }),
      periode: fc.integer({ min: 0, max: 50_000_000_000 }),
      revision: fc.integer({ min: -100_000_000, max: 1_000_000_000 }),
      avanceVersee: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1_000_000_000 })),
      avanceRemboursee: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1_000_000_000 })),
      taux: fc.constantFrom(0, 210, 550, 1000, 2000),
      exonere: fc.boolean(),
      caution: fc.boolean(),
      retenue: fc.integer({ min: 0, max: 1_000_000_000 }),
      penalites: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100_000_000 })),
    })
    .map((r) => {
      const signe = r.typePiece === "AVOIR" ? -1 : 1;
      const s = (v: number) => (v === 0 ? 0 : signe * v); // no -0
      const periode = s(r.periode);
      const revisionPrix = s(r.revision);
      const avanceVersee = s(r.avanceVersee);
      const avanceRemboursee = s(r.avanceRemboursee);
      const montantHt = periode + revisionPrix + avanceVersee - avanceRemboursee;
      const taux = r.exonere ? 0 : r.taux;
      const montantTva = tvaAttendue(montantHt, taux);
      const montantTtc = montantHt + montantTva;
      const retenueGarantie = r.caution ? 0 : s(r.retenue);
      const penalites = s(r.penalites);
      const d: Decompte = {
        typePiece: r.typePiece,
        travauxCumules: r.detail ? s(r.precedents + r.periode) : null,
        travauxCumulesPrecedents: r.detail ? s(r.precedents) : null,
        travauxPeriode: periode,
        revisionPrix,
        avanceVersee,
        avanceRemboursee,
        montantHt,
        montantTva,
        montantTtc,
        retenueGarantie,
        cautionRemplaceRetenue: r.caution,
        penalites,
        netAPayer: netAPayerCalcule({ montantTtc, retenueGarantie, penalites }),
      };
      return { d, taux, exonere: r.exonere };
    })
    .filter(({ d }) => (d.typePiece === "FACTURE" ? d.montantTtc >= 0 : d.montantHt < 0 && d.montantTtc < 0 && d.netAPayer <= 0));
}

export const MOTIF_EXONERATION = "TVA non applicable, article 293 B du CGI";

/**
 * The step-3 input of a generated décompte, amounts as a user types them. `omettre`: the lines an API caller may leave
 * out (the period's works without cumuls, the net à payer, zero lines) are left out, to be filled in by the defaults.
 */
export function saisieDecompte(g: DecompteGenere, base: Partial<FactureForm> & { numero: string }, o: { omettre?: boolean } = {}): FactureForm {
  const { d } = g;
  const t = (c: number) => formaterMontant(c);
  const facultatif = (c: number) => (o.omettre && c === 0 ? undefined : t(c));
  return {
    dateFacture: "2026-01-15",
    devise: "EUR",
    typePiece: d.typePiece,
    typeTva: g.exonere ? "EXONERATION" : "TVA_SUR_DEBIT",
    ...(g.exonere ? { motifExonerationTva: MOTIF_EXONERATION } : {}),
    travauxCumules: d.travauxCumules === null ? "" : t(d.travauxCumules),
    travauxCumulesPrecedents: d.travauxCumulesPrecedents === null ? "" : t(d.travauxCumulesPrecedents),
    travauxPeriode: o.omettre ? "" : t(d.travauxPeriode),
    revisionPrix: facultatif(d.revisionPrix),
    avanceVersee: facultatif(d.avanceVersee),
    avanceRemboursee: facultatif(d.avanceRemboursee),
    montantHt: t(d.montantHt),
    montantTva: t(d.montantTva),
    montantTtc: t(d.montantTtc),
    retenueGarantie: facultatif(d.retenueGarantie),
    cautionRemplaceRetenue: d.cautionRemplaceRetenue,
    penalites: facultatif(d.penalites),
    netAPayer: o.omettre ? undefined : t(d.netAPayer),
    lignesTva: g.exonere ? [] : [{ taux: formaterTaux(g.taux), baseHt: t(d.montantHt), montantTva: t(d.montantTva) }],
    lignesPoste: g.exonere
      ? [
          {
            denomination: "Travaux de la période",
            quantite: "1",
            unite: "forfait",
            prixUnitaireHt: t(d.travauxPeriode + d.revisionPrix),
            montantHt: t(d.travauxPeriode + d.revisionPrix),
            tauxTva: "0",
          },
        ]
      : [],
    ...base,
  };
}

export type MontantDecompte = Exclude<keyof Decompte, "typePiece" | "cautionRemplaceRetenue">;

/** The amounts of a décompte one may change (the cumuls only when it has them). */
export function montantsDe(d: Decompte): MontantDecompte[] {
  return [
    ...(d.travauxCumules === null ? [] : (["travauxCumules", "travauxCumulesPrecedents"] as const)),
    "travauxPeriode",
    "revisionPrix",
    "avanceVersee",
    "avanceRemboursee",
    "montantHt",
    "montantTva",
    "montantTtc",
    "retenueGarantie",
    "penalites",
    "netAPayer",
  ];
}

/** The lines the four equations name (their left side), in their order. */
export const LIGNES_DES_EQUATIONS: LigneDecompte[] = ["travauxPeriode", "montantHt", "montantTtc", "netAPayer"];

/** The line of the first equation (in the order of lib/invoices/decompte.ts) that holds the changed amount. */
export function ligneAttendue(champ: MontantDecompte, d: Decompte): LigneDecompte {
  const detail = d.travauxCumules !== null;
  switch (champ) {
    case "travauxCumules":
    case "travauxCumulesPrecedents":
      return "travauxPeriode";
    case "travauxPeriode":
      return detail ? "travauxPeriode" : "montantHt";
    case "revisionPrix":
    case "avanceVersee":
    case "avanceRemboursee":
    case "montantHt":
      return "montantHt";
    case "montantTva":
    case "montantTtc":
      return "montantTtc";
    default:
      return "netAPayer";
  }
}

/** A change of an amount: any number of cents but zero, either way. */
export const ecart = () => fc.integer({ min: -1_000_000, max: 1_000_000 }).filter((x) => x !== 0);
