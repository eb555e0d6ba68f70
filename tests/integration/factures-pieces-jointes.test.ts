import { describe, expect, it } from "vitest";
import { PDFDocument } from "pdf-lib";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { ajouterPieceJointe, lirePieceJointe, listerPiecesJointes, supprimerPieceJointe } from "@/lib/invoices/pieces-jointes";
import { TAILLE_FICHIER_MAX } from "@/lib/files/limites";
import { envoyer } from "@/lib/invoices/envoi";
import { codeDe } from "../support/fixtures";
import { brouillonComplet, pdfChiffre, pdfFacture, scenario } from "./factures-fixtures";

const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4f40000000049454e44ae426082",
  "hex",
);

async function brouillon() {
  const s = await scenario();
  const { id } = await brouillonComplet(s);
  const ajouter = (nom: string, contenu: Uint8Array, nature: "FACTURE" | "COMPLEMENTAIRE" = "COMPLEMENTAIRE") =>
    ajouterPieceJointe(s.deposant.acteur, id, { nom, contenu, nature });
  const refus = async (nom: string, contenu: Uint8Array, nature: "FACTURE" | "COMPLEMENTAIRE" = "COMPLEMENTAIRE") => {
    const e = await ajouter(nom, contenu, nature).then(
      () => null,
      (x) => x,
    );
    if (!e) throw new Error(`${nom} aurait dû être refusé`);
    return e as { code: string; message: string };
  };
  return { s, id, ajouter, refus };
}

describe("gestion des pièces jointes", () => {
  it("ajoute, liste, relit à l'identique et supprime ; le type vient du contenu", async () => {
    const { s, id, ajouter } = await brouillon();
    const pdf = await pdfFacture();
    const facture = await ajouter("Facture n°1 — été.pdf", pdf, "FACTURE");
    expect(facture).toMatchObject({
      nature: "FACTURE",
      nom: "Facture n°1 — été.pdf",
      typeMime: "application/pdf",
      taille: pdf.length,
      sha256: createHash("sha256").update(pdf).digest("hex"),
    });
    const image = await ajouter("photo-chantier.png", PNG);
    expect(image.typeMime).toBe("image/png");
    expect((await listerPiecesJointes(s.deposant.acteur, id)).map((f) => f.nom)).toEqual(["Facture n°1 — été.pdf", "photo-chantier.png"]);
    expect(Buffer.from((await lirePieceJointe(s.deposant.acteur, id, "FACTURE")).contenu).equals(Buffer.from(pdf))).toBe(true);
    await supprimerPieceJointe(s.deposant.acteur, id, image.id);
    expect((await listerPiecesJointes(s.deposant.acteur, id)).map((f) => f.nom)).toEqual(["Facture n°1 — été.pdf"]);
    expect(await codeDe(supprimerPieceJointe(s.exterieur.acteur, id, facture.id))).toBe("INTROUVABLE");
  });

  it("accepte les formats bureautiques, texte, XML et archives dont le contenu correspond", async () => {
    const { ajouter } = await brouillon();
    expect((await ajouter("situation.csv", Buffer.from("lot;montant\n1;100\n"))).typeMime).toBe("text/csv");
    expect((await ajouter("flux.xml", Buffer.from('<?xml version="1.0"?><facture><numero>1</numero></facture>'))).typeMime).toBe("application/xml");
    expect((await ajouter("archive.gz", Buffer.from("1f8b0800000000000003030000000000000000", "hex"))).typeMime).toBe("application/gzip");
    expect((await ajouter("lettre.rtf", Buffer.from("{\\rtf1\\ansi Bonjour}"))).typeMime).toBe("application/rtf");
  });

  it("refuse un fichier dont le contenu ne correspond pas à l'extension", async () => {
    const { refus } = await brouillon();
    expect((await refus("plan.pdf", PNG, "FACTURE")).message).toBe("Le fichier « plan.pdf » n'est pas un PDF : son contenu ne commence pas comme un PDF.");
    expect((await refus("photo.jpg", PNG)).message).toContain("ne correspond pas à son extension .jpg (contenu reconnu : png)");
    expect((await refus("notes.txt", Buffer.concat([Buffer.from("MZ"), Buffer.alloc(64), Buffer.from("PE\0\0")]))).message).toContain(
      "ne correspond pas à son extension .txt",
    );
    expect((await refus("donnees.xml", Buffer.from("<facture><numero>1</facture>"))).message).toContain("le XML n'est pas bien formé");
    expect((await refus("script.exe", Buffer.from("MZ"))).message).toContain("Le format .exe n'est pas accepté");
  });

  it("refuse un faux PDF, un PDF chiffré, et un autre fichier que PDF comme facture", async () => {
    const { refus } = await brouillon();
    expect((await refus("facture.pdf", Buffer.from("%PDF-1.7\nceci n'est pas un PDF\n%%EOF"), "FACTURE")).message).toBe(
      "Le fichier « facture.pdf » n'est pas un PDF valide : il ne peut pas être lu.",
    );
    const tronque = (await pdfFacture()).slice(0, 300);
    expect((await refus("tronque.pdf", tronque)).message).toMatch(/n'est pas un PDF (valide|lisible)/);
    expect((await refus("protege.pdf", await pdfChiffre(), "FACTURE")).message).toContain("chiffré ou protégé par un mot de passe");
    expect((await refus("facture.png", PNG, "FACTURE")).message).toBe("La facture elle-même doit être un fichier PDF.");
  });

  it("applique les limites de Chorus Pro : nom ≤ 50 caractères, fichier < 10 Mo, une seule facture", async () => {
    const { ajouter, refus } = await brouillon();
    expect((await refus(`${"n".repeat(47)}.pdf`, await pdfFacture())).message).toContain("dépasse 50 caractères");
    expect((await refus("gros.txt", Buffer.alloc(TAILLE_FICHIER_MAX, 0x61))).message).toContain("dépasse la taille maximale de 10 Mo");
    expect((await refus("vide.txt", Buffer.alloc(0))).message).toContain("est vide");
    await ajouter("facture.pdf", await pdfFacture(), "FACTURE");
    expect((await refus("autre-facture.pdf", await pdfFacture(), "FACTURE")).message).toContain("La facture est déjà jointe");
  });

  it("refuse le fichier qui ferait dépasser 120 Mo à la pièce et à ses pièces jointes", async () => {
    const { id, ajouter, refus } = await brouillon();
    const gros = Buffer.alloc(TAILLE_FICHIER_MAX - 1024, 0x61);
    for (let i = 0; i < 12; i++) await ajouter(`lot-${i}.txt`, gros);
    const e = await refus("encore.txt", Buffer.alloc(2 * 1024 * 1024, 0x61));
    expect(e.code).toBe("TAILLE_PIECE_DEPASSEE");
    expect(e.message).toContain("120 Mo");
    expect(await db.pieceJointeTravaux.count({ where: { pieceId: id } })).toBe(12);
  }, 120_000);

  it("deux factures envoyées en même temps : une seule est jointe ; supprimée, la facture peut être remplacée", async () => {
    const { s, id, ajouter } = await brouillon();
    const pdf = await pdfFacture();
    const codes = await Promise.all([codeDe(ajouter("facture-a.pdf", pdf, "FACTURE")), codeDe(ajouter("facture-b.pdf", pdf, "FACTURE"))]);
    expect(codes.sort()).toEqual(["FICHIER_REFUSE", "OK"]);
    const factures = await db.pieceJointeTravaux.findMany({ where: { pieceId: id, nature: "FACTURE" }, select: { id: true } });
    expect(factures).toHaveLength(1);
    await supprimerPieceJointe(s.deposant.acteur, id, factures[0].id);
    expect(await codeDe(ajouter("facture-c.pdf", pdf, "FACTURE"))).toBe("OK");
    expect(await db.pieceTravaux.findUniqueOrThrow({ where: { id }, select: { taillePiecesJointes: true, factureJointe: true } })).toEqual({
      taillePiecesJointes: pdf.length,
      factureJointe: true,
    });
  });

  it("deux fichiers ajoutés en même temps qui dépasseraient ensemble la limite de la pièce : un seul passe", async () => {
    const { id, ajouter } = await brouillon();
    const gros = Buffer.alloc(TAILLE_FICHIER_MAX - 1024, 0x61);
    for (let i = 0; i < 11; i++) await ajouter(`lot-${i}.txt`, gros);
    // 11 files of nearly 10 Mo: room for one more, not two.
    const codes = await Promise.all([codeDe(ajouter("lot-a.txt", gros)), codeDe(ajouter("lot-b.txt", gros))]);
    expect(codes.sort()).toEqual(["OK", "TAILLE_PIECE_DEPASSEE"]);
    expect(await db.pieceJointeTravaux.count({ where: { pieceId: id } })).toBe(12);
  }, 120_000);

  it("n'ajoute rien à une pièce envoyée ni à celle d'une autre structure", async () => {
    const { s, id, ajouter } = await brouillon();
    expect(await codeDe(ajouterPieceJointe(s.exterieur.acteur, id, { nom: "note.txt", contenu: Buffer.from("note"), nature: "COMPLEMENTAIRE" }))).toBe(
      "INTROUVABLE",
    );
    await ajouter("facture.pdf", await pdfFacture(), "FACTURE");
    await envoyer(s.deposant.acteur, id);
    expect(await codeDe(ajouter("note.txt", Buffer.from("note")))).toBe("PIECE_NON_MODIFIABLE");
    expect(await db.pieceJointeTravaux.count({ where: { pieceId: id } })).toBe(1);
  });

  it("un PDF à plusieurs pages et ses métadonnées passent", async () => {
    const { ajouter } = await brouillon();
    const doc = await PDFDocument.create();
    doc.addPage();
    doc.addPage();
    doc.setTitle("Situation de travaux");
    expect((await ajouter("situation.pdf", await doc.save())).typeMime).toBe("application/pdf");
  });
});
