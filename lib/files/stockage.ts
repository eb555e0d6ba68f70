import { createHash, randomUUID } from "node:crypto";
import { constants, createReadStream } from "node:fs";
import { access, chmod, copyFile, link, mkdir, open, opendir, readdir, rm, stat, unlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { env } from "@/lib/env";
import { type ConfigurationS3, lireS3Url } from "./s3-url";

/**
 * Where the files live (attachments, invoices, deposit certificates): an S3-compatible object store when `S3_URL` is
 * set, else a folder on disk (`FICHIERS_DIR`, `.data/files` by default) — the same small interface.
 *
 * - Keys are content addresses (`cleDe(sha256)`): the same file deposited twice is stored once.
 * - A stored object is never overwritten: writing a key that exists leaves it as it is (its content is the same, by
 *   construction of the key).
 * - The database keeps each file's key, size, hash, type and name; an object is written BEFORE the row that names it
 *   commits, announced first in `FichierEnAttente` (lib/files/annonces.ts) so that the sweep (lib/files/balayage.ts)
 *   never removes it from under an upload.
 */

/** An object of the store, as listed. */
export type ObjetStocke = { cle: string; taille: number; modifieLe: Date };

/** What to write: a local file (the upload's temporary file), bytes, or a stream — with its known size and SHA-256. */
export type SourceObjet = { chemin: string } | { octets: Uint8Array } | { flux: Readable };

export interface Stockage {
  /** For the messages of operators: « dossier /srv/fichiers », « S3 http://minio:9000/factures ». */
  readonly nom: string;
  /** Where uploads are written while they arrive (on the store's own disk for a folder, so that storing them is a link). */
  readonly dossierTemporaire: string;
  /** Stores the object unless its key exists; « existait » when it did (it is left untouched). */
  ecrire(cle: string, source: SourceObjet, attendu: { taille: number; sha256: string }): Promise<"ecrit" | "existait">;
  /** The object's content as a Node stream; `ObjetIntrouvable` when it does not exist. */
  lire(cle: string): Promise<Readable>;
  /** Its size and date, or null when it does not exist. */
  info(cle: string): Promise<ObjetStocke | null>;
  existe(cle: string): Promise<boolean>;
  /** Removes the object (nothing when it does not exist). Only the sweep removes objects. */
  supprimer(cle: string): Promise<void>;
  /** Every object with its date (for the sweep), in no particular order. */
  lister(): AsyncIterable<ObjetStocke>;
  /** Throws when the store cannot be reached or written (the readiness check). */
  verifier(): Promise<void>;
}

export class ObjetIntrouvable extends Error {
  constructor(readonly cle: string) {
    super(`Objet introuvable dans le stockage des fichiers : ${cle}`);
    this.name = "ObjetIntrouvable";
  }
}

export class ContenuInattendu extends Error {
  constructor(cle: string, detail: string) {
    super(`Contenu refusé par le stockage des fichiers pour ${cle} : ${detail}`);
    this.name = "ContenuInattendu";
  }
}

const SHA256 = /^[0-9a-f]{64}$/;
const CLE = /^sha256\/[0-9a-f]{2}\/[0-9a-f]{64}$/;

/** The key of a content: `sha256/<2 premiers caractères>/<sha256 en hexadécimal>` (two levels keep folders small). */
export function cleDe(sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error(`Empreinte SHA-256 invalide : ${sha256}`);
  return `sha256/${sha256.slice(0, 2)}/${sha256}`;
}

/** The SHA-256 a key names (every key is one of `cleDe`). */
export function sha256DeCle(cle: string): string {
  if (!CLE.test(cle)) throw new Error(`Clé de fichier invalide : ${cle}`);
  return cle.slice(-64);
}

export const estCle = (cle: string) => CLE.test(cle);

/** A Node stream as a web stream (a Response body). */
export function versWeb(flux: Readable): ReadableStream<Uint8Array> {
  return Readable.toWeb(flux) as ReadableStream<Uint8Array>;
}

/** The whole object (certificates, tests; the routes stream). */
export async function lireTout(s: Stockage, cle: string): Promise<Buffer> {
  const morceaux: Buffer[] = [];
  for await (const m of await s.lire(cle)) morceaux.push(m as Buffer);
  return Buffer.concat(morceaux);
}

/** Objects are read-only on disk too. */
const LECTURE_SEULE = 0o444;

const estCode = (error: unknown, ...codes: string[]) => codes.includes((error as { code?: string })?.code ?? "");

/** A folder on disk: `<racine>/sha256/ab/abcd…`, temporary files under `<racine>/.tmp`. */
export class StockageDisque implements Stockage {
  readonly racine: string;
  readonly nom: string;
  readonly dossierTemporaire: string;

  constructor(racine: string) {
    this.racine = path.resolve(racine);
    this.nom = `dossier ${this.racine}`;
    this.dossierTemporaire = path.join(this.racine, ".tmp");
  }

  private chemin(cle: string): string {
    if (!estCle(cle)) throw new Error(`Clé de fichier invalide : ${cle}`);
    return path.join(this.racine, ...cle.split("/"));
  }

  async ecrire(cle: string, source: SourceObjet, attendu: { taille: number; sha256: string }): Promise<"ecrit" | "existait"> {
    const final = this.chemin(cle);
    if (await this.existe(cle)) return "existait";
    await mkdir(path.dirname(final), { recursive: true });
    // An upload already on this disk becomes the object by a second name: nothing is copied.
    if ("chemin" in source) {
      await synchroniser(source.chemin);
      try {
        await link(source.chemin, final);
        await chmod(final, LECTURE_SEULE);
        await synchroniser(path.dirname(final));
        return "ecrit";
      } catch (error) {
        if (estCode(error, "EEXIST")) return "existait";
        if (!estCode(error, "EXDEV", "EPERM", "ENOTSUP", "EOPNOTSUPP")) throw error;
      }
    }
    // Else through a temporary file of the store, made whole and durable, then linked: `link` never replaces an
    // existing name (a rename would), so an object is never overwritten, and nobody ever sees half of one.
    await mkdir(this.dossierTemporaire, { recursive: true });
    const temporaire = path.join(this.dossierTemporaire, `${randomUUID()}.objet`);
    try {
      if ("chemin" in source) await copyFile(source.chemin, temporaire, constants.COPYFILE_EXCL);
      else {
        const fichier = await open(temporaire, "wx");
        try {
          if ("octets" in source) await fichier.writeFile(source.octets);
          else {
            const hash = createHash("sha256");
            let taille = 0;
            for await (const morceau of source.flux) {
              const m = morceau as Buffer;
              hash.update(m);
              taille += m.length;
              await fichier.write(m);
            }
            const sha256 = hash.digest("hex");
            if (taille !== attendu.taille || sha256 !== attendu.sha256)
              throw new ContenuInattendu(cle, `${taille} octets de SHA-256 ${sha256}, attendus ${attendu.taille} de SHA-256 ${attendu.sha256}`);
          }
          await fichier.sync();
        } finally {
          await fichier.close();
        }
      }
      if ("chemin" in source) await synchroniser(temporaire);
      try {
        await link(temporaire, final);
      } catch (error) {
        if (estCode(error, "EEXIST")) return "existait";
        throw error;
      }
      await chmod(final, LECTURE_SEULE);
      await synchroniser(path.dirname(final));
      return "ecrit";
    } finally {
      await unlink(temporaire).catch(() => {});
    }
  }

  async lire(cle: string): Promise<Readable> {
    const fichier = await open(this.chemin(cle), "r").catch((error: unknown) => {
      throw estCode(error, "ENOENT") ? new ObjetIntrouvable(cle) : error;
    });
    return fichier.createReadStream();
  }

  async info(cle: string): Promise<ObjetStocke | null> {
    try {
      const s = await stat(this.chemin(cle));
      return { cle, taille: s.size, modifieLe: s.mtime };
    } catch (error) {
      if (estCode(error, "ENOENT")) return null;
      throw error;
    }
  }

  async existe(cle: string): Promise<boolean> {
    return (await this.info(cle)) !== null;
  }

  async supprimer(cle: string): Promise<void> {
    await rm(this.chemin(cle), { force: true });
  }

  async *lister(): AsyncIterable<ObjetStocke> {
    const racine = path.join(this.racine, "sha256");
    let niveaux: string[];
    try {
      niveaux = (await readdir(racine)).sort();
    } catch (error) {
      if (estCode(error, "ENOENT")) return;
      throw error;
    }
    for (const niveau of niveaux) {
      const dossier = await opendir(path.join(racine, niveau)).catch(() => null);
      if (!dossier) continue;
      for await (const entree of dossier) {
        const cle = `sha256/${niveau}/${entree.name}`;
        if (!entree.isFile() || !estCle(cle)) continue;
        const s = await stat(path.join(racine, niveau, entree.name)).catch(() => null);
        if (s) yield { cle, taille: s.size, modifieLe: s.mtime };
      }
    }
  }

  async verifier(): Promise<void> {
    await mkdir(this.dossierTemporaire, { recursive: true });
    await access(this.racine, constants.R_OK | constants.W_OK);
    await access(this.dossierTemporaire, constants.W_OK);
  }
}

/** fsync of a file or a folder (the object, then its name, are on disk before the row that names it commits). */
async function synchroniser(chemin: string): Promise<void> {
  const f = await open(chemin, "r");
  try {
    await f.sync();
  } finally {
    await f.close();
  }
}

const introuvable = (error: unknown) =>
  error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 404 || error.name === "NoSuchKey" || error.name === "NotFound");

/** An S3-compatible object store (`S3_URL`, lib/files/s3-url.ts). */
export class StockageS3 implements Stockage {
  readonly nom: string;
  readonly dossierTemporaire: string;
  readonly client: S3Client;
  private readonly bucket: string;
  /** Stores that do not implement conditional writes (If-None-Match) answer 501: the check before writing is then the only one. */
  private sansCondition = false;

  constructor(config: ConfigurationS3, options: { dossierTemporaire?: string } = {}) {
    this.dossierTemporaire = options.dossierTemporaire ?? path.join(os.tmpdir(), "portail-fichiers");
    this.bucket = config.bucket;
    this.nom = `S3 ${config.endpoint}/${config.bucket}`;
    this.client = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      credentials: config.credentials,
      // The checksums this SDK adds by default (CRC32 in aws-chunked trailers) are unknown to many S3-compatible stores;
      // the SHA-256 the portal computed is sent instead (x-amz-checksum-sha256), and checked by the stores that know it.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
    });
  }

  async ecrire(cle: string, source: SourceObjet, attendu: { taille: number; sha256: string }): Promise<"ecrit" | "existait"> {
    if (await this.existe(cle)) return "existait";
    const corps = () => ("chemin" in source ? createReadStream(source.chemin) : "octets" in source ? source.octets : source.flux);
    const envoyer = (condition: boolean) =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: cle,
          Body: corps(),
          ContentLength: attendu.taille,
          ContentType: "application/octet-stream",
          ChecksumSHA256: Buffer.from(attendu.sha256, "hex").toString("base64"),
          IfNoneMatch: condition ? "*" : undefined,
        }),
      );
    try {
      await envoyer(!this.sansCondition);
    } catch (error) {
      const statut = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
      // Written meanwhile by another upload of the same content.
      if (statut === 412 || statut === 409) return "existait";
      if (statut !== 501 || this.sansCondition || "flux" in source) throw error;
      this.sansCondition = true;
      await envoyer(false);
    }
    return "ecrit";
  }

  async lire(cle: string): Promise<Readable> {
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: cle }));
      return r.Body as Readable;
    } catch (error) {
      if (introuvable(error)) throw new ObjetIntrouvable(cle);
      throw error;
    }
  }

  async info(cle: string): Promise<ObjetStocke | null> {
    try {
      const r = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: cle }));
      return { cle, taille: r.ContentLength ?? 0, modifieLe: r.LastModified ?? new Date(0) };
    } catch (error) {
      if (introuvable(error)) return null;
      throw error;
    }
  }

  async existe(cle: string): Promise<boolean> {
    return (await this.info(cle)) !== null;
  }

  async supprimer(cle: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: cle }));
  }

  async *lister(): AsyncIterable<ObjetStocke> {
    for await (const page of paginateListObjectsV2({ client: this.client, pageSize: 1000 }, { Bucket: this.bucket, Prefix: "sha256/" })) {
      for (const o of page.Contents ?? []) {
        if (o.Key && estCle(o.Key)) yield { cle: o.Key, taille: o.Size ?? 0, modifieLe: o.LastModified ?? new Date(0) };
      }
    }
  }

  async verifier(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }), { abortSignal: AbortSignal.timeout(5_000) });
  }
}

/** The store a configuration describes (tests build their own). */
export function creerStockage(config: { s3Url?: string; dossier?: string }): Stockage {
  if (config.s3Url) {
    const lu = lireS3Url(config.s3Url);
    if (!lu.ok) throw new Error(`S3_URL ${lu.message}`);
    return new StockageS3(lu.config);
  }
  return new StockageDisque(config.dossier ?? ".data/files");
}

type Etat = { cle?: string; stockage?: Stockage; remplacant?: Stockage };
const holder = globalThis as typeof globalThis & { __portailStockage?: Etat };
holder.__portailStockage ??= {};
const etat = holder.__portailStockage;

/** The process's store, as configured (`S3_URL`, else `FICHIERS_DIR`). */
export function stockage(): Stockage {
  if (etat.remplacant) return etat.remplacant;
  const { S3_URL, FICHIERS_DIR } = env();
  const cle = `${S3_URL ?? ""}|${FICHIERS_DIR}`;
  if (etat.cle !== cle || !etat.stockage) {
    etat.stockage = creerStockage({ s3Url: S3_URL, dossier: FICHIERS_DIR });
    etat.cle = cle;
  }
  return etat.stockage;
}

/** Tests: this store for the process instead of the configured one (`undefined`: the configured one again). */
export function remplacerStockage(s: Stockage | undefined): void {
  etat.remplacant = s;
}

/** Removes the temporary files older than `avant` left in `dossier` (a process that died during an upload). */
export async function nettoyerTemporaires(dossier: string, avant: Date): Promise<number> {
  let n = 0;
  let entrees: string[];
  try {
    entrees = await readdir(dossier);
  } catch (error) {
    if (estCode(error, "ENOENT")) return 0;
    throw error;
  }
  for (const nom of entrees) {
    const chemin = path.join(dossier, nom);
    const s = await stat(chemin).catch(() => null);
    if (s?.isFile() && s.mtime < avant) {
      await unlink(chemin).catch(() => {});
      n++;
    }
  }
  return n;
}
