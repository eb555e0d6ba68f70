import { inflateSync } from "node:zlib";
import { PDFArray, PDFDocument, PDFName, PDFRawStream, PDFRef, type PDFObject } from "pdf-lib";

/**
 * The text drawn on the pages of a PDF written with a standard font (the certificates of this portal): one
 * entry per text-showing operator, in drawing order. Not a general PDF text extractor — enough to read back
 * what the portal wrote, without poppler. Used by the tests and the benchmark.
 */
export async function texteDuPdf(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const sortie: string[] = [];
  for (const page of doc.getPages()) {
    const contents = page.node.get(PDFName.of("Contents"));
    const flux: PDFObject[] = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
    for (const f of flux) {
      const stream = f instanceof PDFRef ? doc.context.lookup(f) : f;
      if (!(stream instanceof PDFRawStream)) continue;
      const filtre = stream.dict.get(PDFName.of("Filter"));
      const brut = Buffer.from(stream.contents);
      const donnees = filtre && String(filtre) === "/FlateDecode" ? inflateSync(brut) : brut;
      sortie.push(...textesDuFlux(donnees.toString("latin1")));
    }
  }
  return sortie;
}

// WinAnsi (Windows-1252) bytes 0x80–0x9F; Node's TextDecoder treats that label as Latin-1, so map them here.
const CP1252 = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";
const winAnsi = { decode: (b: Buffer) => [...b].map((c) => (c >= 0x80 && c <= 0x9f ? CP1252[c - 0x80] : String.fromCharCode(c))).join("") };

function textesDuFlux(flux: string): string[] {
  const textes: string[] = [];
  const re = /<([0-9A-Fa-f\s]*)>\s*Tj|\(((?:\\.|[^\\)])*)\)\s*Tj/g;
  for (let m = re.exec(flux); m; m = re.exec(flux)) {
    if (m[1] !== undefined) {
      const hex = m[1].replace(/\s/g, "");
      textes.push(winAnsi.decode(Buffer.from(hex, "hex")));
    } else {
      const lit = m[2].replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, e: string) =>
        /^[0-7]/.test(e) ? String.fromCharCode(parseInt(e, 8)) : (({ n: "\n", r: "\r", t: "\t", b: "\b", f: "\f" } as Record<string, string>)[e] ?? e),
      );
      textes.push(winAnsi.decode(Buffer.from(lit, "latin1")));
    }
  }
  return textes;
}
