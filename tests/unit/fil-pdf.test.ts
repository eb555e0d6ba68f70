import { afterAll, afterEach, describe, expect, it } from "vitest";
import { PDFDocument } from "pdf-lib";
import { verifierPdf } from "@/lib/files/analyse";
import { configurationFilPdf } from "@/lib/pdf/configuration";
import { arreterFil, configurerFil, etatFil, horsFil } from "@/lib/pdf/fil";
import { pdfArbreDePages } from "../support/pdf-hostile";

// The machine running the tests may be busy: bounds are generous, but each is far below what the hostile PDF would take
// without its limit (2^40 page-tree visits: hours).
const hostile = pdfArbreDePages(40);

async function pdfValide(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage();
  return doc.save();
}

const duree = async <T>(p: Promise<T>): Promise<{ valeur: T; ms: number }> => {
  const debut = performance.now();
  const valeur = await p;
  return { valeur, ms: performance.now() - debut };
};

afterEach(() => configurerFil({}));
afterAll(() => arreterFil());

describe("travail PDF : limites de temps et de mémoire, file d'attente, jamais dans le fil des requêtes", { timeout: 20_000 }, () => {
  it("un PDF qui demanderait des heures est arrêté à sa limite de temps et refusé ; le fil est relancé et lit le PDF suivant", async () => {
    await configurerFil({ taille: 1, delaiMs: 600 });
    const valide = await pdfValide();
    expect(await verifierPdf(valide, "avant.pdf")).toBeNull(); // the worker is up: the next task's time is its own
    const lances = etatFil().lances;
    const { valeur, ms } = await duree(verifierPdf(hostile, "piege.pdf"));
    expect(valeur).toBe(
      "Le fichier « piege.pdf » n'a pas pu être analysé dans le temps imparti : ce PDF est refusé. Enregistrez-le à nouveau (par exemple en l'imprimant en PDF) puis déposez-le.",
    );
    expect(ms).toBeGreaterThanOrEqual(590);
    expect(ms).toBeLessThan(5_000);
    expect(await verifierPdf(valide, "apres.pdf")).toBeNull();
    expect(etatFil().lances).toBe(lances + 1);
  });

  it("un PDF qui dépasse la mémoire d'un fil est refusé, sans emporter le processus ; le fil est relancé", async () => {
    await configurerFil({ taille: 1, delaiMs: 60_000, memoireMo: 16 });
    // Its last node is a page: each of the 2^40 visits keeps a reference, until the heap runs out.
    expect(await verifierPdf(pdfArbreDePages(40, { pages: true }), "gouffre.pdf")).toContain("demande trop de mémoire pour être analysé : ce PDF est refusé");
    expect(await verifierPdf(await pdfValide(), "apres.pdf")).toBeNull();
  }, 30_000);

  it("le fil des requêtes n'est jamais occupé par le PDF hostile : il répond toutes les quelques millisecondes pendant son analyse", async () => {
    await configurerFil({ taille: 1, delaiMs: 1_000 });
    await verifierPdf(await pdfValide(), "avant.pdf");
    let ecartMax = 0;
    let dernier = performance.now();
    const battement = setInterval(() => {
      const t = performance.now();
      ecartMax = Math.max(ecartMax, t - dernier);
      dernier = t;
    }, 5);
    const refus = await verifierPdf(hostile, "piege.pdf");
    clearInterval(battement);
    expect(refus).toContain("dans le temps imparti");
    // Run here, the parse would hold this thread for the whole second (and far more without the limit).
    expect(ecartMax).toBeLessThan(500);
  });

  it("avec deux fils, un PDF ordinaire est lu pendant que le PDF hostile occupe l'autre fil", async () => {
    await configurerFil({ taille: 2, delaiMs: 2_500 });
    const valide = await pdfValide();
    await Promise.all([verifierPdf(valide, "a.pdf"), verifierPdf(valide, "b.pdf")]); // both workers up
    let hostileFini = false;
    const refus = verifierPdf(hostile, "piege.pdf").finally(() => {
      hostileFini = true;
    });
    const ordinaires = await duree(Promise.all(Array.from({ length: 5 }, (_, i) => verifierPdf(valide, `ordinaire-${i}.pdf`))));
    expect(ordinaires.valeur).toEqual([null, null, null, null, null]);
    expect(hostileFini).toBe(false);
    expect(ordinaires.ms).toBeLessThan(2_000);
    expect(etatFil()).toMatchObject({ taille: 2, occupes: 1, enAttente: 0 });
    expect(await refus).toContain("dans le temps imparti");
  }, 15_000);

  it("avec un seul fil, les tâches attendent leur tour au plus la limite de temps du PDF hostile, les certificats d'abord", async () => {
    await configurerFil({ taille: 1, delaiMs: 800 });
    const valide = await pdfValide();
    await verifierPdf(valide, "avant.pdf");
    const ordre: string[] = [];
    const fini =
      (nom: string) =>
      <T>(r: T): T => {
        ordre.push(nom);
        return r;
      };
    const debut = performance.now();
    const refus = verifierPdf(hostile, "piege.pdf").then(fini("hostile"));
    const lecture = verifierPdf(valide, "ordinaire.pdf").then(fini("lecture"));
    // A certificate (the portal's own PDF), queued after the reading: it goes first.
    const dessin = horsFil<Uint8Array>("dessiner", {
      modele: { meta: { titre: "t", sujet: "s", auteur: "a", date: "2026-01-01T00:00:00Z" }, pied: "p", blocs: [{ t: "texte", texte: "Certificat" }] },
    }).then(fini("dessin"));
    await new Promise((r) => setTimeout(r, 50));
    expect(etatFil()).toMatchObject({ occupes: 1, enAttente: 2 });
    expect(await lecture).toBeNull();
    expect(performance.now() - debut).toBeLessThan(800 + 3_000);
    expect((await dessin).byteLength).toBeGreaterThan(500);
    expect(await refus).toContain("dans le temps imparti");
    expect(ordre).toEqual(["hostile", "dessin", "lecture"]);
  });

  it("la taille du groupe, la limite de temps et la mémoire se règlent par l'environnement, contrôlées", () => {
    expect(configurationFilPdf({})).toEqual({ taille: 2, delaiMs: 10_000, memoireMo: 256 });
    expect(configurationFilPdf({ PDF_WORKERS: "1", PDF_TASK_TIMEOUT_MS: "3000", PDF_WORKER_MEMORY_MB: "128" })).toEqual({
      taille: 1,
      delaiMs: 3_000,
      memoireMo: 128,
    });
    expect(() => configurationFilPdf({ PDF_WORKERS: "0" })).toThrow(/PDF_WORKERS/);
    expect(() => configurationFilPdf({ PDF_TASK_TIMEOUT_MS: "dix" })).toThrow(/PDF_TASK_TIMEOUT_MS/);
  });
});
