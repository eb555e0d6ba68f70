import { formaterMontant, formaterTaux } from "@/lib/invoices/montants";
import type { Anomalie, FactureLue } from "./types";

/**
 * The EN 16931 rules a portal can check without the whole schematron: the mandatory terms, the profile named, and
 * the arithmetic of the totals (BR-CO-10 to BR-CO-16) and of the VAT breakdown (BR-S-08/09 and the other categories'),
 * in integer cents — exact where the rule is an equality of two-decimal amounts, within a cent where the rule
 * rounds (VAT of a base at a rate). Read on the document's own signs (before a credit note's amounts are negated).
 */
export function controler(f: FactureLue): Anomalie[] {
  const a: Anomalie[] = [];
  const m = (c: number) => formaterMontant(c);
  const ajouter = (regle: string, message: string) => a.push({ regle, message: `${regle} : ${message}` });

  if (!f.specification) ajouter("BR-01", "le document ne nomme pas son profil (identifiant de spécification, BT-24).");
  else if (!f.profil) ajouter("BR-01", `le profil « ${f.specification} » (BT-24) n'est ni MINIMUM, ni BASIC WL, ni BASIC, ni EN 16931, ni EXTENDED.`);
  if (!f.numero) ajouter("BR-02", "le numéro de la facture (BT-1) est absent.");
  if (!f.date) ajouter("BR-03", "la date de la facture (BT-2) est absente.");
  if (!f.codeType) ajouter("BR-04", "le code du type de facture (BT-3) est absent.");
  if (!f.devise) ajouter("BR-05", "la devise de la facture (BT-5) est absente.");
  if (!f.vendeur.nom) ajouter("BR-06", "le nom du vendeur (BT-27) est absent.");
  if (!f.acheteur.nom) ajouter("BR-07", "le nom de l'acheteur (BT-44) est absent.");

  // MINIMUM and BASIC WL carry no lines: the rules on lines do not apply to them.
  const avecLignes = f.profil !== "MINIMUM" && f.profil !== "BASIC WL";
  if (avecLignes && f.lignes.length === 0) ajouter("BR-16", "la facture n'a aucune ligne.");
  const t = f.totaux;
  if (t.ttc === undefined) ajouter("BR-14", "le montant total TTC (BT-112) est absent.");
  if (t.netAPayer === undefined) ajouter("BR-15", "le montant à payer (BT-115) est absent.");

  const somme = (valeurs: number[]) => valeurs.reduce((s, v) => s + v, 0);
  if (f.lignes.length > 0) {
    const lignes = somme(f.lignes.map((l) => l.montantHt));
    if (t.lignes === undefined) ajouter("BR-12", "la somme des montants nets des lignes (BT-106) est absente.");
    else if (lignes !== t.lignes)
      ajouter(
        "BR-CO-10",
        `la somme des montants nets des ${f.lignes.length} lignes (${m(lignes)}) n'est pas égale au total des lignes BT-106 (${m(t.lignes)}).`,
      );
  }
  const remises = somme(f.remises.map((r) => r.montant));
  const frais = somme(f.frais.map((r) => r.montant));
  if ((f.remises.length > 0 || t.remises !== undefined) && remises !== (t.remises ?? 0))
    ajouter("BR-CO-11", `la somme des remises (${m(remises)}) n'est pas égale au total des remises BT-107 (${m(t.remises ?? 0)}).`);
  if ((f.frais.length > 0 || t.frais !== undefined) && frais !== (t.frais ?? 0))
    ajouter("BR-CO-12", `la somme des frais (${m(frais)}) n'est pas égale au total des frais BT-108 (${m(t.frais ?? 0)}).`);
  if (t.lignes !== undefined && t.ht !== undefined) {
    const ht = t.lignes - (t.remises ?? 0) + (t.frais ?? 0);
    if (ht !== t.ht) ajouter("BR-CO-13", `le total HT BT-109 (${m(t.ht)}) n'est pas égal au total des lignes, moins les remises, plus les frais (${m(ht)}).`);
  }
  if (f.tva.length > 0 && t.tva !== undefined) {
    const tva = somme(f.tva.map((l) => l.montantTva));
    if (tva !== t.tva) ajouter("BR-CO-14", `le total de TVA BT-110 (${m(t.tva)}) n'est pas égal à la somme des montants de TVA par taux (${m(tva)}).`);
  }
  if (t.ht !== undefined && t.ttc !== undefined) {
    const ttc = t.ht + (t.tva ?? 0);
    if (ttc !== t.ttc) ajouter("BR-CO-15", `le total TTC BT-112 (${m(t.ttc)}) n'est pas égal au total HT plus la TVA (${m(ttc)}).`);
  }
  if (t.ttc !== undefined && t.netAPayer !== undefined) {
    const du = t.ttc - (t.acompte ?? 0) + (t.arrondi ?? 0);
    if (du !== t.netAPayer)
      ajouter("BR-CO-16", `le montant à payer BT-115 (${m(t.netAPayer)}) n'est pas égal au total TTC, moins les acomptes, plus l'arrondi (${m(du)}).`);
  }

  // The VAT breakdown, one line per category and rate (BR-CO-18 asks for at least one when there are lines).
  if (avecLignes && f.lignes.length > 0 && f.tva.length === 0) ajouter("BR-CO-18", "la facture n'a pas de ventilation de la TVA (BG-23).");
  for (const l of f.tva) {
    const cat = l.categorie || "?";
    const nom = `catégorie ${cat}${l.taux ? ` à ${formaterTaux(l.taux)} %` : ""}`;
    const meme = (c?: string, taux?: number) => (c ?? "") === l.categorie && (taux ?? 0) === l.taux;
    if (f.lignes.length > 0) {
      const base =
        somme(f.lignes.filter((x) => meme(x.categorieTva, x.tauxTva)).map((x) => x.montantHt)) +
        somme(f.frais.filter((x) => meme(x.categorieTva, x.tauxTva)).map((x) => x.montant)) -
        somme(f.remises.filter((x) => meme(x.categorieTva, x.tauxTva)).map((x) => x.montant));
      if (base !== l.baseHt)
        ajouter(
          `BR-${cat}-08`,
          `la base HT de la TVA ${nom} BT-116 (${m(l.baseHt)}) n'est pas égale à la somme des lignes, frais et remises de ce taux (${m(base)}).`,
        );
    }
    if (["S", "L", "M"].includes(l.categorie)) {
      const attendu = tvaArrondie(l.baseHt, l.taux);
      if (Math.abs(attendu - l.montantTva) > 1)
        ajouter(`BR-${cat}-09`, `la TVA ${nom} BT-117 (${m(l.montantTva)}) n'est pas la base HT multipliée par le taux (${m(attendu)}).`);
    } else if (["Z", "E", "AE", "K", "G", "O"].includes(l.categorie) && l.montantTva !== 0)
      ajouter(`BR-${cat}-09`, `la TVA de la ${nom} BT-117 (${m(l.montantTva)}) doit être nulle.`);
  }
  return a;
}

/** base × taux / 100, rounded half away from zero to the cent (rate in hundredths of a percent). */
export function tvaArrondie(base: number, taux: number): number {
  const p = BigInt(base) * BigInt(taux);
  const abs = p < 0n ? -p : p;
  const q = (abs + 5_000n) / 10_000n;
  return Number(p < 0n ? -q : q);
}

/**
 * The seller must be the depositing structure: its SIRET (scheme 0002, or 0009) is the expected one. The anomaly when
 * it is not, or when the document gives none.
 */
export function verifierVendeur(f: FactureLue, siretAttendu: string): Anomalie | null {
  const attendu = siretAttendu.replace(/\s/g, "");
  if (f.vendeur.siret === attendu) return null;
  if (!f.vendeur.siret)
    return {
      regle: "SIRET",
      message: `Le SIRET du vendeur n'est pas indiqué dans la facture électronique (BT-30, schéma 0002) : la structure qui dépose a le SIRET ${attendu}.`,
    };
  return {
    regle: "SIRET",
    message: `Le vendeur de la facture électronique (SIRET ${f.vendeur.siret}, BT-30) n'est pas la structure qui dépose (SIRET ${attendu}).`,
  };
}
