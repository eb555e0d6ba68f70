import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { E2E_CONTEXT_FILE } from "./support/context";
import { seConnecter } from "./support/donnees";
import { waitForMail } from "./support/mails";

// The end of the contract on screen: the commune (MOA) finds in « Déposer » the MOE's projet de décompte général (A17)
// it took into account and issues its décompte général (A20); the titulaire cannot refuse it, signs it with reserves
// (reason and mémoire en réclamation) by depositing its A8; the commune is told; its paying service mandates the A8 and
// puts it in payment. The dossier up to the A17 is built through the domain functions (support/fin-de-marche-donnees.ts).

type Donnees = {
  comptes: { fournisseur: string; moe: string; agent: string; comptable: string };
  a17: { id: string; numero: string };
  fournisseur: string;
  commune: string;
};

let d: Donnees;

test.beforeAll(() => {
  const { databaseUrl } = JSON.parse(readFileSync(E2E_CONTEXT_FILE, "utf8")) as { databaseUrl: string };
  const sortie = execFileSync(process.execPath, ["--import", "tsx", "tests/e2e/support/fin-de-marche-donnees.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });
  d = JSON.parse(sortie.trim().split("\n").at(-1)!) as Donnees;
});

async function pdf(texte: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText(texte, { x: 50, y: 780, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save());
}

/** A prefilled next piece: « Parties » saved as prefilled, the number and date typed, saved; then « Gestion des pièces jointes ». */
async function numeroterPieceSuivante(page: Page, numero: string) {
  await expect(page).toHaveURL(/\/parties$/);
  await page.getByRole("button", { name: "Enregistrer et continuer" }).click();
  await expect(page).toHaveURL(/\/facture$/);
  await page.getByLabel(/^Numéro/).fill(numero);
  await page.getByLabel(/^Date/).fill("2026-07-15");
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(page.getByText("Le brouillon est enregistré")).toBeVisible();
  await page.getByRole("link", { name: /Gestion des pièces jointes/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Gestion des pièces jointes" })).toBeVisible();
}

async function joindreFacture(page: Page, numero: string) {
  await page
    .getByLabel("Ajouter la facture (PDF, obligatoire)")
    .setInputFiles({ name: `${numero}.pdf`, mimeType: "application/pdf", buffer: await pdf(`Pièce ${numero}`) });
  await expect(page.getByText(`Le fichier « ${numero}.pdf » a été ajouté.`)).toBeVisible();
}

const idDe = (page: Page) => /\/deposer\/([0-9a-f-]{36})\//.exec(page.url())![1];

test("fin de marché : A17 → décompte général (A20) de la MOA → le titulaire le signe avec réserves (A8) → service financier, mis en paiement", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const numeroDg = `DG-${Date.now()}`;
  const numeroA8 = `DGD-${Date.now()}`;

  // The commune's « Déposer »: the A17 it took into account, to continue with its décompte général.
  const moa = await browser.newPage();
  await seConnecter(moa, d.comptes.agent);
  await moa.goto("/factures-travaux/deposer");
  await expect(moa.getByRole("heading", { level: 2, name: "Déposer la pièce suivante d'un dossier de facturation" })).toBeVisible();
  const ligne = moa.getByRole("row", { name: new RegExp(d.a17.numero) });
  await expect(ligne).toContainText(d.fournisseur);
  await ligne.getByRole("button", { name: "Déposer le décompte général (A20)" }).click();
  await expect(moa.getByText("Votre structure, qui dépose la pièce")).toBeVisible();
  await numeroterPieceSuivante(moa, numeroDg);
  const dg = idDe(moa);
  await joindreFacture(moa, numeroDg);
  await moa.getByRole("button", { name: "Valider et envoyer" }).click();
  await moa.getByRole("button", { name: "Confirmer et envoyer" }).click();
  await expect(moa.getByRole("heading", { level: 1, name: "Récapitulatif d'envoi" })).toBeVisible();
  await expect(moa.getByText("À valider par le titulaire")).toBeVisible();
  // The A17 is followed: no longer offered in « Déposer ».
  await moa.goto("/factures-travaux/deposer");
  await expect(moa.getByText("Aucune pièce à poursuivre pour l'instant")).toBeVisible();

  // The titulaire: told, the DG without « Refuser », « Signer le décompte général ».
  await waitForMail(d.comptes.fournisseur, new RegExp(`Nouvelle pièce à traiter : facture de travaux n° ${numeroDg}`));
  const ti = await browser.newPage();
  await seConnecter(ti, d.comptes.fournisseur);
  await ti.goto(`/factures-travaux/pieces/${dg}`);
  await expect(ti.getByText(/^Décompte général à signer/)).toBeVisible();
  await expect(ti.getByRole("button", { name: "Refuser", exact: true })).toHaveCount(0);
  await ti.getByRole("button", { name: "Signer le décompte général" }).click();
  await numeroterPieceSuivante(ti, numeroA8);

  // « J'accepte avec réserves »: the reason is required, then the mémoire en réclamation; sending without it is refused.
  await ti.locator("label", { hasText: "J'accepte avec réserves" }).click();
  await ti.getByRole("button", { name: "Enregistrer mon choix" }).click();
  await expect(ti.getByText("Indiquez le motif de vos réserves (l'objet de votre mémoire en réclamation).")).toBeVisible();
  await ti.getByLabel(/^Motif des réserves/).fill("Pénalités de retard contestées : intempéries de janvier.");
  await ti.getByRole("button", { name: "Enregistrer mon choix" }).click();
  await expect(ti.getByText("Votre choix est enregistré : vous acceptez le décompte général avec réserves.")).toBeVisible();
  await joindreFacture(ti, numeroA8);
  await ti.getByRole("button", { name: "Valider et envoyer" }).click();
  await ti.getByRole("button", { name: "Confirmer et envoyer" }).click();
  await expect(ti.getByText(/Joignez votre mémoire en réclamation/)).toBeVisible();
  await ti
    .getByLabel(/^Joindre le mémoire en réclamation/)
    .setInputFiles({ name: "memoire-reclamation.pdf", mimeType: "application/pdf", buffer: await pdf("Mémoire en réclamation") });
  await expect(ti.getByText("Le fichier « memoire-reclamation.pdf » a été ajouté.")).toBeVisible();
  await ti.getByRole("button", { name: "Valider et envoyer" }).click();
  await expect(ti.getByRole("dialog", { name: "Confirmer l'envoi de votre facture de travaux" })).toContainText("« J'accepte avec réserves »");
  await ti.getByRole("button", { name: "Confirmer et envoyer" }).click();
  await expect(ti.getByRole("heading", { level: 1, name: "Récapitulatif d'envoi" })).toBeVisible();
  await expect(ti.getByText("Mise à disposition du service financier")).toBeVisible();
  const a8 = /\/deposer\/([0-9a-f-]{36})\/recapitulatif/.exec(ti.url())![1];
  await ti.goto(`/factures-travaux/pieces/${a8}`);
  await expect(ti.getByText("Accepté avec réserves (mémoire en réclamation joint)")).toBeVisible();
  await expect(ti.getByText("Pénalités de retard contestées : intempéries de janvier.").first()).toBeVisible();
  await ti.goto(`/factures-travaux/pieces/${dg}`);
  await expect(ti.getByRole("heading", { level: 1 }).locator(".fr-badge")).toHaveText("Signé par le titulaire");
  await ti.close();

  // The commune is told the DG is signed.
  const signe = await waitForMail(d.comptes.agent, new RegExp(`Facture de travaux n° ${numeroDg} : Signé par le titulaire`));
  expect(signe.text).toContain("a signé le décompte général en déposant son décompte général signé (A8)");
  await moa.close();

  // The paying service: mandates the A8, then puts it in payment.
  const sf = await browser.newPage();
  await seConnecter(sf, d.comptes.comptable);
  await sf.goto(`/factures-travaux/pieces/${a8}`);
  await sf.getByRole("button", { name: "Mandater", exact: true }).click();
  const mandat = sf.getByRole("dialog", { name: `Mandater la facture n° ${numeroA8}` });
  await mandat.getByLabel("Numéro du mandat").fill("M-2026-DGD-1");
  await mandat.getByRole("button", { name: "Confirmer le mandatement" }).click();
  await expect(sf.getByText("La pièce est maintenant au statut « Mandatée ».")).toBeVisible();
  await sf.getByRole("button", { name: "Mettre en paiement", exact: true }).click();
  const paiement = sf.getByRole("dialog", { name: `Mettre en paiement la facture n° ${numeroA8}` });
  await paiement.getByRole("button", { name: "Confirmer la mise en paiement" }).click();
  await expect(sf.getByText("La pièce est maintenant au statut « Mise en paiement ».")).toBeVisible();
  await sf.close();
});
