import { expect, test, type Page } from "@playwright/test";
import { waitForMail } from "./support/mails";
import { suffix } from "./support/donnees";
import { acteur, choisirCadre, ouvrirATraiter, pdf, SIRET, saisirSiret } from "./support/parcours";

// The processing circuits on screen: A10 (subcontractor → titulaire with the direct-payment attestation → MOE),
// the cotraitant of an A13, the correction of a suspended piece. Each test builds its own structures and users
// (its MOE and MOA too), so that the demo structures' lists stay as the other specs expect them.

/** Step 3 (number, date, amounts), the invoice PDF, then « Valider et envoyer » → « Confirmer et envoyer ». */
async function factureEtEnvoi(page: Page, numero: string) {
  await expect(page).toHaveURL(/\/facture$/);
  await page.getByLabel(/^Numéro/).fill(numero);
  await page.getByLabel(/^Date/).fill("2026-03-10");
  await page.getByLabel(/^Type de TVA/).selectOption("TVA_SUR_DEBIT");
  await page.getByLabel(/^Montant total HT/).fill("5 000,00");
  await page.getByLabel(/^Montant total TVA/).fill("1 000,00");
  await page.getByLabel(/^Montant total TTC/).fill("6 000,00");
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(page.getByText("Le brouillon est enregistré")).toBeVisible();
  await page.getByRole("link", { name: /Gestion des pièces jointes/ }).click();
  await page
    .getByLabel("Ajouter la facture (PDF, obligatoire)")
    .setInputFiles({ name: `${numero}.pdf`, mimeType: "application/pdf", buffer: await pdf(`Facture ${numero}`) });
  await expect(page.getByText(`Le fichier « ${numero}.pdf » a été ajouté.`)).toBeVisible();
  await page.getByRole("button", { name: "Valider et envoyer" }).click();
  await page.getByRole("button", { name: "Confirmer et envoyer" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Récapitulatif d'envoi" })).toBeVisible();
}

const badges = (page: Page) => page.getByRole("heading", { level: 1 }).locator(".fr-badge");

test("A10 : le sous-traitant dépose sa demande de paiement, le titulaire joint l'attestation de paiement direct et la valide, la MOE la reçoit", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const moe = await acteur(browser, "ARCHITECTES DU LEON", "Gaëlle", "Morvan", { moe: true });
  const moa = await acteur(browser, "COMMUNE DE LANDERNEAU", "Yann", "Le Gall", { moa: true });
  const titulaire = await acteur(browser, "CHARPENTES DE L'ELORN", "Erwan", "Quéré");
  const sousTraitant = await acteur(browser, "ETANCHEITE DU FINISTERE", "Soizic", "Tanguy");
  const numero = `DP-${suffix()}`;

  // The subcontractor: frame A10, the titulaire to whom the request goes, the MOE and the MOA.
  const st = sousTraitant.page;
  await choisirCadre(st, /^A10 : Demande de paiement/);
  await expect(st.getByRole("group", { name: "Titulaire du marché (la demande lui est transmise)" })).toBeVisible();
  await saisirSiret(st, "moe", moe);
  await saisirSiret(st, "titulaire", titulaire);
  await saisirSiret(st, "moa", moa);
  await st.getByRole("button", { name: "Enregistrer et continuer" }).click();
  await factureEtEnvoi(st, numero);
  await expect(st.getByText("À valider par le titulaire").first()).toBeVisible();

  // The titulaire is told, finds it among its pieces to process, and cannot validate without the attestation.
  await waitForMail(titulaire.email, new RegExp(`Nouvelle pièce à traiter : facture de travaux n° ${numero}`));
  const ti = titulaire.page;
  await ti.goto("/factures-travaux/synthese?tri=recent");
  await expect(
    ti.getByRole("row").filter({ hasText: numero }).getByRole("cell", { name: "À valider (titulaire) : joindre l'attestation de paiement direct" }),
  ).toBeVisible();
  await ouvrirATraiter(ti, numero);
  await expect(badges(ti)).toHaveText("À valider par le titulaire");
  await expect(ti.getByText("Demande de paiement d'un sous-traitant : joignez l'attestation de paiement direct")).toBeVisible();
  await ti.getByRole("button", { name: "Valider la demande de paiement" }).click();
  await expect(ti.getByText("Joignez l'attestation de paiement direct avant de valider la demande de paiement du sous-traitant.")).toBeVisible();
  await ti
    .getByLabel("Joindre l'attestation de paiement direct (obligatoire pour valider)")
    .setInputFiles({ name: "attestation-paiement-direct.pdf", mimeType: "application/pdf", buffer: await pdf("Attestation de paiement direct") });
  await expect(ti.getByText("Le fichier « attestation-paiement-direct.pdf » a été ajouté.")).toBeVisible();
  await ti.getByRole("button", { name: "Valider la demande de paiement" }).click();
  await expect(ti.getByText("La pièce est maintenant au statut « Mise à disposition de la MOE ».")).toBeVisible();
  await expect(ti.getByRole("button", { name: "Valider la demande de paiement" })).toHaveCount(0);

  // The MOE and the subcontractor are told; the MOE finds the request with the attestation, and takes it into account.
  const auMoe = await waitForMail(moe.email, new RegExp(`Facture de travaux n° ${numero} : Mise à disposition de la MOE`));
  expect(auMoe.text).toContain("a validé la demande de paiement du sous-traitant et joint l'attestation de paiement direct");
  await waitForMail(sousTraitant.email, new RegExp(`Facture de travaux n° ${numero} : Mise à disposition de la MOE`));
  const mo = moe.page;
  await ouvrirATraiter(mo, numero);
  await expect(badges(mo)).toHaveText("Mise à disposition de la MOE");
  await expect(mo.getByRole("row").filter({ hasText: "attestation-paiement-direct.pdf" })).toContainText("Attestation de paiement direct");
  await mo.getByRole("button", { name: "Prendre en compte" }).click();
  await expect(mo.getByText("La pièce est maintenant au statut « Prise en compte par la MOE ».")).toBeVisible();
  const validation = mo
    .getByRole("list", { name: "Historique des actions sur cette pièce" })
    .getByRole("listitem")
    .filter({ hasText: "Validation par le titulaire" });
  await expect(validation).toContainText(`Par ${titulaire.nom} (${titulaire.raisonSociale})`);
  await expect(validation.locator(".fr-badge")).toHaveText(["À valider par le titulaire", "Mise à disposition de la MOE"]);
});

test("A13 : le mandataire nomme le cotraitant à l'étape « Parties » ; le cotraitant voit la pièce, que la MOE poursuit avec son état d'acompte (A15)", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const moe = await acteur(browser, "MAITRISE D'OEUVRE DU TREGOR", "Anne", "Le Roux", { moe: true });
  const moa = await acteur(browser, "DEPARTEMENT DES COTES", "Loïc", "Prigent", { moa: true });
  const mandataire = await acteur(browser, "GROUPEMENT BATI ARMOR", "Nolwenn", "Jaouen");
  const cotraitant = await acteur(browser, "PLOMBERIE DE LANNION", "Ronan", "Guillou");
  const numero = `PDMC-${suffix()}`;

  const m = mandataire.page;
  await choisirCadre(m, /^A13 : Projet de décompte mensuel \(cotraitant\)/);
  const champ = m.getByRole("textbox", { name: SIRET.cotraitant });
  await expect(m.getByRole("group", { name: "Cotraitant (le mandataire dépose la pièce pour lui)" })).toBeVisible();
  await expect(champ).toHaveAttribute("required", "");
  await saisirSiret(m, "moe", moe);
  await saisirSiret(m, "moa", moa);
  // Mandatory; never the mandataire itself.
  await m.getByRole("button", { name: "Enregistrer et continuer" }).click();
  await expect(m.getByText("Saisissez le SIRET du cotraitant pour lequel vous déposez la pièce.")).toBeVisible();
  await champ.fill(mandataire.siret);
  await m.getByRole("button", { name: "Enregistrer et continuer" }).click();
  await expect(m.getByText("Le cotraitant est une autre structure que la vôtre, le mandataire.").first()).toBeVisible();
  await saisirSiret(m, "cotraitant", cotraitant);
  await m.getByRole("button", { name: "Enregistrer et continuer" }).click();
  await factureEtEnvoi(m, numero);

  // The cotraitant sees the piece deposited for it (search), named on it.
  const c = cotraitant.page;
  await c.goto(`/factures-travaux/recherche?numero=${numero}`);
  await c.getByRole("link", { name: numero, exact: true }).click();
  await expect(c.getByText(`${cotraitant.raisonSociale} (${cotraitant.siret}) — déposée par le mandataire`)).toBeVisible();
  await expect(c.getByText(`${mandataire.raisonSociale} (${mandataire.siret})`)).toBeVisible();

  // The MOE's next piece (A15) is prefilled with the same cotraitant.
  await waitForMail(moe.email, new RegExp(`Nouvelle pièce à traiter : facture de travaux n° ${numero}`));
  const mo = moe.page;
  await ouvrirATraiter(mo, numero);
  await mo.getByRole("button", { name: "Déposer la pièce suivante du dossier de facturation" }).click();
  await expect(mo).toHaveURL(/\/parties$/);
  await expect(mo.getByRole("group", { name: "Cotraitant — facultatif" })).toBeVisible();
  await expect(mo.getByRole("textbox", { name: SIRET.cotraitant })).toHaveValue(cotraitant.siret);
  await expect(mo.getByRole("textbox", { name: SIRET.titulaire })).toHaveValue(mandataire.siret);
});

test("pièce suspendue : la MOE suspend, le déposant voit le motif, corrige la facture et ajoute la pièce manquante, renvoie ; la MOE la retrouve corrigée", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const moe = await acteur(browser, "ATELIER D'ARCHITECTURE DE CORNOUAILLE", "Maïwenn", "Cariou", { moe: true });
  const moa = await acteur(browser, "COMMUNE DE QUIMPERLE", "Hervé", "Le Floch", { moa: true });
  const fournisseur = await acteur(browser, "MACONNERIE DE L'AVEN", "Tugdual", "Riou");
  const numero = `PDM-${suffix()}`;

  const f = fournisseur.page;
  await choisirCadre(f, /^A4 : Projet de décompte mensuel/);
  await saisirSiret(f, "moe", moe);
  await saisirSiret(f, "moa", moa);
  await f.getByRole("button", { name: "Enregistrer et continuer" }).click();
  await factureEtEnvoi(f, numero);

  // The MOE suspends it: attachments are missing.
  await waitForMail(moe.email, new RegExp(`Nouvelle pièce à traiter : facture de travaux n° ${numero}`));
  const mo = moe.page;
  await ouvrirATraiter(mo, numero);
  await mo.getByRole("button", { name: "Suspendre" }).click();
  await mo.getByLabel(/Pièces jointes manquantes/).fill("Situation de travaux du lot 3 manquante ; montant HT à revoir");
  await mo.getByRole("button", { name: "Confirmer la suspension" }).click();
  await expect(mo.getByText("La pièce est maintenant au statut « Suspendue ».")).toBeVisible();

  // The depositor: told by mail, the piece waits among its pieces sent back, with the reason.
  const mail = await waitForMail(fournisseur.email, new RegExp(`Facture de travaux n° ${numero} : Suspendue`));
  expect(mail.text).toContain("Situation de travaux du lot 3 manquante ; montant HT à revoir");
  await f.goto("/factures-travaux/synthese?aTraiter=retournees");
  await expect(f.getByRole("row").filter({ hasText: numero }).getByRole("cell", { name: "À compléter et renvoyer" })).toBeVisible();
  await ouvrirATraiter(f, numero);
  await expect(f.getByText("Pièce suspendue", { exact: true })).toBeVisible();
  await expect(f.getByText("Motif : Situation de travaux du lot 3 manquante ; montant HT à revoir").first()).toBeVisible();

  // Correction mode: the invoice's fields, without the deposit steps.
  await f.getByRole("link", { name: "Corriger les informations de la facture" }).click();
  // The page's lead paragraph (Next's route announcer reads the page title, which now names it too).
  await expect(f.getByText(/^Correction de la pièce suspendue :/)).toBeVisible();
  await expect(f.getByLabel(/^Numéro/)).toHaveValue(numero);
  await f.getByLabel(/^Montant total HT/).fill("4 500,00");
  await f.getByLabel(/^Montant total TVA/).fill("900,00");
  await f.getByLabel(/^Montant total TTC/).fill("5 400,00");
  // The décompte must still add up: the HT alone changed is refused at its line, with the total it should be.
  await f.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(f.getByText(/^Le montant HT \(4.500,00.€\) ne correspond pas au décompte : .* = 5.000,00.€\.$/)).toBeVisible();
  await f.getByLabel(/^Travaux exécutés pendant la période/).fill("4 500,00");
  await f.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(f.getByText("Vos corrections sont enregistrées.")).toBeVisible();
  await f.getByRole("link", { name: "Retour à la pièce" }).click();

  // The missing attachment, then « Compléter et renvoyer ».
  await f
    .getByLabel("Ajouter une pièce jointe")
    .setInputFiles({ name: "situation-lot-3.csv", mimeType: "text/csv", buffer: Buffer.from("poste;montant\nLot 3;4500\n") });
  await expect(f.getByText("Le fichier « situation-lot-3.csv » a été ajouté.")).toBeVisible();
  await f.getByRole("button", { name: "Compléter et renvoyer" }).click();
  await expect(f.getByText("La pièce est maintenant au statut « Mise à disposition de la MOE ».")).toBeVisible();
  await expect(f.getByRole("button", { name: "Compléter et renvoyer" })).toHaveCount(0);

  // The same MOE gets it back, corrected, with the attachment; the history tells the story.
  const retour = await waitForMail(moe.email, new RegExp(`Facture de travaux n° ${numero} : Mise à disposition de la MOE`));
  expect(retour.text).toContain("a complété la pièce que vous aviez suspendue");
  await ouvrirATraiter(mo, numero);
  await expect(badges(mo)).toHaveText("Mise à disposition de la MOE");
  // The corrected TTC, and the net à payer it makes (no retenue de garantie nor pénalités).
  await expect(mo.getByText(/^5\s400,00\s€$/)).toHaveCount(2);
  await expect(mo.getByRole("row").filter({ hasText: "situation-lot-3.csv" })).toBeVisible();
  const etapes = mo.getByRole("list", { name: "Historique des actions sur cette pièce" }).getByRole("listitem");
  await expect(etapes.filter({ hasText: "Suspension" })).toContainText(`Par ${moe.nom} (${moe.raisonSociale})`);
  await expect(etapes.last()).toContainText("Pièce complétée et renvoyée");
  await expect(etapes.last()).toContainText(`Par ${fournisseur.nom} (${fournisseur.raisonSociale})`);
});
