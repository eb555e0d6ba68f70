// The XML a Factur-X / ZUGFeRD 2 PDF carries (lib/facturx/pdf.ts asks for it): plain JavaScript so that the PDF worker
// (lib/pdf/pdf-worker.mjs) can load it; it runs only there, under the pool's time and memory limits (lib/pdf/fil.ts),
// never in the request thread: a hostile PDF costs at most a worker. Types: xml-incorpore.d.mts.
// A file specification named `factur-x.xml` (ZUGFeRD 2.0: `zugferd-invoice.xml`, XRechnung: `xrechnung.xml`) in the
// catalog's `/AF` array or in its `/Names /EmbeddedFiles` name tree, its `/EF /F` stream decoded.
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFStream, PDFString } from "pdf-lib";

class Illisible extends Error {}

const NOMS = ["factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml", "zugferd-invoice.xml"];

export async function xmlIncorpore(octets) {
  try {
    return trouver(await PDFDocument.load(octets, { updateMetadata: false, throwOnInvalidObject: false }));
  } catch (error) {
    // Sent back to the request thread as a result, not an error: the pool's errors are for its own failures.
    return { illisible: error instanceof Error ? error.message : String(error) };
  }
}

function trouver(doc) {
  if (!(doc.catalog instanceof PDFDict)) throw new Illisible("il n'a pas de catalogue");
  const ctx = doc.context;
  const resoudre = (o) => (o ? ctx.lookup(o) : undefined);

  const specifications = [];
  const af = resoudre(doc.catalog.get(PDFName.of("AF")));
  if (af instanceof PDFArray) for (const o of af.asArray()) if (resoudre(o) instanceof PDFDict) specifications.push(resoudre(o));

  const names = resoudre(doc.catalog.get(PDFName.of("Names")));
  const arbre = names instanceof PDFDict ? resoudre(names.get(PDFName.of("EmbeddedFiles"))) : undefined;
  // The name tree: leaves carry /Names [name spec name spec…], intermediate nodes /Kids. Depth bounded: a loop is no tree.
  const parcourir = (noeud, profondeur) => {
    if (!(noeud instanceof PDFDict) || profondeur > 16) return;
    const feuilles = resoudre(noeud.get(PDFName.of("Names")));
    if (feuilles instanceof PDFArray)
      for (let i = 1; i < feuilles.size(); i += 2) {
        const spec = resoudre(feuilles.get(i));
        if (spec instanceof PDFDict) specifications.push(spec);
      }
    const enfants = resoudre(noeud.get(PDFName.of("Kids")));
    if (enfants instanceof PDFArray) for (const k of enfants.asArray()) parcourir(resoudre(k), profondeur + 1);
  };
  parcourir(arbre, 0);

  const candidats = specifications
    .map((spec) => ({ spec, nom: nomDe(resoudre(spec.get(PDFName.of("UF")))) ?? nomDe(resoudre(spec.get(PDFName.of("F")))) ?? "" }))
    .filter((c) => c.nom.toLowerCase().endsWith(".xml"));
  const choisi = candidats.find((c) => NOMS.includes(c.nom.toLowerCase())) ?? candidats[0];
  if (!choisi) return null;
  const ef = resoudre(choisi.spec.get(PDFName.of("EF")));
  const flux = ef instanceof PDFDict ? resoudre(ef.get(PDFName.of("UF")) ?? ef.get(PDFName.of("F"))) : undefined;
  if (!(flux instanceof PDFStream)) return { nom: choisi.nom, octets: new Uint8Array() };
  try {
    const contenu = flux instanceof PDFRawStream ? decodePDFRawStream(flux).decode() : flux.getContents();
    return { nom: choisi.nom, octets: contenu };
  } catch (error) {
    throw new Illisible(`le fichier « ${choisi.nom} » joint au PDF ne peut pas être décodé (${error instanceof Error ? error.message : String(error)})`);
  }
}

function nomDe(o) {
  if (o instanceof PDFString || o instanceof PDFHexString) return o.decodeText();
  return undefined;
}
