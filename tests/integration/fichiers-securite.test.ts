import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Acteur } from "@/lib/auth/acteur";
import { db } from "@/lib/db";
import { envoyer } from "@/lib/invoices/envoi";
import { ajouterPieceJointe, listerPiecesJointes } from "@/lib/invoices/pieces-jointes";
import { arreterFil, configurerFil, etatFil } from "@/lib/pdf/fil";
import { codeDe } from "../support/fixtures";
import { pdfArbreDePages } from "../support/pdf-hostile";
import { brouillonComplet, pdfFacture, scenario } from "./factures-fixtures";

// The session of the request: the upload route reads its actor through it (the rest is the real route, domain and database).
let acteurCourant: Acteur | null = null;
vi.mock("@/lib/auth/session", () => ({ getActeur: async () => acteurCourant }));
const { POST } = await import("@/app/api/factures-travaux/pieces/[id]/pieces-jointes/route");

/** A request body that would send `megaoctets` MB of zeros, counting what the server asks of it: nothing is read in advance. */
function corpsCompte(megaoctets: number) {
  let lus = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(c) {
        lus++;
        c.enqueue(new Uint8Array(1024 * 1024));
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
  const debut = performance.now();
  const reponse = await POST(requete, { params: Promise.resolve({ id: pieceId }) });
  return { statut: reponse.status, corps: (await reponse.json()) as { ok: boolean; code?: string; message?: string }, ms: performance.now() - debut };
}

const fichiersStockes = (pieceId: string) => db.pieceJointeTravaux.count({ where: { pieceId } });

const duree = async <T>(p: Promise<T>): Promise<{ valeur: T; ms: number }> => {
  const debut = performance.now();
  const valeur = await p;
  return { valeur, ms: performance.now() - debut };
};

describe("les droits sur la pièce sont vérifiés avant que le fichier envoyé soit lu", () => {
  it("l'utilisateur d'une autre structure reçoit « introuvable » sans qu'un octet de son envoi (1 Go) soit lu, et rien n'est stocké", async () => {
    const s = await scenario();
    const { id } = await brouillonComplet(s);
    const corps = corpsCompte(1024);
    const r = await deposer(s.exterieur.acteur, id, "piege.pdf", corps.stream);
    expect(r.statut).toBe(404);
    expect(r.corps).toMatchObject({ ok: false, code: "INTROUVABLE", message: "L'élément demandé est introuvable." });
    expect(corps.lus()).toBe(0);
    expect(r.ms).toBeLessThan(2_000);
    expect(await fichiersStockes(id)).toBe(0);
    // The size it announces is not looked at either: rights come first.
    const annonce = await deposer(s.exterieur.acteur, id, "piege.pdf", corpsCompte(1).stream, { entetes: { "content-length": String(10 * 1024 ** 3) } });
    expect(annonce.statut).toBe(404);
  });

  it("une pièce déjà envoyée, une attestation hors de l'A10 du titulaire, une seconde facture : refus avant toute lecture", async () => {
    const s = await scenario();
    const { id } = await brouillonComplet(s);
    const pdf = await pdfFacture();
    expect((await deposer(s.deposant.acteur, id, "facture.pdf", pdf, { nature: "FACTURE" })).statut).toBe(201);

    const seconde = corpsCompte(5);
    const r = await deposer(s.deposant.acteur, id, "autre-facture.pdf", seconde.stream, { nature: "FACTURE" });
    expect(r).toMatchObject({
      statut: 422,
      corps: { code: "FICHIER_REFUSE", message: "La facture est déjà jointe : supprimez-la d'abord pour la remplacer." },
    });
    expect(seconde.lus()).toBe(0);

    const attestation = corpsCompte(5);
    expect((await deposer(s.deposant.acteur, id, "attestation.pdf", attestation.stream, { nature: "ATTESTATION_PAIEMENT_DIRECT" })).statut).toBe(404);
    expect(attestation.lus()).toBe(0);

    await envoyer(s.deposant.acteur, id);
    const apresEnvoi = corpsCompte(5);
    expect(await deposer(s.deposant.acteur, id, "annexe.pdf", apresEnvoi.stream)).toMatchObject({ statut: 409, corps: { code: "PIECE_NON_MODIFIABLE" } });
    expect(apresEnvoi.lus()).toBe(0);
    // The MOE sees the piece, but may not add to it.
    const moe = corpsCompte(5);
    expect((await deposer(s.moeUser.acteur, id, "annexe.pdf", moe.stream)).statut).toBe(404);
    expect(moe.lus()).toBe(0);
    expect(await fichiersStockes(id)).toBe(1);
  });

  it("le domaine ne lit le contenu qu'une fois les droits vérifiés", async () => {
    const s = await scenario();
    const { id } = await brouillonComplet(s);
    const lire = vi.fn(async () => pdfFacture());
    expect(await codeDe(ajouterPieceJointe(s.exterieur.acteur, id, { nom: "facture.pdf", contenu: lire, nature: "FACTURE" }))).toBe("INTROUVABLE");
    expect(await codeDe(ajouterPieceJointe(s.collegue.acteur, "pas-un-identifiant", { nom: "facture.pdf", contenu: lire, nature: "FACTURE" }))).toBe(
      "INTROUVABLE",
    );
    expect(lire).not.toHaveBeenCalled();
    // A colleague of the depositing structure may: the content is read then.
    await ajouterPieceJointe(s.collegue.acteur, id, { nom: "facture.pdf", contenu: lire, nature: "FACTURE" });
    expect(lire).toHaveBeenCalledTimes(1);
  });

  it("le nom du fichier stocké est nettoyé de ses caractères de direction et invisibles", async () => {
    const s = await scenario();
    const { id } = await brouillonComplet(s);
    const r = await deposer(s.deposant.acteur, id, "relevé\u202Evsc.\u200Bcsv", Buffer.from("lot;montant\n1;100\n"));
    expect(r.statut).toBe(201);
    expect((await listerPiecesJointes(s.deposant.acteur, id)).map((f) => f.nom)).toEqual(["relevévsc.csv"]);
  });
});

describe("un PDF hostile est arrêté à sa limite et ne retarde pas les autres dépôts", () => {
  // Short limits for the test; the portal's own are PDF_WORKERS (2) and PDF_TASK_TIMEOUT_MS (10 s).
  const DELAI_MS = 2_000;
  // 2^40 page-tree visits to count its pages: hours without the limit.
  const hostile = pdfArbreDePages(40);

  beforeAll(() => configurerFil({ taille: 2, delaiMs: DELAI_MS }));
  beforeEach(async () => {
    // Both workers up (loading pdf-lib takes a moment on a busy machine): what is measured is the waiting, not the start.
    const pdf = await pdfFacture();
    const { verifierPdf } = await import("@/lib/files/analyse");
    await Promise.all([verifierPdf(pdf, "a.pdf"), verifierPdf(pdf, "b.pdf")]);
  });
  afterAll(async () => {
    await configurerFil({});
    await arreterFil();
  });

  it("refusé dans le temps imparti, rien n'est stocké ; un dépôt complet fait pendant ce temps n'attend pas ; le fil est relancé", async () => {
    const piege = await scenario();
    const brouillonPiege = await brouillonComplet(piege);
    const autre = await scenario();
    const { id: autreId, numero } = await brouillonComplet(autre);
    const lances = etatFil().lances;

    let hostileFini = false;
    const envoiHostile = deposer(piege.deposant.acteur, brouillonPiege.id, "facture-piege.pdf", hostile, { nature: "FACTURE" }).finally(() => {
      hostileFini = true;
    });
    await vi.waitFor(() => expect(etatFil().occupes).toBe(1), { timeout: 5_000, interval: 10 }); // its PDF is being read
    // Meanwhile another supplier joins his invoice and an attachment, and sends his piece.
    const depot = await duree(
      (async () => {
        await ajouterPieceJointe(autre.deposant.acteur, autreId, { nom: "facture.pdf", contenu: await pdfFacture(`Facture ${numero}`), nature: "FACTURE" });
        await ajouterPieceJointe(autre.deposant.acteur, autreId, { nom: "annexe.pdf", contenu: await pdfFacture("Annexe"), nature: "COMPLEMENTAIRE" });
        return envoyer(autre.deposant.acteur, autreId);
      })(),
    );
    expect(hostileFini).toBe(false);
    expect(depot.ms).toBeLessThan(DELAI_MS);
    expect(await fichiersStockes(autreId)).toBe(2);

    const refus = await envoiHostile;
    expect(refus.statut).toBe(422);
    expect(refus.corps).toMatchObject({ ok: false, code: "FICHIER_REFUSE" });
    expect(refus.corps.message).toContain("Le fichier « facture-piege.pdf » n'a pas pu être analysé dans le temps imparti : ce PDF est refusé.");
    expect(refus.ms).toBeGreaterThanOrEqual(DELAI_MS - 10);
    expect(refus.ms).toBeLessThan(DELAI_MS + 5_000);
    expect(await fichiersStockes(brouillonPiege.id)).toBe(0);
    expect((await db.pieceTravaux.findUniqueOrThrow({ where: { id: brouillonPiege.id } })).taillePiecesJointes).toBe(0);

    // The stopped worker was replaced: the same supplier's real invoice is read as usual.
    const ensuite = await deposer(piege.deposant.acteur, brouillonPiege.id, "facture.pdf", await pdfFacture(), { nature: "FACTURE" });
    expect(ensuite.statut).toBe(201);
    expect(etatFil().lances).toBe(lances + 1);
  });

  it("deux PDF hostiles à la fois occupent les deux fils : un dépôt attend au plus la limite, puis passe", async () => {
    const piege = await scenario();
    const [a, b] = [await brouillonComplet(piege), await brouillonComplet(piege)];
    const autre = await scenario();
    const { id: autreId } = await brouillonComplet(autre);
    const refus = [a, b].map((p) =>
      ajouterPieceJointe(piege.deposant.acteur, p.id, { nom: "piege.pdf", contenu: hostile, nature: "COMPLEMENTAIRE" }).catch((e) => e),
    );
    await vi.waitFor(() => expect(etatFil().occupes).toBe(2), { timeout: 5_000, interval: 10 });
    const depot = await duree(ajouterPieceJointe(autre.deposant.acteur, autreId, { nom: "facture.pdf", contenu: await pdfFacture(), nature: "FACTURE" }));
    expect(depot.valeur.typeMime).toBe("application/pdf");
    // Bounded by the limit, plus a new worker's start (loading pdf-lib: long on a busy test machine) — not by the hostile
    // PDFs' hours.
    expect(depot.ms).toBeLessThan(DELAI_MS + 10_000);
    for (const e of await Promise.all(refus)) expect(e).toMatchObject({ code: "FICHIER_REFUSE", message: expect.stringContaining("dans le temps imparti") });
  });
});
