import type { ContenuCertificat, PartieCertificat } from "@/lib/invoices/certificat";
import { formaterMontant, formaterTaux } from "@/lib/invoices/montants";
import { formaterQuantite, LIBELLE_CAUTION, LIGNES_DECOMPTE, type LigneDecompte, TYPES_PIECE } from "@/lib/invoices/decompte";
import { formaterTaille } from "@/lib/files/limites";
import { horsFil } from "./fil";
import type { BlocCertificat, ModeleCertificat } from "./dessin-certificat.d.mts";

/**
 * The deposit certificate (« Exporter le certificat de dépôt »), drawn with pdf-lib's standard Helvetica,
 * whose WinAnsi encoding covers French (é è ç œ « » €). Deterministic: the same deposit always gives the
 * same bytes (dates are the deposit's, not the download's).
 *
 * This module writes every text of the certificate (the model); drawing it (lib/pdf/dessin-certificat.mjs) is
 * the CPU-heavy part, done by the PDF worker pool (lib/pdf/fil.ts), never in the request thread, so that requests are
 * not held while a PDF is drawn, and so that it runs on another core.
 */

const partie = (p: PartieCertificat) => `${p.raisonSociale} — SIRET ${p.identifiant}${p.service ? ` — service ${p.service}` : ""}`;

// Formatters are costly to build: made once.
const formatDateHeure = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", dateStyle: "long", timeStyle: "medium" });
const formatDate = new Intl.DateTimeFormat("fr-FR", { timeZone: "UTC", dateStyle: "long" });
const formatEntier = new Intl.NumberFormat("fr-FR");
const dateHeure = (iso: string) => `${formatDateHeure.format(new Date(iso))} (heure de Paris)`;
const date = (iso: string) => formatDate.format(new Date(`${iso}T00:00:00Z`));

/** The certificate's model: every text, in order. */
export function modeleCertificat(c: ContenuCertificat, numero: string, empreinte: string): ModeleCertificat {
  const blocs: BlocCertificat[] = [];
  const texte = (t: string, o: Omit<Extract<BlocCertificat, { t: "texte" }>, "t" | "texte"> = {}) => blocs.push({ t: "texte", texte: t, ...o });
  const titre = (t: string) => blocs.push({ t: "titre", texte: t });
  const champ = (libelle: string, valeur: string) => blocs.push({ t: "champ", libelle, valeur });

  texte("Portail des factures de travaux", { taille: 9, couleur: "gris" });
  texte("Certificat de dépôt", { taille: 20, gras: true, couleur: "bleu", espaceApres: 4 });
  texte(
    "Le portail certifie avoir reçu la pièce de facturation décrite ci-dessous, avec les fichiers dont les empreintes SHA-256 sont indiquées, à la date et à l'heure de dépôt mentionnées.",
    { taille: 10, espaceApres: 6 },
  );
  champ("Numéro de dépôt", numero);
  champ("Date et heure du dépôt", dateHeure(c.deposeLe));
  champ("Dossier de facturation", c.dossier);
  champ("Statut à l'issue du dépôt", c.statut);

  titre("Déposant");
  champ("Structure", partie(c.deposant));
  champ("Déposé par", c.deposant.utilisateur);
  champ("Cadre de facturation", `${c.cadre.court} – ${c.cadre.libelle} (${c.cadre.code})`);

  titre("Destinataires");
  if (c.moe) champ("Maîtrise d'œuvre (MOE)", partie(c.moe));
  if (c.titulaire) champ("Titulaire du marché", partie(c.titulaire));
  if (c.cotraitant) champ("Cotraitant", partie(c.cotraitant));
  champ("Maîtrise d'ouvrage (MOA)", partie(c.moa));

  // Certificates issued before references and bank accounts existed have neither key: nothing is drawn.
  const r = c.references;
  if (r && (r.numeroMarche || r.numeroEngagement || r.numeroBonCommande)) {
    titre("Références");
    if (r.numeroMarche) champ("Numéro de marché", r.numeroMarche);
    if (r.numeroEngagement) champ("Numéro d'engagement juridique (EJ)", r.numeroEngagement);
    if (r.numeroBonCommande) champ("Numéro de bon de commande", r.numeroBonCommande);
  }
  if (c.compteBancaire) {
    titre("Coordonnées bancaires de paiement");
    champ("Titulaire du compte", c.compteBancaire.titulaire);
    champ("IBAN (masqué)", c.compteBancaire.ibanMasque);
    champ("BIC", c.compteBancaire.bic);
  }

  // A certificate issued before avoirs existed has no `typePiece`: a facture, drawn as it always was.
  const avoir = c.facture.typePiece === "AVOIR";
  const f = c.facture;
  const somme = (v: string) => `${formaterMontant(BigInt(v))} ${f.devise}`;
  titre(avoir ? "Avoir" : "Facture");
  if (f.typePiece) champ("Facture ou avoir", TYPES_PIECE[f.typePiece]);
  champ(avoir ? "Numéro de l'avoir" : "Numéro de la facture", f.numero);
  champ(avoir ? "Date de l'avoir" : "Date de la facture", date(f.date));
  champ("Devise", f.devise);
  champ("Type de TVA", f.typeTva);
  if (f.motifExonerationTva) champ("Motif d'exonération de TVA", f.motifExonerationTva);
  // The décompte in the CCAG's order (lib/invoices/decompte.ts); the totals alone on older certificates.
  const d = f.decompte;
  const lignes: Record<LigneDecompte, string | undefined> = {
    travauxCumules: d?.travauxCumules,
    travauxCumulesPrecedents: d?.travauxCumulesPrecedents,
    travauxPeriode: d?.travauxPeriode,
    revisionPrix: d?.revisionPrix,
    avanceVersee: d?.avanceVersee,
    avanceRemboursee: d?.avanceRemboursee,
    montantHt: f.montantHt,
    montantTva: f.montantTva,
    montantTtc: f.montantTtc,
    retenueGarantie: d?.retenueGarantie,
    penalites: d?.penalites,
    netAPayer: d?.netAPayer,
  };
  for (const [ligne, libelle] of LIGNES_DECOMPTE) {
    const v = lignes[ligne];
    if (v !== undefined) champ(libelle, somme(v));
  }
  if (d?.cautionRemplaceRetenue) champ("Caution", LIBELLE_CAUTION);
  for (const l of f.lignesTva)
    champ(`Détail TVA ${formaterTaux(l.taux)} %`, `base HT ${formaterMontant(BigInt(l.baseHt))} — TVA ${formaterMontant(BigInt(l.montantTva))} ${f.devise}`);
  if (f.motifRevision) champ("Motif de la révision du montant", f.motifRevision);
  if (f.lignesPoste?.length) {
    titre(`Postes ou prestations (${f.lignesPoste.length})`);
    for (const l of f.lignesPoste)
      champ(
        `${l.reference ? `${l.reference} — ` : ""}${l.denomination}`,
        `${formaterQuantite(BigInt(l.quantite))}${l.unite ? ` ${l.unite}` : ""} × ${somme(l.prixUnitaireHt)} = ${somme(l.montantHt)} HT, TVA ${formaterTaux(l.tauxTva)} %`,
      );
  }

  if (c.signature) {
    titre("Signature du décompte général");
    champ("Décompte général signé", c.signature.decompteGeneral);
    champ("Signature du titulaire", c.signature.acceptation);
    if (c.signature.motifReserves) champ("Motif des réserves", c.signature.motifReserves);
  }

  titre(`Fichiers déposés (${c.fichiers.length})`);
  for (const f of c.fichiers) {
    texte(`${f.nature === "FACTURE" ? "Facture" : f.nature === "MEMOIRE_RECLAMATION" ? "Mémoire en réclamation" : "Pièce jointe"} : ${f.nom}`, { gras: true });
    const octets = `${formatEntier.format(f.taille).replace(/\u202f/g, " ")} octets`;
    texte(`${f.taille < 1024 ? octets : `${formaterTaille(f.taille)} (${octets})`} — ${f.typeMime}`, { taille: 9, retrait: 12 });
    texte(`SHA-256 : ${f.sha256}`, { taille: 8, mono: true, retrait: 12, espaceApres: 4 });
  }

  titre("Empreinte du certificat");
  texte("Empreinte SHA-256 du contenu attesté, conservée par le portail :", { taille: 9 });
  texte(empreinte, { taille: 8, mono: true });
  return {
    meta: {
      titre: `Certificat de dépôt ${numero}`,
      sujet: `${c.facture.typePiece === "AVOIR" ? "Avoir" : "Facture"} de travaux ${c.facture.numero}`,
      auteur: "Portail des factures de travaux",
      date: c.deposeLe,
    },
    pied: `Certificat de dépôt ${numero} — empreinte SHA-256 ${empreinte}`,
    blocs,
  };
}

export async function genererCertificatDepot(c: ContenuCertificat, numero: string, empreinte: string): Promise<Uint8Array> {
  const modele = modeleCertificat(c, numero, empreinte);
  return horsFil("dessiner", { modele });
}
