import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { SAMPLE } from "./support/context";
import { waitForMail } from "./support/mails";
import { seConnecter } from "./support/donnees";

const MOE = { siret: "49360218900018", login: "moe@demo.factures-travaux.fr" };
const MOA = { siret: "13000509300112", raisonSociale: "SECRETARIAT GENERAL MINISTERE JUSTICE", login: "gestionnaire.moa@demo.factures-travaux.fr" };
const FOURNISSEUR = SAMPLE.fournisseurDemo.gestionnaire;

async function pdf(texte: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText(texte, { x: 50, y: 780, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save());
}

const nouveauNumero = (prefixe: string) => `${prefixe}-${randomBytes(3).toString("hex").toUpperCase()}`;

/** Step 3 (number and date of the document; the amounts are those already there), its PDF, then « Valider et envoyer ». */
async function terminerEtEnvoyer(page: Page, numero: string) {
  await expect(page).toHaveURL(/\/facture$/);
  await page.getByLabel(/^Numéro/).fill(numero);
  await page.getByLabel(/^Date/).fill("2026-02-10");
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(page.getByText("Le brouillon est enregistré")).toBeVisible();
  await page.getByRole("link", { name: /Gestion des pièces jointes/ }).click();
  await page
    .getByLabel("Ajouter la facture (PDF, obligatoire)")
    .setInputFiles({ name: `${numero}.pdf`, mimeType: "application/pdf", buffer: await pdf(`Etat d'acompte ${numero}`) });
  await expect(page.getByText(`Le fichier « ${numero}.pdf » a été ajouté.`)).toBeVisible();
  await page.getByRole("button", { name: "Valider et envoyer" }).click();
  await page.getByRole("button", { name: "Confirmer et envoyer" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Récapitulatif d'envoi" })).toBeVisible();
}

/** « Pièces à traiter » is paginated: sorted by last change of status, the piece just acted on is on page 1. */
async function ouvrirDepuisSynthese(page: Page, numero: string) {
  await page.goto("/factures-travaux/synthese?tri=recent");
  await page.getByRole("table", { name: "Pièces à traiter" }).getByRole("link", { name: numero, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(`Facture n° ${numero}`) })).toBeVisible();
}

test("un dossier de bout en bout : A4 suspendu et complété, état d'acompte à la MOA refusé, corrigé, pris en compte", async ({ browser }) => {
  test.setTimeout(180_000);
  const a4 = nouveauNumero("PDM");

  // The supplier deposits an A4 for the demo MOE and MOA.
  const fournisseur = await browser.newPage();
  await seConnecter(fournisseur, FOURNISSEUR);
  await fournisseur.goto("/factures-travaux/deposer");
  await fournisseur.locator("label", { hasText: /^A4 : Projet de décompte mensuel/ }).click();
  await fournisseur.getByRole("button", { name: "Enregistrer et continuer" }).click();
  await fournisseur.getByRole("textbox", { name: /SIRET de la maîtrise d'œuvre/ }).fill(MOE.siret);
  await fournisseur.getByRole("textbox", { name: /SIRET de la maîtrise d'ouvrage/ }).fill(MOA.siret);
  await fournisseur.getByRole("textbox", { name: /SIRET de la maîtrise d'ouvrage/ }).blur();
  await expect(fournisseur.getByText(MOA.raisonSociale)).toBeVisible();
  await fournisseur.getByLabel(/^Service/).selectOption({ label: "Département Immobilier (DEPT-IMMO)" });
  await fournisseur.getByRole("button", { name: "Enregistrer et continuer" }).click();
  await expect(fournisseur).toHaveURL(/\/facture$/);
  await fournisseur.getByLabel(/^Type de TVA/).selectOption("TVA_SUR_DEBIT");
  await fournisseur.getByLabel(/^Montant total HT/).fill("10 000,00");
  await fournisseur.getByLabel(/^Montant total TVA/).fill("2 000,00");
  await fournisseur.getByLabel(/^Montant total TTC/).fill("12 000,00");
  await terminerEtEnvoyer(fournisseur, a4);
  await expect(fournisseur.getByText("Mise à disposition de la MOE")).toBeVisible();

  // The MOE: in its « Synthèse » with the days left of its 7 days; it suspends the piece, the reason is mandatory.
  const moe = await browser.newPage();
  await seConnecter(moe, MOE.login);
  await moe.goto("/factures-travaux/synthese?tri=recent");
  const ligne = moe.getByRole("row").filter({ has: moe.getByRole("link", { name: a4, exact: true }) });
  await expect(ligne.getByRole("cell", { name: "7 jours restants" })).toBeVisible();
  await ouvrirDepuisSynthese(moe, a4);
  await expect(moe.getByText("il reste 7 jours")).toBeVisible();
  await moe.getByRole("button", { name: "Suspendre" }).click();
  await expect(moe.getByText("Suspendez la facture si des pièces jointes sont manquantes.")).toBeVisible();
  await moe.getByRole("button", { name: "Confirmer la suspension" }).click();
  await expect(moe.getByText("Indiquez les pièces jointes manquantes.")).toBeVisible();
  await moe.getByLabel(/Pièces jointes manquantes/).fill("Le métré du lot 2 manque");
  await moe.getByRole("button", { name: "Confirmer la suspension" }).click();
  await expect(moe.getByText("La pièce est maintenant au statut « Suspendue ».")).toBeVisible();

  // The supplier is told why, completes the piece and sends it back to the same MOE.
  const suspension = await waitForMail(FOURNISSEUR, new RegExp(`Facture de travaux n° ${a4} : Suspendue`));
  expect(suspension.text).toContain("Le métré du lot 2 manque");
  await ouvrirDepuisSynthese(fournisseur, a4);
  await expect(fournisseur.getByText("Motif : Le métré du lot 2 manque").first()).toBeVisible();
  await fournisseur
    .getByLabel("Ajouter une pièce jointe")
    .setInputFiles({ name: "metre-lot-2.csv", mimeType: "text/csv", buffer: Buffer.from("poste;quantite\nBeton;12\n") });
  await expect(fournisseur.getByText("Le fichier « metre-lot-2.csv » a été ajouté.")).toBeVisible();
  await fournisseur.getByRole("button", { name: "Compléter et renvoyer" }).click();
  await expect(fournisseur.getByText("La pièce est maintenant au statut « Mise à disposition de la MOE ».")).toBeVisible();
  await waitForMail(MOE.login, new RegExp(`Facture de travaux n° ${a4} : Mise à disposition de la MOE`));

  // The MOE deposits the next piece of the dossier: prefilled, the MOA as destinataire.
  await moe.reload();
  await moe.getByRole("button", { name: "Déposer la pièce suivante du dossier de facturation" }).click();
  await expect(moe).toHaveURL(/\/parties$/);
  await expect(moe.getByRole("textbox", { name: /SIRET de la maîtrise d'ouvrage/ })).toHaveValue(MOA.siret);
  await moe.getByRole("button", { name: "Enregistrer et continuer" }).click();
  await expect(moe.getByLabel(/^Montant total TTC/)).toHaveValue(/^12\s?000,00$/);
  const etat = nouveauNumero("EA");
  await terminerEtEnvoyer(moe, etat);
  await expect(moe.getByText("Mise à disposition de la MOA")).toBeVisible();
  await waitForMail(FOURNISSEUR, new RegExp(`Facture de travaux n° ${a4} : Transmise à la MOA`));

  // The MOA refuses it: the rule is on screen; the MOE is told.
  await waitForMail(MOA.login, new RegExp(`Nouvelle pièce à traiter.*${etat}`));
  const moa = await browser.newPage();
  await seConnecter(moa, MOA.login);
  await ouvrirDepuisSynthese(moa, etat);
  await moa.getByRole("button", { name: "Refuser" }).click();
  await expect(moa.getByText("une différence de montant ne justifie pas un refus")).toBeVisible();
  await moa.getByLabel(/Motif du refus/).selectOption({ label: "Mauvais valideur" });
  await moa.getByRole("button", { name: "Confirmer le refus" }).click();
  await expect(moa.getByText("La pièce est maintenant au statut « Refusée par la MOA ».")).toBeVisible();
  const refus = await waitForMail(MOE.login, new RegExp(`Facture de travaux n° ${etat} : Refusée par la MOA`));
  expect(refus.text).toContain("Mauvais valideur");

  // The MOE corrects and sends again, from the refused piece.
  await ouvrirDepuisSynthese(moe, etat);
  await expect(moe.getByText("Motif : Mauvais valideur").first()).toBeVisible();
  await moe.getByRole("button", { name: "Corriger et déposer à nouveau" }).click();
  await expect(moe).toHaveURL(/\/parties$/);
  await moe.getByRole("button", { name: "Enregistrer et continuer" }).click();
  const corrige = nouveauNumero("EA");
  await terminerEtEnvoyer(moe, corrige);

  // The MOA takes it into account; the MOE is told; « Suivre le traitement » shows each step.
  await waitForMail(MOA.login, new RegExp(`Nouvelle pièce à traiter.*${corrige}`));
  await ouvrirDepuisSynthese(moa, corrige);
  await moa.getByRole("button", { name: "Prendre en compte" }).click();
  await expect(moa.getByText("La pièce est maintenant au statut « Prise en compte par la MOA ».")).toBeVisible();
  await waitForMail(MOE.login, new RegExp(`Facture de travaux n° ${corrige} : Prise en compte par la MOA`));

  await fournisseur.goto("/factures-travaux/synthese");
  await fournisseur.goto(`/factures-travaux/recherche?numero=${a4}`);
  await fournisseur.getByRole("link", { name: a4, exact: true }).click();
  // « Suivre le traitement »: a timeline, oldest step first, each with its date, author and structure, statuses and reason.
  await fournisseur.getByRole("link", { name: "Suivre le traitement" }).click();
  await expect(fournisseur).toHaveURL(/#suivre-le-traitement$/);
  const suivi = fournisseur.getByRole("list", { name: "Historique des actions sur cette pièce" });
  const etapes = suivi.getByRole("listitem");
  await expect(etapes.first()).toContainText("Création du brouillon");
  const suspendue = etapes.filter({ hasText: "Suspension" });
  await expect(suspendue).toContainText(/Le \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}/);
  await expect(suspendue).toContainText("(ATELIER D'ARCHITECTURE GARONNE)");
  await expect(suspendue).toContainText("Motif : Le métré du lot 2 manque");
  await expect(suspendue.locator(".fr-badge")).toHaveText(["Mise à disposition de la MOE", "Suspendue"]);
  await expect(etapes.filter({ hasText: "Pièce complétée et renvoyée" }).locator(".fr-badge")).toHaveText(["Suspendue", "Mise à disposition de la MOE"]);
  const transmise = etapes.filter({ hasText: "Transmise par la pièce suivante" });
  await expect(transmise).toContainText("Par le portail");
  await expect(transmise.locator(".fr-badge")).toHaveText(["Mise à disposition de la MOE", "Transmise à la MOA"]);
  await expect(etapes.last()).toContainText("Transmise par la pièce suivante");
  await fournisseur.getByRole("link", { name: "Consulter le dossier de facturation" }).click();
  await expect(fournisseur.getByRole("link", { name: `n° ${corrige}` })).toBeVisible();
  await expect(fournisseur.getByRole("link", { name: `n° ${etat}` })).toBeVisible();
});
