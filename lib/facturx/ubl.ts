import type { FactureLue, IdentifiantPartie, LigneLue, LigneTvaLue, PartieLue, RemiseOuFrais } from "./types";
import { attribut, CODES_AVOIR, type Lecteur, profilDe, siretEtSiren, texte, tous, un } from "./valeurs";

/** OASIS UBL 2.1 `Invoice` or `CreditNote` (`avoir`), as EN 16931 binds it. */
export function lireUbl(racine: unknown, avoir: boolean, l: Lecteur): Omit<FactureLue, "pdf" | "signe"> {
  const devise = texte(racine, "DocumentCurrencyCode");
  const specification = texte(racine, "CustomizationID");
  const codeType = texte(racine, avoir ? "CreditNoteTypeCode" : "InvoiceTypeCode");
  const totaux = un(racine, "LegalMonetaryTotal");

  // BT-110: the TaxTotal in the invoice's currency (the one with the breakdown); a second one, BT-111, may be in the VAT accounting currency.
  const taxes = tous(racine, "TaxTotal");
  const taxeDevise =
    taxes.find((t) => tous(t, "TaxSubtotal").length > 0) ?? taxes.find((t) => (attribut(un(t, "TaxAmount"), "currencyID") ?? devise) === devise);

  const remisesEtFrais = tous(racine, "AllowanceCharge").map((n) => ({
    frais: texte(n, "ChargeIndicator")?.toLowerCase() === "true",
    valeur: {
      montant: l.centimes(texte(n, "Amount"), "BT-92/BT-99") ?? 0,
      categorieTva: texte(n, "TaxCategory", "ID"),
      tauxTva: l.taux(texte(n, "TaxCategory", "Percent"), "BT-96/BT-103"),
      motif: texte(n, "AllowanceChargeReason"),
    } satisfies RemiseOuFrais,
  }));

  const lignes: LigneLue[] = tous(racine, avoir ? "CreditNoteLine" : "InvoiceLine").map((n, i) => {
    const quantite = un(n, avoir ? "CreditedQuantity" : "InvoicedQuantity");
    const categorie = un(n, "Item", "ClassifiedTaxCategory");
    return {
      id: texte(n, "ID") ?? String(i + 1),
      libelle: texte(n, "Item", "Name"),
      quantite: texte(quantite),
      unite: attribut(quantite, "unitCode"),
      prixUnitaire: texte(n, "Price", "PriceAmount"),
      montantHt: l.centimes(texte(n, "LineExtensionAmount"), "BT-131") ?? 0,
      categorieTva: texte(categorie, "ID"),
      tauxTva: l.taux(texte(categorie, "Percent"), "BT-152"),
    };
  });

  const tva: LigneTvaLue[] = tous(taxeDevise, "TaxSubtotal").map((n) => ({
    categorie: texte(n, "TaxCategory", "ID") ?? "",
    taux: l.taux(texte(n, "TaxCategory", "Percent"), "BT-119") ?? 0,
    baseHt: l.centimes(texte(n, "TaxableAmount"), "BT-116") ?? 0,
    montantTva: l.centimes(texte(n, "TaxAmount"), "BT-117") ?? 0,
    ...(texte(n, "TaxCategory", "TaxExemptionReason") ? { motifExoneration: texte(n, "TaxCategory", "TaxExemptionReason") } : {}),
  }));

  const moyens = tous(racine, "PaymentMeans");
  return {
    syntaxe: "UBL",
    specification,
    profil: profilDe(specification),
    numero: texte(racine, "ID"),
    date: l.date(texte(racine, "IssueDate"), "BT-2"),
    codeType,
    type: avoir || (codeType && CODES_AVOIR.has(codeType)) ? "AVOIR" : "FACTURE",
    devise,
    dateEcheance: l.date(texte(racine, "DueDate") ?? texte(moyens[0], "PaymentDueDate"), "BT-9"),
    referenceAcheteur: texte(racine, "BuyerReference"),
    contrat: texte(racine, "ContractDocumentReference", "ID"),
    commande: texte(racine, "OrderReference", "ID"),
    vendeur: partie(un(racine, "AccountingSupplierParty", "Party")),
    acheteur: partie(un(racine, "AccountingCustomerParty", "Party")),
    iban: texte(
      moyens.find((m) => texte(m, "PayeeFinancialAccount", "ID")),
      "PayeeFinancialAccount",
      "ID",
    )?.replace(/\s/g, ""),
    lignes,
    remises: remisesEtFrais.filter((r) => !r.frais).map((r) => r.valeur),
    frais: remisesEtFrais.filter((r) => r.frais).map((r) => r.valeur),
    tva,
    totaux: {
      lignes: l.centimes(texte(totaux, "LineExtensionAmount"), "BT-106"),
      remises: l.centimes(texte(totaux, "AllowanceTotalAmount"), "BT-107"),
      frais: l.centimes(texte(totaux, "ChargeTotalAmount"), "BT-108"),
      ht: l.centimes(texte(totaux, "TaxExclusiveAmount"), "BT-109"),
      tva: l.centimes(texte(taxeDevise, "TaxAmount"), "BT-110"),
      ttc: l.centimes(texte(totaux, "TaxInclusiveAmount"), "BT-112"),
      acompte: l.centimes(texte(totaux, "PrepaidAmount"), "BT-113"),
      arrondi: l.centimes(texte(totaux, "PayableRoundingAmount"), "BT-114"),
      netAPayer: l.centimes(texte(totaux, "PayableAmount"), "BT-115"),
    },
  };
}

function partie(n: unknown): PartieLue {
  const identifiants: IdentifiantPartie[] = [];
  const ajouter = (noeud: unknown) => {
    const valeur = texte(noeud);
    if (valeur) identifiants.push({ valeur, ...(attribut(noeud, "schemeID") ? { schema: attribut(noeud, "schemeID") } : {}) });
  };
  for (const id of tous(n, "PartyLegalEntity", "CompanyID")) ajouter(id);
  for (const id of tous(n, "PartyIdentification", "ID")) ajouter(id);
  for (const id of tous(n, "EndpointID")) ajouter(id);
  const tva = texte(
    tous(n, "PartyTaxScheme").find((s) => texte(s, "TaxScheme", "ID")?.toUpperCase() === "VAT"),
    "CompanyID",
  );
  const nom = texte(n, "PartyLegalEntity", "RegistrationName") ?? texte(n, "PartyName", "Name");
  return { ...(nom ? { nom } : {}), ...siretEtSiren(identifiants), ...(tva ? { tva } : {}), identifiants };
}
