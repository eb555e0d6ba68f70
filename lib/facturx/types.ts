/**
 * A structured invoice (Factur-X / ZUGFeRD 2, UN/CEFACT CII, UBL 2.1) read into one shape, whatever its syntax.
 * Amounts in integer cents (`number`, as the wizard's), VAT rates in hundredths of a percent (20 % → 2000), dates
 * as « AAAA-MM-JJ ». A credit note's amounts are negative, as every avoir of the portal (`signe` says what the
 * document itself carried). The EN 16931 business terms are named in the comments (BT-…).
 */

export const PROFILS = ["MINIMUM", "BASIC WL", "BASIC", "EN 16931", "EXTENDED"] as const;
export type Profil = (typeof PROFILS)[number];

export type Syntaxe = "CII" | "UBL";

export type IdentifiantPartie = { valeur: string; schema?: string };

export type PartieLue = {
  /** BT-27 / BT-44. */
  nom?: string;
  /** The SIRET (14 digits) given with the scheme 0002 (SIRENE) or 0009 (SIRET): legal registration (BT-30 / BT-47), identifier or electronic address. */
  siret?: string;
  /** The SIREN (9 digits) when only that is given with the scheme 0002. */
  siren?: string;
  /** BT-31 / BT-48. */
  tva?: string;
  /** Every identifier read (BT-29, BT-30, BT-34, BT-46, BT-47, BT-49), with its scheme. */
  identifiants: IdentifiantPartie[];
};

export type LigneLue = {
  /** BT-126. */
  id: string;
  /** BT-153. */
  libelle?: string;
  /** BT-129, as written (a decimal). */
  quantite?: string;
  /** BT-130. */
  unite?: string;
  /** BT-146, as written (a decimal: a unit price may carry more than two decimals). */
  prixUnitaire?: string;
  /** BT-131. */
  montantHt: number;
  /** BT-151, BT-152. */
  categorieTva?: string;
  tauxTva?: number;
};

export type RemiseOuFrais = {
  /** BT-92 (remise) / BT-99 (frais). */
  montant: number;
  /** BT-95 / BT-102, BT-96 / BT-103. */
  categorieTva?: string;
  tauxTva?: number;
  motif?: string;
};

export type LigneTvaLue = {
  /** BT-118. */
  categorie: string;
  /** BT-119. */
  taux: number;
  /** BT-116. */
  baseHt: number;
  /** BT-117. */
  montantTva: number;
  /** BT-120. */
  motifExoneration?: string;
};

export type TotauxLus = {
  /** BT-106: sum of the lines' net amounts. */
  lignes?: number;
  /** BT-107, BT-108. */
  remises?: number;
  frais?: number;
  /** BT-109: total HT. */
  ht?: number;
  /** BT-110: total VAT in the invoice's currency. */
  tva?: number;
  /** BT-112: total TTC. */
  ttc?: number;
  /** BT-113: amounts already paid. */
  acompte?: number;
  /** BT-114. */
  arrondi?: number;
  /** BT-115: amount due. */
  netAPayer?: number;
};

export type FactureLue = {
  syntaxe: Syntaxe;
  /** Read from the `factur-x.xml` embedded in a PDF. */
  pdf: boolean;
  /** BT-24, as written; `profil` is what it names. */
  specification?: string;
  profil?: Profil;
  /** BT-1. */
  numero?: string;
  /** BT-2. */
  date?: string;
  /** BT-3 (380 facture, 381 avoir, 384 facture rectificative…). */
  codeType?: string;
  type: "FACTURE" | "AVOIR";
  /** BT-5. */
  devise?: string;
  /** BT-9. */
  dateEcheance?: string;
  /** BT-10: the buyer's reference, the public buyer's « code service ». */
  referenceAcheteur?: string;
  /** BT-12: the contract (numéro de marché). */
  contrat?: string;
  /** BT-13: the purchase order (numéro d'engagement or bon de commande). */
  commande?: string;
  vendeur: PartieLue;
  acheteur: PartieLue;
  /** BT-84: the first IBAN of the payment instructions. */
  iban?: string;
  lignes: LigneLue[];
  remises: RemiseOuFrais[];
  frais: RemiseOuFrais[];
  /** BG-23, one line per category and rate. */
  tva: LigneTvaLue[];
  totaux: TotauxLus;
  /** -1 when the amounts were negated (a credit note's positive amounts), 1 otherwise. */
  signe: 1 | -1;
};

/** A rule the document does not respect: the EN 16931 rule's id (BR-…, BR-CO-…) and the French message that names it. */
export type Anomalie = { regle: string; message: string };

export type LectureFacture = { facture: FactureLue; anomalies: Anomalie[] };
