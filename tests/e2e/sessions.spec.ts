import { expect, test } from "@playwright/test";
import { SAMPLE } from "./support/context";
import { rattacher, seConnecter, structure, suffix, utilisateur } from "./support/donnees";
import { waitForMail } from "./support/mails";

const NOUVEAU = "Nouveau-Chantier-2027!";

test("« Modifier mon mot de passe » garde cette session et ferme l'autre appareil ; « Se déconnecter de tous les appareils » ferme tout", async ({
  page,
  browser,
}) => {
  // Three sign-ins, a password change, a mail, two browsers: about 50 s on a busy 2-core CI runner.
  test.setTimeout(120_000);
  const user = await utilisateur("Solène", "Garnier");
  await rattacher(user.id, (await structure(`SESSIONS ${suffix()}`)).id, "UTILISATEUR_SIMPLE");
  await seConnecter(page, user.email);
  const autre = await (await browser.newContext()).newPage();
  await seConnecter(autre, user.email);

  await page.goto("/mon-compte");
  await page.getByLabel(/^Mot de passe actuel/).fill(SAMPLE.demoPassword);
  await page.getByLabel(/^Nouveau mot de passe/).fill(NOUVEAU);
  await page.getByLabel(/^Confirmation du nouveau mot de passe/).fill(NOUVEAU);
  await page.getByRole("button", { name: "Modifier mon mot de passe" }).click();
  await expect(page.getByText("Votre mot de passe a été modifié.")).toBeVisible();
  expect((await waitForMail(user.email, /mot de passe de votre compte a été modifié/)).text).toContain("ont été fermées");

  // This device stays signed in; the other one is signed out at its next page.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Mon compte" })).toBeVisible();
  await autre.goto("/mon-compte");
  await expect(autre).toHaveURL(/\/connexion/);

  // Signed in again elsewhere with the new password, then every session ends after the confirmation.
  await autre.getByLabel("Adresse électronique de connexion").fill(user.email);
  await autre.getByLabel("Mot de passe").fill(NOUVEAU);
  await autre.getByRole("button", { name: "Se connecter" }).click();
  await expect(autre.getByRole("heading", { level: 1, name: "Mon compte" })).toBeVisible();
  await page.getByRole("button", { name: "Se déconnecter de tous les appareils" }).click();
  const dialogue = page.getByRole("dialog", { name: "Se déconnecter de tous les appareils ?" });
  await expect(dialogue).toContainText(user.email);
  await dialogue.getByRole("button", { name: "Me déconnecter partout" }).click();
  await expect(page).toHaveURL(/\/connexion/);
  await page.goto("/mon-compte");
  await expect(page).toHaveURL(/\/connexion/);
  await autre.goto("/mon-compte");
  await expect(autre).toHaveURL(/\/connexion/);
});

test("après la connexion, l'adresse de retour n'est suivie que si c'est un chemin du portail", async ({ page }) => {
  const user = await utilisateur("Rémi", "Bouvier");
  await page.goto(`/connexion?email=${encodeURIComponent(user.email)}&retour=${encodeURIComponent("//evil.example/mon-compte")}`);
  await page.getByLabel("Mot de passe").fill(SAMPLE.demoPassword);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/mon-compte$/);

  await page.context().clearCookies();
  await page.goto(`/connexion?email=${encodeURIComponent(user.email)}&retour=${encodeURIComponent("/notifications")}`);
  await page.getByLabel("Mot de passe").fill(SAMPLE.demoPassword);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).toHaveURL(/\/notifications$/);
});

test("un refus de connexion dit la même phrase, que le compte existe ou non", async ({ page }) => {
  const user = await utilisateur("Inès", "Morel");
  const messages: string[] = [];
  for (const email of [user.email, `personne-${suffix().toLowerCase()}@exemple.fr`]) {
    await page.goto(`/connexion?email=${encodeURIComponent(email)}`);
    await page.getByLabel("Mot de passe").fill("Pas-le-bon-mot-2026!");
    await page.getByRole("button", { name: "Se connecter" }).click();
    const alerte = page.getByRole("alert").or(page.locator(".fr-alert--error")).first();
    await expect(alerte).toContainText("Adresse électronique ou mot de passe incorrect, ou compte indisponible.");
    messages.push((await alerte.textContent()) ?? "");
  }
  expect(messages[0]).toBe(messages[1]);
});
