import { expect, test } from "@playwright/test";
import { seConnecter, suffix, utilisateur } from "./support/donnees";
import { firstLink, waitForMail } from "./support/mails";

test("un utilisateur change son e-mail du contact dans « Mon compte » et le confirme par le lien reçu à cette adresse", async ({ page }) => {
  const moi = await utilisateur("Inès", "Morel");
  await seConnecter(page, moi.email);
  const section = page.getByRole("region", { name: "E-mail du contact" });
  await expect(section.getByText("Confirmée", { exact: true })).toBeVisible();

  const contact = `compta-${suffix().toLowerCase()}@exemple.fr`;
  await section.getByLabel("E-mail du contact").fill(contact);
  await section.getByRole("button", { name: "Modifier l'e-mail du contact" }).click();
  await expect(section.getByText(`Un lien de confirmation, valable 60 minutes, a été envoyé à l'adresse ${contact}`)).toBeVisible();
  await expect(section.getByText("En attente de confirmation")).toBeVisible();
  await expect(section.getByText(`D'ici là, ils sont envoyés à votre adresse de connexion (${moi.email})`)).toBeVisible();
  await expect(section.getByRole("button", { name: "Renvoyer le lien de confirmation" })).toBeVisible();

  const mail = await waitForMail(contact, /Confirmez votre adresse électronique de contact/);
  const lien = firstLink(mail.text ?? "", "/confirmation-contact/");
  await page.goto(lien);
  await expect(page.getByRole("heading", { level: 1, name: "Confirmer l'adresse électronique de contact" })).toBeVisible();
  await expect(page.getByText(contact)).toBeVisible();
  await page.getByRole("button", { name: "Confirmer cette adresse" }).click();
  await expect(page.getByText("Adresse confirmée")).toBeVisible();

  // The link works once.
  await page.goto(lien);
  await expect(page.getByText("Lien déjà utilisé")).toBeVisible();

  await page.goto("/mon-compte");
  await expect(page.getByRole("region", { name: "E-mail du contact" }).getByText("Confirmée", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Renvoyer le lien de confirmation" })).toHaveCount(0);
});
