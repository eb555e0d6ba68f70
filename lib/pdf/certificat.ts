import type { ContenuCertificat, PartieCertificat } from "@/lib/invoices/certificat";
import { formaterMontant, formaterTaux } from "@/lib/invoices/montants";
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

  titre("Facture");
  champ("Numéro de la facture", c.facture.numero);
  champ("Date de la facture", date(c.facture.date));
  champ("Devise", c.facture.devise);
  champ("Type de TVA", c.facture.typeTva);
  champ("Montant total HT", `${formaterMontant(BigInt(c.facture.montantHt))} ${c.facture.devise}`);
  champ("Montant total TVA", `${formaterMontant(BigInt(c.facture.montantTva))} ${c.facture.devise}`);
  champ("Montant total TTC", `${formaterMontant(BigInt(c.facture.montantTtc))} ${c.facture.devise}`);
  for (const l of c.facture.lignesTva)
    champ(
      `Détail TVA ${formaterTaux(l.taux)} %`,
      `base HT ${formaterMontant(BigInt(l.baseHt))} — TVA ${formaterMontant(BigInt(l.montantTva))} ${c.facture.devise}`,
    );

  titre(`Fichiers déposés (${c.fichiers.length})`);
  for (const f of c.fichiers) {
    texte(`${f.nature === "FACTURE" ? "Facture" : "Pièce jointe"} : ${f.nom}`, { gras: true });
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
      sujet: `Facture de travaux ${c.facture.numero}`,
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
