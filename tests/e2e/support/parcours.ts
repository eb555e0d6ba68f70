import { randomInt } from "node:crypto";
import { expect, type Browser, type Page } from "@playwright/test";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { rattacher, seConnecter, sql, structure, suffix, utilisateur } from "./donnees";

// What the circuit specs do on screen again and again: the structures of a contract and their users signed in, the
// SIRETs of step « Parties », the frame of step 1, a PDF to join, a piece opened from « Pièces à traiter ».

export async function pdf(texte: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText(texte, { x: 50, y: 780, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save());
}

/** The digit that makes `digits` Luhn-valid (SIREN and SIRET keys). */
function cleLuhn(digits: string): string {
  for (let k = 0; k < 10; k++) {
    const n = digits + k;
    const somme = [...n].reverse().reduce((acc, c, i) => acc + (i % 2 ? ((d) => (d > 9 ? d - 9 : d))(Number(c) * 2) : Number(c)), 0);
    if (somme % 10 === 0) return n;
  }
  throw new Error("clé de Luhn introuvable");
}

/** A SIRET the parties step accepts: SIREN (starting with 9, as no sample does) and SIRET both Luhn-valid. */
export const siretValide = () => cleLuhn(cleLuhn(`9${String(randomInt(10 ** 6, 10 ** 7))}`) + String(randomInt(1000, 10000)));

/**
 * A structure and its principal manager, signed in on a page of their own. `moa`: a public buyer as its legal
 * category would make it (a local authority, 7210).
 */
export async function acteur(browser: Browser, raisonSociale: string, prenom: string, nom: string, o: { moe?: boolean; moa?: boolean } = {}) {
  const s = { ...(await structure(`${raisonSociale} ${suffix()}`)), siret: siretValide() };
  await sql(`UPDATE "Structure" SET identifier = $2 WHERE id = $1`, [s.id, s.siret]);
  if (o.moe) await sql(`UPDATE "Structure" SET "worksSpaceOpen" = true WHERE id = $1`, [s.id]);
  if (o.moa)
    await sql(
      `UPDATE "Structure" SET "isPublicBuyer" = true, "acheteurPublicSource" = 'CATEGORIE_JURIDIQUE', "categorieJuridique" = '7210', "worksSpaceOpen" = true WHERE id = $1`,
      [s.id],
    );
  const u = await utilisateur(prenom, nom);
  await rattacher(u.id, s.id, "GESTIONNAIRE_PRINCIPAL");
  const page = await browser.newPage();
  await seConnecter(page, u.email);
  return { ...s, email: u.email, nom: u.nom, page };
}

/** A member of the structure with the « Service financier » habilitation (its comptable), signed in. */
export async function comptable(browser: Browser, structureId: string, prenom: string, nom: string) {
  const u = await utilisateur(prenom, nom);
  await rattacher(u.id, structureId, "UTILISATEUR_SIMPLE");
  await sql(`UPDATE "Membership" SET "serviceFinancier" = true WHERE "userId" = $1 AND "structureId" = $2`, [u.id, structureId]);
  const page = await browser.newPage();
  await seConnecter(page, u.email);
  return { email: u.email, nom: u.nom, page };
}

export const SIRET = {
  moe: /SIRET de la maîtrise d'œuvre/,
  titulaire: /SIRET du titulaire/,
  cotraitant: /SIRET du cotraitant/,
  moa: /SIRET de la maîtrise d'ouvrage/,
};

export async function saisirSiret(page: Page, champ: keyof typeof SIRET, s: { siret: string; raisonSociale: string }) {
  await page.getByRole("textbox", { name: SIRET[champ] }).fill(s.siret);
  await page.getByRole("textbox", { name: SIRET[champ] }).blur();
  await expect(page.getByText(s.raisonSociale, { exact: false }).first()).toBeVisible();
}

/** Step 1, the frame; step 2 is left to the caller. */
export async function choisirCadre(page: Page, cadre: RegExp) {
  await page.goto("/factures-travaux/deposer");
  await page.locator("label", { hasText: cadre }).click();
  await page.getByRole("button", { name: "Enregistrer et continuer" }).click();
  await expect(page).toHaveURL(/\/parties$/);
}

/** « Gestion des pièces jointes »: the invoice PDF, then « Valider et envoyer » → « Confirmer et envoyer ». */
export async function joindreEtEnvoyer(page: Page, numero: string) {
  await page.getByRole("link", { name: /Gestion des pièces jointes/ }).click();
  await page
    .getByLabel("Ajouter la facture (PDF, obligatoire)")
    .setInputFiles({ name: `${numero}.pdf`, mimeType: "application/pdf", buffer: await pdf(`Facture ${numero}`) });
  await expect(page.getByText(`Le fichier « ${numero}.pdf » a été ajouté.`)).toBeVisible();
  await page.getByRole("button", { name: "Valider et envoyer" }).click();
  await page.getByRole("button", { name: "Confirmer et envoyer" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Récapitulatif d'envoi" })).toBeVisible();
}

/** « Synthèse » → « Pièces à traiter » (most recent change first) → the piece. */
export async function ouvrirATraiter(page: Page, numero: string) {
  await page.goto("/factures-travaux/synthese?tri=recent");
  await page.getByRole("table", { name: "Pièces à traiter" }).getByRole("link", { name: numero, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(`n° ${numero}`) })).toBeVisible();
}

/**
 * The paying service on the piece's page: « Mandater » (the number is required: the dialog says so first), then
 * « Mettre en paiement » with the amount prefilled (`montant`: what it must show).
 */
export async function mandaterEtPayer(page: Page, numero: string, mandat: string, o: { montant?: RegExp } = {}) {
  await page.getByRole("button", { name: "Mandater", exact: true }).click();
  const dialogue = page.getByRole("dialog", { name: `Mandater la facture n° ${numero}` });
  await dialogue.getByRole("button", { name: "Confirmer le mandatement" }).click();
  await expect(dialogue.getByText("Indiquez le numéro du mandat.")).toBeVisible();
  await dialogue.getByLabel("Numéro du mandat").fill(mandat);
  await expect(dialogue.getByLabel("Date du mandat")).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);
  await dialogue.getByRole("button", { name: "Confirmer le mandatement" }).click();
  await expect(page.getByText("La pièce est maintenant au statut « Mandatée ».")).toBeVisible();
  await page.getByRole("button", { name: "Mettre en paiement", exact: true }).click();
  const paiement = page.getByRole("dialog", { name: `Mettre en paiement la facture n° ${numero}` });
  if (o.montant) await expect(paiement.getByLabel("Montant payé (en euros)")).toHaveValue(o.montant);
  await paiement.getByRole("button", { name: "Confirmer la mise en paiement" }).click();
  await expect(page.getByText("La pièce est maintenant au statut « Mise en paiement ».")).toBeVisible();
  await expect(page.getByRole("button", { name: "Mettre en paiement", exact: true })).toHaveCount(0);
}
