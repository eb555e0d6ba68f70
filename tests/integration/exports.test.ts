import { createHash } from "node:crypto";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Acteur } from "@/lib/auth/acteur";
import { db } from "@/lib/db";
import { rechercherPieces } from "@/lib/invoices/consultation";
import { envoyer } from "@/lib/invoices/envoi";
import { formaterMontant } from "@/lib/invoices/montants";
import { ajouterPieceJointe } from "@/lib/invoices/pieces-jointes";
import { clauseListe, ordreListe, parLots } from "@/lib/invoices/recherche";
import { filtresSchema, type FactureForm } from "@/lib/invoices/schemas";
import { brouillonComplet, pdfFacture, scenario, type Scenario } from "./factures-fixtures";

// The session of the request: the routes read their actor through it (the rest is the real routes, domain, database and store).
let acteurCourant: Acteur | null = null;
vi.mock("@/lib/auth/session", () => ({ getActeur: async () => acteurCourant }));
const { GET: exportGET } = await import("@/app/api/factures-travaux/export/route");
const { GET: dossierGET } = await import("@/app/api/factures-travaux/dossiers/[id]/zip/route");
const { GET: selectionGET } = await import("@/app/api/factures-travaux/selection/route");

// As Next calls a route without dynamic segments: no params.
const sansParams = { params: Promise.resolve(undefined) };

/** An invoice of `ht` euros (VAT 20 %), with the given references. */
function facture(ht: number, o: Partial<FactureForm> = {}): Partial<FactureForm> {
  const e = (euros: number) => formaterMontant(euros * 100);
  return { montantHt: e(ht), montantTva: e(ht * 0.2), montantTtc: e(ht * 1.2), lignesTva: [{ taux: "20", baseHt: e(ht), montantTva: e(ht * 0.2) }], ...o };
}

/** A piece deposited at `le` by `acteur` (the scenario's supplier by default), invoice PDF and one attachment joined. */
async function deposee(s: Scenario, ht: number, le: Date, o: { acteur?: Acteur; facture?: Partial<FactureForm> } = {}) {
  const acteur = o.acteur ?? s.deposant.acteur;
  const { id, numero } = await brouillonComplet(s, { acteur, facture: facture(ht, o.facture) });
  await ajouterPieceJointe(acteur, id, { nom: "facture.pdf", contenu: await pdfFacture(`Facture ${numero}`), nature: "FACTURE" });
  await ajouterPieceJointe(acteur, id, { nom: "situation;mars.csv", contenu: Buffer.from(`poste;montant\nGros oeuvre;${ht}\n`), nature: "COMPLEMENTAIRE" });
  const envoi = await envoyer(acteur, id, { now: le });
  return { id, numero, dossierId: envoi.dossierId, dossier: envoi.dossier };
}

/** A CSV as spreadsheets read it (RFC 4180: quoted fields, doubled quotes), the BOM removed. */
function lireCsv(texte: string): string[][] {
  const lignes: string[][] = [];
  let ligne: string[] = [];
  let champ = "";
  let guillemets = false;
  const finChamp = () => {
    ligne.push(champ);
    champ = "";
  };
  const finLigne = () => {
    finChamp();
    lignes.push(ligne);
    ligne = [];
  };
  for (let i = 0; i < texte.length; i++) {
    const c = texte[i];
    if (guillemets) {
      if (c === '"' && texte[i + 1] === '"') {
        champ += '"';
        i++;
      } else if (c === '"') guillemets = false;
      else champ += c;
    } else if (c === '"') guillemets = true;
    else if (c === ";") finChamp();
    else if (c === "\r" && texte[i + 1] === "\n") {
      finLigne();
      i++;
    } else champ += c;
  }
  if (champ || ligne.length) finLigne();
  return lignes;
}

const exporter = (acteur: Acteur, requete: Record<string, string>) => {
  acteurCourant = acteur;
  return exportGET(new Request(`http://localhost/api/factures-travaux/export?${new URLSearchParams(requete)}`), sansParams);
};

let s: Scenario;
let p: Awaited<ReturnType<typeof deposee>>[];
let brouillon: { id: string; numero: string };
let autreScenario: Awaited<ReturnType<typeof deposee>>;

beforeAll(async () => {
  s = await scenario();
  // Three pieces of the supplier (deposit days in Paris: 10 March, 20 March, 5 April), one of another company, one draft.
  p = [
    await deposee(s, 1000, new Date("2026-03-10T09:00:00Z")),
    await deposee(s, 2000, new Date("2026-03-20T23:30:00Z")), // 21 March in Paris
    await deposee(s, 3000, new Date("2026-04-05T08:00:00Z")),
    await deposee(s, 4000, new Date("2026-04-06T08:00:00Z"), { acteur: s.exterieur.acteur }),
  ];
  brouillon = await brouillonComplet(s, { facture: facture(500) });
  // Someone else's piece, which nobody of this scenario sees.
  const t = await scenario();
  autreScenario = await deposee(t, 9000, new Date("2026-03-15T10:00:00Z"));
}, 120_000);

describe("Recherche : filtres et tris", () => {
  const ids = async (acteur: Acteur, f: Record<string, string>, perimetre: "SYNTHESE" | "RECHERCHE" = "RECHERCHE") =>
    (await rechercherPieces(acteur, filtresSchema.parse(f), perimetre)).pieces.map((x) => x.id);

  // (Marché, EJ and bon de commande, which existed before: tests/integration/factures-references.test.ts.)
  it("par partie (nom ou début de SIRET), dossier, dates de dépôt (jours de Paris), montant TTC, service", async () => {
    const moe = s.moeUser.acteur;
    expect(new Set(await ids(moe, {}))).toEqual(new Set(p.map((x) => x.id)));
    // The supplier by part of its name, lower case (with letters: digits alone are a SIRET's first digits), or by the
    // first digits of its SIRET; the MOA by SIRET, the MOE by name.
    expect(new Set(await ids(moe, { fournisseur: s.fournisseur.raisonSociale.slice(-13).toLowerCase() }))).toEqual(new Set(p.slice(0, 3).map((x) => x.id)));
    expect(await ids(moe, { fournisseur: s.autre.identifier.slice(0, 9) })).toEqual([p[3].id]);
    expect(await ids(moe, { moa: s.moa.identifier })).toHaveLength(4);
    expect(await ids(moe, { moe: "aucune structure de ce nom" })).toEqual([]);
    expect(await ids(moe, { dossier: p[1].dossier })).toEqual([p[1].id]);
    expect(await ids(moe, { dossier: String(Number(p[1].dossier.slice(2))) })).toEqual([p[1].id]);
    // Deposited on 21 March in Paris (23:30 UTC on the 20th): not in « du 1er au 20 mars ».
    expect(await ids(moe, { deposeDu: "2026-03-01", deposeAu: "2026-03-20" })).toEqual([p[0].id]);
    expect(await ids(moe, { deposeDu: "2026-03-21", deposeAu: "2026-03-21" })).toEqual([p[1].id]);
    expect(new Set(await ids(moe, { montantMin: "2 400,00", montantMax: "3600" }))).toEqual(new Set([p[1].id, p[2].id]));
    expect(await ids(s.moaUser.acteur, { service: s.serviceMoa.id })).toHaveLength(4);
    expect(await ids(s.moaUser.acteur, { service: s.serviceInactif.id })).toEqual([]);
    // The « Synthèse » keeps to the structure's own pieces, its draft included.
    expect(new Set(await ids(s.deposant.acteur, {}, "SYNTHESE"))).toEqual(new Set([...p.slice(0, 3).map((x) => x.id), brouillon.id]));
    expect(await ids(s.deposant.acteur, { fournisseur: s.autre.raisonSociale }, "SYNTHESE")).toEqual([]);
  });

  it("trie par montant, numéro ou date de dépôt, dans les deux sens, les valeurs vides en dernier", async () => {
    const moe = s.moeUser.acteur;
    expect(await ids(moe, { trierPar: "montantTtc", ordre: "desc" })).toEqual([p[3], p[2], p[1], p[0]].map((x) => x.id));
    expect(await ids(moe, { trierPar: "montantTtc", ordre: "asc" })).toEqual(p.map((x) => x.id));
    expect(await ids(moe, { trierPar: "numero" })).toEqual([...p].sort((a, b) => a.numero.localeCompare(b.numero, "en")).map((x) => x.id));
    // The draft has no deposit date: last, whichever the direction.
    expect((await ids(s.deposant.acteur, { trierPar: "deposeeLe", ordre: "desc" }, "SYNTHESE")).at(-1)).toBe(brouillon.id);
    expect(await ids(s.deposant.acteur, { trierPar: "deposeeLe", ordre: "asc" }, "SYNTHESE")).toEqual([p[0].id, p[1].id, p[2].id, brouillon.id]);
  });

  it("lit toute la liste lot par lot, dans l'ordre de la page, chaque pièce une fois (les valeurs vides comprises)", async () => {
    for (const tri of [{}, { trierPar: "deposeeLe", ordre: "desc" }, { trierPar: "numero", ordre: "asc" }, { trierPar: "montantTtc", ordre: "desc" }]) {
      const filtres = filtresSchema.parse(tri);
      const where = clauseListe(s.deposant.acteur, filtres, "SYNTHESE");
      const enUneFois = await db.pieceTravaux.findMany({ where, orderBy: ordreListe(filtres), select: { id: true } });
      const parDeux: string[] = [];
      for await (const lot of parLots((o) => db.pieceTravaux.findMany({ where, select: { id: true }, ...o }), ordreListe(filtres), 2))
        parDeux.push(...lot.map((x) => x.id));
      expect(parDeux).toEqual(enUneFois.map((x) => x.id));
      expect(parDeux).toHaveLength(4);
    }
  });

  it("refuse un filtre mal formé avec un message en français", () => {
    const r = filtresSchema.safeParse({ montantMin: "douze", deposeDu: "2026-02-30", dossier: "XX12", trierPar: "statut", deposeAu: "2026-01-01" });
    expect(r.success).toBe(false);
    const messages = Object.fromEntries(r.error!.issues.map((i) => [i.path[0], i.message]));
    expect(messages.montantMin).toMatch(/Montant TTC minimum : saisissez un montant en euros/);
    expect(messages.dossier).toMatch(/DF suivi de 8 chiffres/);
    expect(messages.trierPar).toMatch(/Tri : choisissez une colonne/);
    expect(filtresSchema.safeParse({ montantMin: "5 000", montantMax: "100" }).error?.issues[0].message).toBe(
      "Le montant maximum est inférieur au montant minimum.",
    );
  });
});

describe("Exporter", () => {
  it("CSV : les lignes filtrées, exactement celles de la base, en UTF-8 avec BOM, « ; », dates et montants à la française", async () => {
    const r = await exporter(s.moeUser.acteur, { format: "csv", liste: "recherche", montantMin: "2 000" });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(r.headers.get("content-disposition")).toMatch(/^attachment; filename="pieces-recherche-\d{4}-\d{2}-\d{2}\.csv"$/);
    const octets = new Uint8Array(await r.arrayBuffer());
    expect([...octets.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [entete, ...lignes] = lireCsv(new TextDecoder().decode(octets.slice(3)));
    expect(entete.slice(0, 6)).toEqual(["Numéro", "Type", "Cadre", "Statut", "Date de facture", "Déposée le"]);
    // The database, asked directly: the pieces naming the MOE, sent, of 2 000,00 € TTC or more.
    const attendu = await db.pieceTravaux.findMany({
      where: { moeId: s.moe.id, statut: { not: "BROUILLON" }, montantTtc: { gte: 200_000n } },
      select: { numero: true, montantTtc: true, dateFacture: true, structureDeposante: { select: { raisonSociale: true, identifier: true } } },
    });
    expect(lignes).toHaveLength(attendu.length);
    expect(attendu).toHaveLength(3);
    const col = (nom: string) => entete.indexOf(nom);
    for (const a of attendu) {
      const l = lignes.find((x) => x[col("Numéro")] === a.numero)!;
      expect(l).toBeDefined();
      expect(l[col("Montant TTC")]).toBe(formaterMontant(a.montantTtc));
      expect(l[col("Date de facture")]).toBe("15/01/2026");
      expect(l[col("Déposant")]).toBe(a.structureDeposante.raisonSociale);
      expect(l[col("SIRET du déposant")]).toBe(a.structureDeposante.identifier);
      expect(l[col("Votre rôle")]).toBe("MOE");
    }
    // 2 400,00 with a non-breaking space between thousands, the deposit day in Paris.
    expect(lignes.find((x) => x[0] === p[1].numero)![col("Montant TTC")]).toBe("2\u00a0400,00");
    expect(lignes.find((x) => x[0] === p[1].numero)![col("Déposée le")]).toBe("21/03/2026");
  });

  it("XLSX : les mêmes lignes, avec de vraies dates et de vrais nombres formatés", async () => {
    const r = await exporter(s.deposant.acteur, { format: "xlsx", liste: "synthese", trierPar: "montantTtc", ordre: "asc" });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const classeur = new ExcelJS.Workbook();
    await classeur.xlsx.load(await r.arrayBuffer());
    const feuille = classeur.getWorksheet("Pièces")!;
    const entete = (feuille.getRow(1).values as unknown[]).slice(1);
    const col = (nom: string) => entete.indexOf(nom) + 1;
    // The structure's three deposited pieces and its draft, by TTC amount: as the database orders them.
    const attendu = await db.pieceTravaux.findMany({
      where: { structureDeposanteId: s.fournisseur.id },
      orderBy: [{ montantTtc: "asc" }, { id: "asc" }],
      select: { numero: true, montantTtc: true, deposeeLe: true },
    });
    expect(feuille.actualRowCount - 1).toBe(attendu.length);
    attendu.forEach((a, i) => {
      const ligne = feuille.getRow(i + 2);
      expect(ligne.getCell(col("Numéro")).value).toBe(a.numero);
      expect(ligne.getCell(col("Montant TTC")).value).toBe(Number(a.montantTtc) / 100);
      expect(ligne.getCell(col("Montant TTC")).numFmt).toBe("#,##0.00");
      expect(ligne.getCell(col("Date de facture")).value).toEqual(new Date("2026-01-15T00:00:00Z"));
      expect(ligne.getCell(col("Date de facture")).numFmt).toBe("dd/mm/yyyy");
      expect(ligne.getCell(col("Déposée le")).value ?? null).toEqual(a.deposeeLe ? expect.any(Date) : null);
    });
  });

  it("refuse des filtres mal formés (400, en français) et un format inconnu ; sans session, rien", async () => {
    const r = await exporter(s.moeUser.acteur, { format: "csv", liste: "recherche", montantMin: "beaucoup" });
    expect(r.status).toBe(400);
    expect((await r.json()).message).toMatch(/^Filtres invalides : Montant TTC minimum : saisissez un montant en euros/);
    const f = await exporter(s.moeUser.acteur, { format: "pdf", liste: "recherche" });
    expect(f.status).toBe(400);
    acteurCourant = null;
    expect((await exportGET(new Request("http://localhost/api/factures-travaux/export?format=csv&liste=recherche"), sansParams)).status).toBe(401);
  });
});

describe("Télécharger le dossier, la sélection", () => {
  /** The ZIP's entries, and its manifest's rows checked against them: each file there, its size and SHA-256 its own. */
  async function lireZip(r: Response) {
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/zip");
    const zip = await JSZip.loadAsync(await r.arrayBuffer());
    const fichiers = Object.values(zip.files).filter((f) => !f.dir);
    const manifeste = zip.file("manifeste.csv");
    expect(manifeste).not.toBeNull();
    const [entete, ...lignes] = lireCsv((await manifeste!.async("string")).replace(/^\uFEFF/, ""));
    expect(entete).toEqual(["Fichier", "Pièce", "Nature", "Taille (octets)", "SHA-256"]);
    expect(lignes.map((l) => l[0]).sort()).toEqual(
      fichiers
        .map((f) => f.name)
        .filter((n) => n !== "manifeste.csv")
        .sort(),
    );
    for (const [nom, , , taille, sha256] of lignes) {
      const contenu = await zip.file(nom)!.async("uint8array");
      expect(contenu.length).toBe(Number(taille));
      expect(createHash("sha256").update(contenu).digest("hex")).toBe(sha256);
    }
    return lignes;
  }

  it("« Télécharger le dossier » : la facture, sa pièce jointe et le certificat de dépôt, avec le manifeste", async () => {
    acteurCourant = s.moeUser.acteur;
    const r = await dossierGET(new Request(`http://localhost/api/factures-travaux/dossiers/${p[0].dossierId}/zip`), {
      params: Promise.resolve({ id: p[0].dossierId }),
    });
    expect(r.headers.get("content-disposition")).toBe(`attachment; filename="dossier-${p[0].dossier}.zip"`);
    const lignes = await lireZip(r);
    expect(lignes.map(([nom, piece, nature]) => [nom, piece, nature]).sort()).toEqual(
      [
        [`${p[0].numero}/facture.pdf`, p[0].numero, "Facture"],
        [`${p[0].numero}/situation;mars.csv`, p[0].numero, "Pièce jointe"],
        [expect.stringMatching(new RegExp(`^${p[0].numero}/certificat-depot-FT\\d{10}\\.pdf$`)), p[0].numero, "Certificat de dépôt"],
      ].sort((a, b) => String(a[2]).localeCompare(String(b[2]))),
    );
    // A structure the dossier does not name: « introuvable ».
    acteurCourant = s.exterieur.acteur;
    const autre = await dossierGET(new Request("http://localhost/x"), { params: Promise.resolve({ id: autreScenario.dossierId }) });
    expect(autre.status).toBe(404);
  });

  it("« Télécharger la sélection » : les pièces cochées que la structure voit, et elles seules", async () => {
    acteurCourant = s.moeUser.acteur;
    const url = `http://localhost/api/factures-travaux/selection?piece=${p[1].id}&piece=${p[3].id}&piece=${autreScenario.id}&piece=${brouillon.id}`;
    const lignes = await lireZip(await selectionGET(new Request(url), sansParams));
    expect(new Set(lignes.map((l) => l[1]))).toEqual(new Set([p[1].numero, p[3].numero]));
    expect(lignes).toHaveLength(6);
    const vide = await selectionGET(new Request("http://localhost/api/factures-travaux/selection"), sansParams);
    expect(vide.status).toBe(400);
    expect((await vide.json()).message).toBe("Cochez au moins une pièce à télécharger.");
  });

  it("au-delà de 120 Mo : refusé avant d'écrire quoi que ce soit, avec la taille et ce qu'il faut faire", async () => {
    const t = await scenario();
    const a = await deposee(t, 100, new Date("2026-05-01T10:00:00Z"));
    const b = await deposee(t, 200, new Date("2026-05-02T10:00:00Z"));
    // Two invoices said to weigh 70 and 55 MB (the sizes the database records are what the rule adds up).
    await db.pieceJointeTravaux.updateMany({ where: { pieceId: a.id, nature: "FACTURE" }, data: { taille: 70 * 1024 * 1024 } });
    await db.pieceJointeTravaux.updateMany({ where: { pieceId: b.id, nature: "FACTURE" }, data: { taille: 55 * 1024 * 1024 } });
    acteurCourant = t.moeUser.acteur;
    const r = await selectionGET(new Request(`http://localhost/api/factures-travaux/selection?piece=${a.id}&piece=${b.id}`), sansParams);
    expect(r.status).toBe(413);
    expect(r.headers.get("content-type")).toMatch(/^application\/json/);
    expect((await r.json()).message).toMatch(/^Un téléchargement groupé ne peut dépasser 120 Mo : ces 2 pièces font 125 Mo\. Sélectionnez moins de pièces/);
    // One of them alone passes (the real file is small: the ZIP is read back whole).
    await db.pieceJointeTravaux.updateMany({ where: { pieceId: a.id, nature: "FACTURE" }, data: { taille: (await pdfFacture(`Facture ${a.numero}`)).length } });
    const seule = await selectionGET(new Request(`http://localhost/api/factures-travaux/selection?piece=${a.id}`), sansParams);
    expect(seule.status).toBe(200);
    await seule.arrayBuffer();
  });
});
