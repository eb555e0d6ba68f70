import { expect, test } from "@playwright/test";
import { rattacher, seConnecter, sql, structure, suffix, utilisateur } from "./support/donnees";

test("un gestionnaire voit la demande de rattachement dans ses notifications, la suit, puis la marque comme lue", async ({ page }) => {
  const cible = await structure(`MACONNERIE DU TREGOR ${suffix()}`);
  const sienne = await structure(`ENDUITS DE CORNOUAILLE ${suffix()}`);
  const gestionnaire = await utilisateur("Annaïg", "Le Bihan");
  const demandeur = await utilisateur("Tanguy", "Kerouac");
  await rattacher(gestionnaire.id, cible.id, "GESTIONNAIRE_PRINCIPAL");
  await rattacher(demandeur.id, sienne.id, "GESTIONNAIRE_PRINCIPAL");

  // Nothing yet for the manager.
  await seConnecter(page, gestionnaire.email);
  await expect(page.getByRole("link", { name: "Notifications, aucune non lue" })).toBeVisible();
  await page.getByRole("button", { name: "Se déconnecter", exact: true }).click();

  // Another user asks to be attached to the manager's structure, through « Mes structures ».
  await seConnecter(page, demandeur.email);
  await page.goto("/structures/mes-structures");
  await page.getByLabel("Raison sociale").fill(cible.raisonSociale.toLowerCase());
  await page.getByRole("button", { name: "Rechercher" }).click();
  await page.getByRole("row").filter({ hasText: cible.raisonSociale }).getByRole("button", { name: "Demander le rattachement" }).click();
  await expect(page.getByText("Demande envoyée à ses gestionnaires.")).toBeVisible();
  await page.getByRole("button", { name: "Se déconnecter", exact: true }).click();

  // The manager sees it in the header, then on the notifications page.
  await seConnecter(page, gestionnaire.email);
  await page.getByRole("link", { name: "Notifications, 1 non lue" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  await expect(page.getByText("1 notification, dont 1 non lue.")).toBeVisible();
  const titre = `Demande de rattachement à la structure ${cible.raisonSociale}`;
  const item = page.getByRole("listitem").filter({ hasText: titre });
  await expect(item.getByText("Non lue", { exact: true })).toBeVisible();
  await expect(item.getByText(`Tanguy Kerouac (${demandeur.email}) demande à être rattaché à la structure ${cible.raisonSociale}.`)).toBeVisible();

  // Its link leads to the request to decide.
  await item.getByRole("link", { name: titre }).click();
  await expect(page).toHaveURL(/\/structures\/rattachements$/);
  await expect(page.getByRole("heading", { level: 1, name: "Demandes de rattachement" })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: demandeur.email })).toBeVisible();

  // Back to the notifications: marked as read, the count goes down.
  await page.getByRole("link", { name: "Notifications, 1 non lue" }).click();
  await page
    .getByRole("listitem")
    .filter({ hasText: titre })
    .getByRole("button", { name: `Marquer comme lue : ${titre}` })
    .click();
  await expect(page.getByText("La notification a été marquée comme lue.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Notifications, aucune non lue" })).toBeVisible();
  await expect(page.getByText("1 notification, dont aucune non lue.")).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: titre }).getByText("Non lue", { exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Tout marquer comme lu" })).toHaveCount(0);
});

test("« Tout marquer comme lu » remet le compteur à zéro", async ({ page }) => {
  const user = await utilisateur("Morgane", "Guivarc'h");
  // Two notifications as the mails would leave them (the way they are written is covered by the integration tests).
  for (const numero of ["FAC-A", "FAC-B"]) {
    await sql(`INSERT INTO "Notification" (id, "userId", titre, message) VALUES (gen_random_uuid(), $1, $2, 'Votre pièce a été suspendue.')`, [
      user.id,
      `Facture de travaux n° ${numero} : Suspendue`,
    ]);
  }
  await seConnecter(page, user.email);
  await page.getByRole("link", { name: "Notifications, 2 non lues" }).click();
  await expect(page.getByText("2 notifications, dont 2 non lues.")).toBeVisible();
  await page.getByRole("button", { name: "Tout marquer comme lu" }).click();
  await expect(page.getByText("Toutes vos notifications ont été marquées comme lues.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Notifications, aucune non lue" })).toBeVisible();
  await expect(page.getByText("Non lue", { exact: true })).toHaveCount(0);
});
