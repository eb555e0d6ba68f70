import { fileTypeFromBuffer } from "file-type";
import { XMLValidator } from "fast-xml-parser";
import { ErreurTachePdf, horsFil } from "@/lib/pdf/fil";
import type { LecturePdf } from "@/lib/pdf/lecture-pdf.mjs";
import { controleAvantEnvoi, extensionDe } from "./limites";
import { type FichierRecu, recuDeOctets } from "./reception";

/**
 * What a file really is, from its content: its declared extension must match what its bytes are, and a
 * file that does not parse as what it claims is refused (a « PDF » that pdf-lib cannot open, an encrypted
 * PDF, an XML that is not well-formed…). The name is only trusted for the extension it announces.
 */
export type FichierAnalyse = { ok: true; nom: string; extension: string; typeMime: string } | { ok: false; message: string };

type Attendu =
  | { kind: "magic"; types: string[]; mime: string }
  | { kind: "pdf" }
  | { kind: "texte"; mime: string; verifier?: (texte: string) => string | null }
  | { kind: "p7s" };

const ZIP = ["zip", "docx", "xlsx", "pptx", "odt", "ods", "odp"];
const OLE = ["cfb", "doc", "xls", "ppt", "msi"];

const ATTENDUS: Record<string, Attendu> = {
  pdf: { kind: "pdf" },
  png: { kind: "magic", types: ["png"], mime: "image/png" },
  gif: { kind: "magic", types: ["gif"], mime: "image/gif" },
  bmp: { kind: "magic", types: ["bmp"], mime: "image/bmp" },
  jpg: { kind: "magic", types: ["jpg"], mime: "image/jpeg" },
  jpeg: { kind: "magic", types: ["jpg"], mime: "image/jpeg" },
  tif: { kind: "magic", types: ["tif"], mime: "image/tiff" },
  tiff: { kind: "magic", types: ["tif"], mime: "image/tiff" },
  fax: { kind: "magic", types: ["tif"], mime: "image/tiff" },
  docx: { kind: "magic", types: ["docx"], mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
  xlsx: { kind: "magic", types: ["xlsx"], mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  pptx: { kind: "magic", types: ["pptx"], mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation" },
  odt: { kind: "magic", types: ["odt"], mime: "application/vnd.oasis.opendocument.text" },
  ods: { kind: "magic", types: ["ods"], mime: "application/vnd.oasis.opendocument.spreadsheet" },
  odp: { kind: "magic", types: ["odp"], mime: "application/vnd.oasis.opendocument.presentation" },
  doc: { kind: "magic", types: OLE, mime: "application/msword" },
  xls: { kind: "magic", types: OLE, mime: "application/vnd.ms-excel" },
  xlc: { kind: "magic", types: OLE, mime: "application/vnd.ms-excel" },
  xlm: { kind: "magic", types: OLE, mime: "application/vnd.ms-excel" },
  ppt: { kind: "magic", types: OLE, mime: "application/vnd.ms-powerpoint" },
  pps: { kind: "magic", types: OLE, mime: "application/vnd.ms-powerpoint" },
  rtf: { kind: "magic", types: ["rtf"], mime: "application/rtf" },
  zip: { kind: "magic", types: ZIP, mime: "application/zip" },
  gz: { kind: "magic", types: ["gz"], mime: "application/gzip" },
  gzip: { kind: "magic", types: ["gz"], mime: "application/gzip" },
  tgz: { kind: "magic", types: ["gz"], mime: "application/gzip" },
  bz2: { kind: "magic", types: ["bz2"], mime: "application/x-bzip2" },
  p7s: { kind: "p7s" },
  txt: { kind: "texte", mime: "text/plain" },
  csv: { kind: "texte", mime: "text/csv" },
  xml: { kind: "texte", mime: "application/xml", verifier: (t) => xmlBienForme(t) },
  svg: { kind: "texte", mime: "image/svg+xml", verifier: (t) => xmlBienForme(t) ?? (racineXml(t) === "svg" ? null : "ce n'est pas une image SVG") },
  xhtml: {
    kind: "texte",
    mime: "application/xhtml+xml",
    verifier: (t) => xmlBienForme(t) ?? (racineXml(t) === "html" ? null : "ce n'est pas un document XHTML"),
  },
  htm: { kind: "texte", mime: "text/html", verifier: (t) => (/<(!doctype\s+html|html|head|body)[\s>]/i.test(t) ? null : "ce n'est pas un document HTML") },
  html: { kind: "texte", mime: "text/html", verifier: (t) => (/<(!doctype\s+html|html|head|body)[\s>]/i.test(t) ? null : "ce n'est pas un document HTML") },
};

function xmlBienForme(texte: string): string | null {
  const r = XMLValidator.validate(texte.replace(/^\uFEFF/, ""));
  return r === true ? null : `le XML n'est pas bien formé (ligne ${r.err.line} : ${r.err.msg})`;
}

function racineXml(texte: string): string | undefined {
  const sans = texte.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/gi, "");
  return /<\s*([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(sans)?.[2]?.toLowerCase();
}

/** Text: UTF-8, or a single-byte encoding (the control characters are looked for as the file is received: `binaire`). */
function decoderTexte(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

/** A CMS/PKCS#7 signature, DER (SEQUENCE holding the signedData OID 1.2.840.113549.1.7.2) or PEM. */
function estSignatureP7s(bytes: Uint8Array): boolean {
  const debut = Buffer.from(bytes.subarray(0, 64));
  if (debut[0] === 0x30 && debut.includes(Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]))) return true;
  return /^-----BEGIN (PKCS7|CMS)-----/.test(debut.toString("latin1"));
}

/**
 * Invisible characters a name must not carry: controls (C0, DEL, C1), format characters — bidirectional overrides,
 * embeddings, isolates and marks (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), zero-width spaces and
 * joiners, the byte order mark, soft hyphens… — and line or paragraph separators. « facture\u202Efdp.exe » would show
 * as « factureexe.pdf ».
 */
const INVISIBLES = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** The name given to a file whose name is nothing once cleaned. */
export const NOM_PAR_DEFAUT = "fichier";

/**
 * Removes a path (old browsers send it) and invisible characters, normalises the Unicode form (accents kept, composed);
 * a name left empty, or with only its extension, gets `NOM_PAR_DEFAUT`.
 */
export function nettoyerNom(nom: string): string {
  const propre = (nom.replace(INVISIBLES, "").normalize("NFC").split(/[\\/]/).pop() ?? "").trim();
  if (!propre) return NOM_PAR_DEFAUT;
  return propre.startsWith(".") ? `${NOM_PAR_DEFAUT}${propre}` : propre;
}

/**
 * Reads the PDF in the PDF worker pool (lib/pdf/fil.ts: a large file takes long to parse, a hostile one forever) and
 * says what is wrong with it, if anything. A file whose reading runs over the pool's time or memory limit is refused.
 */
export async function verifierPdf(bytes: Uint8Array, nom: string): Promise<string | null> {
  let lecture: LecturePdf;
  try {
    lecture = await horsFil<LecturePdf>("lire", { octets: bytes });
  } catch (error) {
    if (!(error instanceof ErreurTachePdf) || error.raison === "arret") throw error;
    return error.raison === "delai"
      ? `Le fichier « ${nom} » n'a pas pu être analysé dans le temps imparti : ce PDF est refusé. Enregistrez-le à nouveau (par exemple en l'imprimant en PDF) puis déposez-le.`
      : `Le fichier « ${nom} » demande trop de mémoire pour être analysé : ce PDF est refusé. Enregistrez-le à nouveau (par exemple en l'imprimant en PDF) puis déposez-le.`;
  }
  switch (lecture) {
    case "ok":
      return null;
    case "vide":
      return `Le fichier « ${nom} » n'est pas un PDF lisible : il ne contient aucune page.`;
    case "chiffre":
      return `Le fichier « ${nom} » est un PDF chiffré ou protégé par un mot de passe : déposez une version non protégée.`;
    default:
      return `Le fichier « ${nom} » n'est pas un PDF valide : il ne peut pas être lu.`;
  }
}

/** Whether a file of this name is checked as text (its bytes are then looked at as it is received). */
export function estTexte(nom: string): boolean {
  return ATTENDUS[extensionDe(nettoyerNom(nom))]?.kind === "texte";
}

/**
 * What the file is. From its first bytes (`debut`) for the types file-type recognises by their signature, the
 * signatures and the PDF's header; the whole content is read only for a PDF's structure (pdf-lib parses it in the PDF
 * worker) and for the text formats that must parse (XML, SVG, XHTML, HTML).
 */
export async function analyserFichier(nomRecu: string, contenu: Uint8Array | FichierRecu): Promise<FichierAnalyse> {
  const fichier = contenu instanceof Uint8Array ? recuDeOctets(contenu) : contenu;
  const nom = nettoyerNom(nomRecu);
  const avant = controleAvantEnvoi(nom, fichier.taille);
  if (avant) return { ok: false, message: avant };
  const extension = extensionDe(nom);
  const attendu = ATTENDUS[extension];
  if (!attendu) return { ok: false, message: `Le format .${extension} n'est pas accepté.` };
  const detecte = await fileTypeFromBuffer(fichier.debut);
  const refus = (reconnu?: string) => ({
    ok: false as const,
    message: `Le contenu du fichier « ${nom} » ne correspond pas à son extension .${extension}${reconnu ? ` (contenu reconnu : ${reconnu})` : ""}.`,
  });

  switch (attendu.kind) {
    case "pdf": {
      if (detecte?.ext !== "pdf") return { ok: false, message: `Le fichier « ${nom} » n'est pas un PDF : son contenu ne commence pas comme un PDF.` };
      const erreur = await verifierPdf(await fichier.lire(), nom);
      return erreur ? { ok: false, message: erreur } : { ok: true, nom, extension, typeMime: "application/pdf" };
    }
    case "magic":
      if (!detecte || !attendu.types.includes(detecte.ext)) return refus(detecte?.ext);
      return { ok: true, nom, extension, typeMime: attendu.mime };
    case "p7s":
      if (!estSignatureP7s(fichier.debut)) return refus(detecte?.ext);
      return { ok: true, nom, extension, typeMime: "application/pkcs7-signature" };
    case "texte": {
      // file-type recognises XML itself; any other recognised format is binary content under a text name.
      if (detecte && detecte.ext !== "xml") return refus(detecte.ext);
      if (fichier.binaire) return refus("fichier binaire");
      const erreur = attendu.verifier?.(decoderTexte(await fichier.lire()));
      if (erreur) return { ok: false, message: `Le fichier « ${nom} » ne peut pas être lu comme un fichier .${extension} : ${erreur}.` };
      return { ok: true, nom, extension, typeMime: attendu.mime };
    }
  }
}
