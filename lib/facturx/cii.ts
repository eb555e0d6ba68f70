import type { FactureLue, IdentifiantPartie, LigneLue, LigneTvaLue, PartieLue, RemiseOuFrais } from "./types";
import { attribut, CODES_AVOIR, type Lecteur, profilDe, siretEtSiren, texte, tous, un } from "./valeurs";

/** UN/CEFACT Cross Industry Invoice (D16B, the syntax of Factur-X and ZUGFeRD 2): `racine` is `CrossIndustryInvoice`. */
export function lireCii(racine: unknown, l: Lecteur): Omit<FactureLue, "pdf" | "signe"> {
  const transaction = un(racine, "SupplyChainTradeTransaction");
  const accord = un(transaction, "ApplicableHeaderTradeAgreement");
  const reglement = un(transaction, "ApplicableHeaderTradeSettlement");
  const totaux = un(reglement, "SpecifiedTradeSettlementHeaderMonetarySummation");
  const devise = texte(reglement, "InvoiceCurrencyCode");
  const specification = texte(racine, "ExchangedDocumentContext", "GuidelineSpecifiedDocumentContextParameter", "ID");
  const codeType = texte(racine, "ExchangedDocument", "TypeCode");

  // BT-110 is the TaxTotalAmount in the invoice's currency (a second one, BT-111, is in the VAT accounting currency).
  const totauxTva = tous(totaux, "TaxTotalAmount");
  const tvaDevise = totauxTva.find((t) => (attribut(t, "currencyID") ?? devise) === devise) ?? (totauxTva.length === 1 ? totauxTva[0] : undefined);

  const remisesEtFrais = tous(reglement, "SpecifiedTradeAllowanceCharge").map((n) => ({
    frais: texte(n, "ChargeIndicator", "Indicator") === "true",
    valeur: {
      montant: l.centimes(texte(n, "ActualAmount"), "BT-92/BT-99") ?? 0,
      categorieTva: texte(n, "CategoryTradeTax", "CategoryCode"),
      tauxTva: l.taux(texte(n, "CategoryTradeTax", "RateApplicablePercent"), "BT-96/BT-103"),
      motif: texte(n, "Reason"),
    } satisfies RemiseOuFrais,
  }));

  const lignes: LigneLue[] = tous(transaction, "IncludedSupplyChainTradeLineItem").map((n, i) => {
    const taxe = un(n, "SpecifiedLineTradeSettlement", "ApplicableTradeTax");
    const quantite = un(n, "SpecifiedLineTradeDelivery", "BilledQuantity");
    return {
      id: texte(n, "AssociatedDocumentLineDocument", "LineID") ?? String(i + 1),
      libelle: texte(n, "SpecifiedTradeProduct", "Name"),
      quantite: texte(quantite),
      unite: attribut(quantite, "unitCode"),
      prixUnitaire: texte(n, "SpecifiedLineTradeAgreement", "NetPriceProductTradePrice", "ChargeAmount"),
      montantHt: l.centimes(texte(n, "SpecifiedLineTradeSettlement", "SpecifiedTradeSettlementLineMonetarySummation", "LineTotalAmount"), "BT-131") ?? 0,
      categorieTva: texte(taxe, "CategoryCode"),
      tauxTva: l.taux(texte(taxe, "RateApplicablePercent"), "BT-152"),
    };
  });

  const tva: LigneTvaLue[] = tous(reglement, "ApplicableTradeTax").map((n) => ({
    categorie: texte(n, "CategoryCode") ?? "",
    taux: l.taux(texte(n, "RateApplicablePercent"), "BT-119") ?? 0,
    baseHt: l.centimes(texte(n, "BasisAmount"), "BT-116") ?? 0,
    montantTva: l.centimes(texte(n, "CalculatedAmount"), "BT-117") ?? 0,
    ...(texte(n, "ExemptionReason") ? { motifExoneration: texte(n, "ExemptionReason") } : {}),
  }));

  return {
    syntaxe: "CII",
    specification,
    profil: profilDe(specification),
    numero: texte(racine, "ExchangedDocument", "ID"),
    date: l.date(texte(racine, "ExchangedDocument", "IssueDateTime", "DateTimeString"), "BT-2"),
    codeType,
    type: codeType && CODES_AVOIR.has(codeType) ? "AVOIR" : "FACTURE",
    devise,
    dateEcheance: l.date(texte(reglement, "SpecifiedTradePaymentTerms", "DueDateDateTime", "DateTimeString"), "BT-9"),
    referenceAcheteur: texte(accord, "BuyerReference"),
    contrat: texte(accord, "ContractReferencedDocument", "IssuerAssignedID"),
    commande: texte(accord, "BuyerOrderReferencedDocument", "IssuerAssignedID"),
    vendeur: partie(un(accord, "SellerTradeParty")),
    acheteur: partie(un(accord, "BuyerTradeParty")),
    iban: texte(reglement, "SpecifiedTradeSettlementPaymentMeans", "PayeePartyCreditorFinancialAccount", "IBANID")?.replace(/\s/g, ""),
    lignes,
    remises: remisesEtFrais.filter((r) => !r.frais).map((r) => r.valeur),
    frais: remisesEtFrais.filter((r) => r.frais).map((r) => r.valeur),
    tva,
    totaux: {
      lignes: l.centimes(texte(totaux, "LineTotalAmount"), "BT-106"),
      remises: l.centimes(texte(totaux, "AllowanceTotalAmount"), "BT-107"),
      frais: l.centimes(texte(totaux, "ChargeTotalAmount"), "BT-108"),
      ht: l.centimes(texte(totaux, "TaxBasisTotalAmount"), "BT-109"),
      tva: l.centimes(texte(tvaDevise), "BT-110"),
      ttc: l.centimes(texte(totaux, "GrandTotalAmount"), "BT-112"),
      acompte: l.centimes(texte(totaux, "TotalPrepaidAmount"), "BT-113"),
      arrondi: l.centimes(texte(totaux, "RoundingAmount"), "BT-114"),
      netAPayer: l.centimes(texte(totaux, "DuePayableAmount"), "BT-115"),
    },
  };
}

function partie(n: unknown): PartieLue {
  const identifiants: IdentifiantPartie[] = [];
  const ajouter = (noeud: unknown) => {
    const valeur = texte(noeud);
    if (valeur) identifiants.push({ valeur, ...(attribut(noeud, "schemeID") ? { schema: attribut(noeud, "schemeID") } : {}) });
  };
  for (const id of tous(n, "SpecifiedLegalOrganization", "ID")) ajouter(id);
  for (const id of tous(n, "ID")) ajouter(id);
  for (const id of tous(n, "GlobalID")) ajouter(id);
  for (const id of tous(n, "URIUniversalCommunication", "URIID")) ajouter(id);
  const enregistrements = tous(n, "SpecifiedTaxRegistration", "ID");
  const tva = texte(enregistrements.find((e) => attribut(e, "schemeID") === "VA"));
  return {
    ...(texte(n, "Name") ? { nom: texte(n, "Name") } : {}),
    ...siretEtSiren(identifiants),
    ...(tva ? { tva } : {}),
    identifiants,
  };
}
