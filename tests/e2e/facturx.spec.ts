import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { E2E_CONTEXT_FILE } from "./support/context";
import { seConnecter } from "./support/donnees";

// « Importer une facture électronique » in step 3 « Facture »: a Factur-X made by the portal's writer prefills the
// fields, what was read is shown, and a typed amount changed afterwards is flagged as a difference with the file.
// The data are built through the domain functions (support/facturx-donnees.ts).

type Donnees = { email: string; brouillon: string; numero: string; fichier: string; fichierMarche: string; marche: string };

let d: Donnees;

test.beforeAll(() => {
  const { databaseUrl } = JSON.parse(readFileSync(E2E_CONTEXT_FILE, "utf8")) as { databaseUrl: string };
  const sortie = execFileSync(process.execPath, ["--import", "tsx", "tests/e2e/support/facturx-donnees.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });
  d = JSON.parse(sortie.trim().split("\n").at(-1)!) as Donnees;
});

const champ = (page: Page, libelle: string) => page.getByLabel(new RegExp(`^${libelle}`));

test("un Factur-X importé remplit l'étape « Facture » ; un montant saisi ensuite autrement est signalé", async ({ page }) => {
  test.setTimeout(120_000);
  await seConnecter(page, d.email);
  await page.goto(`/factures-travaux/deposer/${d.brouillon}/facture`);
  await expect(page.getByRole("heading", { name: "Importer une facture électronique" })).toBeVisible();

  const fichier = page.getByLabel(/^Fichier de la facture électronique/);
  await expect(fichier).toBeEnabled();
  await fichier.setInputFiles(d.fichier);
  await expect(page.getByText(new RegExp(`Facture électronique lue \\(Factur-X, profil EN 16931\\) : facture n° ${d.numero} du 2026-03-31`))).toBeVisible();
  await expect(champ(page, "Numéro")).toHaveValue(d.numero);
  await expect(champ(page, "Date")).toHaveValue("2026-03-31");
  await expect(champ(page, "Montant total HT")).toHaveValue(/^5\s000,00$/);
  await expect(champ(page, "Montant total TTC")).toHaveValue(/^6\s000,00$/);
  await expect(page.getByText("Différences avec la facture électronique importée")).toHaveCount(0);

  if (process.env.ECRANS_CAPTURES) await page.screenshot({ path: `${process.env.ECRANS_CAPTURES}/facturx-import-1280.png`, fullPage: true });

  await champ(page, "Montant total TTC").fill("6 100,00");
  const ecarts = page.getByRole("status").filter({ hasText: "Différences avec la facture électronique importée" });
  await expect(ecarts).toBeVisible();
  await expect(ecarts.getByRole("listitem")).toHaveText([/^Montant total TTC : saisi « 6 100,00 », dans le fichier « 6 000,00 »$/]);

  await page.setViewportSize({ width: 375, height: 800 });
  if (process.env.ECRANS_CAPTURES) await page.screenshot({ path: `${process.env.ECRANS_CAPTURES}/facturx-import-375.png`, fullPage: true });
  await champ(page, "Montant total TTC").fill("6 000,00");
  await expect(ecarts).toHaveCount(0);
});

test("un Factur-X sous un marché que l'étape « Parties » ne nomme pas : la différence est signalée avec le lien vers cette étape", async ({ page }) => {
  test.setTimeout(120_000);
  await seConnecter(page, d.email);
  await page.goto(`/factures-travaux/deposer/${d.brouillon}/facture`);
  const fichier = page.getByLabel(/^Fichier de la facture électronique/);
  await expect(fichier).toBeEnabled();
  await fichier.setInputFiles(d.fichierMarche);
  const ecarts = page.getByRole("status").filter({ hasText: "Différences avec la facture électronique importée" });
  await expect(ecarts).toBeVisible();
  await expect(ecarts.getByText("À l'étape 2 « Maîtrise d'œuvre et maîtrise d'ouvrage » :")).toBeVisible();
  await expect(ecarts.getByRole("listitem")).toHaveText([`Numéro de marché : saisi « (vide) », dans le fichier « ${d.marche} »`]);
  if (process.env.ECRANS_CAPTURES) await page.screenshot({ path: `${process.env.ECRANS_CAPTURES}/facturx-parties-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  if (process.env.ECRANS_CAPTURES) await ecarts.screenshot({ path: `${process.env.ECRANS_CAPTURES}/facturx-parties-375.png` });
  await ecarts.getByRole("link", { name: "corrigez l'étape 2" }).click();
  await expect(page).toHaveURL(new RegExp(`/factures-travaux/deposer/${d.brouillon}/parties$`));
});

test("un fichier qui n'est pas une facture électronique est refusé avec la raison", async ({ page }) => {
  test.setTimeout(120_000);
  await seConnecter(page, d.email);
  await page.goto(`/factures-travaux/deposer/${d.brouillon}/facture`);
  const fichier = page.getByLabel(/^Fichier de la facture électronique/);
  await expect(fichier).toBeEnabled();
  await fichier.setInputFiles({ name: "commande.xml", mimeType: "application/xml", buffer: Buffer.from("<commande/>") });
  await expect(page.getByText(/Le fichier « commande\.xml » n'est pas une facture électronique : ni une facture CII/)).toBeVisible();
});
