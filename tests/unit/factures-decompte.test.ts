import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  analyserQuantite,
  completerDecompte,
  controlerDecompte,
  type Decompte,
  formaterQuantite,
  montantPoste,
  montantsRevises,
  revisionMotivee,
} from "@/lib/invoices/decompte";
import { formaterMontant } from "@/lib/invoices/montants";
import { factureSchema, type FactureForm } from "@/lib/invoices/schemas";
import { modeleCertificat } from "@/lib/pdf/certificat";
import type { ContenuCertificat } from "@/lib/invoices/certificat";
import { decompteCoherent, ecart, LIGNES_DES_EQUATIONS, ligneAttendue, montantsDe, saisieDecompte } from "../support/decomptes";

/** Amounts are printed with non-breaking spaces (thousands, before the currency). */
const nb = (s: string) => s.replace(/(\d) (?=\d)/g, "$1\u00a0").replace(/ €/g, "\u00a0€");
const QUANTITES = 999_999_999_999;

/** The décompte of the README's example: 11 500,00 € of works and revision, 2 300,00 € of VAT, 5 % retained. */
const exemple: Decompte = {
  typePiece: "FACTURE",
  travauxCumules: 4_500_000,
  travauxCumulesPrecedents: 3_400_000,
  travauxPeriode: 1_100_000,
  revisionPrix: 50_000,
  avanceVersee: 0,
  avanceRemboursee: 0,
  montantHt: 1_150_000,
  montantTva: 230_000,
  montantTtc: 1_380_000,
  retenueGarantie: 57_500,
  cautionRemplaceRetenue: false,
  penalites: 10_000,
  netAPayer: 1_312_500,
};

describe("décompte : les quatre équations, dans l'ordre", () => {
  it("un décompte qui tombe juste n'a pas d'erreur", () => {
    expect(controlerDecompte(exemple)).toBeNull();
  });

  it("nomme la ligne qui ne correspond pas, avec le calcul attendu", () => {
    expect(controlerDecompte({ ...exemple, travauxPeriode: 1_000_000 })).toEqual({
      champ: "travauxPeriode",
      message: nb(
        "Les travaux exécutés pendant la période (10 000,00 €) ne correspondent pas au décompte : montant cumulé des travaux exécutés − montant cumulé du décompte précédent = 11 000,00 €.",
      ),
    });
    expect(controlerDecompte({ ...exemple, montantHt: 1_200_000, montantTtc: 1_430_000, netAPayer: 1_362_500 })).toEqual({
      champ: "montantHt",
      message: nb(
        "Le montant HT (12 000,00 €) ne correspond pas au décompte : travaux de la période + révision des prix + avance versée − avance remboursée = 11 500,00 €.",
      ),
    });
    expect(controlerDecompte({ ...exemple, montantTtc: 1_380_001 })?.champ).toBe("montantTtc");
    expect(controlerDecompte({ ...exemple, penalites: 0 })).toEqual({
      champ: "netAPayer",
      message: nb("Le net à payer (13 125,00 €) ne correspond pas au décompte : montant TTC − retenue de garantie − pénalités = 13 225,00 €."),
    });
    // Another currency: its code.
    expect(controlerDecompte({ ...exemple, penalites: 0 }, "CHF")?.message).toContain("13\u00a0225,00\u00a0CHF");
  });

  it("une caution remplace la retenue de garantie : elle est nulle", () => {
    expect(controlerDecompte({ ...exemple, cautionRemplaceRetenue: true })).toMatchObject({ champ: "retenueGarantie" });
    expect(controlerDecompte({ ...exemple, cautionRemplaceRetenue: true, retenueGarantie: 0, netAPayer: 1_370_000 })).toBeNull();
  });

  it("facture : TTC positif ou nul ; avoir : HT et TTC négatifs, net à payer négatif ou nul", () => {
    const negatif = completerDecompte({ montantHt: -100_000, montantTva: -20_000, montantTtc: -120_000 });
    expect(controlerDecompte(negatif)).toMatchObject({ champ: "montantTtc", message: expect.stringContaining("choisissez « Avoir »") });
    expect(controlerDecompte({ ...negatif, typePiece: "AVOIR" })).toBeNull();
    expect(controlerDecompte({ ...exemple, typePiece: "AVOIR" })).toMatchObject({ champ: "montantHt", message: expect.stringContaining("Un avoir") });
    // An avoir whose retenue returned makes the net positive: refused.
    const avoir = completerDecompte({ typePiece: "AVOIR", montantHt: -100_000, montantTva: -20_000, montantTtc: -120_000, retenueGarantie: -130_000 });
    expect(controlerDecompte(avoir)).toMatchObject({ champ: "netAPayer" });
  });

  it("les lignes omises prennent leur valeur par défaut ; un cumul précédent sans cumul est signalé", () => {
    expect(completerDecompte({ montantHt: 100_000, montantTva: 20_000, montantTtc: 120_000, retenueGarantie: 5_000 })).toEqual({
      typePiece: "FACTURE",
      travauxCumules: null,
      travauxCumulesPrecedents: null,
      travauxPeriode: 100_000,
      revisionPrix: 0,
      avanceVersee: 0,
      avanceRemboursee: 0,
      montantHt: 100_000,
      montantTva: 20_000,
      montantTtc: 120_000,
      retenueGarantie: 5_000,
      cautionRemplaceRetenue: false,
      penalites: 0,
      netAPayer: 115_000,
    });
    // First décompte of a contract: no previous cumul.
    expect(completerDecompte({ travauxCumules: 80_000, montantHt: 100_000, montantTva: 0, montantTtc: 100_000, avanceVersee: 20_000 })).toMatchObject({
      travauxCumulesPrecedents: 0,
      travauxPeriode: 80_000,
    });
    expect(controlerDecompte(completerDecompte({ travauxCumulesPrecedents: 1, montantHt: 0, montantTva: 0, montantTtc: 0 }))?.champ).toBe("travauxCumules");
  });

  it("tout décompte cohérent est accepté (propriété)", () => {
    fc.assert(
      fc.property(decompteCoherent(), ({ d }) => {
        expect(controlerDecompte(d)).toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it("un seul montant changé est refusé à la ligne de la première équation qui le contient (propriété)", () => {
    fc.assert(
      fc.property(decompteCoherent(), fc.nat(), ecart(), ({ d }, k, delta) => {
        const champs = montantsDe(d);
        const champ = champs[k % champs.length];
        expect(controlerDecompte({ ...d, [champ]: (d[champ] as number) + delta })?.champ).toBe(ligneAttendue(champ, d));
      }),
      { numRuns: 200 },
    );
  });
});

describe("étape « Facture » : le schéma partagé par le formulaire et le serveur", () => {
  const erreurs = (saisie: FactureForm) => {
    const r = factureSchema.safeParse(saisie);
    return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
  };

  it("un décompte cohérent saisi à la française est relu au centime, facture comme avoir (propriété)", () => {
    fc.assert(
      fc.property(decompteCoherent(), fc.boolean(), (g, omettre) => {
        const r = factureSchema.safeParse(saisieDecompte(g, { numero: "FAC-1" }, { omettre }));
        expect(r.success && r.data).toMatchObject(g.d);
      }),
      { numRuns: 200 },
    );
  });

  it("un montant saisi changé est signalé à la ligne qui ne correspond pas, et à aucune autre ligne du décompte (propriété)", () => {
    fc.assert(
      fc.property(decompteCoherent(), fc.nat(), ecart(), (g, k, delta) => {
        const champs = montantsDe(g.d);
        const champ = champs[k % champs.length];
        const saisie = saisieDecompte(g, { numero: "FAC-1" });
        const e = erreurs({ ...saisie, [champ]: formaterMontant((g.d[champ] as number) + delta) });
        const attendue = ligneAttendue(champ, g.d);
        expect(e[attendue]).toMatch(/ne correspond(ent)? pas au décompte/);
        expect(LIGNES_DES_EQUATIONS.filter((l) => l !== attendue && l in e)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  const base: FactureForm = {
    numero: "FAC-1",
    dateFacture: "2026-01-15",
    devise: "EUR",
    typeTva: "EXONERATION",
    motifExonerationTva: "Article 261 4 du CGI",
    montantHt: "1 000,00",
    montantTva: "0",
    montantTtc: "1 000,00",
    lignesPoste: [{ reference: "L1", denomination: "Maçonnerie", quantite: "12,5", unite: "m²", prixUnitaireHt: "80,00", montantHt: "1 000,00", tauxTva: "0" }],
  };

  it("exonéré : le motif et une ligne « postes ou prestations » au moins, au taux nul", () => {
    expect(erreurs(base)).toEqual({});
    expect(factureSchema.parse(base).lignesPoste).toEqual([
      { reference: "L1", denomination: "Maçonnerie", quantite: 12_500, unite: "m²", prixUnitaireHt: 8_000, montantHt: 100_000, tauxTva: 0 },
    ]);
    expect(erreurs({ ...base, motifExonerationTva: "  ", lignesPoste: [] })).toEqual({
      motifExonerationTva: "Indiquez le motif d'exonération de TVA.",
      lignesPoste: "Exonéré de TVA : détaillez la facture en postes ou prestations (une ligne au moins, au taux de TVA nul).",
    });
    expect(erreurs({ ...base, lignesPoste: [{ ...base.lignesPoste![0], tauxTva: "20" }] })).toEqual({
      "lignesPoste.0.tauxTva": "Exonéré de TVA : le taux de chaque ligne est nul.",
    });
    // Not exonéré: the reason is not kept, the lines are optional.
    const tva = { ...base, typeTva: "TVA_SUR_DEBIT" as const, montantTva: "200", montantTtc: "1 200" };
    expect(factureSchema.parse({ ...tva, lignesPoste: [] }).motifExonerationTva).toBeUndefined();
  });

  it("chaque poste vaut quantité × prix unitaire, arrondi au centime ; leur somme, les travaux de la période et la révision", () => {
    expect(erreurs({ ...base, lignesPoste: [{ ...base.lignesPoste![0], montantHt: "999,99" }] })).toEqual({
      "lignesPoste.0.montantHt": "Le montant HT de cette ligne devrait être 1\u00a0000,00 (quantité × prix unitaire HT).",
      lignesPoste: "La somme des montants HT des postes (999,99) doit égaler les travaux de la période augmentés de la révision des prix (1\u00a0000,00).",
    });
    const deux = [
      { denomination: "Gros œuvre", quantite: "1", prixUnitaireHt: "600", montantHt: "600", tauxTva: "0" },
      { denomination: "Enduits", quantite: "2", prixUnitaireHt: "150", montantHt: "300", tauxTva: "0" },
    ];
    expect(erreurs({ ...base, lignesPoste: deux })).toEqual({
      lignesPoste: "La somme des montants HT des postes (900,00) doit égaler les travaux de la période augmentés de la révision des prix (1\u00a0000,00).",
    });
    // An advance paid is no works: the lines add up to the works and the revision only.
    expect(erreurs({ ...base, travauxPeriode: "900", avanceVersee: "100", lignesPoste: deux })).toEqual({});
    expect(erreurs({ ...base, lignesPoste: [{ ...base.lignesPoste![0], quantite: "1,2345" }] })).toHaveProperty(["lignesPoste.0.quantite"]);
  });

  it("quantités en millièmes, montant d'une ligne arrondi au centime le plus proche (demi loin de zéro)", () => {
    expect(analyserQuantite("12,5")).toEqual({ ok: true, valeur: 12_500 });
    expect(analyserQuantite("-3")).toEqual({ ok: true, valeur: -3_000 });
    expect(analyserQuantite("1 000,125")).toEqual({ ok: true, valeur: 1_000_125 });
    expect(formaterQuantite(1_000_125)).toBe("1\u00a0000,125");
    expect(formaterQuantite(12_500)).toBe("12,5");
    expect(montantPoste(1_500, 333)).toBe(500); // 4,995 → 5,00
    expect(montantPoste(-1_500, 333)).toBe(-500);
    expect(montantPoste(1_000, 1)).toBe(1);
    fc.assert(
      fc.property(fc.integer({ min: -QUANTITES, max: QUANTITES }), (q) => {
        expect(analyserQuantite(formaterQuantite(q))).toEqual({ ok: true, valeur: q });
      }),
      { numRuns: 200 },
    );
  });

  it("une caution cochée rend la retenue de garantie nulle ; un avoir porte des montants négatifs", () => {
    const facture = { ...base, typeTva: "TVA_SUR_DEBIT" as const, montantTva: "200", montantTtc: "1 200", lignesPoste: [] };
    expect(erreurs({ ...facture, cautionRemplaceRetenue: true, retenueGarantie: "50" })).toEqual({
      retenueGarantie: "La retenue de garantie est remplacée par une caution ou une garantie à première demande : elle doit être nulle.",
    });
    expect(erreurs({ ...facture, typePiece: "AVOIR" })).toHaveProperty("montantHt");
    expect(erreurs({ ...facture, typePiece: "AVOIR", montantHt: "-1 000", montantTva: "-200", montantTtc: "-1 200" })).toEqual({});
    expect(factureSchema.parse({ ...facture, typePiece: "AVOIR", montantHt: "-1 000", montantTva: "-200", montantTtc: "-1 200" })).toMatchObject({
      typePiece: "AVOIR",
      travauxPeriode: -100_000,
      netAPayer: -120_000,
    });
  });
});

describe("révision des montants de la pièce précédente", () => {
  it("concerne les pièces de la MOE et de la MOA qui suivent une autre pièce", () => {
    expect(revisionMotivee("A15_ETAT_ACOMPTE_MOE")).toBe(true);
    expect(revisionMotivee("A19_ETAT_ACOMPTE_VALIDE_MOA")).toBe(true);
    expect(revisionMotivee("A20_DECOMPTE_GENERAL_MOA")).toBe(true);
    expect(revisionMotivee("A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR")).toBe(false);
    expect(revisionMotivee("A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE")).toBe(false);
  });

  it("compare HT, TTC et net à payer (le TTC d'une pièce plus ancienne sans net à payer)", () => {
    const avant = { montantHt: 100n, montantTtc: 120n, netAPayer: null };
    expect(montantsRevises(avant, { montantHt: 100, montantTtc: 120, netAPayer: 120 })).toEqual([]);
    expect(montantsRevises(avant, { montantHt: 90, montantTtc: 108, netAPayer: 108 })).toEqual(["montantHt", "montantTtc", "netAPayer"]);
    expect(montantsRevises({ ...avant, netAPayer: 114n }, { montantHt: 100, montantTtc: 120, netAPayer: 110 })).toEqual(["netAPayer"]);
  });
});

describe("certificat de dépôt", () => {
  const ancien = {
    deposeLe: "2026-11-27T10:15:00.000Z",
    deposant: { raisonSociale: "BATIMENTS DU SUD-OUEST", identifiant: "41278935600026", utilisateur: "Jeanne Martin <jeanne.martin@example.fr>" },
    cadre: { code: "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", court: "A4", libelle: "Projet de décompte mensuel" },
    moa: { raisonSociale: "MINISTERE DE LA CULTURE", identifiant: "13000509300112" },
    facture: {
      numero: "F-2026-0042",
      date: "2026-11-20",
      devise: "EUR",
      typeTva: "TVA sur les débits",
      montantHt: "1000000",
      montantTva: "200000",
      montantTtc: "1200000",
      lignesTva: [],
    },
    fichiers: [],
    dossier: "DF00000042",
    statut: "Mise à disposition de la MOE",
  } as ContenuCertificat;
  const champs = (c: ContenuCertificat) =>
    modeleCertificat(c, "FT0000000042", "a".repeat(64)).blocs.flatMap((b) =>
      b.t === "champ" ? [`${b.libelle} : ${b.valeur}`] : b.t === "titre" ? [`# ${b.texte}`] : [],
    );

  it("un certificat émis avant les avoirs et le décompte se lit comme avant : une facture, ses totaux", () => {
    const c = champs(ancien);
    expect(c).toContain("# Facture");
    expect(c).toContain("Numéro de la facture : F-2026-0042");
    expect(c).toContain("Montant total TTC : 12\u00a0000,00 EUR");
    expect(c.some((l) => l.startsWith("Net à payer") || l.startsWith("Facture ou avoir"))).toBe(false);
  });

  it("un avoir dit « Avoir », avec ses montants négatifs, son décompte et ses postes", () => {
    const avoir: ContenuCertificat = {
      ...ancien,
      facture: {
        ...ancien.facture,
        typeTva: "Exonéré de TVA",
        montantHt: "-100000",
        montantTva: "0",
        montantTtc: "-100000",
        typePiece: "AVOIR",
        motifExonerationTva: "Article 261 du CGI",
        decompte: {
          travauxPeriode: "-100000",
          revisionPrix: "0",
          avanceVersee: "0",
          avanceRemboursee: "0",
          retenueGarantie: "0",
          cautionRemplaceRetenue: true,
          penalites: "0",
          netAPayer: "-100000",
        },
        lignesPoste: [{ denomination: "Reprise d'enduit", quantite: "-2000", unite: "m²", prixUnitaireHt: "50000", montantHt: "-100000", tauxTva: 0 }],
      },
    };
    const c = champs(avoir);
    expect(c).toContain("# Avoir");
    expect(c).toContain("Facture ou avoir : Avoir");
    expect(c).toContain("Numéro de l'avoir : F-2026-0042");
    expect(c).toContain("Montant total HT : -1\u00a0000,00 EUR");
    expect(c).toContain("Net à payer : -1\u00a0000,00 EUR");
    expect(c).toContain("Motif d'exonération de TVA : Article 261 du CGI");
    expect(c.some((l) => l.startsWith("Caution : Retenue de garantie remplacée"))).toBe(true);
    expect(c).toContain("# Postes ou prestations (1)");
    expect(c).toContain("Reprise d'enduit : -2 m² × 500,00 EUR = -1\u00a0000,00 EUR HT, TVA 0 %");
    expect(modeleCertificat(avoir, "FT0000000042", "a".repeat(64)).meta.sujet).toBe("Avoir de travaux F-2026-0042");
  });
});
