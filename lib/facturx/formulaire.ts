import { CODES_DEVISES } from "@/lib/invoices/devises";
import { analyserMontant, formaterMontant, formaterTaux } from "@/lib/invoices/montants";
import type { FactureForm } from "@/lib/invoices/schemas";
import type { FactureLue } from "./types";

/**
 * « Importer une facture électronique » in the wizard's « Facture » step: what the file gives to the form, and every
 * difference between what is typed and what the file says. Client-safe (no server module).
 */

/** 123456 → « 1 234,56 » with plain spaces, as a user types it. */
const texteMontant = (c: number) => formaterMontant(c).replace(/[\u00a0\u202f]/g, " ");

/** What the file says of the VAT type: exonéré (E), non soumis (O), else on debits unless the form already says otherwise. */
function typeTvaDe(f: FactureLue, actuel: FactureForm["typeTva"] | undefined): FactureForm["typeTva"] {
  const categories = new Set(f.tva.map((t) => t.categorie));
  if (categories.size === 1 && categories.has("E")) return "EXONERATION";
  if (categories.size === 1 && categories.has("O")) return "SANS_TVA";
  return actuel === "TVA_SUR_ENCAISSEMENT" ? actuel : "TVA_SUR_DEBIT";
}

/** The form's values the file gives (number, date, currency, type, VAT type and lines, totals, net à payer). */
export function valeursDuFichier(f: FactureLue, actuelles: Partial<FactureForm> = {}): Partial<FactureForm> {
  const v: Partial<FactureForm> = {};
  if (f.numero) v.numero = f.numero;
  if (f.date) v.dateFacture = f.date;
  if (f.devise && (CODES_DEVISES as readonly string[]).includes(f.devise)) v.devise = f.devise as FactureForm["devise"];
  v.typePiece = f.type;
  if (f.tva.length) {
    v.typeTva = typeTvaDe(f, actuelles.typeTva);
    const motif = f.tva.find((t) => t.motifExoneration)?.motifExoneration;
    if (v.typeTva === "EXONERATION" && motif) v.motifExonerationTva = motif;
    v.lignesTva = f.tva.map((t) => ({ taux: formaterTaux(t.taux), baseHt: texteMontant(t.baseHt), montantTva: texteMontant(t.montantTva) }));
  }
  if (f.totaux.ht !== undefined) v.montantHt = texteMontant(f.totaux.ht);
  if (f.totaux.tva !== undefined) v.montantTva = texteMontant(f.totaux.tva);
  if (f.totaux.ttc !== undefined) v.montantTtc = texteMontant(f.totaux.ttc);
  if (f.totaux.netAPayer !== undefined && f.totaux.netAPayer !== f.totaux.ttc) v.netAPayer = texteMontant(f.totaux.netAPayer);
  return v;
}

export type Difference = { champ: string; libelle: string; saisi: string; fichier: string };

const LIBELLES: Record<string, string> = {
  numero: "Numéro de la facture",
  dateFacture: "Date de la facture",
  devise: "Devise",
  typePiece: "Facture ou avoir",
  montantHt: "Montant total HT",
  montantTva: "Montant total de TVA",
  montantTtc: "Montant total TTC",
  netAPayer: "Net à payer",
};

/** Every field whose typed value is not the file's: amounts compared in cents (« 1 000 » is « 1000,00 »). */
export function differences(saisie: Partial<FactureForm>, f: FactureLue): Difference[] {
  const fichier = valeursDuFichier(f, saisie);
  const out: Difference[] = [];
  for (const champ of Object.keys(LIBELLES) as (keyof typeof LIBELLES)[]) {
    const attendu = fichier[champ as keyof FactureForm];
    if (attendu === undefined || typeof attendu !== "string") continue;
    const saisi = (saisie[champ as keyof FactureForm] as string | null | undefined) ?? "";
    const montant = champ.startsWith("montant") || champ === "netAPayer";
    const egal = montant ? centimes(saisi) === centimes(attendu) : saisi.trim() === attendu;
    if (!egal) out.push({ champ, libelle: LIBELLES[champ], saisi: saisi.trim() || "(vide)", fichier: attendu });
  }
  return out;
}

function centimes(s: string): number | null {
  if (!s.trim()) return null;
  const r = analyserMontant(s);
  return r.ok ? r.valeur : null;
}

/** What the draft says at step « Parties » (its MOA, the MOA's service, its references), to compare with the file. */
export type PartiesSaisies = {
  /** The MOA's SIRET, when the MOA is identified by one. */
  moaSiret?: string | null;
  moaNom?: string | null;
  codeService?: string | null;
  numeroMarche?: string | null;
  numeroEngagement?: string | null;
  numeroBonCommande?: string | null;
};

/**
 * Every difference between step « Parties » and what the file says of the buyer (its SIRET, BT-47), its reference
 * (the « code service », BT-10), the contract (BT-12) and the order (BT-13: a bon de commande, or the engagement
 * juridique when no bon de commande is given). Only what the file says is compared: a file that names no order flags none.
 */
export function differencesParties(p: PartiesSaisies, f: FactureLue): Difference[] {
  const out: Difference[] = [];
  const ecart = (champ: string, libelle: string, saisi: string | null | undefined, fichier: string | undefined) => {
    const attendu = fichier?.trim();
    if (!attendu) return;
    const s = saisi?.trim() ?? "";
    if (s.toUpperCase() !== attendu.toUpperCase()) out.push({ champ, libelle, saisi: s || "(vide)", fichier: attendu });
  };
  if (f.acheteur.siret) {
    const saisi = p.moaSiret ? `${p.moaSiret}${p.moaNom ? ` (${p.moaNom})` : ""}` : "";
    if (p.moaSiret !== f.acheteur.siret)
      out.push({ champ: "moaSiret", libelle: "SIRET de la maîtrise d'ouvrage", saisi: saisi || "(vide)", fichier: f.acheteur.siret });
  }
  ecart("codeService", "Code service de la maîtrise d'ouvrage", p.codeService, f.referenceAcheteur);
  ecart("numeroMarche", "Numéro de marché", p.numeroMarche, f.contrat);
  // The order matches the bon de commande or the engagement juridique: the one given is shown (the bon de commande first).
  const commande = f.commande?.trim().toUpperCase();
  if (!commande || ![p.numeroBonCommande, p.numeroEngagement].some((x) => x?.trim().toUpperCase() === commande))
    ecart("numeroBonCommande", "Numéro de bon de commande ou d'engagement juridique", p.numeroBonCommande || p.numeroEngagement, f.commande);
  return out;
}
