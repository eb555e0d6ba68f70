import { createHash, randomUUID } from "node:crypto";
import { mkdir, open, readFile, unlink } from "node:fs/promises";
import path from "node:path";
import type { SourceObjet } from "./stockage";

/**
 * A file received, as the analysis and the store need it: its size and SHA-256, its first bytes (the type is sniffed
 * from them), whether a byte no text file holds was seen (for the text formats), and where its content is — bytes
 * already in memory (tests, seed, benches), or the temporary file an upload streamed to.
 */
export type FichierRecu = {
  taille: number;
  sha256: string;
  /** The first `TAILLE_DEBUT` bytes: enough for file-type's signatures, office documents' first entries included. */
  debut: Uint8Array;
  /** A control character other than tab, line or page break and escape was seen (computed when asked: `texte`). */
  binaire: boolean;
  source: SourceObjet;
  /** The whole content, for the checks that need it (a PDF's structure, an XML's well-formedness). */
  lire(): Promise<Uint8Array>;
  /** Removes the temporary file, if any. */
  liberer(): Promise<void>;
};

export const TAILLE_DEBUT = 64 * 1024;

function contientBinaire(octets: Uint8Array): boolean {
  for (let i = 0; i < octets.length; i++) {
    const b = octets[i];
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) return true;
  }
  return false;
}

/** Bytes already in memory. */
export function recuDeOctets(octets: Uint8Array): FichierRecu {
  let binaire: boolean | undefined;
  return {
    taille: octets.length,
    sha256: createHash("sha256").update(octets).digest("hex"),
    debut: octets.subarray(0, TAILLE_DEBUT),
    get binaire() {
      binaire ??= contientBinaire(octets);
      return binaire;
    },
    source: { octets },
    lire: async () => octets,
    liberer: async () => {},
  };
}

/**
 * Streams `flux` to a temporary file of `dossier`, computing its SHA-256, keeping its first bytes and (when `texte`)
 * looking for binary bytes on the way; `refuser(taille)` is asked after each chunk with the size received so far, and an
 * error it returns stops the reading at once (the rest of the body is never read) and is thrown. Memory: one chunk.
 */
export async function recevoirFlux(
  flux: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  options: { dossier: string; texte: boolean; refuser: (taille: number) => Error | null },
): Promise<FichierRecu> {
  await mkdir(options.dossier, { recursive: true });
  const chemin = path.join(options.dossier, `${randomUUID()}.envoi`);
  const fichier = await open(chemin, "wx");
  const hash = createHash("sha256");
  const debut = Buffer.allocUnsafe(TAILLE_DEBUT);
  let dansDebut = 0;
  let taille = 0;
  let binaire = false;
  const lecteur = "getReader" in flux ? flux.getReader() : undefined;
  const iterateur = lecteur ? undefined : flux[Symbol.asyncIterator]();
  try {
    for (;;) {
      const { done, value } = lecteur ? await lecteur.read() : await iterateur!.next();
      if (done) break;
      const morceau = value instanceof Uint8Array ? value : new Uint8Array(value);
      taille += morceau.length;
      const refus = options.refuser(taille);
      if (refus) throw refus;
      hash.update(morceau);
      if (dansDebut < TAILLE_DEBUT) dansDebut += Buffer.from(morceau.buffer, morceau.byteOffset, morceau.byteLength).copy(debut, dansDebut);
      if (options.texte && !binaire) binaire = contientBinaire(morceau);
      await fichier.write(morceau);
    }
  } catch (error) {
    await (lecteur ? lecteur.cancel() : iterateur?.return?.())?.catch(() => {});
    await fichier.close().catch(() => {});
    await unlink(chemin).catch(() => {});
    throw error;
  } finally {
    lecteur?.releaseLock();
  }
  await fichier.close();
  return {
    taille,
    sha256: hash.digest("hex"),
    debut: debut.subarray(0, dansDebut),
    binaire,
    source: { chemin },
    lire: () => readFile(chemin),
    liberer: () => unlink(chemin).catch(() => {}),
  };
}
