import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { consulterJournal } from "@/lib/audit/consultation";
import { enregistrerFacture } from "@/lib/invoices/brouillon";
import type { ContenuCertificat } from "@/lib/invoices/certificat";
import { certificatDepot, consulterPiece, rechercherPieces } from "@/lib/invoices/consultation";
import type { Decompte } from "@/lib/invoices/decompte";
import { ecranPiece } from "@/lib/invoices/ecran-piece";
import { envoyer } from "@/lib/invoices/envoi";
import { ajouterPieceJointe } from "@/lib/invoices/pieces-jointes";
import { factureSchema, type FactureForm, filtresSchema } from "@/lib/invoices/schemas";
import { deposerPieceSuivante } from "@/lib/invoices/suivante";
import { traiterPiece } from "@/lib/invoices/transitions";
import { texteDuPdf } from "@/lib/pdf/texte";
import { codeDe } from "../support/fixtures";
import { decompteCoherent, ecart, LIGNES_DES_EQUATIONS, ligneAttendue, MOTIF_EXONERATION, montantsDe, saisieDecompte } from "../support/decomptes";
import { brouillonComplet, depotA4, pdfFacture, saisieFacture, scenario } from "./factures-fixtures";

/** The décompte as stored, in cents (numbers), with the piece's type. */
async function decompteEnBase(id: string): Promise<Decompte> {
  const p = await db.pieceTravaux.findUniqueOrThrow({ where: { id } });
  const n = (v: bigint | null) => (v === null ? null : Number(v));
  return {
    typePiece: p.typePiece,
    travauxCumules: n(p.travauxCumules),
    travauxCumulesPrecedents: n(p.travauxCumulesPrecedents),
    travauxPeriode: n(p.travauxPeriode)!,
    revisionPrix: n(p.revisionPrix)!,
    avanceVersee: n(p.avanceVersee)!,
    avanceRemboursee: n(p.avanceRemboursee)!,
    montantHt: n(p.montantHt)!,
    montantTva: n(p.montantTva)!,
    montantTtc: n(p.montantTtc)!,
    retenueGarantie: n(p.retenueGarantie)!,
    cautionRemplaceRetenue: p.cautionRemplaceRetenue,
    penalites: n(p.penalites)!,
    netAPayer: n(p.netAPayer)!,
  };
}

/** A monthly statement with its décompte: 11 000 € of works this month, a price revision, 5 % retained, VAT at 20 %. */
const decompteA4: Partial<FactureForm> = {
  travauxCumules: "45 000,00",
  travauxCumulesPrecedents: "34 000,00",
  travauxPeriode: "11 000,00",
  revisionPrix: "500,00",
  avanceVersee: "0",
  avanceRemboursee: "1 000,00",
  montantHt: "10 500,00",
  montantTva: "2 100,00",
  montantTtc: "12 600,00",
  retenueGarantie: "575,00",
  penalites: "100,00",
  netAPayer: "11 925,00",
  lignesTva: [{ taux: "20", baseHt: "10 500,00", montantTva: "2 100,00" }],
  lignesPoste: [
    { reference: "L2-01", denomination: "Béton de propreté", quantite: "20", unite: "m³", prixUnitaireHt: "350,00", montantHt: "7 000,00", tauxTva: "20" },
    { denomination: "Coffrages", quantite: "45,5", unite: "m²", prixUnitaireHt: "100,00", montantHt: "4 550,00", tauxTva: "20" },
    { denomination: "Révision des prix (index BT01)", quantite: "1", prixUnitaireHt: "-50,00", montantHt: "-50,00", tauxTva: "20" },
  ],
};

describe("le décompte d'une facture de travaux : arithmétique vérifiée par le serveur (propriétés)", () => {
  it("tout décompte cohérent, facture ou avoir, avec ou sans détail, est accepté par enregistrerFacture et enregistré au centime", async () => {
    const s = await scenario();
    const { id, numero } = await brouillonComplet(s);
    await fc.assert(
      fc.asyncProperty(decompteCoherent(), fc.boolean(), async (g, omettre) => {
        await enregistrerFacture(s.deposant.acteur, id, factureSchema.parse(saisieDecompte(g, { numero }, { omettre })));
        expect(await decompteEnBase(id)).toEqual(g.d);
        const postes = await db.lignePosteTravaux.findMany({ where: { pieceId: id }, orderBy: { rang: "asc" } });
        const p = await db.pieceTravaux.findUniqueOrThrow({ where: { id }, select: { typeTva: true, motifExonerationTva: true } });
        if (g.exonere) {
          expect(p).toEqual({ typeTva: "EXONERATION", motifExonerationTva: MOTIF_EXONERATION });
          expect(postes.map((l) => [l.rang, l.quantite, l.unite, l.montantHt, l.tauxTva])).toEqual([
            [0, 1000n, "forfait", BigInt(g.d.travauxPeriode + g.d.revisionPrix), 0],
          ]);
        } else {
          expect(p).toEqual({ typeTva: "TVA_SUR_DEBIT", motifExonerationTva: null });
          expect(postes).toEqual([]);
        }
      }),
      { numRuns: 30 },
    );
  });

  it("un seul montant changé d'un décompte cohérent est refusé : l'erreur nomme la ligne de la première équation qui le contient, et la pièce ne change pas", async () => {
    const s = await scenario();
    const { id, numero } = await brouillonComplet(s);
    const avant = await decompteEnBase(id);
    await fc.assert(
      fc.asyncProperty(decompteCoherent(), fc.nat(), ecart(), async (g, k, delta) => {
        const data = factureSchema.parse(saisieDecompte(g, { numero }));
        const champs = montantsDe(g.d);
        const champ = champs[k % champs.length];
        const e = await enregistrerFacture(s.deposant.acteur, id, { ...data, [champ]: (data[champ] as number) + delta }).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(AppError);
        const { code, fieldErrors } = e as AppError;
        expect(code).toBe("SAISIE_INVALIDE");
        const attendue = ligneAttendue(champ, g.d);
        expect(fieldErrors[attendue]).toMatch(/ne correspond(ent)? pas au décompte : .+ = -?[\d\u00a0]+,\d\d\u00a0€\.$/);
        expect(LIGNES_DES_EQUATIONS.filter((l) => l !== attendue && l in fieldErrors)).toEqual([]);
      }),
      { numRuns: 30 },
    );
    expect(await decompteEnBase(id)).toEqual(avant);
  });
});

describe("exonération de TVA : le motif et les postes ou prestations", () => {
  it("le serveur exige le motif et une ligne ; ils sont enregistrés, puis retirés quand la pièce n'est plus exonérée", async () => {
    const s = await scenario();
    const { id, numero } = await brouillonComplet(s);
    const exoneree = factureSchema.parse(
      saisieFacture({
        numero,
        typeTva: "EXONERATION",
        motifExonerationTva: "Autoliquidation exclue : article 261 du CGI",
        montantTva: "0",
        montantTtc: "10 000,00",
        lignesTva: [],
        lignesPoste: [{ denomination: "Travaux du mois", quantite: "1", prixUnitaireHt: "10 000,00", montantHt: "10 000,00", tauxTva: "0" }],
      }),
    );
    // The domain checks again what the form checked: an API caller is told the same.
    const sansMotif = await enregistrerFacture(s.deposant.acteur, id, { ...exoneree, motifExonerationTva: undefined }).catch((e: AppError) => e);
    expect(sansMotif).toMatchObject({ code: "SAISIE_INVALIDE", fieldErrors: { motifExonerationTva: "Indiquez le motif d'exonération de TVA." } });
    const sansPoste = await enregistrerFacture(s.deposant.acteur, id, { ...exoneree, lignesPoste: [] }).catch((e: AppError) => e);
    expect(Object.keys((sansPoste as AppError).fieldErrors)).toEqual(["lignesPoste"]);

    await enregistrerFacture(s.deposant.acteur, id, exoneree);
    expect(await consulterPiece(s.deposant.acteur, id)).toMatchObject({
      typeTva: "EXONERATION",
      motifExonerationTva: "Autoliquidation exclue : article 261 du CGI",
      lignesPoste: [{ rang: 0, denomination: "Travaux du mois", quantite: 1000n, prixUnitaireHt: 1_000_000n, montantHt: 1_000_000n, tauxTva: 0 }],
    });
    await enregistrerFacture(s.deposant.acteur, id, factureSchema.parse(saisieFacture({ numero, motifExonerationTva: "ignoré" })));
    expect(await consulterPiece(s.deposant.acteur, id)).toMatchObject({ typeTva: "TVA_SUR_DEBIT", motifExonerationTva: null, lignesPoste: [] });
  });
});

describe("un décompte complet, de l'étape « Facture » au certificat et à la pièce suivante", () => {
  it("l'A4 porte son décompte et ses postes ; l'état d'acompte de la MOE les reprend ; un montant révisé exige son motif, montré avec les montants précédents", async () => {
    const s = await scenario();
    const a4 = await depotA4(s, { facture: decompteA4 });
    expect(await decompteEnBase(a4.id)).toEqual({
      typePiece: "FACTURE",
      travauxCumules: 4_500_000,
      travauxCumulesPrecedents: 3_400_000,
      travauxPeriode: 1_100_000,
      revisionPrix: 50_000,
      avanceVersee: 0,
      avanceRemboursee: 100_000,
      montantHt: 1_050_000,
      montantTva: 210_000,
      montantTtc: 1_260_000,
      retenueGarantie: 57_500,
      cautionRemplaceRetenue: false,
      penalites: 10_000,
      netAPayer: 1_192_500,
    });
    const depot = await db.depotPieceTravaux.findUniqueOrThrow({ where: { pieceId: a4.id } });
    const certificat = depot.certificat as ContenuCertificat;
    expect(certificat.facture).toMatchObject({
      typePiece: "FACTURE",
      decompte: { travauxCumules: "4500000", travauxPeriode: "1100000", retenueGarantie: "57500", cautionRemplaceRetenue: false, netAPayer: "1192500" },
    });
    expect(certificat.facture.lignesPoste?.map((l) => [l.denomination, l.quantite, l.montantHt])).toEqual([
      ["Béton de propreté", "20000", "700000"],
      ["Coffrages", "45500", "455000"],
      ["Révision des prix (index BT01)", "1000", "-5000"],
    ]);
    const pdf = (await texteDuPdf((await certificatDepot(s.deposant.acteur, a4.id)).contenu)).join("\n");
    for (const t of ["Montant cumulé des travaux exécutés", "Net à payer", "11\u00a0925,00 EUR", "Coffrages", "Postes ou prestations (3)"])
      expect(pdf).toContain(t);

    // The MOE's état d'acompte starts from the supplier's décompte.
    const { id: a15 } = await deposerPieceSuivante(s.moeUser.acteur, a4.id);
    expect(await decompteEnBase(a15)).toEqual(await decompteEnBase(a4.id));
    expect((await consulterPiece(s.moeUser.acteur, a15)).lignesPoste.map((l) => l.denomination)).toEqual([
      "Béton de propreté",
      "Coffrages",
      "Révision des prix (index BT01)",
    ]);
    const saisie = saisieFacture({ ...decompteA4, numero: `EA-${a4.numero}` });
    await enregistrerFacture(s.moeUser.acteur, a15, factureSchema.parse(saisie));
    expect((await ecranPiece(s.moeUser.acteur, a15)).revision).toMatchObject({
      motif: null,
      lignes: [{ revise: false }, { revise: false }, { revise: false }],
    });

    // The MOE retains more (penalties for delay): the net à payer changes, and the reason is required.
    const revisee = { ...saisie, penalites: "600,00", netAPayer: "11 425,00" };
    const e = await enregistrerFacture(s.moeUser.acteur, a15, factureSchema.parse(revisee)).catch((x: AppError) => x);
    expect(e).toMatchObject({ code: "CHAMP_OBLIGATOIRE", fieldErrors: { motifRevision: "Indiquez le motif de la révision du montant." } });
    await enregistrerFacture(
      s.moeUser.acteur,
      a15,
      factureSchema.parse({ ...revisee, motifRevision: "Pénalités de retard : 5 jours au titre de l'article 19.2.1 du CCAG" }),
    );
    const ecran = await ecranPiece(s.moeUser.acteur, a15);
    expect(ecran.revision).toEqual({
      precedente: { id: a4.id, libelle: `A4 n° ${a4.numero}`, devise: "EUR" },
      lignes: [
        { champ: "montantHt", avant: 1_050_000n, apres: 1_050_000n, revise: false },
        { champ: "montantTtc", avant: 1_260_000n, apres: 1_260_000n, revise: false },
        { champ: "netAPayer", avant: 1_192_500n, apres: 1_142_500n, revise: true },
      ],
      motif: "Pénalités de retard : 5 jours au titre de l'article 19.2.1 du CCAG",
    });

    // Sent: the certificate attests the revision's reason.
    await ajouterPieceJointe(s.moeUser.acteur, a15, { nom: "etat-acompte.pdf", contenu: await pdfFacture("Etat d'acompte"), nature: "FACTURE" });
    await envoyer(s.moeUser.acteur, a15);
    const certificat15 = (await db.depotPieceTravaux.findUniqueOrThrow({ where: { pieceId: a15 } })).certificat as ContenuCertificat;
    expect(certificat15.facture).toMatchObject({
      motifRevision: "Pénalités de retard : 5 jours au titre de l'article 19.2.1 du CCAG",
      decompte: { penalites: "60000", netAPayer: "1142500" },
    });
    // Once sent, the supplier (its titulaire) reads the revision and its reason on the A15 too.
    expect((await ecranPiece(s.deposant.acteur, a15)).revision?.motif).toBe("Pénalités de retard : 5 jours au titre de l'article 19.2.1 du CCAG");

    // Amounts back to the previous ones: no revision, no reason kept.
    const { id: autre } = await deposerPieceSuivante(s.moeUser.acteur, (await depotA4(s, { facture: decompteA4 })).id);
    await enregistrerFacture(s.moeUser.acteur, autre, factureSchema.parse({ ...saisie, numero: `EA2-${a4.numero}`, motifRevision: "sans objet" }));
    expect((await consulterPiece(s.moeUser.acteur, autre)).motifRevision).toBeNull();
  });

  it("un avoir : montants négatifs partout, certificat « Avoir », recherche « Facture ou avoir »", async () => {
    const s = await scenario();
    const avoir = await depotA4(s, {
      facture: {
        typePiece: "AVOIR",
        montantHt: "-1 000,00",
        montantTva: "-200,00",
        montantTtc: "-1 200,00",
        lignesTva: [{ taux: "20", baseHt: "-1 000,00", montantTva: "-200,00" }],
      },
    });
    const facture = await depotA4(s);
    expect(await consulterPiece(s.deposant.acteur, avoir.id)).toMatchObject({ typePiece: "AVOIR", travauxPeriode: -100_000n, netAPayer: -120_000n });
    const pdf = (await texteDuPdf((await certificatDepot(s.deposant.acteur, avoir.id)).contenu)).join("\n");
    expect(pdf).toContain("Numéro de l'avoir");
    expect(pdf).toContain("-1\u00a0200,00 EUR");

    // An avoir with positive amounts, or a facture with a negative total, is refused at the line.
    const { id, numero } = await brouillonComplet(s);
    const positif = { ...factureSchema.parse(saisieFacture({ numero })), typePiece: "AVOIR" as const };
    expect(await codeDe(enregistrerFacture(s.deposant.acteur, id, positif))).toBe("SAISIE_INVALIDE");

    const ids = async (typePiece: string) =>
      (await rechercherPieces(s.deposant.acteur, filtresSchema.parse({ typePiece }), "SYNTHESE")).pieces.map((p) => p.id).sort();
    expect(await ids("AVOIR")).toEqual([avoir.id]);
    expect(await ids("FACTURE")).toEqual([facture.id, id].sort());
    expect((await ids("")).length).toBe(3);
  });

  it("les corrections d'une pièce suspendue portent au journal les lignes du décompte et les postes changés", async () => {
    const s = await scenario();
    const a4 = await depotA4(s);
    await traiterPiece(s.moeUser.acteur, a4.id, "SUSPENSION", { motif: { texte: "Le décompte détaillé manque" } });
    await enregistrerFacture(s.deposant.acteur, a4.id, factureSchema.parse(saisieFacture({ ...decompteA4, numero: a4.numero })));
    const [entree] = await db.journalAudit.findMany({ where: { structureId: s.fournisseur.id, action: "PIECE_CORRIGEE" } });
    expect(entree.avant).toMatchObject({ travauxCumules: null, retenueGarantie: "0", netAPayer: "1200000", lignesPoste: [] });
    expect(entree.apres).toMatchObject({ travauxCumules: "4500000", retenueGarantie: "57500", penalites: "10000", netAPayer: "1192500" });
    expect((entree.apres as { lignesPoste: unknown[] }).lignesPoste).toHaveLength(3);
    const { lignes } = await consulterJournal(s.deposant.acteur, {}, { pagination: { page: 1, taillePage: 10 }, perimetre: "STRUCTURE" });
    const changements = lignes.find((l) => l.libelle === "Pièce corrigée")!.changements;
    expect(changements).toContainEqual({ champ: "Retenue de garantie", avant: "0,00", apres: "575,00" });
    expect(changements).toContainEqual({ champ: "Net à payer", avant: "12\u00a0000,00", apres: "11\u00a0925,00" });
    expect(changements.find((c) => c.champ === "Postes ou prestations")?.apres).toContain("Coffrages : 45,5 m² × 100,00 = 4\u00a0550,00 HT, TVA 20 %");
  });
});
