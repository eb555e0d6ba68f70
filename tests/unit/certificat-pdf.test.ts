import { describe, expect, it } from "vitest";
import { genererCertificatDepot, modeleCertificat } from "@/lib/pdf/certificat";
import { arreterFil, etatFil } from "@/lib/pdf/fil";
import { dessinerCertificat } from "@/lib/pdf/dessin-certificat.mjs";
import { texteDuPdf } from "@/lib/pdf/texte";
import { verifierPdf } from "@/lib/files/analyse";
import type { ContenuCertificat } from "@/lib/invoices/certificat";

const contenu: ContenuCertificat = {
  deposeLe: "2026-11-27T10:15:00.000Z",
  deposant: { raisonSociale: "BATIMENTS DU SUD-OUEST", identifiant: "41278935600026", utilisateur: "Jeanne Martin <jeanne.martin@example.fr>" },
  cadre: { code: "A13_PROJET_DECOMPTE_MENSUEL_COTRAITANT", court: "A13", libelle: "Projet de décompte mensuel (cotraitant)" },
  moe: { raisonSociale: "ATELIER D'ARCHITECTURE GARONNE", identifiant: "49360218900018" },
  cotraitant: { raisonSociale: "MENUISERIES BOIS ALU NORMANDES", identifiant: "31874025500019" },
  moa: { raisonSociale: "MINISTERE DE LA CULTURE", identifiant: "13000509300112", service: "Département Immobilier (DEPT-IMMO)" },
  facture: {
    numero: "F-2026-0042",
    date: "2026-11-20",
    devise: "EUR",
    typeTva: "TVA sur les débits",
    montantHt: "1000000",
    montantTva: "200000",
    montantTtc: "1200000",
    lignesTva: [{ taux: 2000, baseHt: "1000000", montantTva: "200000" }],
  },
  fichiers: [{ nom: "facture.pdf", nature: "FACTURE", typeMime: "application/pdf", taille: 5523, sha256: "a".repeat(64) }],
  dossier: "DF00000042",
  statut: "Mise à disposition de la MOE",
} as unknown as ContenuCertificat;

describe("certificat de dépôt dessiné hors du fil des requêtes", { timeout: 20_000 }, () => {
  it("est identique, octet pour octet, au certificat dessiné dans le processus, et se relit", async () => {
    const empreinte = "b".repeat(64);
    const parLeTravailleur = await genererCertificatDepot(contenu, "D-2026-000042", empreinte);
    expect(etatFil().actifs).toBeGreaterThan(0);
    const surPlace = await dessinerCertificat(modeleCertificat(contenu, "D-2026-000042", empreinte));
    expect(Buffer.from(parLeTravailleur).equals(Buffer.from(surPlace))).toBe(true);
    const texte = (await texteDuPdf(parLeTravailleur)).join("\n");
    expect(texte).toContain("D-2026-000042");
    expect(texte).toContain("MENUISERIES BOIS ALU NORMANDES");
    expect(texte).toContain("a".repeat(64));
    await arreterFil();
  });

  it("plusieurs certificats demandés à la fois reviennent chacun à sa demande", async () => {
    const numeros = Array.from({ length: 12 }, (_, i) => `D-2026-${String(i).padStart(6, "0")}`);
    const pdfs = await Promise.all(numeros.map((n) => genererCertificatDepot(contenu, n, "c".repeat(64))));
    const textes = await Promise.all(pdfs.map(async (p) => (await texteDuPdf(p)).join("\n")));
    for (const [i, t] of textes.entries()) expect(t).toContain(numeros[i]);
    await arreterFil();
  });

  it("si le fil de travail tombe, la tâche en cours échoue sans être refaite dans le processus, et les suivantes ont un nouveau fil", async () => {
    const attendu = await dessinerCertificat(modeleCertificat(contenu, "D-2026-000099", "d".repeat(64)));
    const lances = etatFil().lances;
    const enCours = genererCertificatDepot(contenu, "D-2026-000099", "d".repeat(64)).catch((e: Error) => e);
    await arreterFil();
    expect(String(await enCours)).toContain("fil de travail PDF arrêté");
    expect(Buffer.from(await genererCertificatDepot(contenu, "D-2026-000099", "d".repeat(64))).equals(Buffer.from(attendu))).toBe(true);
    expect(etatFil().lances).toBeGreaterThan(lances);
    await arreterFil();
  });

  it("lit les PDF joints dans le fil de travail : valide, tronqué", async () => {
    const pdf = await genererCertificatDepot(contenu, "D-2026-000100", "e".repeat(64));
    expect(await verifierPdf(pdf, "facture.pdf")).toBeNull();
    expect(etatFil().actifs).toBeGreaterThan(0);
    expect(await verifierPdf(pdf.subarray(0, 400), "tronque.pdf")).toContain("n'est pas un PDF valide");
    expect(await verifierPdf(pdf, "facture.pdf")).toBeNull();
    await arreterFil();
  });
});

describe("certificat d'un décompte général signé (A8)", () => {
  it("atteste la signature du titulaire : le décompte général, l'acceptation avec réserves, leur motif et le mémoire en réclamation", () => {
    const signe = {
      ...contenu,
      cadre: { code: "A8_DECOMPTE_GENERAL_DEFINITIF_FOURNISSEUR", court: "A8", libelle: "Projet de décompte général définitif" },
      fichiers: [...contenu.fichiers, { nom: "memoire.pdf", nature: "MEMOIRE_RECLAMATION", typeMime: "application/pdf", taille: 2048, sha256: "f".repeat(64) }],
      signature: {
        decompteGeneral: "A20 – Décompte général, n° DG-2026-7",
        acceptation: "Accepté avec réserves (mémoire en réclamation joint)",
        motifReserves: "Pénalités contestées",
      },
      statut: "Mise à disposition du service financier",
    } as ContenuCertificat;
    const blocs = modeleCertificat(signe, "FT0000000042", "b".repeat(64)).blocs;
    const textes = blocs.map((b) => ("libelle" in b ? `${b.libelle} : ${b.valeur}` : b.texte));
    expect(textes).toEqual(
      expect.arrayContaining([
        "Signature du décompte général",
        "Décompte général signé : A20 – Décompte général, n° DG-2026-7",
        "Signature du titulaire : Accepté avec réserves (mémoire en réclamation joint)",
        "Motif des réserves : Pénalités contestées",
        "Mémoire en réclamation : memoire.pdf",
      ]),
    );
    // Any other piece: no such block.
    expect(modeleCertificat(contenu, "FT0000000043", "b".repeat(64)).blocs.some((b) => "texte" in b && b.texte === "Signature du décompte général")).toBe(
      false,
    );
  });
});
