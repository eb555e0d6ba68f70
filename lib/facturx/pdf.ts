import { ErreurTachePdf, horsFil } from "@/lib/pdf/fil";

/**
 * The XML a Factur-X / ZUGFeRD 2 PDF carries (`factur-x.xml`, `zugferd-invoice.xml`, `xrechnung.xml`, by `/AF` or the
 * `/Names /EmbeddedFiles` tree): read in a worker of the PDF pool (lib/pdf/xml-incorpore.mjs), under its time and
 * memory limits, as every uploaded PDF is — never parsed in the request thread.
 */
export type XmlIncorpore = { nom: string; octets: Uint8Array };

export class PdfIllisible extends Error {}

export async function xmlIncorpore(octets: Uint8Array): Promise<XmlIncorpore | null> {
  let r: XmlIncorpore | null | { illisible: string };
  try {
    r = await horsFil<XmlIncorpore | null | { illisible: string }>("xml", { octets });
  } catch (error) {
    if (error instanceof ErreurTachePdf)
      throw new PdfIllisible(
        error.raison === "delai" ? "sa lecture a pris trop de temps" : error.raison === "memoire" ? "sa lecture demande trop de mémoire" : error.message,
      );
    throw error;
  }
  if (r && "illisible" in r) throw new PdfIllisible(r.illisible);
  return r ? { nom: r.nom, octets: new Uint8Array(r.octets) } : null;
}
