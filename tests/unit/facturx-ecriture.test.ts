import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { avecCommande, type DonneesFacturX, decimal, genererCii, genererFacturX, tvaIntracommunautaire } from "@/lib/facturx/ecriture";
import { lireFactureElectronique } from "@/lib/facturx/lecture";
import type { FactureLue } from "@/lib/facturx/types";

const donnees: DonneesFacturX = {
  numero: "EA-2026-007",
  date: "2026-04-30",
  type: "FACTURE",
  devise: "EUR",
  note: "A15 – Projet de décompte mensuel (état d'acompte de la MOE)",
  conditionsPaiement: "Délai global de paiement de la commande publique.",
  referenceAcheteur: "DEPT-IMMO",
  contrat: "MARCHE-2025-17",
  commande: "EJ-1300042",
  vendeur: {
    nom: "Bâtiments & Fils",
    siret: "44306184100047",
    tva: tvaIntracommunautaire("443061841"),
    adresse: { ligne: "1 rue des Maçons", codePostal: "31000", ville: "Toulouse" },
  },
  acheteur: { nom: "Commune de Rivebelle", siret: "21310555400017" },
  iban: "FR7630006000011234567890189",
  lignes: [
    { libelle: "Gros œuvre", quantite: "1", prixUnitaire: "10000.00", montantHt: 1_000_000, categorieTva: "S", tauxTva: 2000 },
    { libelle: "Isolation", quantite: "2.5", prixUnitaire: "800.00", montantHt: 200_000, categorieTva: "S", tauxTva: 550 },
  ],
  tva: [
    { categorie: "S", taux: 2000, baseHt: 1_000_000, montantTva: 200_000 },
    { categorie: "S", taux: 550, baseHt: 200_000, montantTva: 11_000 },
  ],
  totaux: { ht: 1_200_000, tva: 211_000, ttc: 1_411_000, acompte: 70_550, netAPayer: 1_340_450 },
};

async function certificat(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText("Certificat de dépôt");
  doc.addPage().drawText("Page 2");
  return doc.save();
}

/** What the round trip must give back: the data written, as the reader names it. */
function relu(f: FactureLue) {
  return {
    numero: f.numero,
    date: f.date,
    type: f.type,
    devise: f.devise,
    referenceAcheteur: f.referenceAcheteur,
    contrat: f.contrat,
    commande: f.commande,
    vendeur: { nom: f.vendeur.nom, siret: f.vendeur.siret, tva: f.vendeur.tva },
    acheteur: { nom: f.acheteur.nom, siret: f.acheteur.siret },
    iban: f.iban,
    lignes: f.lignes.map((l) => ({
      libelle: l.libelle,
      quantite: l.quantite,
      prixUnitaire: l.prixUnitaire,
      montantHt: l.montantHt,
      categorieTva: l.categorieTva,
      tauxTva: l.tauxTva,
    })),
    tva: f.tva,
    totaux: { ht: f.totaux.ht, tva: f.totaux.tva, ttc: f.totaux.ttc, acompte: f.totaux.acompte, netAPayer: f.totaux.netAPayer },
  };
}

function attendu(d: DonneesFacturX) {
  const signe = d.type === "AVOIR" ? -1 : 1;
  return {
    numero: d.numero,
    date: d.date,
    type: d.type,
    devise: d.devise,
    referenceAcheteur: d.referenceAcheteur,
    contrat: d.contrat,
    commande: d.commande,
    vendeur: { nom: d.vendeur.nom, siret: d.vendeur.siret, tva: d.vendeur.tva },
    acheteur: { nom: d.acheteur.nom, siret: d.acheteur.siret },
    iban: d.iban,
    lignes: d.lignes.map(({ unite: _, ...l }) => ({ ...l, prixUnitaire: signe < 0 ? l.prixUnitaire.replace(/^-/, "") : l.prixUnitaire })),
    tva: d.tva,
    totaux: d.totaux,
  };
}

describe("écriture Factur-X (EN 16931) et relecture", { timeout: 30_000 }, () => {
  it("le Factur-X se relit aux mêmes données, sans anomalie, vendeur SIRET 0002 compris", async () => {
    const pdf = await genererFacturX(donnees, await certificat(), "certificat.pdf");
    const { facture, anomalies } = await lireFactureElectronique(pdf, { siretVendeur: "44306184100047" });
    expect(anomalies).toEqual([]);
    expect(facture).toMatchObject({ syntaxe: "CII", pdf: true, profil: "EN 16931", codeType: "380" });
    expect(relu(facture)).toEqual(attendu(donnees));
  });

  it("un PDF/A-3 qui garde les pages du certificat, son factur-x.xml déclaré « Alternative » et le niveau EN 16931 dans ses métadonnées", async () => {
    const pdf = await genererFacturX(donnees, await certificat(), "certificat.pdf");
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(2);
    const metadonnees = doc.context.lookup(doc.catalog.get(PDFName.of("Metadata")));
    expect(metadonnees).toBeInstanceOf(PDFRawStream);
    const xmp = new TextDecoder().decode(decodePDFRawStream(metadonnees as PDFRawStream).decode());
    expect(xmp).toContain("<pdfaid:part>3</pdfaid:part>");
    expect(xmp).toContain("<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>");
    expect(xmp).toContain("<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>");
    const af = doc.context.lookup(doc.catalog.get(PDFName.of("AF")), PDFArray);
    const specification = doc.context.lookup(af.get(0), PDFDict);
    expect(specification.get(PDFName.of("AFRelationship"))).toBe(PDFName.of("Alternative"));
    const nom = specification.lookup(PDFName.of("UF"));
    expect(nom instanceof PDFString || nom instanceof PDFHexString ? nom.decodeText() : nom).toBe("factur-x.xml");
  });

  it("un avoir : code 381 et montants positifs dans le document, relus négatifs comme tout avoir du portail", async () => {
    const negatif = (c: number) => -c;
    const avoir: DonneesFacturX = {
      ...donnees,
      numero: "AV-2026-001",
      type: "AVOIR",
      lignes: donnees.lignes.map((l) => ({ ...l, montantHt: negatif(l.montantHt) })),
      tva: donnees.tva.map((t) => ({ ...t, baseHt: negatif(t.baseHt), montantTva: negatif(t.montantTva) })),
      totaux: { ht: -1_200_000, tva: -211_000, ttc: -1_411_000, netAPayer: -1_411_000 },
    };
    const xml = await genererCii(avoir);
    expect(xml).toContain("<ram:TypeCode>381</ram:TypeCode>");
    expect(xml).toContain("<ram:GrandTotalAmount>14110.00</ram:GrandTotalAmount>");
    const pdf = await genererFacturX(avoir, await certificat());
    const { facture, anomalies } = await lireFactureElectronique(pdf);
    expect(anomalies).toEqual([]);
    expect(facture.codeType).toBe("381");
    expect(relu(facture)).toEqual({ ...attendu(avoir), totaux: { ...avoir.totaux, acompte: undefined } });
  });

  it("exonéré de TVA (catégorie E, motif) et non soumis (catégorie O, sans taux ni numéro de TVA du vendeur)", async () => {
    for (const [categorie, motif] of [
      ["E", "Exonération de TVA, article 261 du CGI"],
      ["O", "Non soumis à la TVA"],
    ]) {
      const d: DonneesFacturX = {
        ...donnees,
        vendeur: categorie === "O" ? { ...donnees.vendeur, tva: undefined } : donnees.vendeur,
        lignes: [{ libelle: "Travaux", quantite: "1", prixUnitaire: "1000.00", montantHt: 100_000, categorieTva: categorie, tauxTva: 0 }],
        tva: [{ categorie, taux: 0, baseHt: 100_000, montantTva: 0, motifExoneration: motif }],
        totaux: { ht: 100_000, tva: 0, ttc: 100_000, netAPayer: 100_000 },
      };
      const { facture, anomalies } = await lireFactureElectronique(await genererFacturX(d, await certificat()));
      expect(anomalies, categorie).toEqual([]);
      expect(facture.tva).toEqual([{ categorie, taux: 0, baseHt: 100_000, montantTva: 0, motifExoneration: motif }]);
    }
  });

  it("les nombres du XML, le numéro de TVA intracommunautaire d'un SIREN, la référence de commande remise à sa place", () => {
    expect([decimal(123_456), decimal(5), decimal(-1_999), decimal(0)]).toEqual(["1234.56", "0.05", "-19.99", "0.00"]);
    // The example of the tax administration's documentation.
    expect(tvaIntracommunautaire("404833048")).toBe("FR83404833048");
    const xml = "<ram:ApplicableHeaderTradeAgreement><ram:ContractReferencedDocument/></ram:ApplicableHeaderTradeAgreement>";
    expect(avecCommande(xml, "EJ<1>")).toBe(
      "<ram:ApplicableHeaderTradeAgreement><ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>EJ&lt;1&gt;</ram:IssuerAssignedID></ram:BuyerOrderReferencedDocument><ram:ContractReferencedDocument/></ram:ApplicableHeaderTradeAgreement>",
    );
    expect(avecCommande(xml, undefined)).toBe(xml);
  });
});
