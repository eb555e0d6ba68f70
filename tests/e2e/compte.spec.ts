import { expect, test, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { E2E_CAPTCHA_TEXT, SAMPLE } from "./support/context";
import { firstLink, waitForMail } from "./support/mails";
import { rattacher, seConnecter, sql, structure, suffix, utilisateur } from "./support/donnees";

const PASSWORD = "Chantier-Lumiere-2026";

function uniqueEmail(prefix: string) {
  return `${prefix}-${randomBytes(4).toString("hex")}@exemple.fr`;
}

async function remplirInformationsPersonnelles(page: Page, email: string) {
  await page.getByLabel("Adresse électronique de connexion").fill(email);
  await page.getByRole("textbox", { name: /^Prénom/ }).fill("Léa");
  await page.getByRole("textbox", { name: /^Nom/ }).fill("Fontaine");
  await page.getByLabel("Numéro de téléphone").fill("06 12 34 56 78");
  await page.getByLabel("E-mail du contact").fill(email);
  await page.getByText("J'accepte les conditions").click();
}

async function validerCaptcha(page: Page) {
  await page.getByRole("textbox", { name: "Suite de caractères" }).fill(E2E_CAPTCHA_TEXT);
  await page.getByRole("button", { name: "Valider le Captcha" }).click();
  await expect(page.getByText("Captcha validé")).toBeVisible();
}

test("un nouvel utilisateur crée son compte, l'active depuis le courriel et se connecte", async ({ page }) => {
  const email = uniqueEmail("lea");
  await page.goto("/");
  await page.getByRole("link", { name: "Créer un compte" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Créer un compte" })).toBeVisible();

  await remplirInformationsPersonnelles(page, email);
  const identifiant = page.getByLabel("Identifiant SIRET");
  await identifiant.fill(SAMPLE.nouvelleEntreprise.siret);
  await identifiant.blur();
  await expect(page.getByText("n'existe pas encore sur le portail")).toBeVisible();
  await expect(page.getByLabel("Raison sociale")).toHaveValue(SAMPLE.nouvelleEntreprise.raisonSociale);

  await validerCaptcha(page);
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(page.getByRole("heading", { name: "Votre compte a été créé" })).toBeVisible();
  await expect(page.getByText(email).first()).toBeVisible();
  // The structure is created when the account is activated, not before.
  await expect(page.getByText(/est créée sur le portail à l'activation de votre compte, pas avant/)).toBeVisible();

  const recap = await waitForMail(email, /Récapitulatif/);
  expect(recap.text).toContain(SAMPLE.nouvelleEntreprise.raisonSociale);
  const activation = await waitForMail(email, /Activ/);
  await page.goto(firstLink(activation.text ?? "", "/activation/"));
  await expect(page.getByRole("heading", { level: 1, name: "Activer votre compte" })).toBeVisible();

  await page.getByLabel("Mot de passe", { exact: false }).first().fill("court");
  await expect(page.getByText("12 caractères minimum")).toBeVisible();
  await page.getByLabel("Mot de passe", { exact: false }).first().fill(PASSWORD);
  await page.getByLabel("Confirmation du mot de passe").fill(PASSWORD);
  await page.getByRole("button", { name: "Soumettre" }).click();
  await expect(page.getByText("Votre compte est activé")).toBeVisible();

  // The link is single-use: opened again, it says so and offers a new one.
  await page.goto(firstLink(activation.text ?? "", "/activation/"));
  await expect(page.getByText("Lien déjà utilisé")).toBeVisible();
  await expect(page.getByRole("button", { name: "Recevoir un nouveau lien" })).toBeVisible();

  await page.goto(`/connexion?email=${encodeURIComponent(email)}`);
  await page.getByLabel("Mot de passe").fill(PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mon compte" })).toBeVisible();
  // Its structure in the table of « Mes structures et rôles » (the deactivation's notice names it too).
  await expect(page.getByRole("cell", { name: SAMPLE.nouvelleEntreprise.raisonSociale })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Gestionnaire principal" })).toBeVisible();

  await page.getByRole("button", { name: "Se déconnecter", exact: true }).click();
  await expect(page.getByRole("link", { name: "Se connecter" }).first()).toBeVisible();
  await page.goto("/mon-compte");
  await expect(page).toHaveURL(/\/connexion/);
});

test("un mauvais mot de passe est refusé avec un message clair, et la boîte de développement n'existe pas en production", async ({ page }) => {
  await page.goto("/connexion");
  await page.getByLabel("Adresse électronique de connexion").fill(SAMPLE.fournisseurDemo.gestionnaire);
  await page.getByLabel("Mot de passe").fill("Pas-le-bon-mot-de-passe-1");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByText(/Adresse électronique ou mot de passe incorrect/)).toBeVisible();
  const response = await page.goto("/dev/mails");
  expect(response?.status()).toBe(404);
});

test("un utilisateur demande son rattachement à une structure existante, que son gestionnaire valide", async ({ page, browser }) => {
  const email = uniqueEmail("rattachement");
  await page.goto("/creer-un-compte");
  await remplirInformationsPersonnelles(page, email);
  const identifiant = page.getByLabel("Identifiant SIRET");
  await identifiant.fill(SAMPLE.fournisseurDemo.siret);
  await identifiant.blur();
  await expect(page.getByText("Cette structure est déjà présente sur le portail")).toBeVisible();
  await expect(page.getByLabel("Raison sociale")).toBeDisabled();
  await validerCaptcha(page);
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(page.getByText("Demande de rattachement en attente")).toBeVisible();
  await expect(page.getByText(/sera transmise à son gestionnaire dès l'activation de votre compte/)).toBeVisible();

  // The request is made, and the managers told, when the account is activated: not before.
  const activation = await waitForMail(email, /Activ/);
  await page.goto(firstLink(activation.text ?? "", "/activation/"));
  await page.getByLabel("Mot de passe", { exact: false }).first().fill(PASSWORD);
  await page.getByLabel("Confirmation du mot de passe").fill(PASSWORD);
  await page.getByRole("button", { name: "Soumettre" }).click();
  await expect(page.getByText("Votre compte est activé")).toBeVisible();

  const notification = await waitForMail(SAMPLE.fournisseurDemo.gestionnaire, /rattachement/i);
  expect(notification.text).toContain(email);

  const manager = await browser.newPage();
  await manager.goto("/connexion");
  await manager.getByLabel("Adresse électronique de connexion").fill(SAMPLE.fournisseurDemo.gestionnaire);
  await manager.getByLabel("Mot de passe").fill(SAMPLE.demoPassword);
  await manager.getByRole("button", { name: "Se connecter" }).click();
  await expect(manager.getByRole("heading", { level: 1, name: "Mon compte" })).toBeVisible();
  await manager.goto("/structures/rattachements");
  const row = manager.getByRole("row").filter({ hasText: email });
  await row.getByRole("button", { name: "Valider" }).click();
  await expect(row.getByText("Décision enregistrée")).toBeVisible();

  const decision = await waitForMail(email, /rattachement a été acceptée/);
  expect(decision.text).toContain(SAMPLE.fournisseurDemo.raisonSociale);
});

test("une mauvaise saisie est signalée en français et ne crée rien", async ({ page }) => {
  await page.goto("/creer-un-compte");
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(page.getByText("L'adresse électronique est obligatoire.").first()).toBeVisible();
  const identifiant = page.getByLabel("Identifiant SIRET");
  await identifiant.fill(SAMPLE.etablissementFerme.siret);
  await identifiant.blur();
  await expect(page.getByText(/fermé/i).first()).toBeVisible();
  await page.getByRole("textbox", { name: "Suite de caractères" }).fill("FAUX99");
  await page.getByRole("button", { name: "Valider le Captcha" }).click();
  await expect(page.getByText(/ne correspond pas/).first()).toBeVisible();
});

test("« Mon compte » : prénom, nom et téléphone modifiés, gardés au rechargement et dans l'en-tête", async ({ page }) => {
  const user = await utilisateur("Margaux", "Perrin");
  await rattacher(user.id, (await structure(`COMPTE ${suffix()}`)).id, "UTILISATEUR_SIMPLE");
  await seConnecter(page, user.email);
  const infos = page.getByRole("region", { name: "Mes informations" });
  await infos.getByRole("textbox", { name: /^Téléphone/ }).fill("12");
  await infos.getByRole("button", { name: "Enregistrer mes informations" }).click();
  await expect(infos.getByText("Saisissez un numéro de téléphone valide")).toBeVisible();
  await infos.getByRole("textbox", { name: /^Prénom/ }).fill("Margaux-Lise");
  await infos.getByRole("textbox", { name: /^Nom/ }).fill("Perrin-Vidal");
  await infos.getByRole("textbox", { name: /^Téléphone/ }).fill("06 98 76 54 32");
  await infos.getByRole("button", { name: "Enregistrer mes informations" }).click();
  await expect(infos.getByText("Vos informations sont enregistrées.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("textbox", { name: /^Téléphone/ })).toHaveValue("+33 6 98 76 54 32");
  await expect(page.getByText("Connecté en tant que Margaux-Lise Perrin-Vidal")).toBeVisible();
});

test("« Désactiver mon compte » : refusé au seul gestionnaire principal, qui lit quoi faire ; confirmé par le mot de passe, il ferme le compte", async ({
  page,
}) => {
  const s = await structure(`DESACTIVATION ${suffix()}`);
  const principal = await utilisateur("Bastien", "Lemoine");
  await rattacher(principal.id, s.id, "GESTIONNAIRE_PRINCIPAL");
  const collegue = await utilisateur("Inès", "Carpentier");
  await rattacher(collegue.id, s.id, "UTILISATEUR_SIMPLE");

  await seConnecter(page, principal.email);
  const section = page.getByRole("region", { name: "Désactiver mon compte" });
  await expect(section.getByText(`Vous êtes le seul gestionnaire principal de ${s.raisonSociale}`)).toBeVisible();
  await expect(section.getByRole("link", { name: "« Gérer les utilisateurs »" })).toHaveAttribute("href", "/structures/utilisateurs");
  // The server refuses it too, in the dialog.
  await section.getByRole("button", { name: "Désactiver mon compte" }).click();
  const dialogue = page.getByRole("dialog", { name: "Désactiver votre compte ?" });
  await dialogue.getByLabel(/^Mot de passe/).fill(SAMPLE.demoPassword);
  await dialogue.getByRole("button", { name: "Désactiver définitivement mon compte" }).click();
  await expect(dialogue.getByText(/Nommez d'abord un autre gestionnaire principal/)).toBeVisible();

  // The colleague (utilisateur simple) closes his account: a wrong password is refused, the right one signs him out.
  const autre = await (await page.context().browser()!.newContext()).newPage();
  await seConnecter(autre, collegue.email);
  await autre.getByRole("region", { name: "Désactiver mon compte" }).getByRole("button", { name: "Désactiver mon compte" }).click();
  const confirmation = autre.getByRole("dialog", { name: "Désactiver votre compte ?" });
  await expect(confirmation).toContainText(collegue.email);
  await confirmation.getByLabel(/^Mot de passe/).fill("Pas-le-bon-2026!");
  await confirmation.getByRole("button", { name: "Désactiver définitivement mon compte" }).click();
  await expect(confirmation.getByText("Le mot de passe saisi est incorrect").first()).toBeVisible();
  await confirmation.getByLabel(/^Mot de passe/).fill(SAMPLE.demoPassword);
  await confirmation.getByRole("button", { name: "Désactiver définitivement mon compte" }).click();
  await expect(autre).toHaveURL(/\/connexion\?compte=desactive/);
  await expect(autre.getByText("Votre compte est désactivé")).toBeVisible();
  const [etat] = await sql<{ status: string }>(`SELECT status::text FROM "User" WHERE id = $1`, [collegue.id]);
  expect(etat.status).toBe("DESACTIVE");
  await autre.getByLabel("Adresse électronique de connexion").fill(collegue.email);
  await autre.getByLabel("Mot de passe").fill(SAMPLE.demoPassword);
  await autre.getByRole("button", { name: "Se connecter" }).click();
  await expect(autre.getByText(/Adresse électronique ou mot de passe incorrect, ou compte indisponible/)).toBeVisible();
});
