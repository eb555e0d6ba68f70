// Reads a PDF with pdf-lib to check that it is one (the attachments' control): plain JavaScript so that the PDF worker
// (lib/pdf/pdf-worker.mjs) can load it; it runs only there, under the pool's time and memory limits (lib/pdf/fil.ts),
// never in the request thread. Types: lecture-pdf.d.mts.
import { PDFDocument, ParseSpeeds } from "pdf-lib";

/** « ok », « vide » (no page), « chiffre » (encrypted or password-protected) or « invalide ». */
export async function lirePdf(bytes) {
  try {
    // In the worker nothing else waits for this thread: parsed in one go, without pdf-lib's pauses every 100 objects
    // (which let a request thread breathe, at the cost of a 10 MB file of small objects taking twice as long).
    const doc = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
    return doc.getPageCount() < 1 ? "vide" : "ok";
  } catch (error) {
    // pdf-lib is compiled to ES5: its EncryptedPDFError fails `instanceof`, its message does not.
    return /is encrypted/.test(String(error?.message)) ? "chiffre" : "invalide";
  }
}
