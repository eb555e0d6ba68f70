import { createHash } from "node:crypto";

/**
 * What a deposit certificate attests, frozen when the piece is sent: re-downloading it later gives the same
 * document, whatever happens to the piece afterwards. Amounts are strings of cents (JSON has no BigInt).
 */
export type PartieCertificat = { raisonSociale: string; identifiant: string; service?: string };

export type ContenuCertificat = {
  deposeLe: string;
  deposant: PartieCertificat & { utilisateur: string };
  cadre: { code: string; court: string; libelle: string };
  moe?: PartieCertificat;
  titulaire?: PartieCertificat;
  cotraitant?: PartieCertificat;
  moa: PartieCertificat;
  /** Contract references (absent from certificates issued before they existed, and when the piece has none). */
  references?: { numeroMarche?: string; numeroEngagement?: string; numeroBonCommande?: string };
  /** The bank account the piece is paid on, its IBAN masked (« FR76 **** … ***0 189 »): a certificate is shared. */
  compteBancaire?: { titulaire: string; ibanMasque: string; bic: string };
  facture: {
    numero: string;
    date: string;
    devise: string;
    typeTva: string;
    montantHt: string;
    montantTva: string;
    montantTtc: string;
    lignesTva: { taux: number; baseHt: string; montantTva: string }[];
    // Keys absent from certificates issued before they existed (read as: a facture, no décompte detail).
    typePiece?: "FACTURE" | "AVOIR";
    motifExonerationTva?: string;
    /** The décompte's other lines (lib/invoices/decompte.ts); cumuls only when the piece gives them. */
    decompte?: {
      travauxCumules?: string;
      travauxCumulesPrecedents?: string;
      travauxPeriode: string;
      revisionPrix: string;
      avanceVersee: string;
      avanceRemboursee: string;
      retenueGarantie: string;
      cautionRemplaceRetenue: boolean;
      penalites: string;
      netAPayer: string;
    };
    /** « Postes ou prestations »: quantity in thousandths, amounts in cents, rate in hundredths of a percent. */
    lignesPoste?: { reference?: string; denomination: string; quantite: string; unite?: string; prixUnitaireHt: string; montantHt: string; tauxTva: number }[];
    /** A15–A20: why the previous piece's amounts were revised. */
    motifRevision?: string;
  };
  fichiers: {
    nom: string;
    nature: "FACTURE" | "COMPLEMENTAIRE" | "ATTESTATION_PAIEMENT_DIRECT" | "MEMOIRE_RECLAMATION";
    typeMime: string;
    taille: number;
    sha256: string;
  }[];
  /** The A8 signing a décompte général: which one, accepted with or without reserves (and their reason). */
  signature?: { decompteGeneral: string; acceptation: string; motifReserves?: string };
  dossier: string;
  statut: string;
};

/** JSON with sorted keys: the same content always gives the same fingerprint. */
export function canonique(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonique).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonique((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

export function empreinte(contenu: ContenuCertificat): string {
  return createHash("sha256").update(canonique(contenu)).digest("hex");
}

export const numeroDepot = (n: number) => `FT${String(n).padStart(10, "0")}`;
export const numeroDossier = (n: number) => `DF${String(n).padStart(8, "0")}`;
