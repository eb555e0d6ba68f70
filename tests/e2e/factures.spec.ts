import { createHash, randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { texteDuPdf } from "../../lib/pdf/texte";
import { SAMPLE } from "./support/context";
import { waitForMail } from "./support/mails";
import { seConnecter } from "./support/donnees";

const MOE = { siret: "49360218900018", raisonSociale: "ATELIER D'ARCHITECTURE GARONNE", login: "moe@demo.factures-travaux.fr" };
const MOA = { siret: "13000509300112", raisonSociale: "SECRETARIAT GENERAL MINISTERE JUSTICE" };

async function facturePdf(numero: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage();
  page.drawText(`Projet de décompte mensuel n° ${numero}`, { x: 50, y: 780, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save());
}

test("un fournisseur dépose un projet de décompte mensuel (A4) avec sa facture en PDF et télécharge le certificat de dépôt", async ({ page, browser }) => {
  const numero = `E2E-${randomBytes(3).toString("hex").toUpperCase()}`;
  const pdf = await facturePdf(numero);
  const sha256 = createHash("sha256").update(pdf).digest("hex");

  await seConnecter(page, SAMPLE.fournisseurDemo.gestionnaire);
  // « Facturation » → « Factures de travaux » → « Accéder », then the « Déposer » tab.
  await page.getByRole("button", { name: "Facturation" }).click();
  await page.getByRole("link", { name: "Factures de travaux", exact: true }).click();
  await page.getByRole("link", { name: "Accéder" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Synthèse" })).toBeVisible();
  await page.getByRole("link", { name: "Déposer", exact: true }).click();

  // Step 1: the supplier's frames, with the guide's explanation; no MOE frame.
  await expect(page.getByText("Projet de décompte mensuel s'il y a un MOE et qu'on est en cours de marché")).toBeVisible();
  await expect(page.getByLabel(/^A15/)).toHaveCount(0);
  await page.locator("label", { hasText: /^A4 : Projet de décompte mensuel/ }).click();
  await expect(page.getByLabel(/^A4 : Projet de décompte mensuel/)).toBeChecked();
  await page.getByRole("button", { name: "Enregistrer et continuer" }).click();

  // Step 2: its own URL; the MOE by SIRET, the MOA and its service.
  await expect(page).toHaveURL(/\/factures-travaux\/deposer\/[0-9a-f-]+\/parties$/);
  const etape2 = page.url();
  await page.getByRole("textbox", { name: /SIRET de la maîtrise d'œuvre/ }).fill(MOE.siret);
  await page.getByRole("textbox", { name: /SIRET de la maîtrise d'œuvre/ }).blur();
  await expect(page.getByText(MOE.raisonSociale)).toBeVisible();
  await page.getByRole("textbox", { name: /SIRET de la maîtrise d'ouvrage/ }).fill(MOA.siret);
  await page.getByRole("textbox", { name: /SIRET de la maîtrise d'ouvrage/ }).blur();
  await expect(page.getByText(MOA.raisonSociale)).toBeVisible();
  await page.getByLabel(/^Service/).selectOption({ label: "Département Immobilier (DEPT-IMMO)" });
  await page.getByRole("button", { name: "Enregistrer et continuer" }).click();

  // Step 3: the invoice; an inconsistent TTC is refused before anything is sent.
  await expect(page).toHaveURL(/\/facture$/);
  await page.getByLabel(/^Numéro/).fill(numero);
  await page.getByLabel(/^Date/).fill("2026-01-15");
  await page.getByLabel(/^Type de TVA/).selectOption("TVA_SUR_DEBIT");
  await page.getByLabel(/^Montant total HT/).fill("10 000,00");
  await page.getByLabel(/^Montant total TVA/).fill("2 000,00");
  await page.getByLabel(/^Montant total TTC/).fill("12 000,01");
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(page.getByText(/^Le montant TTC \(12.000,01.€\) ne correspond pas au décompte : montant HT \+ TVA = 12.000,00.€\.$/)).toBeVisible();
  await page.getByLabel(/^Montant total TTC/).fill("12 000,00");
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(page.getByText("Le brouillon est enregistré")).toBeVisible();

  // The draft is saved on the server: going back to step 2 and reloading keeps what was typed.
  await page.goto(etape2);
  await expect(page.getByRole("textbox", { name: /SIRET de la maîtrise d'œuvre/ })).toHaveValue(MOE.siret);
  await page.goBack();
  await page.reload();
  await expect(page.getByLabel(/^Numéro/)).toHaveValue(numero);

  // « Gestion des pièces jointes »: the invoice as a PDF; a file whose content is not a PDF is refused.
  await page.getByRole("link", { name: /Gestion des pièces jointes/ }).click();
  await expect(page.getByText("10 Mo par fichier")).toBeVisible();
  await page
    .getByLabel("Ajouter la facture (PDF, obligatoire)")
    .setInputFiles({ name: "faux.pdf", mimeType: "application/pdf", buffer: Buffer.from("pas un PDF") });
  await expect(page.getByText("n'est pas un PDF")).toBeVisible();
  await page.getByLabel("Ajouter la facture (PDF, obligatoire)").setInputFiles({ name: `facture-${numero}.pdf`, mimeType: "application/pdf", buffer: pdf });
  await expect(page.getByText(`Le fichier « facture-${numero}.pdf » a été ajouté.`)).toBeVisible();
  await expect(page.getByRole("cell", { name: `facture-${numero}.pdf` })).toBeVisible();

  // « Valider et envoyer » → « Confirmer et envoyer » → the deposit summary.
  await page.getByRole("button", { name: "Valider et envoyer" }).click();
  await page.getByRole("button", { name: "Confirmer et envoyer" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Récapitulatif d'envoi" })).toBeVisible();
  await expect(page.getByText("Mise à disposition de la MOE")).toBeVisible();

  await page.getByRole("button", { name: "Je donne mon avis" }).click();
  await page.getByText("Satisfait", { exact: true }).click();
  await page.getByRole("button", { name: "Envoyer mon avis" }).click();
  await expect(page.getByText("Merci : votre avis a été enregistré.")).toBeVisible();

  // The certificate, read back: the invoice number and the file's SHA-256 are in it.
  const [telechargement] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Exporter le certificat de dépôt" }).click()]);
  expect(telechargement.suggestedFilename()).toMatch(/^certificat-depot-FT\d{10}\.pdf$/);
  const texte = (await texteDuPdf(await readFile((await telechargement.path())!))).join("\n");
  expect(texte).toContain(numero);
  expect(texte).toContain(sha256);
  expect(texte).toContain(MOE.raisonSociale);

  await page.getByRole("link", { name: "Revenir au dossier de facturation" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Dossier de facturation DF\d{8}/ })).toBeVisible();
  await expect(page.getByRole("link", { name: `n° ${numero}` })).toBeVisible();

  // Mails: the depositor's confirmation, the MOE's new piece to process.
  // Its own confirmation: the demo data mailed the same supplier for its dossiers.
  const confirmation = await waitForMail(SAMPLE.fournisseurDemo.gestionnaire, new RegExp(`Dépôt confirmé : facture de travaux n° ${numero}`));
  expect(confirmation.text).toContain(numero);
  const aTraiter = await waitForMail(MOE.login, new RegExp(`Nouvelle pièce à traiter.*${numero}`));
  expect(aTraiter.text).toContain("7 jours");

  // The MOE sees the piece in its search, with « Télécharger la facture au format PDF » and « Visualiser ».
  const moe = await browser.newPage();
  await seConnecter(moe, MOE.login);
  await moe.goto(`/factures-travaux/recherche?numero=${numero}`);
  await moe.getByRole("link", { name: numero }).click();
  await expect(moe.getByRole("link", { name: "Télécharger la facture au format PDF" })).toBeVisible();
  await expect(moe.getByRole("link", { name: "Visualiser" })).toHaveAttribute("href", /\/facture\?affichage=1$/);
  const [facture] = await Promise.all([moe.waitForEvent("download"), moe.getByRole("link", { name: "Télécharger la facture au format PDF" }).click()]);
  expect(
    createHash("sha256")
      .update(await readFile((await facture.path())!))
      .digest("hex"),
  ).toBe(sha256);
  // « Suivre le traitement »: the deposit, Brouillon → Déposée.
  const depot = moe
    .getByRole("list", { name: "Historique des actions sur cette pièce" })
    .getByRole("listitem")
    .filter({ hasText: /^Dépôt/ });
  await expect(depot.locator(".fr-badge")).toHaveText(["Brouillon", "Déposée"]);
  await moe.close();
});

test("un brouillon d'une autre structure est introuvable", async ({ page }) => {
  await seConnecter(page, MOE.login);
  const reponse = await page.goto("/factures-travaux/deposer/00000000-0000-4000-8000-000000000000/facture");
  expect(reponse?.status()).toBe(404);
});

test("« Synthèse » : filtrer une liste garde le filtre, le tri et la page de l'autre", async ({ page }) => {
  await seConnecter(page, MOE.login);
  await page.goto("/factures-travaux/synthese");
  // The lower list (the structure's own pieces) filtered by number…
  const filtres = page.getByRole("search", { name: "Filtrer les pièces" });
  await filtres.getByLabel("Numéro", { exact: true }).fill("AUCUNE-PIECE");
  await filtres.getByRole("button", { name: "Filtrer" }).click();
  await expect(page).toHaveURL(/numero=AUCUNE-PIECE/);
  // …then « Pièces à traiter » shown by most recent change: the lower list's number stays.
  await page.getByLabel("Trier par").selectOption({ label: "Dernier changement de statut" });
  await page.getByRole("button", { name: "Appliquer" }).click();
  await expect(page).toHaveURL(/tri=recent/);
  await expect(page).toHaveURL(/numero=AUCUNE-PIECE/);
  await expect(page.getByRole("search", { name: "Filtrer les pièces" }).getByLabel("Numéro", { exact: true })).toHaveValue("AUCUNE-PIECE");
  // And filtering the lower list again keeps the order of the upper one.
  await page.getByRole("search", { name: "Filtrer les pièces" }).getByLabel("Numéro", { exact: true }).fill("AUTRE");
  await page.getByRole("search", { name: "Filtrer les pièces" }).getByRole("button", { name: "Filtrer" }).click();
  await expect(page).toHaveURL(/numero=AUTRE/);
  await expect(page).toHaveURL(/tri=recent/);
  await expect(page.getByLabel("Trier par")).toHaveValue("recent");
});
