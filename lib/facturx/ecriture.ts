import { type Invoice, InvoiceService } from "@e-invoice-eu/core";
import { journal } from "@/lib/journal-technique";

/**
 * Factur-X (PDF/A-3 carrying `factur-x.xml`, CII, profile EN 16931) written by `@e-invoice-eu/core` from a piece's
 * data. Amounts in integer cents with the portal's signs (an avoir's are negative: the document carries them positive
 * with the type code 381), rates in hundredths of a percent. Read back by `lireFactureElectronique`, it gives the
 * same data (tests/unit/facturx-ecriture.test.ts).
 */
export type PartieFacturX = {
  nom: string;
  /** Written with the scheme 0002 (SIRENE) as the legal registration identifier (BT-30 / BT-47). */
  siret?: string;
  /** BT-31 / BT-48. */
  tva?: string;
  adresse?: { ligne?: string; codePostal?: string; ville?: string };
  /** ISO 3166-1 alpha-2, « FR » when unknown (BR-09, BR-11 make it mandatory). */
  pays?: string;
};

export type DonneesFacturX = {
  numero: string;
  date: string;
  type: "FACTURE" | "AVOIR";
  devise: string;
  dateEcheance?: string;
  /** BT-20, required when there is an amount due and no due date (BR-CO-25). */
  conditionsPaiement?: string;
  referenceAcheteur?: string;
  contrat?: string;
  commande?: string;
  vendeur: PartieFacturX;
  acheteur: PartieFacturX;
  iban?: string;
  note?: string;
  lignes: { libelle: string; quantite: string; unite?: string; prixUnitaire: string; montantHt: number; categorieTva: string; tauxTva: number }[];
  tva: { categorie: string; taux: number; baseHt: number; montantTva: number; motifExoneration?: string }[];
  totaux: { ht: number; tva: number; ttc: number; acompte?: number; netAPayer: number };
};

/** 123456 → « 1234.56 » (a decimal as XML wants it). */
export function decimal(centimes: number): string {
  const negatif = centimes < 0;
  const abs = Math.abs(centimes);
  return `${negatif ? "-" : ""}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** 550 → « 5.5 », 2000 → « 20 ». */
export function tauxDecimal(centiemes: number): string {
  const entier = Math.trunc(centiemes / 100);
  const reste = centiemes % 100;
  return reste === 0 ? String(entier) : `${entier}.${String(reste).padStart(2, "0").replace(/0$/, "")}`;
}

/** The French intra-community VAT number of a SIREN: FR, key (12 + 3 × (SIREN mod 97)) mod 97, SIREN. */
export function tvaIntracommunautaire(siren: string): string {
  const cle = (12 + 3 * (Number(siren) % 97)) % 97;
  return `FR${String(cle).padStart(2, "0")}${siren}`;
}

const journalBibliotheque = {
  log: () => {},
  warn: (m: string) => journal.warn({ bibliotheque: "e-invoice-eu" }, m),
  error: (m: string) => journal.error({ bibliotheque: "e-invoice-eu" }, m),
};

/** The data in e-invoice-eu's internal format (UBL-shaped JSON, every amount with its currency). */
export function versFormatInterne(d: DonneesFacturX): Invoice {
  const signe = d.type === "AVOIR" ? -1 : 1;
  const m = (c: number) => decimal(signe * c);
  const dev = d.devise as Invoice["ubl:Invoice"]["cbc:DocumentCurrencyCode"];
  const partie = (p: PartieFacturX) => ({
    "cac:PostalAddress": {
      ...(p.adresse?.ligne ? { "cbc:StreetName": p.adresse.ligne } : {}),
      ...(p.adresse?.ville ? { "cbc:CityName": p.adresse.ville } : {}),
      ...(p.adresse?.codePostal ? { "cbc:PostalZone": p.adresse.codePostal } : {}),
      "cac:Country": { "cbc:IdentificationCode": (p.pays ?? "FR") as "FR" },
    },
    ...(p.tva ? { "cac:PartyTaxScheme": [{ "cbc:CompanyID": p.tva, "cac:TaxScheme": { "cbc:ID": "VAT" } }] } : {}),
    "cac:PartyLegalEntity": {
      "cbc:RegistrationName": p.nom,
      ...(p.siret ? { "cbc:CompanyID": p.siret, "cbc:CompanyID@schemeID": "0002" as const } : {}),
    },
  });
  const categorie = (c: string, taux: number) => ({
    "cbc:ID": c as "S",
    ...(c === "O" ? {} : { "cbc:Percent": tauxDecimal(taux) }),
    "cac:TaxScheme": { "cbc:ID": "VAT" },
  });
  const vendeur = partie(d.vendeur);
  const acheteur = partie(d.acheteur);
  const invoice = {
    "ubl:Invoice": {
      "cbc:ID": d.numero,
      "cbc:IssueDate": d.date,
      ...(d.dateEcheance ? { "cbc:DueDate": d.dateEcheance } : {}),
      "cbc:InvoiceTypeCode": d.type === "AVOIR" ? "381" : "380",
      ...(d.note ? { "cbc:Note": [d.note] } : {}),
      "cbc:DocumentCurrencyCode": dev,
      ...(d.referenceAcheteur ? { "cbc:BuyerReference": d.referenceAcheteur } : {}),
      ...(d.commande ? { "cac:OrderReference": { "cbc:ID": d.commande } } : {}),
      ...(d.contrat ? { "cac:ContractDocumentReference": { "cbc:ID": d.contrat } } : {}),
      "cac:AccountingSupplierParty": { "cac:Party": vendeur },
      "cac:AccountingCustomerParty": { "cac:Party": acheteur },
      ...(d.iban ? { "cac:PaymentMeans": [{ "cbc:PaymentMeansCode": "30", "cac:PayeeFinancialAccount": { "cbc:ID": d.iban } }] } : {}),
      ...(d.conditionsPaiement ? { "cac:PaymentTerms": { "cbc:Note": d.conditionsPaiement } } : {}),
      "cac:TaxTotal": [
        {
          "cbc:TaxAmount": m(d.totaux.tva),
          "cbc:TaxAmount@currencyID": dev,
          "cac:TaxSubtotal": d.tva.map((t) => ({
            "cbc:TaxableAmount": m(t.baseHt),
            "cbc:TaxableAmount@currencyID": dev,
            "cbc:TaxAmount": m(t.montantTva),
            "cbc:TaxAmount@currencyID": dev,
            "cac:TaxCategory": { ...categorie(t.categorie, t.taux), ...(t.motifExoneration ? { "cbc:TaxExemptionReason": t.motifExoneration } : {}) },
          })),
        },
      ],
      "cac:LegalMonetaryTotal": {
        "cbc:LineExtensionAmount": m(d.lignes.reduce((s, l) => s + l.montantHt, 0)),
        "cbc:LineExtensionAmount@currencyID": dev,
        "cbc:TaxExclusiveAmount": m(d.totaux.ht),
        "cbc:TaxExclusiveAmount@currencyID": dev,
        "cbc:TaxInclusiveAmount": m(d.totaux.ttc),
        "cbc:TaxInclusiveAmount@currencyID": dev,
        ...(d.totaux.acompte ? { "cbc:PrepaidAmount": m(d.totaux.acompte), "cbc:PrepaidAmount@currencyID": dev } : {}),
        "cbc:PayableAmount": m(d.totaux.netAPayer),
        "cbc:PayableAmount@currencyID": dev,
      },
      "cac:InvoiceLine": d.lignes.map((l, i) => ({
        "cbc:ID": String(i + 1),
        "cbc:InvoicedQuantity": l.quantite,
        "cbc:InvoicedQuantity@unitCode": (l.unite ?? "C62") as "C62",
        "cbc:LineExtensionAmount": m(l.montantHt),
        "cbc:LineExtensionAmount@currencyID": dev,
        "cac:Item": { "cbc:Name": l.libelle, "cac:ClassifiedTaxCategory": categorie(l.categorieTva, l.tauxTva) },
        "cac:Price": { "cbc:PriceAmount": l.prixUnitaire, "cbc:PriceAmount@currencyID": dev },
      })),
    },
  };
  return invoice as unknown as Invoice;
}

/** The CII XML alone (profile EN 16931). */
export async function genererCii(d: DonneesFacturX): Promise<string> {
  const sortie = await new InvoiceService(journalBibliotheque).generate(versFormatInterne(d), { format: "CII", lang: "fr-fr", noWarnings: true });
  return typeof sortie === "string" ? sortie : new TextDecoder().decode(sortie);
}

/**
 * The Factur-X: `pdf` (the piece's certificate, or any PDF showing the invoice) made PDF/A-3 with the CII embedded as
 * `factur-x.xml` (profile EN 16931).
 */
export async function genererFacturX(d: DonneesFacturX, pdf: Uint8Array, nomPdf = "facture.pdf"): Promise<Uint8Array> {
  const service = new InvoiceService(journalBibliotheque);
  // e-invoice-eu 2.3.4 leaves the purchase order (BT-13, BuyerOrderReferencedDocument) out of its Factur-X EN 16931
  // XML, though the profile has it (its mask says EXTENDED only): put back in the XML it embeds, for this call only.
  const usine = (service as unknown as { formatFactoryService: { createFormatService: (format: string, logger: unknown) => unknown } }).formatFactoryService;
  const creer = usine.createFormatService.bind(usine);
  usine.createFormatService = (format, logger) => {
    const f = creer(format, logger) as { attachFacturX: (doc: unknown, options: unknown, xml: string) => Promise<void> };
    const attacher = f.attachFacturX.bind(f);
    f.attachFacturX = (doc, options, xml) => attacher(doc, options, avecCommande(xml, d.commande));
    return f;
  };
  const sortie = await service.generate(versFormatInterne(d), {
    format: "Factur-X-EN16931",
    lang: "fr-fr",
    noWarnings: true,
    pdf: { buffer: pdf, filename: nomPdf, mimetype: "application/pdf" },
  });
  return typeof sortie === "string" ? new TextEncoder().encode(sortie) : sortie;
}

const echapper = (v: string) => v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The CII with its BuyerOrderReferencedDocument (BT-13), where the D16B sequence puts it: before the contract reference. */
export function avecCommande(xml: string, commande: string | undefined): string {
  if (!commande || xml.includes("<ram:BuyerOrderReferencedDocument>")) return xml;
  const element = `<ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>${echapper(commande)}</ram:IssuerAssignedID></ram:BuyerOrderReferencedDocument>`;
  const m = /<ram:(ContractReferencedDocument|AdditionalReferencedDocument|SpecifiedProcuringProject)[\s/>]|<\/ram:ApplicableHeaderTradeAgreement>/.exec(xml);
  return m ? `${xml.slice(0, m.index)}${element}${xml.slice(m.index)}` : xml;
}
