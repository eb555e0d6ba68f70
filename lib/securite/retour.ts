/** Where a user lands after signing in when no (acceptable) return address was given. */
export const RETOUR_PAR_DEFAUT = "/mon-compte";

const LONGUEUR_MAX = 1000;
const ORIGINE = "http://portail.invalid";

/**
 * The return address after sign-in (`?retour=`), accepted only when it is a path of this portal: one leading
 * slash, then no second slash or backslash, in clear or encoded once or several times (`//hote`, `/\hote`,
 * `/%2F%2Fhote`, `/%5Chote`…), no control or invisible character, no scheme (`javascript:`, `https:`), no
 * `..` climbing out. Anything else gives `defaut`. What is returned is the path as the browser would read it,
 * normalised (pathname, query, fragment).
 */
export function adresseRetourSure(valeur: unknown, defaut: string = RETOUR_PAR_DEFAUT): string {
  if (typeof valeur !== "string" || valeur.length === 0 || valeur.length > LONGUEUR_MAX) return defaut;
  // Decoded as many times as it takes (at most a few): an address encoded twice must not pass as a path once decoded.
  let decodee = valeur;
  for (let i = 0; i < 5; i++) {
    let suivante: string;
    try {
      suivante = decodeURIComponent(decodee);
    } catch {
      return defaut;
    }
    if (suivante === decodee) break;
    decodee = suivante;
    if (i === 4) return defaut;
  }
  for (const forme of [valeur, decodee]) {
    if (!forme.startsWith("/")) return defaut;
    // A second slash or a backslash right after the first: another host for the browser (`//hote`, `/\hote`).
    if (forme[1] === "/" || forme[1] === "\\") return defaut;
    // Control characters (tab and newline are dropped by browsers: `/\t/hote` is `//hote`), invisible and bidi ones.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused here.
    if (/[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/.test(forme)) return defaut;
    if (forme.includes("\\")) return defaut;
  }
  let url: URL;
  try {
    url = new URL(valeur, ORIGINE);
  } catch {
    return defaut;
  }
  if (url.origin !== ORIGINE) return defaut;
  const chemin = `${url.pathname}${url.search}${url.hash}`;
  if (!chemin.startsWith("/") || chemin.startsWith("//") || chemin.startsWith("/\\")) return defaut;
  return chemin;
}
