import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { analyserMontant, analyserTaux, formaterMontant, formaterTaux, MONTANT_MAX_CENTIMES, tvaAttendue } from "@/lib/invoices/montants";
import { factureSchema, aujourdhuiParis } from "@/lib/invoices/schemas";

describe("montants saisis à la française", () => {
  it.each([
    ["1 234,56", 123456],
    ["1\u00a0234,5", 123450],
    ["1\u202f234", 123400],
    ["1.234,56", 123456],
    ["1234.56", 123456],
    ["0,01", 1],
    ["-12", -1200],
    ["999 999 999 999,99", MONTANT_MAX_CENTIMES],
  ])("« %s » → %i centimes", (saisie, centimes) => {
    expect(analyserMontant(saisie)).toEqual({ ok: true, valeur: centimes });
  });

  it.each(["", "abc", "1,234", "12,345", "1 000 000 000 000,00", "1,2,3"])("refuse « %s »", (saisie) => {
    expect(analyserMontant(saisie).ok).toBe(false);
  });

  it("relit toujours ce qu'il affiche (propriété)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -MONTANT_MAX_CENTIMES, max: MONTANT_MAX_CENTIMES }), (c) => {
        expect(analyserMontant(formaterMontant(c))).toEqual({ ok: true, valeur: c });
      }),
    );
  });

  it("taux de TVA en centièmes de pour cent, et TVA arrondie au centime", () => {
    expect(analyserTaux("5,5")).toEqual({ ok: true, valeur: 550 });
    expect(analyserTaux("20 %")).toEqual({ ok: true, valeur: 2000 });
    expect(analyserTaux("101").ok).toBe(false);
    expect(formaterTaux(550)).toBe("5,5");
    expect(formaterTaux(210)).toBe("2,1");
    expect(tvaAttendue(1_000_000, 2000)).toBe(200_000);
    expect(tvaAttendue(333, 550)).toBe(18); // 18,315 → 18
    expect(tvaAttendue(-333, 2000)).toBe(-67); // -66,6 → -67
  });
});

describe("contrôles de la facture (étape 3)", () => {
  const base = {
    numero: "FAC-1",
    dateFacture: "2026-01-15",
    devise: "EUR",
    typeTva: "TVA_SUR_DEBIT",
    montantHt: "1 000,00",
    montantTva: "200,00",
    montantTtc: "1 200,00",
    lignesTva: [],
  };
  const erreurs = (o: object) => {
    const r = factureSchema.safeParse({ ...base, ...o });
    return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
  };

  it("stocke les montants en centimes", () => {
    expect(factureSchema.parse(base)).toMatchObject({ montantHt: 100000, montantTva: 20000, montantTtc: 120000, devise: "EUR" });
  });

  it("exige HT + TVA = TTC, en donnant le total attendu", () => {
    expect(erreurs({ montantTtc: "1 199,99" })).toEqual({
      montantTtc: "Le montant TTC (1\u00a0199,99\u00a0€) ne correspond pas au décompte : montant HT + TVA = 1\u00a0200,00\u00a0€.",
    });
  });

  it("signale chaque champ obligatoire manquant", () => {
    expect(Object.keys(erreurs({ numero: " ", dateFacture: "", typeTva: undefined, montantHt: "" })).sort()).toEqual([
      "dateFacture",
      "montantHt",
      "numero",
      "typeTva",
    ]);
  });

  it("exonéré ou sans TVA : la TVA et chaque ligne de TVA sont nulles", () => {
    expect(erreurs({ typeTva: "EXONERATION" })).toHaveProperty("montantTva");
    expect(erreurs({ typeTva: "SANS_TVA", montantTva: "0", montantTtc: "1 000,00" })).toEqual({});
    const exonere = { typeTva: "EXONERATION", motifExonerationTva: "Article 261 du CGI", montantTva: "0", montantTtc: "1 000,00" };
    const poste = { denomination: "Forfait", quantite: "1", prixUnitaireHt: "1 000", montantHt: "1 000", tauxTva: "0" };
    expect(erreurs({ ...exonere, lignesPoste: [poste], lignesTva: [{ taux: "20", baseHt: "1 000", montantTva: "0" }] })).toEqual({
      "lignesTva.0.taux": "Exonéré de TVA : le taux de chaque ligne est nul.",
    });
  });

  it("le détail TVA doit égaler les totaux, une ligne par taux, avec une TVA cohérente", () => {
    const l = (taux: string, baseHt: string, montantTva: string) => ({ taux, baseHt, montantTva });
    expect(erreurs({ lignesTva: [l("20", "500", "100"), l("10", "500", "50")], montantTva: "150,00", montantTtc: "1 150,00" })).toEqual({});
    expect(erreurs({ lignesTva: [l("20", "600", "120")] })).toHaveProperty("lignesTva");
    expect(erreurs({ lignesTva: [l("20", "1000", "150")], montantTva: "150", montantTtc: "1150" })).toHaveProperty(["lignesTva.0.montantTva"]);
    expect(erreurs({ lignesTva: [l("20", "500", "100"), l("20", "500", "100")] })).toEqual({ lignesTva: "Une seule ligne par taux de TVA." });
  });

  it("refuse une date postérieure au jour et une devise hors ISO 4217", () => {
    const demain = new Date(Date.now() + 2 * 86_400_000);
    expect(erreurs({ dateFacture: aujourdhuiParis(demain) })).toHaveProperty("dateFacture");
    expect(erreurs({ dateFacture: "2026-02-30" })).toHaveProperty("dateFacture");
    expect(erreurs({ devise: "FRF" })).toHaveProperty("devise");
    expect(erreurs({ devise: "CHF" })).toEqual({});
  });
});
