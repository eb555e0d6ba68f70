import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type { Acteur } from "@/lib/auth/acteur";
import { db } from "@/lib/db";
import { annoncerFichier } from "@/lib/files/annonces";
import { balayerFichiersOrphelins } from "@/lib/files/balayage";
import { controlerFichiers } from "@/lib/files/controle";
import { TAILLE_PIECE_MAX } from "@/lib/files/limites";
import { lireS3Url } from "@/lib/files/s3-url";
import { cleDe, lireTout, ObjetIntrouvable, remplacerStockage, type Stockage, StockageDisque, StockageS3 } from "@/lib/files/stockage";
import { certificatDepot } from "@/lib/invoices/consultation";
import { envoyer } from "@/lib/invoices/envoi";
import { ajouterPieceJointe, lirePieceJointe, supprimerPieceJointe } from "@/lib/invoices/pieces-jointes";
import { codeDe } from "../support/fixtures";
import { demarrerS3 } from "../support/s3";
import { brouillonComplet, pdfFacture, scenario } from "./factures-fixtures";

// The session of the request: the routes read their actor through it (the rest is the real routes, domain, database and store).
let acteurCourant: Acteur | null = null;
vi.mock("@/lib/auth/session", () => ({ getActeur: async () => acteurCourant }));
const { POST } = await import("@/app/api/factures-travaux/pieces/[id]/pieces-jointes/route");
const { GET } = await import("@/app/api/factures-travaux/pieces/[id]/pieces-jointes/[pieceJointeId]/route");

/** Each store under test: the store, a way to change an object behind its back, its temporary folder, its end. */
type Banc = { s: Stockage; alterer: (cle: string, octets: Uint8Array) => Promise<void>; fermer: () => Promise<void> };

const BANCS: { nom: string; ouvrir: () => Promise<Banc> }[] = [
  {
    nom: "un dossier sur disque",
    ouvrir: async () => {
      const dossier = await mkdtemp(path.join(os.tmpdir(), "portail-stockage-disque-"));
      return {
        s: new StockageDisque(dossier),
        // The object is read-only: replaced, as someone with the rights on the folder would.
        alterer: async (cle, octets) => {
          await rm(path.join(dossier, ...cle.split("/")));
          await writeFile(path.join(dossier, ...cle.split("/")), octets);
        },
        fermer: () => rm(dossier, { recursive: true, force: true }),
      };
    },
  },
  {
    nom: "un serveur S3 (s3rver)",
    ouvrir: async () => {
      const serveur = await demarrerS3();
      const lu = lireS3Url(serveur.url);
      if (!lu.ok) throw new Error(lu.message);
      const temporaire = await mkdtemp(path.join(os.tmpdir(), "portail-stockage-s3-"));
      const s = new StockageS3(lu.config, { dossierTemporaire: temporaire });
      return {
        s,
        alterer: async (cle, octets) => {
          await s.client.send(new PutObjectCommand({ Bucket: lu.config.bucket, Key: cle, Body: octets }));
        },
        fermer: async () => {
          await serveur.fermer();
          await rm(temporaire, { recursive: true, force: true });
        },
      };
    },
  },
];

const sha256 = (o: Uint8Array) => createHash("sha256").update(o).digest("hex");
/** A PDF no other test deposits (so that no other test's row names its key). */
const pdfUnique = () => pdfFacture(`Facture ${randomUUID()}`);

/** A request body that would send `megaoctets` MB, counting the chunks the server asks for. */
function corpsCompte(megaoctets: number) {
  let lus = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(c) {
        lus++;
        c.enqueue(new Uint8Array(1024 * 1024).fill(0x61));
        if (lus >= megaoctets) c.close();
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, lus: () => lus };
}

async function deposer(
  acteur: Acteur,
  pieceId: string,
  nom: string,
  corps: Uint8Array | ReadableStream,
  o: { nature?: string; entetes?: Record<string, string> } = {},
) {
  acteurCourant = acteur;
  const requete = new Request(`http://localhost/api/factures-travaux/pieces/${pieceId}/pieces-jointes?nature=${o.nature ?? "COMPLEMENTAIRE"}`, {
    method: "POST",
    body: corps as BodyInit,
    headers: { "x-nom-fichier": encodeURIComponent(nom), ...o.entetes },
    duplex: "half",
  } as RequestInit);
  const reponse = await POST(requete, { params: Promise.resolve({ id: pieceId }) });
  return {
    statut: reponse.status,
    corps: (await reponse.json()) as { ok: boolean; code?: string; message?: string; pieceJointe?: { id: string; sha256: string } },
  };
}

async function telecharger(acteur: Acteur, pieceId: string, pieceJointeId: string) {
  acteurCourant = acteur;
  const reponse = await GET(new Request(`http://localhost/api/factures-travaux/pieces/${pieceId}/pieces-jointes/${pieceJointeId}`), {
    params: Promise.resolve({ id: pieceId, pieceJointeId }),
  });
  return { statut: reponse.status, entetes: reponse.headers, octets: Buffer.from(await reponse.arrayBuffer()) };
}

describe.each(BANCS)("les fichiers dans $nom", ({ ouvrir }) => {
  let banc: Banc;
  beforeAll(async () => {
    banc = await ouvrir();
    remplacerStockage(banc.s);
  });
  afterAll(async () => {
    remplacerStockage(undefined);
    await banc.fermer();
  });

  const cles = async () => {
    const l: string[] = [];
    for await (const o of banc.s.lister()) l.push(o.cle);
    return l;
  };
  const temporaires = async () => (await readdir(banc.s.dossierTemporaire).catch(() => [])).length;
  /** The check's problems on these rows only (the run's database holds other tests' rows, whose objects are elsewhere). */
  const problemes = async (ids: string[]) => (await controlerFichiers({ stockage: banc.s })).problemes.filter((p) => ids.includes(p.id));

  it("un fichier envoyé est écrit sous la clé de son contenu et se relit à l'identique ; le même contenu déposé deux fois est stocké une fois", async () => {
    const s = await scenario();
    const [a, b] = [await brouillonComplet(s), await brouillonComplet(s)];
    const pdf = await pdfUnique();
    const cle = cleDe(sha256(pdf));
    const ra = await deposer(s.deposant.acteur, a.id, "facture.pdf", new Blob([pdf as Uint8Array<ArrayBuffer>]).stream(), { nature: "FACTURE" });
    const rb = await deposer(s.deposant.acteur, b.id, "copie.pdf", pdf, { nature: "FACTURE" });
    expect([ra.statut, rb.statut]).toEqual([201, 201]);
    const lignes = await db.pieceJointeTravaux.findMany({ where: { pieceId: { in: [a.id, b.id] } }, select: { cle: true, sha256: true, taille: true } });
    expect(lignes).toEqual([
      { cle, sha256: sha256(pdf), taille: pdf.length },
      { cle, sha256: sha256(pdf), taille: pdf.length },
    ]);
    expect((await cles()).filter((c) => c === cle)).toHaveLength(1);
    // Nothing left behind: no announcement, no temporary file.
    expect(await db.fichierEnAttente.count({ where: { cle } })).toBe(0);
    expect(await temporaires()).toBe(0);

    // Read back through the download route (streamed from the store), and by the domain.
    const t = await telecharger(s.moeUser.acteur, a.id, ra.corps.pieceJointe!.id);
    expect(t.statut).toBe(404); // not sent yet: the MOE does not see the draft
    const d = await telecharger(s.deposant.acteur, a.id, ra.corps.pieceJointe!.id);
    expect(d.statut).toBe(200);
    expect(d.entetes.get("content-length")).toBe(String(pdf.length));
    expect(d.octets.equals(Buffer.from(pdf))).toBe(true);
    expect(Buffer.from((await lirePieceJointe(s.deposant.acteur, b.id, "FACTURE")).contenu).equals(Buffer.from(pdf))).toBe(true);
  });

  it("un objet stocké n'est jamais écrasé ; un fichier local, des octets ou un flux s'écrivent de même", async () => {
    const original = randomBytes(5000);
    const cle = cleDe(sha256(original));
    expect(await banc.s.ecrire(cle, { octets: original }, { taille: original.length, sha256: sha256(original) })).toBe("ecrit");
    // Another content under the same key (which content addressing never does): the stored object stays as it was.
    const autre = randomBytes(5000);
    expect(await banc.s.ecrire(cle, { octets: autre }, { taille: autre.length, sha256: sha256(autre) })).toBe("existait");
    expect((await lireTout(banc.s, cle)).equals(original)).toBe(true);

    const dossier = await mkdtemp(path.join(os.tmpdir(), "portail-source-"));
    try {
      const local = randomBytes(70_000);
      await writeFile(path.join(dossier, "envoi"), local);
      const parFlux = randomBytes(70_000);
      expect(await banc.s.ecrire(cleDe(sha256(local)), { chemin: path.join(dossier, "envoi") }, { taille: local.length, sha256: sha256(local) })).toBe("ecrit");
      expect(await banc.s.ecrire(cleDe(sha256(parFlux)), { flux: Readable.from([parFlux]) }, { taille: parFlux.length, sha256: sha256(parFlux) })).toBe(
        "ecrit",
      );
      expect((await lireTout(banc.s, cleDe(sha256(local)))).equals(local)).toBe(true);
      expect((await lireTout(banc.s, cleDe(sha256(parFlux)))).equals(parFlux)).toBe(true);
      expect(await banc.s.info(cleDe(sha256(local)))).toMatchObject({ taille: local.length });
    } finally {
      await rm(dossier, { recursive: true, force: true });
    }
    expect(await banc.s.info(cleDe("f".repeat(64)))).toBeNull();
    await expect(banc.s.lire(cleDe("f".repeat(64)))).rejects.toBeInstanceOf(ObjetIntrouvable);
    await banc.s.verifier();
  });

  it("le contrôle trouve tout en ordre, puis signale l'objet manquant et celui dont l'empreinte diffère ; le fichier manquant ne se télécharge plus", async () => {
    const s = await scenario();
    const { id } = await brouillonComplet(s);
    const facture = await ajouterPieceJointe(s.deposant.acteur, id, { nom: "facture.pdf", contenu: await pdfUnique(), nature: "FACTURE" });
    const annexe = await ajouterPieceJointe(s.deposant.acteur, id, {
      nom: "annexe.csv",
      contenu: Buffer.from(`lot;montant\n${randomUUID()};100\n`),
      nature: "COMPLEMENTAIRE",
    });
    await envoyer(s.deposant.acteur, id);
    // The certificate is stored at its first download, recorded on the deposit; the next download reads it back.
    const certificat = await certificatDepot(s.deposant.acteur, id);
    const depot = await db.depotPieceTravaux.findUniqueOrThrow({ where: { pieceId: id }, select: { id: true, certificatCle: true, certificatTaille: true } });
    expect(depot.certificatCle).toBe(cleDe(sha256(certificat.contenu)));
    expect(depot.certificatTaille).toBe(certificat.contenu.length);
    expect((await lireTout(banc.s, depot.certificatCle!)).equals(Buffer.from(certificat.contenu))).toBe(true);
    expect(Buffer.from((await certificatDepot(s.moeUser.acteur, id)).contenu).equals(Buffer.from(certificat.contenu))).toBe(true);

    const ids = [facture.id, annexe.id, depot.id];
    expect(await problemes(ids)).toEqual([]);

    await banc.s.supprimer(cleDe(facture.sha256));
    // The same number of bytes, another content.
    const ligneAnnexe = await db.pieceJointeTravaux.findUniqueOrThrow({ where: { id: annexe.id }, select: { cle: true, taille: true } });
    await banc.alterer(ligneAnnexe.cle, Buffer.alloc(ligneAnnexe.taille, 0x7a));
    expect(Object.fromEntries((await problemes(ids)).map((p) => [p.id, p.probleme]))).toEqual({ [facture.id]: "manquant", [annexe.id]: "empreinte" });
    // Without reading the contents: the missing one only (the altered one has the right size).
    expect((await controlerFichiers({ stockage: banc.s, empreintes: false })).problemes.filter((p) => ids.includes(p.id)).map((p) => p.id)).toEqual([
      facture.id,
    ]);

    await expect(lirePieceJointe(s.moeUser.acteur, id, facture.id)).rejects.toBeInstanceOf(ObjetIntrouvable);
    const t = await telecharger(s.moeUser.acteur, id, facture.id);
    expect(t.statut).toBe(500);
    // A lost certificate is drawn again, identical, and stored again.
    await banc.s.supprimer(depot.certificatCle!);
    expect(Buffer.from((await certificatDepot(s.moeUser.acteur, id)).contenu).equals(Buffer.from(certificat.contenu))).toBe(true);
    expect(await banc.s.existe(depot.certificatCle!)).toBe(true);
  });

  it("le balayage supprime, passé le délai de grâce, les seuls objets qu'aucune ligne ni annonce récente ne nomme", async () => {
    const s = await scenario();
    const { id } = await brouillonComplet(s);
    const reference = await ajouterPieceJointe(s.deposant.acteur, id, { nom: "facture.pdf", contenu: await pdfUnique(), nature: "FACTURE" });
    const ecrire = async () => {
      const o = randomBytes(2000);
      const cle = cleDe(sha256(o));
      await banc.s.ecrire(cle, { octets: o }, { taille: o.length, sha256: sha256(o) });
      return cle;
    };
    const orpheline = await ecrire();
    const annoncee = await ecrire();
    const HEURE = 60 * 60 * 1000;
    const plusTard = (h: number) => new Date(Date.now() + h * HEURE);
    // An upload in progress, two hours from now, announced the same content (found already stored).
    await annoncerFichier(annoncee, { now: plusTard(2) });

    // Now: every object is younger than the grace period.
    expect((await balayerFichiersOrphelins({ stockage: banc.s })).supprimes).toBe(0);
    expect(await banc.s.existe(orpheline)).toBe(true);

    const bilan = await balayerFichiersOrphelins({ now: plusTard(2), delaiGraceMs: HEURE, stockage: banc.s });
    expect(bilan.supprimes).toBeGreaterThanOrEqual(1);
    expect(await banc.s.existe(orpheline)).toBe(false);
    expect(await banc.s.existe(annoncee)).toBe(true);
    expect(await banc.s.existe(cleDe(reference.sha256))).toBe(true);

    // The announcement's process never came back: once it is older than the grace period, both go.
    await balayerFichiersOrphelins({ now: plusTard(4), delaiGraceMs: HEURE, stockage: banc.s });
    expect(await banc.s.existe(annoncee)).toBe(false);
    expect(await db.fichierEnAttente.count({ where: { cle: annoncee } })).toBe(0);
    expect(await banc.s.existe(cleDe(reference.sha256))).toBe(true);

    // A draft's file deleted: its object goes with the next sweep past the grace period.
    await supprimerPieceJointe(s.deposant.acteur, id, reference.id);
    await balayerFichiersOrphelins({ now: plusTard(2), delaiGraceMs: HEURE, stockage: banc.s });
    expect(await banc.s.existe(cleDe(reference.sha256))).toBe(false);
  });

  it("deux envois du même contenu dont l'un échoue après l'écriture de l'objet : l'objet reste, nommé par l'autre", async () => {
    const s = await scenario();
    const [plein, libre] = [await brouillonComplet(s), await brouillonComplet(s)];
    // A piece whose files nearly reach 120 Mo (set directly: the counter is what the writing statement checks).
    await db.pieceTravaux.update({ where: { id: plein.id }, data: { taillePiecesJointes: TAILLE_PIECE_MAX - 100 } });
    const pdf = await pdfUnique();
    const cle = cleDe(sha256(pdf));
    const [refus, ok] = await Promise.all([
      codeDe(ajouterPieceJointe(s.deposant.acteur, plein.id, { nom: "facture.pdf", contenu: pdf, nature: "FACTURE" })),
      codeDe(ajouterPieceJointe(s.deposant.acteur, libre.id, { nom: "facture.pdf", contenu: pdf, nature: "FACTURE" })),
    ]);
    expect([refus, ok]).toEqual(["TAILLE_PIECE_DEPASSEE", "OK"]);
    expect(await db.fichierEnAttente.count({ where: { cle } })).toBe(0);
    await balayerFichiersOrphelins({ now: new Date(Date.now() + 2 * 60 * 60 * 1000), delaiGraceMs: 60 * 60 * 1000, stockage: banc.s });
    expect((await lireTout(banc.s, cle)).equals(Buffer.from(pdf))).toBe(true);

    // Alone, the failed upload's object is an orphan: swept.
    const seul = await pdfUnique();
    expect(await codeDe(ajouterPieceJointe(s.deposant.acteur, plein.id, { nom: "facture.pdf", contenu: seul, nature: "FACTURE" }))).toBe(
      "TAILLE_PIECE_DEPASSEE",
    );
    expect(await banc.s.existe(cleDe(sha256(seul)))).toBe(true);
    await balayerFichiersOrphelins({ now: new Date(Date.now() + 2 * 60 * 60 * 1000), delaiGraceMs: 60 * 60 * 1000, stockage: banc.s });
    expect(await banc.s.existe(cleDe(sha256(seul)))).toBe(false);
    expect(await banc.s.existe(cle)).toBe(true);
  });

  it("une annonce attend que le balayage ait fini de vérifier et de supprimer la même clé", async () => {
    const cle = cleDe(sha256(randomBytes(32)));
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    try {
      // The sweep's exclusive lock on the key, held.
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [cle]);
      let annoncee = false;
      const annonce = annoncerFichier(cle).then(() => {
        annoncee = true;
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(annoncee).toBe(false);
      await client.query("COMMIT");
      await annonce;
      expect(await db.fichierEnAttente.count({ where: { cle } })).toBe(1);
    } finally {
      await client.end();
    }
  });

  it("un envoi de plus de 10 Mo est coupé pendant sa lecture, avec le message en français ; rien n'est stocké", async () => {
    const s = await scenario();
    const { id } = await brouillonComplet(s);
    const avant = (await cles()).length;
    const corps = corpsCompte(1024); // 1 Go, without Content-Length
    const r = await deposer(s.deposant.acteur, id, "plan.txt", corps.stream);
    expect(r).toMatchObject({ statut: 422, corps: { ok: false, code: "FICHIER_REFUSE", message: "Le fichier dépasse la taille maximale de 10 Mo." } });
    expect(corps.lus()).toBeLessThanOrEqual(11);
    // The piece over 120 Mo with this file: cut short too, with its own message.
    await db.pieceTravaux.update({ where: { id }, data: { taillePiecesJointes: TAILLE_PIECE_MAX - 5 * 1024 * 1024 } });
    const piece = corpsCompte(9);
    const p = await deposer(s.deposant.acteur, id, "plan.txt", piece.stream);
    expect(p).toMatchObject({ statut: 413, corps: { code: "TAILLE_PIECE_DEPASSEE", message: expect.stringContaining("ne peuvent dépasser 120 Mo au total") } });
    expect(piece.lus()).toBeLessThanOrEqual(6);
    // A size announced over the limit is refused before reading.
    const annonce = corpsCompte(11);
    expect((await deposer(s.deposant.acteur, id, "plan.txt", annonce.stream, { entetes: { "content-length": String(11 * 1024 * 1024) } })).statut).toBe(422);
    expect(annonce.lus()).toBe(0);
    expect(await db.pieceJointeTravaux.count({ where: { pieceId: id } })).toBe(0);
    expect((await cles()).length).toBe(avant);
    expect(await temporaires()).toBe(0);
  });
});

describe("la vérification du stockage (santé du portail)", () => {
  it("échoue quand le serveur S3 ne répond pas ou que le dossier n'est pas utilisable", async () => {
    const serveur = await demarrerS3();
    const lu = lireS3Url(serveur.url);
    if (!lu.ok) throw new Error(lu.message);
    const s3 = new StockageS3(lu.config);
    await s3.verifier();
    await serveur.fermer();
    await expect(s3.verifier()).rejects.toThrow();
    // A file where the folder should be.
    const dossier = await mkdtemp(path.join(os.tmpdir(), "portail-stockage-casse-"));
    try {
      await writeFile(path.join(dossier, "fichier"), "x");
      await expect(new StockageDisque(path.join(dossier, "fichier")).verifier()).rejects.toThrow();
    } finally {
      await rm(dossier, { recursive: true, force: true });
    }
  });
});

describe("S3_URL", () => {
  it("se lit en point d'accès, bucket, région, style et identifiants ; une URL mal formée est refusée avec le format attendu", () => {
    expect(lireS3Url("s3://CLE%2F1:SECRET%40x@minio.interne:9000/factures?tls=false")).toEqual({
      ok: true,
      config: {
        endpoint: "http://minio.interne:9000",
        bucket: "factures",
        region: "us-east-1",
        forcePathStyle: true,
        credentials: { accessKeyId: "CLE/1", secretAccessKey: "SECRET@x" },
      },
    });
    expect(lireS3Url("s3://s3.fr-par.scw.cloud/factures?region=fr-par&style=virtual")).toMatchObject({
      ok: true,
      config: { endpoint: "https://s3.fr-par.scw.cloud", region: "fr-par", forcePathStyle: false, credentials: undefined },
    });
    for (const faux of ["https://minio/factures", "s3://minio", "s3://minio/a/b", "s3://minio/f?style=autre", "s3://cle@minio/f", "s3://minio/f?inconnu=1"]) {
      const lu = lireS3Url(faux);
      expect(lu.ok, faux).toBe(false);
      if (!lu.ok) expect(lu.message).toContain("format : s3://");
    }
  });
});
