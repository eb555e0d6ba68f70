import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { E2E_CONTEXT_FILE } from "./support/context";
import { seConnecter } from "./support/donnees";
import { waitForMail } from "./support/mails";

// The paying service of a commune on screen: « Factures reçues », then on the état d'acompte validé (A19) « Mandater »
// and « Mettre en paiement » in their dialogs; the supplier reads « Mise en paiement le … pour … € » on its own A4 and
// in a mail. A member of the commune without the « Service financier » habilitation sees neither the tab nor the buttons.
// The dossier up to the A19 is built through the domain functions (support/paiement-donnees.ts).

type Donnees = {
  comptes: { fournisseur: string; moe: string; agent: string; comptable: string };
  a4: { id: string; numero: string };
  a19: { id: string; numero: string };
  fournisseur: string;
};

let d: Donnees;

test.beforeAll(() => {
  const { databaseUrl } = JSON.parse(readFileSync(E2E_CONTEXT_FILE, "utf8")) as { databaseUrl: string };
  const sortie = execFileSync(process.execPath, ["--import", "tsx", "tests/e2e/support/paiement-donnees.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });
  d = JSON.parse(sortie.trim().split("\n").at(-1)!) as Donnees;
});

/** Today as the screens write it (« 02/12/2026 »). */
const aujourdhui = () => new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris" }).format(new Date());

test("le service financier mandate puis met en paiement l'état d'acompte validé ; le fournisseur le lit sur son A4 et par courriel", async ({ browser }) => {
  test.setTimeout(120_000);

  // A plain member of the commune: no « Factures reçues », no payment buttons on the A19.
  const agent = await browser.newPage();
  await seConnecter(agent, d.comptes.agent);
  await agent.goto("/factures-travaux/synthese");
  await expect(agent.getByRole("link", { name: "Factures reçues", exact: true })).toHaveCount(0);
  await agent.goto(`/factures-travaux/pieces/${d.a19.id}`);
  await expect(agent.getByRole("heading", { level: 1, name: new RegExp(d.a19.numero) })).toBeVisible();
  await expect(agent.getByRole("button", { name: "Mandater", exact: true })).toHaveCount(0);
  await agent.goto("/factures-travaux/factures-recues");
  await expect(agent.getByText("« Factures reçues » est réservé aux utilisateurs habilités « Service financier » de la structure")).toBeVisible();
  await agent.close();

  // The paying service: its tab, the piece received with its legal deadline.
  const page = await browser.newPage();
  await seConnecter(page, d.comptes.comptable);
  await page.goto("/factures-travaux/synthese");
  await page.getByRole("link", { name: "Factures reçues", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Factures reçues" })).toBeVisible();
  await expect(page.getByText(/délai légal de paiement de votre structure est de 30 jours/)).toBeVisible();
  const ligne = page.getByRole("row", { name: new RegExp(d.a19.numero) });
  await expect(ligne).toContainText(d.fournisseur);
  await expect(ligne).toContainText(/12\s345,67\s€/);
  await expect(ligne).toContainText(/À payer avant le \d\d\/\d\d\/\d{4}/);
  await expect(ligne).toContainText("Mise à disposition du service financier");
  await ligne.getByRole("link", { name: d.a19.numero }).click();
  await expect(page).toHaveURL(new RegExp(`/factures-travaux/pieces/${d.a19.id}$`));
  await expect(page.getByText(/^À payer avant le \d\d\/\d\d\/\d{4} : délai légal de paiement de 30 jours/)).toBeVisible();

  // « Mandater »: the number is required; then the mandate.
  await page.getByRole("button", { name: "Mandater", exact: true }).click();
  const mandat = page.getByRole("dialog", { name: `Mandater la facture n° ${d.a19.numero}` });
  await expect(mandat).toBeVisible();
  await mandat.getByRole("button", { name: "Confirmer le mandatement" }).click();
  await expect(mandat.getByText("Indiquez le numéro du mandat.")).toBeVisible();
  await mandat.getByLabel("Numéro du mandat").fill("M-2026-123");
  await expect(mandat.getByLabel("Date du mandat")).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);
  await mandat.getByRole("button", { name: "Confirmer le mandatement" }).click();
  await expect(page.getByText("La pièce est maintenant au statut « Mandatée ».")).toBeVisible();
  await expect(page.locator("#suivre-le-traitement").locator("..")).toContainText(`Mandatée — mandat n° M-2026-123 du ${aujourdhui()}`);

  // « Mettre en paiement »: the amount prefilled with what the piece asks.
  await page.getByRole("button", { name: "Mettre en paiement", exact: true }).click();
  const paiement = page.getByRole("dialog", { name: `Mettre en paiement la facture n° ${d.a19.numero}` });
  await expect(paiement).toBeVisible();
  await expect(paiement.getByLabel("Montant payé (en euros)")).toHaveValue(/^12\s345,67$/);
  await paiement.getByRole("button", { name: "Confirmer la mise en paiement" }).click();
  await expect(page.getByText("La pièce est maintenant au statut « Mise en paiement ».")).toBeVisible();
  await expect(page.getByText(new RegExp(`Mise en paiement le ${aujourdhui().replaceAll("/", "\\/")} pour 12\\s345,67\\s€`)).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Mettre en paiement", exact: true })).toHaveCount(0);
  await page.close();

  // The supplier: on its own A4, and by mail.
  const fournisseur = await browser.newPage();
  await seConnecter(fournisseur, d.comptes.fournisseur);
  await fournisseur.goto(`/factures-travaux/pieces/${d.a4.id}`);
  await expect(fournisseur.getByText(/Mise en paiement le \d\d\/\d\d\/\d{4} pour 12\s345,67\s€/)).toBeVisible();
  const mail = await waitForMail(d.comptes.fournisseur, new RegExp(`Facture de travaux n° ${d.a19.numero} : Mise en paiement`));
  expect(mail.text).toMatch(
    new RegExp(
      `Votre pièce n° ${d.a4.numero} \\(état d'acompte validé n° ${d.a19.numero}\\) a été mise en paiement le \\d\\d/\\d\\d/\\d{4} pour 12\\s345,67\\s€`,
    ),
  );
  await fournisseur.close();
});
