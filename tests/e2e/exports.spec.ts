import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { suffix } from "./support/donnees";
import { acteur, choisirCadre, joindreEtEnvoyer, saisirSiret } from "./support/parcours";

// « Exporter » and the ZIP downloads on screen: a titulaire deposits a projet de décompte final (A7); its MOE finds it
// in « Recherche » by the supplier's name, sorts, exports it (CSV and XLSX: the downloads hold that row), checks it
// and downloads the selection, then opens the dossier and downloads it (the ZIP holds the invoice, the certificate
// and the manifest). Every structure and user is this test's own. The exports against the database, the manifest
// against the ZIP's content and the 120 MB rule are in tests/integration/exports.test.ts.

const champ = (page: Page, libelle: string) => page.getByLabel(new RegExp(`^${libelle}`));

test("Recherche : filtrer par fournisseur, trier, « Exporter en CSV / XLSX », « Télécharger la sélection » ; « Télécharger le dossier »", async ({
  browser,
}) => {
  test.setTimeout(400_000);
  const moe = await acteur(browser, "ATELIER D'ARCHITECTURE DU BLAVET", "Gwenola", "Le Goff", { moe: true });
  const moa = await acteur(browser, "COMMUNE DE PONTIVY", "Yannick", "Le Gall", { moa: true });
  const titulaire = await acteur(browser, "MENUISERIES DU PAYS DE ROHAN", "Soizic", "Jégo");
  const numero = `DF-${suffix()}`;

  const ti = titulaire.page;
  await choisirCadre(ti, /^A7 : Projet de décompte final/);
  await saisirSiret(ti, "moe", moe);
  await saisirSiret(ti, "moa", moa);
  await ti.getByRole("button", { name: "Enregistrer et continuer" }).click();
  await expect(ti).toHaveURL(/\/facture$/);
  await champ(ti, "Numéro").fill(numero);
  await champ(ti, "Date").fill("2026-06-30");
  await champ(ti, "Type de TVA").selectOption("TVA_SUR_DEBIT");
  await champ(ti, "Montant total HT").fill("10 000,00");
  await champ(ti, "Montant total TVA").fill("2 000,00");
  await champ(ti, "Montant total TTC").fill("12 000,00");
  await ti.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(ti.getByText("Le brouillon est enregistré")).toBeVisible();
  await joindreEtEnvoyer(ti, numero);

  // The MOE: « Recherche » by the supplier's name, sorted by amount (the header says so).
  const mo = moe.page;
  await mo.goto("/factures-travaux/recherche");
  await mo.getByRole("textbox", { name: /^Fournisseur/ }).fill("menuiseries du pays");
  await mo.getByRole("button", { name: "Filtrer" }).click();
  await expect(mo.getByRole("status")).toHaveText("1 pièce.");
  await mo
    .getByRole("columnheader", { name: /Montant TTC/ })
    .getByRole("link")
    .click();
  await expect(mo.getByRole("columnheader", { name: /Montant TTC/ })).toHaveAttribute("aria-sort", "ascending");
  await expect(mo.getByRole("link", { name: numero, exact: true })).toBeVisible();

  // « Exporter en CSV »: the filtered row, French amounts, with its BOM.
  const [csv] = await Promise.all([mo.waitForEvent("download"), mo.getByRole("link", { name: "Exporter en CSV" }).click()]);
  expect(csv.suggestedFilename()).toMatch(/^pieces-recherche-\d{4}-\d{2}-\d{2}\.csv$/);
  const texte = await readFile((await csv.path())!, "utf8");
  expect(texte.charCodeAt(0)).toBe(0xfeff);
  const lignes = texte.slice(1).trim().split("\r\n");
  expect(lignes).toHaveLength(2);
  expect(lignes[1]).toContain(`${numero};`);
  expect(lignes[1]).toContain("12\u00a0000,00");
  expect(lignes[1]).toContain("30/06/2026");

  // « Exporter en XLSX »: the same row, the amount a number.
  const [xlsx] = await Promise.all([mo.waitForEvent("download"), mo.getByRole("link", { name: "Exporter en XLSX" }).click()]);
  const classeur = new ExcelJS.Workbook();
  await classeur.xlsx.readFile((await xlsx.path())!);
  const feuille = classeur.getWorksheet("Pièces")!;
  expect(feuille.actualRowCount).toBe(2);
  expect(feuille.getRow(2).getCell(1).value).toBe(numero);
  expect((feuille.getRow(2).values as unknown[]).includes(12000)).toBe(true);

  // « Télécharger la sélection »: the box checked, its size said, the ZIP downloaded.
  await mo.getByRole("checkbox", { name: `Sélectionner la pièce ${numero}` }).check({ force: true });
  await expect(mo.getByText(/^1 pièce cochée, environ \d+ ko\.$/)).toBeVisible();
  const [selection] = await Promise.all([mo.waitForEvent("download"), mo.getByRole("button", { name: "Télécharger la sélection (ZIP)" }).click()]);
  const zipSelection = await JSZip.loadAsync(await readFile((await selection.path())!));
  expect(Object.keys(zipSelection.files)).toContain(`${numero}/${numero}.pdf`);

  // The piece's dossier: « Télécharger le dossier » says its size, and the ZIP holds the invoice, the certificate, the manifest.
  await mo.getByRole("link", { name: numero, exact: true }).click();
  await mo.getByRole("link", { name: "Consulter le dossier de facturation" }).click();
  await expect(mo.getByRole("heading", { level: 1, name: /^Dossier de facturation DF\d{8}$/ })).toBeVisible();
  await expect(mo.getByText(/^ZIP d'environ \d+ ko : 2 fichiers de 1 pièce/)).toBeVisible();
  const [dossier] = await Promise.all([mo.waitForEvent("download"), mo.getByRole("link", { name: "Télécharger le dossier" }).click()]);
  expect(dossier.suggestedFilename()).toMatch(/^dossier-DF\d{8}\.zip$/);
  const zip = await JSZip.loadAsync(await readFile((await dossier.path())!));
  const noms = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
  expect(noms).toHaveLength(3);
  expect(noms).toEqual(expect.arrayContaining([`${numero}/${numero}.pdf`, "manifeste.csv"]));
  expect(noms.some((n) => new RegExp(`^${numero}/certificat-depot-FT\\d{10}\\.pdf$`).test(n))).toBe(true);
  expect(await zip.file("manifeste.csv")!.async("string")).toContain(`${numero}/${numero}.pdf;${numero};Facture;`);
});
