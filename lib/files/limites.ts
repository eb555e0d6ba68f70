/**
 * Attachment rules of Chorus Pro, stated in the interface and enforced by the server:
 * file name ≤ 50 characters with its extension, each file under 10 MB, the piece and its attachments ≤ 120 MB,
 * and the types of its list (office documents, images, text, XML, archives). Client-safe.
 */
export const NOM_MAX = 50;
export const TAILLE_FICHIER_MAX = 10 * 1024 * 1024;
export const TAILLE_PIECE_MAX = 120 * 1024 * 1024;

/** Chorus Pro's list of extensions, grouped as the interface states them. */
export const EXTENSIONS_PAR_FAMILLE = {
  PDF: ["pdf"],
  "Documents bureautiques": ["doc", "docx", "odt", "rtf", "xls", "xlsx", "xlc", "xlm", "ods", "ppt", "pptx", "pps", "odp"],
  Images: ["bmp", "gif", "jpeg", "jpg", "png", "svg", "tif", "tiff", "fax"],
  "Texte et données": ["txt", "csv", "xml", "htm", "html", "xhtml"],
  Signatures: ["p7s"],
  Archives: ["zip", "gz", "gzip", "tgz", "bz2"],
} as const;

export const EXTENSIONS_AUTORISEES: readonly string[] = Object.values(EXTENSIONS_PAR_FAMILLE).flat();

export function extensionDe(nom: string): string {
  const i = nom.lastIndexOf(".");
  return i > 0 ? nom.slice(i + 1).toLowerCase() : "";
}

const megaoctets = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });

/** « 1,5 Mo », « 820 ko » (units of 1 024, as file managers show them in France). */
export function formaterTaille(octets: number): string {
  if (octets < 1024) return `${octets} octet${octets > 1 ? "s" : ""}`;
  if (octets < 1024 * 1024) return `${Math.round(octets / 1024)} ko`;
  return `${megaoctets.format(octets / (1024 * 1024))} Mo`;
}

/** The rules as one sentence, for the upload form. */
export const REGLES_PIECES_JOINTES =
  `Taille maximale : ${formaterTaille(TAILLE_FICHIER_MAX)} par fichier, ${formaterTaille(TAILLE_PIECE_MAX)} pour la facture et ses pièces jointes. ` +
  `Nom du fichier : ${NOM_MAX} caractères au plus, extension comprise. ` +
  `Formats acceptés : ${EXTENSIONS_AUTORISEES.join(", ")}.`;

/** What is wrong with a file before sending it (name, size); the content is checked by the server. */
export function controleAvantEnvoi(nom: string, taille: number): string | null {
  if (nom.length > NOM_MAX) return `Le nom du fichier « ${nom} » dépasse ${NOM_MAX} caractères (extension comprise) : renommez-le.`;
  const ext = extensionDe(nom);
  if (!ext) return `Le fichier « ${nom} » n'a pas d'extension.`;
  if (!EXTENSIONS_AUTORISEES.includes(ext)) return `Le format .${ext} n'est pas accepté. Formats acceptés : ${EXTENSIONS_AUTORISEES.join(", ")}.`;
  if (taille === 0) return `Le fichier « ${nom} » est vide.`;
  if (taille >= TAILLE_FICHIER_MAX)
    return `Le fichier « ${nom} » (${formaterTaille(taille)}) dépasse la taille maximale de ${formaterTaille(TAILLE_FICHIER_MAX)}.`;
  return null;
}
