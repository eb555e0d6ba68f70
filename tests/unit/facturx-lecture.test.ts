import { readFileSync } from "node:fs";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { type DonneesFacturX, genererFacturX } from "@/lib/facturx/ecriture";
import { exigerConforme, lireFactureElectronique } from "@/lib/facturx/lecture";

const exemple = (nom: string) => readFileSync(path.join(__dirname, "../fixtures/en16931", nom));
const texte = (nom: string) => exemple(nom).toString("utf-8");
const octets = (s: string) => new TextEncoder().encode(s);

async function refus(promesse: Promise<unknown>): Promise<AppError> {
  try {
    await promesse;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("la lecture aurait dû être refusée");
}

async function pdfAvecPiece(nom: string, contenu: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText("Facture");
  await doc.attach(contenu, nom, { mimeType: "text/xml", description: "Facture électronique" });
  return doc.save();
}

const facturX: DonneesFacturX = {
  numero: "FT-2026-0042",
  date: "2026-03-31",
  type: "FACTURE",
  devise: "EUR",
  conditionsPaiement: "Délai global de paiement de la commande publique.",
  referenceAcheteur: "SERV-VOIRIE",
  contrat: "MARCHE-2025-17",
  commande: "EJ-1300042",
  vendeur: {
    nom: "Bâtiments du Sud",
    siret: "44306184100047",
    tva: "FR39443061841",
    adresse: { ligne: "1 rue des Maçons", codePostal: "31000", ville: "Toulouse" },
  },
  acheteur: { nom: "Commune de Rivebelle", siret: "21310555400017", adresse: { codePostal: "31100", ville: "Rivebelle" } },
  iban: "FR7630006000011234567890189",
  lignes: [
    { libelle: "Gros œuvre", quantite: "1", prixUnitaire: "10000.00", montantHt: 1_000_000, categorieTva: "S", tauxTva: 2000 },
    { libelle: "Rénovation énergétique", quantite: "2.5", prixUnitaire: "800.00", montantHt: 200_000, categorieTva: "S", tauxTva: 550 },
  ],
  tva: [
    { categorie: "S", taux: 2000, baseHt: 1_000_000, montantTva: 200_000 },
    { categorie: "S", taux: 550, baseHt: 200_000, montantTva: 11_000 },
  ],
  totaux: { ht: 1_200_000, tva: 211_000, ttc: 1_411_000, acompte: 60_000, netAPayer: 1_351_000 },
};

async function pdfVierge(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText("Facture FT-2026-0042");
  return doc.save();
}

describe("lecture d'une facture électronique : les exemples officiels EN 16931", { timeout: 30_000 }, () => {
  it("CII « contenu maximal » : chaque donnée lue, montants en centimes", async () => {
    const { facture: f, anomalies } = await lireFactureElectronique(exemple("CII_example5.xml"));
    expect(anomalies).toEqual([]);
    expect(f).toMatchObject({
      syntaxe: "CII",
      pdf: false,
      specification: "urn:cen.eu:en16931:2017",
      profil: "EN 16931",
      numero: "TOSL110",
      date: "2013-04-10",
      codeType: "380",
      type: "FACTURE",
      devise: "DKK",
      dateEcheance: "2013-05-10",
      referenceAcheteur: "qwerty",
      contrat: "2013-05",
      commande: "PO4711",
      iban: "DK1212341234123412",
      signe: 1,
    });
    expect(f.vendeur).toMatchObject({ nom: "SellerCompany", tva: "NL16356706" });
    expect(f.vendeur.identifiants).toContainEqual({ valeur: "5790000436101", schema: "0088" });
    expect(f.acheteur).toMatchObject({ nom: "Buyercompany ltd", tva: "DK16356607" });
    expect(f.totaux).toEqual({ lignes: 400_000, remises: 15_000, frais: 15_000, ht: 400_000, tva: 67_500, ttc: 467_500, acompte: 233_750, netAPayer: 233_750 });
    expect(f.tva).toEqual([
      { categorie: "S", taux: 2500, baseHt: 150_000, montantTva: 37_500 },
      { categorie: "S", taux: 1200, baseHt: 250_000, montantTva: 30_000 },
    ]);
    expect(f.lignes.map((l) => [l.id, l.montantHt, l.tauxTva])).toEqual([
      ["1", 100_000, 2500],
      ["2", 50_000, 2500],
      ["3", 250_000, 1200],
    ]);
    expect(f.remises).toEqual([{ montant: 15_000, categorieTva: "S", tauxTva: 2500, motif: "Loyal customer" }]);
    expect(f.frais).toEqual([{ montant: 15_000, categorieTva: "S", tauxTva: 2500, motif: "Packaging" }]);
  });

  it("la même facture en UBL 2.1 se lit aux mêmes valeurs qu'en CII", async () => {
    const cii = (await lireFactureElectronique(exemple("CII_example5.xml"))).facture;
    const ubl = await lireFactureElectronique(exemple("ubl-tc434-example5.xml"));
    expect(ubl.anomalies).toEqual([]);
    const commun = (f: typeof cii) => ({
      numero: f.numero,
      date: f.date,
      type: f.type,
      devise: f.devise,
      dateEcheance: f.dateEcheance,
      referenceAcheteur: f.referenceAcheteur,
      contrat: f.contrat,
      commande: f.commande,
      profil: f.profil,
      vendeur: { nom: f.vendeur.nom, tva: f.vendeur.tva },
      acheteur: { nom: f.acheteur.nom, tva: f.acheteur.tva },
      totaux: f.totaux,
      tva: f.tva,
      lignes: f.lignes.map((l) => [l.id, l.montantHt, l.categorieTva, l.tauxTva]),
    });
    expect(ubl.facture.syntaxe).toBe("UBL");
    expect(commun(ubl.facture)).toEqual(commun(cii));
  });

  it("deux taux de TVA, remises et frais, acompte : les règles de calcul sont respectées par les exemples", async () => {
    for (const nom of ["CII_example1.xml", "CII_example2.xml", "ubl-tc434-example2.xml"]) {
      const { facture, anomalies } = await lireFactureElectronique(exemple(nom));
      expect(anomalies, nom).toEqual([]);
      expect(exigerConforme({ facture, anomalies })).toBe(facture);
    }
    const { facture } = await lireFactureElectronique(exemple("CII_example1.xml"));
    expect(facture.tva.map((t) => [t.taux, t.baseHt, t.montantTva])).toEqual([
      [600, 18_323, 1_099],
      [2100, 4_637, 974],
    ]);
    expect(facture.totaux).toMatchObject({ ht: 22_960, tva: 2_073, ttc: 25_033, netAPayer: 25_033 });
  });

  it("des lignes dont la somme n'est exacte qu'en centimes passent BR-CO-10 (aucun calcul en virgule flottante)", async () => {
    const { facture, anomalies } = await lireFactureElectronique(exemple("CII-BR-CO-10-RoundingIssue.xml"));
    expect(anomalies).toEqual([]);
    expect(facture.lignes.map((l) => l.montantHt)).toEqual([72_081, 1, -72_081, -1]);
    expect(facture.totaux.lignes).toBe(0);
  });

  it("un avoir UBL (CreditNote, 381) : type AVOIR, montants négatifs comme tout avoir du portail", async () => {
    const { facture: f, anomalies } = await lireFactureElectronique(exemple("ubl-tc434-creditnote1.xml"));
    expect(anomalies).toEqual([]);
    expect(f).toMatchObject({ type: "AVOIR", codeType: "381", numero: "018304 / 28865", date: "2019-09-23", referenceAcheteur: "018304 / 28865" });
    expect(f.signe).toBe(-1);
    expect(f.totaux).toEqual({ lignes: -10_011, ht: -10_011, tva: 0, ttc: -10_011, netAPayer: -10_011 });
    expect(f.tva).toEqual([{ categorie: "E", taux: 0, baseHt: -10_011, montantTva: 0, motifExoneration: "Taxes are not applicable" }]);
    expect(f.iban).toBe("BE91000000143476");
    expect(f.vendeur).toMatchObject({ nom: "My Supplier Company", tva: "BE0000000196" });
  });
});

describe("lecture : les profils Factur-X", { timeout: 30_000 }, () => {
  const avecProfil = (id: string) => octets(texte("CII_example1.xml").replace("<ram:ID>urn:cen.eu:en16931:2017</ram:ID>", `<ram:ID>${id}</ram:ID>`));

  it.each([
    ["urn:factur-x.eu:1p0:minimum", "MINIMUM"],
    ["urn:factur-x.eu:1p0:basicwl", "BASIC WL"],
    ["urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic", "BASIC"],
    ["urn:cen.eu:en16931:2017", "EN 16931"],
    ["urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended", "EXTENDED"],
    ["urn:cen.eu:en16931:2017#conformant#urn:zugferd.de:2p0:extended", "EXTENDED"],
  ])("%s → %s", async (id, profil) => {
    const { facture, anomalies } = await lireFactureElectronique(avecProfil(id));
    expect(facture.profil).toBe(profil);
    expect(facture.specification).toBe(id);
    expect(anomalies).toEqual([]);
  });

  it("un profil absent ou inconnu est signalé (BR-01)", async () => {
    const sans = octets(
      texte("CII_example1.xml").replace(/<ram:GuidelineSpecifiedDocumentContextParameter>[\s\S]*?<\/ram:GuidelineSpecifiedDocumentContextParameter>/, ""),
    );
    const a = (await lireFactureElectronique(sans)).anomalies;
    expect(a.map((x) => x.regle)).toEqual(["BR-01"]);
    expect(a[0].message).toMatch(/^BR-01 : le document ne nomme pas son profil/);
    const inconnu = (await lireFactureElectronique(avecProfil("urn:exemple:inconnu"))).anomalies;
    expect(inconnu[0].message).toContain("« urn:exemple:inconnu »");
  });
});

describe("lecture : les contrôles EN 16931", { timeout: 30_000 }, () => {
  it("un total des lignes qui ne s'additionne pas est signalé avec sa règle (BR-CO-10), et refusé par exigerConforme", async () => {
    const faux = octets(
      texte("CII_example1.xml").replace("<ram:LineTotalAmount>229.6</ram:LineTotalAmount>", "<ram:LineTotalAmount>229.7</ram:LineTotalAmount>"),
    );
    const lecture = await lireFactureElectronique(faux);
    expect(lecture.anomalies.map((a) => a.regle)).toEqual(["BR-CO-10", "BR-CO-13"]);
    expect(lecture.anomalies[0].message).toBe(
      "BR-CO-10 : la somme des montants nets des 20 lignes (229,60) n'est pas égale au total des lignes BT-106 (229,70).",
    );
    const erreur = (() => {
      try {
        exigerConforme(lecture);
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(erreur?.code).toBe("FACTURE_ELECTRONIQUE_NON_CONFORME");
    expect(erreur?.message).toContain("BR-CO-10 : la somme des montants nets");
    expect(erreur?.fieldErrors.fichier).toBe(erreur?.message);
  });

  it("une TVA par taux fausse : BR-S-09 (base × taux) et BR-CO-14 (total de TVA)", async () => {
    const faux = octets(
      texte("CII_example1.xml").replace("<ram:CalculatedAmount>9.74</ram:CalculatedAmount>", "<ram:CalculatedAmount>9.99</ram:CalculatedAmount>"),
    );
    const { anomalies } = await lireFactureElectronique(faux);
    expect(anomalies.map((a) => a.regle)).toEqual(["BR-CO-14", "BR-S-09"]);
    expect(anomalies[1].message).toBe("BR-S-09 : la TVA catégorie S à 21 % BT-117 (9,99) n'est pas la base HT multipliée par le taux (9,74).");
  });

  it("une base de TVA qui n'est pas la somme des lignes de ce taux : BR-S-08 ; un TTC faux : BR-CO-15 ; un net à payer faux : BR-CO-16", async () => {
    const base = texte("ubl-tc434-example5.xml");
    const faux = base
      .replace('<cbc:TaxableAmount currencyID="DKK">1500.00</cbc:TaxableAmount>', '<cbc:TaxableAmount currencyID="DKK">1600.00</cbc:TaxableAmount>')
      .replace(
        '<cbc:TaxInclusiveAmount currencyID="DKK">4675.00</cbc:TaxInclusiveAmount>',
        '<cbc:TaxInclusiveAmount currencyID="DKK">4775.00</cbc:TaxInclusiveAmount>',
      );
    const { anomalies } = await lireFactureElectronique(octets(faux));
    expect(anomalies.map((a) => a.regle)).toEqual(["BR-CO-15", "BR-CO-16", "BR-S-08", "BR-S-09"]);
    expect(anomalies[0].message).toContain("le total TTC BT-112 (4\u00a0775,00) n'est pas égal au total HT plus la TVA (4\u00a0675,00)");
  });

  it("le SIRET du vendeur doit être celui de la structure qui dépose", async () => {
    const pdf = await genererFacturX(facturX, await pdfVierge());
    expect((await lireFactureElectronique(pdf, { siretVendeur: "44306184100047" })).anomalies).toEqual([]);
    const autre = await lireFactureElectronique(pdf, { siretVendeur: "73282932000074" });
    expect(autre.anomalies).toEqual([
      {
        regle: "SIRET",
        message: "Le vendeur de la facture électronique (SIRET 44306184100047, BT-30) n'est pas la structure qui dépose (SIRET 73282932000074).",
      },
    ]);
    // An official example carries no French identifier at all.
    const sansSiret = await lireFactureElectronique(exemple("CII_example1.xml"), { siretVendeur: "73282932000074" });
    expect(sansSiret.anomalies[0].message).toContain("Le SIRET du vendeur n'est pas indiqué");
  });
});

describe("lecture : les fichiers refusés", { timeout: 30_000 }, () => {
  it("un XML mal formé est refusé avec la raison", async () => {
    const tronque = texte("CII_example1.xml").slice(0, 3000);
    const e = await refus(lireFactureElectronique(octets(tronque), { nom: "facture.xml" }));
    expect(e.code).toBe("FACTURE_ELECTRONIQUE_ILLISIBLE");
    expect(e.message).toMatch(/^Le fichier « facture\.xml » n'est pas une facture électronique lisible : le XML n'est pas bien formé \(ligne \d+ : /);
  });

  it("un XML bien formé qui n'est ni CII ni UBL, ou qui déclare un DOCTYPE, est refusé", async () => {
    expect((await refus(lireFactureElectronique(octets("<commande><id>1</id></commande>")))).message).toContain("ni une facture CII");
    const doctype = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><Invoice>&a;</Invoice>`;
    expect((await refus(lireFactureElectronique(octets(doctype)))).message).toContain("DOCTYPE");
  });

  it("un PDF dont le factur-x.xml est cassé est refusé avec la raison", async () => {
    const pdf = await pdfAvecPiece("factur-x.xml", octets(texte("CII_example1.xml").slice(0, 2000)));
    const e = await refus(lireFactureElectronique(pdf, { nom: "facture.pdf" }));
    expect(e.code).toBe("FACTURE_ELECTRONIQUE_ILLISIBLE");
    expect(e.message).toMatch(/^Le fichier factur-x\.xml joint au PDF « facture\.pdf » est refusé : le XML n'est pas bien formé \(ligne \d+ : /);
  });

  it("un PDF sans facture jointe, ou qui n'est pas un PDF lisible, est refusé", async () => {
    const e = await refus(lireFactureElectronique(await pdfVierge(), { nom: "scan.pdf" }));
    expect(e.message).toBe("Le PDF « scan.pdf » n'est pas une facture Factur-X : il ne contient pas de fichier factur-x.xml joint.");
    const casse = await refus(lireFactureElectronique(octets("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF"), { nom: "casse.pdf" }));
    expect(casse.code).toBe("FACTURE_ELECTRONIQUE_ILLISIBLE");
  });

  it("un PDF ZUGFeRD 2 (zugferd-invoice.xml dans /Names /EmbeddedFiles) se lit", async () => {
    const pdf = await pdfAvecPiece("zugferd-invoice.xml", exemple("CII_example5.xml"));
    const { facture, anomalies } = await lireFactureElectronique(pdf);
    expect(anomalies).toEqual([]);
    expect(facture).toMatchObject({ pdf: true, syntaxe: "CII", numero: "TOSL110", profil: "EN 16931" });
  });
});

describe("lecture d'un PDF Factur-X fabriqué par la bibliothèque", { timeout: 30_000 }, () => {
  it("un Factur-X EN 16931 : chaque donnée lue dans le factur-x.xml joint (AF et EmbeddedFiles)", async () => {
    const pdf = await genererFacturX(facturX, await pdfVierge());
    const { facture: f, anomalies } = await lireFactureElectronique(pdf, { nom: "FT-2026-0042.pdf", siretVendeur: "44306184100047" });
    expect(anomalies).toEqual([]);
    expect(f).toMatchObject({
      syntaxe: "CII",
      pdf: true,
      profil: "EN 16931",
      numero: "FT-2026-0042",
      date: "2026-03-31",
      codeType: "380",
      type: "FACTURE",
      devise: "EUR",
      referenceAcheteur: "SERV-VOIRIE",
      contrat: "MARCHE-2025-17",
      commande: "EJ-1300042",
      iban: "FR7630006000011234567890189",
    });
    expect(f.vendeur).toMatchObject({ nom: "Bâtiments du Sud", siret: "44306184100047", tva: "FR39443061841" });
    expect(f.vendeur.identifiants).toContainEqual({ valeur: "44306184100047", schema: "0002" });
    expect(f.acheteur).toMatchObject({ nom: "Commune de Rivebelle", siret: "21310555400017" });
    expect(f.totaux).toEqual({ lignes: 1_200_000, ht: 1_200_000, tva: 211_000, ttc: 1_411_000, acompte: 60_000, netAPayer: 1_351_000 });
  });
});
