import { describe, expect, it } from "vitest";
import type { Acteur } from "@/lib/auth/acteur";
import { db } from "@/lib/db";
import { genererFacturX } from "@/lib/facturx/ecriture";
import { lireFactureDuBrouillon } from "@/lib/facturx/import";
import { lireFactureElectronique } from "@/lib/facturx/lecture";
import { telechargerFacturX } from "@/lib/facturx/piece";
import { certificatDepot } from "@/lib/invoices/consultation";
import { enregistrerFacture } from "@/lib/invoices/brouillon";
import { envoyer } from "@/lib/invoices/envoi";
import { ajouterPieceJointe } from "@/lib/invoices/pieces-jointes";
import { factureSchema } from "@/lib/invoices/schemas";
import { deposerPieceSuivante } from "@/lib/invoices/suivante";
import { traiterPiece } from "@/lib/invoices/transitions";
import { codeDe } from "../support/fixtures";
import { brouillonComplet, depotA4, pdfFacture, saisieFacture, scenario } from "./factures-fixtures";

/** The invoice step saved (two VAT rates, a décompte that withholds a retention), the PDF joined, then sent. */
async function completerEtEnvoyer(acteur: Acteur, id: string) {
  const saisie = saisieFacture({
    montantHt: "10 000,00",
    montantTva: "1 550,00",
    montantTtc: "11 550,00",
    lignesTva: [
      { taux: "20", baseHt: "7 000,00", montantTva: "1 400,00" },
      { taux: "5,5", baseHt: "3 000,00", montantTva: "165,00" },
    ],
    // Amounts changed from the piece it follows: the MOE (the MOA) says why.
    motifRevision: "Isolation au taux réduit",
  });
  // 1 400 + 165 = 1 565: the total VAT follows the lines.
  saisie.montantTva = "1 565,00";
  saisie.montantTtc = "11 565,00";
  await enregistrerFacture(acteur, id, factureSchema.parse(saisie));
  await ajouterPieceJointe(acteur, id, { nom: "etat.pdf", contenu: await pdfFacture(`État ${saisie.numero}`), nature: "FACTURE" });
  await envoyer(acteur, id);
  return saisie.numero;
}

describe("Factur-X des pièces de la MOE, de la MOA et du service financier", { timeout: 60_000 }, () => {
  it("l'A15 de la MOE et l'A19 de la MOA se téléchargent en Factur-X, qui se relit aux données de la pièce ; mêmes droits que le certificat", async () => {
    const s = await scenario();
    const a4 = await depotA4(s);
    const { id: a15 } = await deposerPieceSuivante(s.moeUser.acteur, a4.id);
    const numeroA15 = await completerEtEnvoyer(s.moeUser.acteur, a15);

    const f = await telechargerFacturX(s.moaUser.acteur, a15);
    expect(f.nom).toBe(`factur-x-A15-${numeroA15}.pdf`);
    const { facture, anomalies } = await lireFactureElectronique(f.contenu, { siretVendeur: s.fournisseur.identifier });
    expect(anomalies).toEqual([]);
    const compte = await db.compteBancaire.findFirstOrThrow({ where: { structureId: s.fournisseur.id, active: true }, orderBy: { createdAt: "asc" } });
    expect(facture).toMatchObject({
      pdf: true,
      profil: "EN 16931",
      numero: numeroA15,
      date: "2026-01-15",
      type: "FACTURE",
      codeType: "380",
      devise: "EUR",
      referenceAcheteur: s.serviceMoa.code,
      // The supplier is the seller of the MOE's statement, the MOA the buyer; the supplier's account of the A4.
      vendeur: { nom: s.fournisseur.raisonSociale, siret: s.fournisseur.identifier },
      acheteur: { nom: s.moa.raisonSociale, siret: s.moa.identifier },
      iban: compte.iban,
    });
    expect(facture.tva).toEqual([
      { categorie: "S", taux: 2000, baseHt: 700_000, montantTva: 140_000 },
      { categorie: "S", taux: 550, baseHt: 300_000, montantTva: 16_500 },
    ]);
    const piece = await db.pieceTravaux.findUniqueOrThrow({ where: { id: a15 } });
    expect(facture.totaux).toMatchObject({
      ht: Number(piece.montantHt),
      tva: Number(piece.montantTva),
      ttc: Number(piece.montantTtc),
      netAPayer: Number(piece.netAPayer ?? piece.montantTtc),
    });
    // Its visible part is the deposit certificate.
    const certificat = await certificatDepot(s.moaUser.acteur, a15);
    expect(f.contenu.byteLength).toBeGreaterThan(certificat.contenu.byteLength);

    // Who sees the certificate downloads it (the MOE, the supplier); nobody else, and an A4 has none.
    expect((await telechargerFacturX(s.moeUser.acteur, a15)).nom).toBe(f.nom);
    expect((await telechargerFacturX(s.deposant.acteur, a15)).nom).toBe(f.nom);
    expect(await codeDe(telechargerFacturX(s.exterieur.acteur, a15))).toBe("INTROUVABLE");
    expect(await codeDe(telechargerFacturX(s.moaUser.acteur, "pas-un-identifiant"))).toBe("INTROUVABLE");
    expect(await codeDe(telechargerFacturX(s.deposant.acteur, a4.id))).toBe("FACTURX_NON_PROPOSE");

    // The MOA takes it into account, deposits its A19 (to the paying service): the same, from the MOA.
    await traiterPiece(s.moaUser.acteur, a15, "PRISE_EN_COMPTE");
    const { id: a19 } = await deposerPieceSuivante(s.moaUser.acteur, a15);
    const numeroA19 = await completerEtEnvoyer(s.moaUser.acteur, a19);
    const g = await telechargerFacturX(s.moaUser.acteur, a19);
    const relue = await lireFactureElectronique(g.contenu, { siretVendeur: s.fournisseur.identifier });
    expect(relue.anomalies).toEqual([]);
    expect(relue.facture).toMatchObject({ numero: numeroA19, vendeur: { siret: s.fournisseur.identifier }, acheteur: { siret: s.moa.identifier } });
    expect(g.nom).toBe(`factur-x-A19-${numeroA19}.pdf`);
  });
});

const corps = (octets: Uint8Array) => ({
  flux: (async function* () {
    yield octets;
  })(),
});

describe("« Importer une facture électronique » sur un brouillon", { timeout: 60_000 }, () => {
  it("le fournisseur importe son Factur-X : ce qu'il dit est rendu ; un autre vendeur, un XML cassé, une pièce envoyée ou d'une autre structure sont refusés", async () => {
    const s = await scenario();
    const { id } = await brouillonComplet(s);
    const donnees = (siret: string) => ({
      numero: "FX-2026-001",
      date: "2026-02-27",
      type: "FACTURE" as const,
      devise: "EUR",
      conditionsPaiement: "À 30 jours.",
      referenceAcheteur: s.serviceMoa.code,
      vendeur: { nom: s.fournisseur.raisonSociale, siret },
      acheteur: { nom: s.moa.raisonSociale, siret: s.moa.identifier },
      lignes: [{ libelle: "Travaux", quantite: "1", prixUnitaire: "5000.00", montantHt: 500_000, categorieTva: "S", tauxTva: 2000 }],
      tva: [{ categorie: "S", taux: 2000, baseHt: 500_000, montantTva: 100_000 }],
      totaux: { ht: 500_000, tva: 100_000, ttc: 600_000, netAPayer: 600_000 },
    });
    const pdf = await genererFacturX(donnees(s.fournisseur.identifier), await pdfFacture("Facture FX-2026-001"));
    const { facture: lue, ecartsParties } = await lireFactureDuBrouillon(s.deposant.acteur, id, corps(pdf), "FX-2026-001.pdf");
    // Step « Parties » names the file's buyer and service: nothing to correct there.
    expect(ecartsParties).toEqual([]);
    expect(lue).toMatchObject({ pdf: true, numero: "FX-2026-001", date: "2026-02-27", referenceAcheteur: "DEPT-IMMO", totaux: { ttc: 600_000 } });
    // Nothing is written: the draft keeps what was typed.
    expect((await db.pieceTravaux.findUniqueOrThrow({ where: { id } })).montantTtc).toBe(1_200_000n);

    // A file for another buyer, under another contract: step « Parties » is flagged, field by field.
    const ailleurs = await genererFacturX(
      { ...donnees(s.fournisseur.identifier), acheteur: { nom: "Autre acheteur", siret: s.autre.identifier }, contrat: "M-AUTRE-1" },
      await pdfFacture("Facture FX-2026-001"),
    );
    const ecarts = (await lireFactureDuBrouillon(s.deposant.acteur, id, corps(ailleurs), "ailleurs.pdf")).ecartsParties;
    expect(ecarts.map((e) => [e.libelle, e.fichier])).toEqual([
      ["SIRET de la maîtrise d'ouvrage", s.autre.identifier],
      ["Numéro de marché", "M-AUTRE-1"],
    ]);
    expect(ecarts[0].saisi).toBe(`${s.moa.identifier} (${s.moa.raisonSociale})`);

    const autre = await genererFacturX(donnees(s.autre.identifier), await pdfFacture("Facture"));
    const refus = await lireFactureDuBrouillon(s.deposant.acteur, id, corps(autre), "autre.pdf").catch((e) => e);
    expect(refus.code).toBe("FACTURE_ELECTRONIQUE_NON_CONFORME");
    expect(refus.message).toContain(`n'est pas la structure qui dépose (SIRET ${s.fournisseur.identifier})`);
    const casse = await lireFactureDuBrouillon(s.deposant.acteur, id, corps(new TextEncoder().encode("<rsm:CrossIndustryInvoice>")), "f.xml").catch((e) => e);
    expect(casse.code).toBe("FACTURE_ELECTRONIQUE_ILLISIBLE");
    expect(await codeDe(lireFactureDuBrouillon(s.exterieur.acteur, id, corps(pdf), "f.pdf"))).toBe("INTROUVABLE");
    expect(await codeDe(lireFactureDuBrouillon(s.moaUser.acteur, id, corps(pdf), "f.pdf"))).toBe("INTROUVABLE");
    const envoyee = await depotA4(s);
    expect(await codeDe(lireFactureDuBrouillon(s.deposant.acteur, envoyee.id, corps(pdf), "f.pdf"))).toBe("PIECE_NON_MODIFIABLE");
  });
});
