import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import type { ContenuCertificat, PartieCertificat } from "@/lib/invoices/certificat";
import { formaterMontant, formaterTaux } from "@/lib/invoices/montants";
import { formaterTaille } from "@/lib/files/limites";

/**
 * The deposit certificate (« Exporter le certificat de dépôt »), drawn with pdf-lib's standard Helvetica,
 * whose WinAnsi encoding covers French (é è ç œ « » €). Deterministic: the same deposit always gives the
 * same bytes (dates are the deposit's, not the download's).
 */

const A4: [number, number] = [595.28, 841.89];
const MARGE = 50;
const BLEU = rgb(0, 0, 0.569);
const GRIS = rgb(0.4, 0.4, 0.4);

type Polices = { normal: PDFFont; gras: PDFFont; mono: PDFFont };

/**
 * Per standard font, the width (at size 1) of each character it can encode: wrapping measures text by summing
 * these, without pdf-lib's kerning pass (kerning only narrows text, so a line measured this way never overflows).
 * Characters the font cannot encode (other scripts, emoji) become « ? » rather than failing.
 */
const largeurs = new Map<string, Map<string, number>>();
function largeursDe(font: PDFFont): Map<string, number> {
  let table = largeurs.get(font.name);
  if (!table) {
    table = new Map(font.getCharacterSet().map((code) => [String.fromCodePoint(code), font.widthOfTextAtSize(String.fromCodePoint(code), 1)]));
    largeurs.set(font.name, table);
  }
  return table;
}
function encodable(font: PDFFont, texte: string): string {
  const table = largeursDe(font);
  let sortie = "";
  for (const c of texte.replace(/\u202f/g, "\u00a0")) sortie += table.has(c) ? c : "?";
  return sortie;
}
function largeur(table: Map<string, number>, texte: string, taille: number): number {
  let l = 0;
  for (const c of texte) l += table.get(c) ?? 0;
  return l * taille;
}

class Redaction {
  page: PDFPage;
  y: number;
  constructor(
    private readonly doc: PDFDocument,
    private readonly polices: Polices,
    private readonly pied: string,
  ) {
    this.page = this.nouvellePage();
    this.y = A4[1] - MARGE;
  }

  private nouvellePage(): PDFPage {
    const page = this.doc.addPage(A4);
    page.drawText(encodable(this.polices.normal, this.pied), { x: MARGE, y: 30, size: 7, font: this.polices.normal, color: GRIS });
    return page;
  }

  private place(hauteur: number) {
    if (this.y - hauteur < 60) {
      this.page = this.nouvellePage();
      this.y = A4[1] - MARGE;
    }
  }

  /** Wraps on words to the width; long unbroken strings (hashes) are cut. */
  private lignes(texte: string, font: PDFFont, taille: number, largeurMax: number): string[] {
    const table = largeursDe(font);
    const espace = largeur(table, " ", taille);
    const sortie: string[] = [];
    for (const paragraphe of encodable(font, texte).split("\n")) {
      let ligne = "";
      let l = 0;
      for (const mot of paragraphe.split(" ")) {
        const lm = largeur(table, mot, taille);
        if (ligne && l + espace + lm <= largeurMax) {
          ligne += ` ${mot}`;
          l += espace + lm;
        } else if (!ligne && lm <= largeurMax) {
          ligne = mot;
          l = lm;
        } else {
          if (ligne) sortie.push(ligne);
          // A word wider than the line is cut where it no longer fits.
          let reste = mot;
          let lr = lm;
          while (lr > largeurMax) {
            let n = 0;
            let w = 0;
            for (const c of reste) {
              const wc = (table.get(c) ?? 0) * taille;
              if (n > 0 && w + wc > largeurMax) break;
              w += wc;
              n += c.length;
            }
            sortie.push(reste.slice(0, n));
            reste = reste.slice(n);
            lr = largeur(table, reste, taille);
          }
          ligne = reste;
          l = lr;
        }
      }
      sortie.push(ligne);
    }
    return sortie;
  }

  texte(texte: string, o: { taille?: number; gras?: boolean; mono?: boolean; couleur?: ReturnType<typeof rgb>; x?: number; espaceApres?: number } = {}) {
    const taille = o.taille ?? 10;
    const font = o.mono ? this.polices.mono : o.gras ? this.polices.gras : this.polices.normal;
    const x = o.x ?? MARGE;
    for (const ligne of this.lignes(texte, font, taille, A4[0] - MARGE - x)) {
      this.place(taille * 1.4);
      this.page.drawText(ligne, { x, y: this.y - taille, size: taille, font, color: o.couleur ?? rgb(0, 0, 0) });
      this.y -= taille * 1.4;
    }
    this.y -= o.espaceApres ?? 0;
  }

  titre(texte: string) {
    this.place(40);
    this.y -= 8;
    this.texte(texte, { taille: 12, gras: true, couleur: BLEU, espaceApres: 2 });
    this.page.drawLine({ start: { x: MARGE, y: this.y + 2 }, end: { x: A4[0] - MARGE, y: this.y + 2 }, thickness: 0.5, color: BLEU });
    this.y -= 6;
  }

  /** « Libellé : valeur » on one line, the value wrapped beside the label. */
  champ(libelle: string, valeur: string) {
    const taille = 10;
    const largeurLibelle = 170;
    const lignes = this.lignes(valeur, this.polices.normal, taille, A4[0] - 2 * MARGE - largeurLibelle);
    this.place(taille * 1.4 * lignes.length);
    this.page.drawText(encodable(this.polices.gras, libelle), { x: MARGE, y: this.y - taille, size: taille, font: this.polices.gras });
    for (const ligne of lignes) {
      this.page.drawText(ligne, { x: MARGE + largeurLibelle, y: this.y - taille, size: taille, font: this.polices.normal });
      this.y -= taille * 1.4;
    }
  }
}

const partie = (p: PartieCertificat) => `${p.raisonSociale} — SIRET ${p.identifiant}${p.service ? ` — service ${p.service}` : ""}`;

// Formatters are costly to build: made once.
const formatDateHeure = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", dateStyle: "long", timeStyle: "medium" });
const formatDate = new Intl.DateTimeFormat("fr-FR", { timeZone: "UTC", dateStyle: "long" });
const formatEntier = new Intl.NumberFormat("fr-FR");
const dateHeure = (iso: string) => `${formatDateHeure.format(new Date(iso))} (heure de Paris)`;
const date = (iso: string) => formatDate.format(new Date(`${iso}T00:00:00Z`));

export async function genererCertificatDepot(c: ContenuCertificat, numero: string, empreinte: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const polices = {
    normal: await doc.embedFont(StandardFonts.Helvetica),
    gras: await doc.embedFont(StandardFonts.HelveticaBold),
    mono: await doc.embedFont(StandardFonts.Courier),
  };
  const depose = new Date(c.deposeLe);
  doc.setTitle(`Certificat de dépôt ${numero}`);
  doc.setSubject(`Facture de travaux ${c.facture.numero}`);
  doc.setAuthor("Portail des factures de travaux");
  doc.setCreator("Portail des factures de travaux");
  doc.setProducer("Portail des factures de travaux");
  doc.setCreationDate(depose);
  doc.setModificationDate(depose);

  const r = new Redaction(doc, polices, `Certificat de dépôt ${numero} — empreinte SHA-256 ${empreinte}`);
  r.texte("Portail des factures de travaux", { taille: 9, couleur: GRIS });
  r.texte("Certificat de dépôt", { taille: 20, gras: true, couleur: BLEU, espaceApres: 4 });
  r.texte(
    "Le portail certifie avoir reçu la pièce de facturation décrite ci-dessous, avec les fichiers dont les empreintes SHA-256 sont indiquées, à la date et à l'heure de dépôt mentionnées.",
    { taille: 10, espaceApres: 6 },
  );
  r.champ("Numéro de dépôt", numero);
  r.champ("Date et heure du dépôt", dateHeure(c.deposeLe));
  r.champ("Dossier de facturation", c.dossier);
  r.champ("Statut à l'issue du dépôt", c.statut);

  r.titre("Déposant");
  r.champ("Structure", partie(c.deposant));
  r.champ("Déposé par", c.deposant.utilisateur);
  r.champ("Cadre de facturation", `${c.cadre.court} – ${c.cadre.libelle} (${c.cadre.code})`);

  r.titre("Destinataires");
  if (c.moe) r.champ("Maîtrise d'œuvre (MOE)", partie(c.moe));
  if (c.titulaire) r.champ("Titulaire du marché", partie(c.titulaire));
  r.champ("Maîtrise d'ouvrage (MOA)", partie(c.moa));

  r.titre("Facture");
  r.champ("Numéro de la facture", c.facture.numero);
  r.champ("Date de la facture", date(c.facture.date));
  r.champ("Devise", c.facture.devise);
  r.champ("Type de TVA", c.facture.typeTva);
  r.champ("Montant total HT", `${formaterMontant(BigInt(c.facture.montantHt))} ${c.facture.devise}`);
  r.champ("Montant total TVA", `${formaterMontant(BigInt(c.facture.montantTva))} ${c.facture.devise}`);
  r.champ("Montant total TTC", `${formaterMontant(BigInt(c.facture.montantTtc))} ${c.facture.devise}`);
  for (const l of c.facture.lignesTva)
    r.champ(`Détail TVA ${formaterTaux(l.taux)} %`, `base HT ${formaterMontant(BigInt(l.baseHt))} — TVA ${formaterMontant(BigInt(l.montantTva))} ${c.facture.devise}`);

  r.titre(`Fichiers déposés (${c.fichiers.length})`);
  for (const f of c.fichiers) {
    r.texte(`${f.nature === "FACTURE" ? "Facture" : "Pièce jointe"} : ${f.nom}`, { gras: true });
    const octets = `${formatEntier.format(f.taille).replace(/\u202f/g, " ")} octets`;
    r.texte(`${f.taille < 1024 ? octets : `${formaterTaille(f.taille)} (${octets})`} — ${f.typeMime}`, { taille: 9, x: MARGE + 12 });
    r.texte(`SHA-256 : ${f.sha256}`, { taille: 8, mono: true, x: MARGE + 12, espaceApres: 4 });
  }

  r.titre("Empreinte du certificat");
  r.texte("Empreinte SHA-256 du contenu attesté, conservée par le portail :", { taille: 9 });
  r.texte(empreinte, { taille: 8, mono: true });
  // A few dozen objects: written in one go (pdf-lib otherwise yields to the event loop every 50 objects).
  return doc.save({ useObjectStreams: false, objectsPerTick: Number.POSITIVE_INFINITY });
}
