// Reads a PDF with pdf-lib to check that it is one (the attachments' control): plain JavaScript so that the worker
// thread (lib/pdf/pdf-worker.mjs) can load it; parsing a large PDF is CPU work that must not hold the requests.
// Types: lecture-pdf.d.mts.
import { PDFDocument } from "pdf-lib";

/** « ok », « vide » (no page), « chiffre » (encrypted or password-protected) or « invalide ». */
export async function lirePdf(bytes) {
  try {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    return doc.getPageCount() < 1 ? "vide" : "ok";
  } catch (error) {
    // pdf-lib is compiled to ES5: its EncryptedPDFError fails `instanceof`, its message does not.
    return /is encrypted/.test(String(error?.message)) ? "chiffre" : "invalide";
  }
}
