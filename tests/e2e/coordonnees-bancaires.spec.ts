import { expect, test, type Page } from "@playwright/test";
import { rattacher, seConnecter, sql, structure, suffix, utilisateur } from "./support/donnees";

// « Coordonnées bancaires » of a structure, chosen at step « Parties » of a deposit; a public buyer's parameters and
// the « Service financier » habilitation. Each test builds its own structure and users (`structure()` gives every
// structure one account, « Compte principal », FR76 3000 6000 0112 3456 7890 189).

/** « Organisation » → « Structures » → the application's « Accéder ». */
async function ouvrir(page: Page, application: string) {
  await page.goto("/structures");
  await page
    .getByRole("link", { name: "Accéder", exact: true })
    .and(page.getByTitle(`Accéder à l'application ${application}`))
    .click();
  await expect(page.getByRole("heading", { level: 1, name: application })).toBeVisible();
}

test("un gestionnaire ajoute un compte (IBAN vérifié), désactive l'ancien après confirmation ; au dépôt, le compte se choisit, IBAN masqué", async ({
  page,
}) => {
  const s = await structure(`MENUISERIE DE L'ODET ${suffix()}`);
  const u = await utilisateur("Gwen", "Le Bihan");
  await rattacher(u.id, s.id, "GESTIONNAIRE_PRINCIPAL");
  await seConnecter(page, u.email);
  await ouvrir(page, "Coordonnées bancaires");

  // The gestionnaire reads the IBAN in full.
  const principal = page.getByRole("row").filter({ hasText: "Compte principal" });
  await expect(principal.getByText("FR76 3000 6000 0112 3456 7890 189")).toBeVisible();

  // A wrong check digit is refused in French, under the field.
  const ajout = page.getByRole("form", { name: "Ajouter des coordonnées bancaires" });
  await ajout.getByLabel(/^Libellé/).fill("Compte travaux");
  await ajout.getByLabel(/^Titulaire du compte/).fill(s.raisonSociale);
  await ajout.getByLabel(/^IBAN/).fill("FR76 3000 4008 2800 0123 4567 840");
  await ajout.getByLabel(/^BIC/).fill("BNPAFRPP");
  await ajout.getByRole("button", { name: "Ajouter les coordonnées bancaires" }).click();
  await expect(page.getByText("L'IBAN saisi n'est pas valide : vérifiez sa clé de contrôle.")).toBeVisible();

  await ajout.getByLabel(/^IBAN/).fill("fr76 3000 4008 2800 0123 4567 841");
  await ajout.getByRole("button", { name: "Ajouter les coordonnées bancaires" }).click();
  await expect(page.getByText("Coordonnées bancaires « Compte travaux » ajoutées.")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "Compte travaux" }).getByText("FR76 3000 4008 2800 0123 4567 841")).toBeVisible();

  // « Désactiver » asks first, naming the account.
  await principal.getByRole("button", { name: "Désactiver" }).click();
  const dialogue = page.getByRole("dialog", { name: "Désactiver ces coordonnées bancaires ?" });
  await expect(dialogue.getByText("« Compte principal »")).toBeVisible();
  await dialogue.getByRole("button", { name: "Confirmer la désactivation" }).click();
  await expect(page.getByText("Coordonnées bancaires « Compte principal » désactivées.")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "Compte principal" }).getByText("Désactivées")).toBeVisible();

  // Step « Parties » of an A4: the only active account, preselected, its IBAN masked; never the full IBAN.
  await page.goto("/factures-travaux/deposer");
  await page.locator("label", { hasText: /^A4 : Projet de décompte mensuel/ }).click();
  await page.getByRole("button", { name: "Enregistrer et continuer" }).click();
  await expect(page).toHaveURL(/\/parties$/);
  await expect(page.getByRole("group", { name: "Références" }).getByLabel(/^Numéro de marché/)).toBeVisible();
  const compte = page.getByLabel(/^Compte sur lequel la pièce sera payée/);
  await expect(compte.locator("option:checked")).toHaveText(/^Compte travaux — .* — FR76 \*{4} \*{4} \*{4} \*{4} \*{3}7 841 — BNPAFRPP$/);
  await expect(compte.locator("option")).toHaveCount(2);
  await expect(page.getByText("3000 4008")).toHaveCount(0);
});

test("une maîtrise d'ouvrage exige l'EJ, et habilite un utilisateur « Service financier »", async ({ page }) => {
  const s = await structure(`COMMUNE DE PLOUGASTEL ${suffix()}`);
  // Test data: a public buyer as its legal category would make it (a commune, 7210).
  await sql(`UPDATE "Structure" SET "isPublicBuyer" = true, "acheteurPublicSource" = 'CATEGORIE_JURIDIQUE', "categorieJuridique" = '7210' WHERE id = $1`, [
    s.id,
  ]);
  const g = await utilisateur("Maël", "Kerjean");
  await rattacher(g.id, s.id, "GESTIONNAIRE_PRINCIPAL");
  const agent = await utilisateur("Soizic", "Tanguy");
  await rattacher(agent.id, s.id, "UTILISATEUR_SIMPLE");
  await seConnecter(page, g.email);

  await ouvrir(page, "Paramètres de la structure");
  const exigences = page.getByRole("region", { name: "Maîtrise d'ouvrage : pièces qui vous sont adressées" });
  await exigences.locator("label", { hasText: "Numéro d'engagement juridique obligatoire" }).click();
  await exigences.getByRole("button", { name: "Enregistrer les paramètres" }).click();
  await expect(page.getByText("Les paramètres de la maîtrise d'ouvrage sont enregistrés.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel(/^Numéro d'engagement juridique obligatoire/)).toBeChecked();

  await ouvrir(page, "Gérer les utilisateurs");
  const ligne = page.getByRole("row").filter({ hasText: agent.email });
  await ligne.getByRole("button", { name: "Habiliter « Service financier »" }).click();
  await expect(ligne.getByText("Habilitation « Service financier » accordée.")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: agent.email }).getByText("Service financier", { exact: true })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: agent.email }).getByRole("button", { name: "Retirer « Service financier »" })).toBeVisible();
});
