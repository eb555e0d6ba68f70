import { createHash } from "node:crypto";
import { once } from "node:events";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { stringify } from "csv-stringify/sync";
import { ZipArchive } from "archiver";
import type { Acteur } from "@/lib/auth/acteur";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { journal } from "@/lib/journal-technique";
import { structureDe, verifierId, visiblePar } from "./acces";
import { numeroDepot, numeroDossier } from "./certificat";
import { certificatDepot } from "./consultation";
import { ouvrirPieceJointe } from "./pieces-jointes";

/**
 * « Télécharger le dossier » and « Télécharger la sélection »: one ZIP of the pieces' files (the invoice, its
 * attachments, its deposit certificate), streamed from the store one file after the other, with a manifest
 * (« manifeste.csv »: the name in the ZIP, the piece, the nature, the size, the SHA-256). Chorus Pro's rule for group
 * downloads: 120 MB at most — the sizes are summed from the database before anything is streamed.
 */

/** 120 MB: above it, a group download is refused before it starts. */
export const TAILLE_ZIP_MAX = 120 * 1024 * 1024;
/** A selection downloads at most this many pieces (a list shows 20 per page). */
export const SELECTION_MAX = 100;
/** A certificate not drawn yet (drawn at its first download): its size counted as this much (they weigh about 4 kB). */
const TAILLE_CERTIFICAT_ESTIMEE = 8 * 1024;
export const NOM_MANIFESTE = "manifeste.csv";

const NATURES: Record<string, string> = {
  FACTURE: "Facture",
  COMPLEMENTAIRE: "Pièce jointe",
  ATTESTATION_PAIEMENT_DIRECT: "Attestation de paiement direct",
  MEMOIRE_RECLAMATION: "Mémoire en réclamation",
  CERTIFICAT: "Certificat de dépôt",
};

type Fichier = {
  pieceId: string;
  numeroPiece: string;
  nature: string;
  /** Its name (with its folder) in the ZIP. */
  chemin: string;
  taille: number;
  sha256: string | null;
  pieceJointeId: string | null;
};

export type ContenuZip = { nom: string; taille: number; pieces: number; fichiers: Fichier[] };

const SELECT_ZIP = {
  id: true,
  numero: true,
  statut: true,
  piecesJointes: {
    where: { retireeLe: null },
    select: { id: true, nature: true, nom: true, taille: true, sha256: true },
    orderBy: [{ nature: "asc" }, { createdAt: "asc" }],
  },
  depot: { select: { numero: true, certificatTaille: true } },
} satisfies Prisma.PieceTravauxSelect;

/** A name safe in a ZIP on every system: no folder, no control or reserved character, not too long. */
function nomSur(nom: string): string {
  const s = nom
    .normalize("NFC")
    .replace(/[\\/:*?"<>|\p{Cc}]/gu, "_")
    .replace(/^\.+/, "_")
    .trim()
    .slice(0, 120);
  return s || "fichier";
}

/** The files of the pieces the actor sees among `where`, and their total size. */
async function contenu(acteur: Acteur, where: Prisma.PieceTravauxWhereInput, nom: string): Promise<ContenuZip> {
  const structureId = structureDe(acteur);
  const pieces = await db.pieceTravaux.findMany({
    where: { AND: [visiblePar(structureId, acteur), where] },
    orderBy: [{ deposeeLe: { sort: "asc", nulls: "last" } }, { id: "asc" }],
    select: SELECT_ZIP,
  });
  if (pieces.length === 0) throw new AppError("INTROUVABLE");
  const fichiers: Fichier[] = [];
  const dossiers = new Set<string>();
  for (const p of pieces) {
    const numeroPiece = p.numero ?? "(brouillon sans numéro)";
    // One folder per piece: its number (the id's start when two pieces share it, or for a draft without one).
    let dossier = nomSur(p.numero ?? `brouillon-${p.id.slice(0, 8)}`);
    if (dossiers.has(dossier)) dossier = `${dossier}-${p.id.slice(0, 8)}`;
    dossiers.add(dossier);
    const noms = new Set<string>();
    const unique = (n: string) => {
      let candidat = n;
      for (let i = 2; noms.has(candidat.toLowerCase()); i++) candidat = n.replace(/(\.[^.]*)?$/, (ext) => ` (${i})${ext}`);
      noms.add(candidat.toLowerCase());
      return `${dossier}/${candidat}`;
    };
    for (const pj of p.piecesJointes)
      fichiers.push({
        pieceId: p.id,
        numeroPiece,
        nature: pj.nature,
        chemin: unique(nomSur(pj.nom)),
        taille: pj.taille,
        sha256: pj.sha256,
        pieceJointeId: pj.id,
      });
    if (p.depot)
      fichiers.push({
        pieceId: p.id,
        numeroPiece,
        nature: "CERTIFICAT",
        chemin: unique(`certificat-depot-${numeroDepot(p.depot.numero)}.pdf`),
        taille: p.depot.certificatTaille ?? TAILLE_CERTIFICAT_ESTIMEE,
        sha256: null,
        pieceJointeId: null,
      });
  }
  return { nom, taille: fichiers.reduce((t, f) => t + f.taille, 0), pieces: pieces.length, fichiers };
}

/** Chorus Pro's rule: over 120 MB, the group download is refused, with the size it would have. */
function exigerTaille(c: ContenuZip): ContenuZip {
  if (c.taille > TAILLE_ZIP_MAX)
    throw new AppError(
      "TELECHARGEMENT_TROP_VOLUMINEUX",
      {},
      `Un téléchargement groupé ne peut dépasser 120 Mo : ${c.pieces > 1 ? `ces ${c.pieces} pièces font` : "cette pièce fait"} ${tailleEnMots(c.taille)}. Sélectionnez moins de pièces, ou téléchargez leurs fichiers un à un.`,
    );
  return c;
}

/** « 12,3 Mo », « 850 ko ». */
export function tailleEnMots(octets: number): string {
  if (octets < 1024 * 1024) return `${Math.max(1, Math.round(octets / 1024)).toLocaleString("fr-FR")} ko`;
  return `${(octets / (1024 * 1024)).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} Mo`;
}

/**
 * « Télécharger le dossier »: the deposited pieces of the dossier the actor sees. `apercu`: its size and count only,
 * for the button (never refused).
 */
export async function contenuDossier(acteur: Acteur, dossierId: string, o: { apercu?: boolean } = {}): Promise<ContenuZip> {
  const id = verifierId(dossierId);
  const dossier = await db.dossierFacturation.findUnique({ where: { id }, select: { numero: true } });
  if (!dossier) throw new AppError("INTROUVABLE");
  const c = await contenu(acteur, { dossierId: id, statut: { not: "BROUILLON" } }, `dossier-${numeroDossier(dossier.numero)}.zip`);
  return o.apercu ? c : exigerTaille(c);
}

/** « Télécharger la sélection »: the checked pieces of a list (those the actor sees; SELECTION_MAX at most). */
export async function contenuSelection(acteur: Acteur, pieceIds: string[], now = new Date()): Promise<ContenuZip> {
  const ids = [...new Set(pieceIds.filter(Boolean))];
  if (ids.length === 0) throw new AppError("SELECTION_VIDE");
  if (ids.length > SELECTION_MAX)
    throw new AppError("SAISIE_INVALIDE", {}, `Une sélection compte ${SELECTION_MAX} pièces au plus : téléchargez-la en plusieurs fois.`);
  return exigerTaille(await contenu(acteur, { id: { in: ids.map(verifierId) } }, `pieces-${now.toISOString().slice(0, 10)}.zip`));
}

/**
 * The ZIP as a stream: each file read from the store when the previous one is written (one open at a time), the
 * certificates drawn if they never were, then the manifest. An error midway ends the download (logged).
 */
export function fluxZip(acteur: Acteur, c: ContenuZip): Readable {
  const archive = new ZipArchive({ zlib: { level: 1 } });
  const lignes: string[][] = [];
  (async () => {
    for (const f of c.fichiers) {
      if (archive.destroyed) return;
      if (f.pieceJointeId) {
        const fichier = await ouvrirPieceJointe(acteur, f.pieceId, f.pieceJointeId);
        archive.append(Readable.fromWeb(fichier.flux as WebReadableStream), { name: f.chemin });
        lignes.push([f.chemin, f.numeroPiece, NATURES[f.nature] ?? f.nature, String(f.taille), f.sha256 ?? ""]);
      } else {
        const certificat = await certificatDepot(acteur, f.pieceId);
        archive.append(Buffer.from(certificat.contenu), { name: f.chemin });
        const sha256 = createHash("sha256").update(certificat.contenu).digest("hex");
        lignes.push([f.chemin, f.numeroPiece, NATURES.CERTIFICAT, String(certificat.contenu.length), sha256]);
      }
      // One file at a time: the next is opened once this one is written (or the download was abandoned).
      await Promise.race([once(archive, "entry"), once(archive, "close")]);
    }
    const manifeste = stringify(lignes, {
      delimiter: ";",
      bom: true,
      header: true,
      columns: ["Fichier", "Pièce", "Nature", "Taille (octets)", "SHA-256"],
      record_delimiter: "windows",
    });
    archive.append(manifeste, { name: NOM_MANIFESTE });
    await archive.finalize();
  })().catch((error: unknown) => {
    journal.error({ err: error }, "téléchargement groupé interrompu");
    archive.destroy(error as Error);
  });
  return archive;
}

/** The ZIP's response: its name, and no length (it is written as it goes). */
export function reponseZip(acteur: Acteur, c: ContenuZip): Response {
  return new Response(Readable.toWeb(fluxZip(acteur, c)) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${c.nom}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
