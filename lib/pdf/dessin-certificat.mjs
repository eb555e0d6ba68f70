// Draws the deposit certificate from its model (lib/pdf/certificat.ts builds the model: every text already
// formatted). Plain JavaScript so that a worker thread (lib/pdf/dessin-worker.mjs) can load it as it is, outside
// the application's bundle: drawing is the CPU-heavy part of a certificate, and runs there off the request thread.
// Types: dessin-certificat.d.mts.
import { deflateSync } from "node:zlib";
import { PDFDocument, PDFName, PDFRawStream, StandardFonts, rgb } from "pdf-lib";

const A4 = [595.28, 841.89];
const MARGE = 50;
const COULEURS = { noir: rgb(0, 0, 0), bleu: rgb(0, 0, 0.569), gris: rgb(0.4, 0.4, 0.4) };

/**
 * Per standard font, the width (at size 1) of each character it can encode: wrapping measures text by summing
 * these, without pdf-lib's kerning pass (kerning only narrows text, so a line measured this way never overflows).
 * Characters the font cannot encode (other scripts, emoji) become « ? » rather than failing.
 * @type {Map<string, Map<string, number>>}
 */
const largeurs = new Map();
function largeursDe(font) {
  let table = largeurs.get(font.name);
  if (!table) {
    table = new Map(font.getCharacterSet().map((code) => [String.fromCodePoint(code), font.widthOfTextAtSize(String.fromCodePoint(code), 1)]));
    largeurs.set(font.name, table);
  }
  return table;
}
/**
 * Per standard font, the code of each character it can encode, as the two hex digits a text string shows it: the same
 * codes as `font.encodeText`, looked up instead of computed again for every character of every line.
 * @type {Map<string, Map<string, string>>}
 */
const codes = new Map();
function hexadecimal(font, texte) {
  let table = codes.get(font.name);
  if (!table) {
    table = new Map(font.getCharacterSet().map((code) => [String.fromCodePoint(code), font.encodeText(String.fromCodePoint(code)).asString()]));
    codes.set(font.name, table);
  }
  let sortie = "";
  for (const c of texte) sortie += table.get(c) ?? table.get("?");
  return `<${sortie}>`;
}
function encodable(font, texte) {
  const table = largeursDe(font);
  let sortie = "";
  for (const c of texte.replace(/\u202f/g, "\u00a0")) sortie += table.has(c) ? c : "?";
  return sortie;
}
function largeur(table, texte, taille) {
  let l = 0;
  for (const c of texte) l += table.get(c) ?? 0;
  return l * taille;
}

/** Wraps on words to the width; long unbroken strings (hashes) are cut where they no longer fit. */
function lignes(texte, font, taille, largeurMax) {
  const table = largeursDe(font);
  const espace = largeur(table, " ", taille);
  const sortie = [];
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

/** A page's content is a few kB: a 4 kB window compresses it as well, and costs far less to set up than zlib's default 32 kB. */
const DEFLATE = { windowBits: 12, memLevel: 5 };

/** A number as PDF operators write it: at most four decimals, never in exponent notation. */
const nombre = (v) => {
  const r = Math.round(v * 10_000) / 10_000;
  return Object.is(r, -0) ? "0" : String(r);
};
const couleur = (c) => `${nombre(c.red)} ${nombre(c.green)} ${nombre(c.blue)}`;

/**
 * One page's content, written as PDF operators — the ones pdf-lib's drawText and drawLine write — and compressed once
 * with Node's zlib. pdf-lib's drawText would register the font in the page's resources again at every line (a new key
 * each time), and compresses with pako in JavaScript: most of the certificate's drawing time.
 */
function nouvellePageDe(doc, polices) {
  const page = doc.addPage(A4);
  const cles = new Map(Object.values(polices).map((f) => [f, page.node.newFontDictionary(f.name, f.ref).toString()]));
  const operations = [];
  return {
    texte(ligne, { x, y, size, font, color }) {
      operations.push(
        `q BT ${couleur(color)} rg ${cles.get(font)} ${nombre(size)} Tf 1 0 0 1 ${nombre(x)} ${nombre(y)} Tm ${hexadecimal(font, ligne)} Tj ET Q`,
      );
    },
    ligne({ start, end, thickness, color }) {
      operations.push(`q ${couleur(color)} RG ${nombre(thickness)} w [] 0 d ${nombre(start.x)} ${nombre(start.y)} m ${nombre(end.x)} ${nombre(end.y)} l S Q`);
    },
    fermer() {
      const flux = PDFRawStream.of(doc.context.obj({ Filter: "FlateDecode" }), deflateSync(Buffer.from(operations.join("\n"), "latin1"), DEFLATE));
      page.node.set(PDFName.of("Contents"), doc.context.register(flux));
    },
  };
}

/** @param {import("./dessin-certificat.d.mts").ModeleCertificat} modele */
export async function dessinerCertificat(modele) {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const polices = {
    normal: await doc.embedFont(StandardFonts.Helvetica),
    gras: await doc.embedFont(StandardFonts.HelveticaBold),
    mono: await doc.embedFont(StandardFonts.Courier),
  };
  const date = new Date(modele.meta.date);
  doc.setTitle(modele.meta.titre);
  doc.setSubject(modele.meta.sujet);
  doc.setAuthor(modele.meta.auteur);
  doc.setCreator(modele.meta.auteur);
  doc.setProducer(modele.meta.auteur);
  doc.setCreationDate(date);
  doc.setModificationDate(date);

  const pages = [];
  let page;
  let y = 0;
  const nouvellePage = () => {
    page = nouvellePageDe(doc, polices);
    pages.push(page);
    page.texte(encodable(polices.normal, modele.pied), { x: MARGE, y: 30, size: 7, font: polices.normal, color: COULEURS.gris });
    y = A4[1] - MARGE;
  };
  const place = (hauteur) => {
    if (y - hauteur < 60) nouvellePage();
  };
  const texte = (t, o = {}) => {
    const taille = o.taille ?? 10;
    const font = o.mono ? polices.mono : o.gras ? polices.gras : polices.normal;
    const x = MARGE + (o.retrait ?? 0);
    for (const ligne of lignes(t, font, taille, A4[0] - MARGE - x)) {
      place(taille * 1.4);
      page.texte(ligne, { x, y: y - taille, size: taille, font, color: COULEURS[o.couleur ?? "noir"] });
      y -= taille * 1.4;
    }
    y -= o.espaceApres ?? 0;
  };
  nouvellePage();
  for (const b of modele.blocs) {
    if (b.t === "texte") texte(b.texte, b);
    else if (b.t === "titre") {
      place(40);
      y -= 8;
      texte(b.texte, { taille: 12, gras: true, couleur: "bleu", espaceApres: 2 });
      page.ligne({ start: { x: MARGE, y: y + 2 }, end: { x: A4[0] - MARGE, y: y + 2 }, thickness: 0.5, color: COULEURS.bleu });
      y -= 6;
    } else {
      // « Libellé : valeur » on one line, the value wrapped beside the label.
      const taille = 10;
      const largeurLibelle = 170;
      const l = lignes(b.valeur, polices.normal, taille, A4[0] - 2 * MARGE - largeurLibelle);
      place(taille * 1.4 * l.length);
      page.texte(encodable(polices.gras, b.libelle), { x: MARGE, y: y - taille, size: taille, font: polices.gras, color: COULEURS.noir });
      for (const ligne of l) {
        page.texte(ligne, { x: MARGE + largeurLibelle, y: y - taille, size: taille, font: polices.normal, color: COULEURS.noir });
        y -= taille * 1.4;
      }
    }
  }
  for (const p of pages) p.fermer();
  // A few dozen objects: written in one go (pdf-lib otherwise yields to the event loop every 50 objects).
  return doc.save({ useObjectStreams: false, objectsPerTick: Number.POSITIVE_INFINITY });
}
