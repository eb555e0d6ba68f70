import "server-only";
import type { CorpsEnvoye } from "@/lib/invoices/pieces-jointes";
import { AppError } from "@/lib/errors";

/**
 * Reading a request's body (the upload routes, the API). A file is never read here: the route hands the stream to the
 * domain, which checks the caller's rights first, then streams it to the store cut short at the size limits
 * (`fluxDuCorps`). Only what must be parsed is read whole, and never past its limit (`lireOctets`).
 */

/** The body as a stream for the domain, with the announced length (refused at once when over the limits). */
export function fluxDuCorps(request: Request): CorpsEnvoye {
  const annonce = Number(request.headers.get("content-length") ?? "");
  return { flux: request.body ?? new Blob([]).stream(), tailleAnnoncee: Number.isFinite(annonce) && annonce > 0 ? annonce : null };
}

/** The whole body, refused (413) past `max` bytes: as announced, or as counted while it arrives. */
export async function lireOctets(request: Request, max: number, erreur: () => AppError = () => new AppError("TAILLE_PIECE_DEPASSEE")): Promise<Uint8Array> {
  const annonce = Number(request.headers.get("content-length") ?? 0);
  if (annonce > max) throw erreur();
  if (!request.body) return new Uint8Array();
  const morceaux: Uint8Array[] = [];
  let total = 0;
  const lecteur = request.body.getReader();
  for (;;) {
    const { done, value } = await lecteur.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await lecteur.cancel().catch(() => {});
      throw erreur();
    }
    morceaux.push(value);
  }
  const octets = new Uint8Array(total);
  let position = 0;
  for (const m of morceaux) {
    octets.set(m, position);
    position += m.byteLength;
  }
  return octets;
}

/** The file's name an upload route receives in `X-Nom-Fichier` (URI-encoded). */
export function nomDuFichierEnvoye(request: Request): string {
  try {
    return decodeURIComponent(request.headers.get("x-nom-fichier") ?? "");
  } catch {
    throw new AppError("FICHIER_REFUSE", {}, "Le nom du fichier est illisible.");
  }
}
