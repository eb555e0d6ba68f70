import { expect, test } from "@playwright/test";
import { rattacher, sql, suffix, utilisateur } from "./support/donnees";
import { acteur } from "./support/parcours";
import { firstLink, waitForMail } from "./support/mails";

// Users by service: a gestionnaire assigns a service and its right to a utilisateur simple, and invites a person by
// e-mail; the invitation's link creates the account, attached and validated to the structure with its service.

test.describe.configure({ mode: "serial" });

/** `ECRANS_CAPTURES=<dossier>`: the screens of this test saved there too, at 1280 and 375 px, to look at them. */
async function capturer(page: import("@playwright/test").Page, nom: string) {
  const dossier = process.env.ECRANS_CAPTURES;
  if (!dossier) return;
  for (const [largeur, hauteur] of [
    [1280, 900],
    [375, 812],
  ]) {
    await page.setViewportSize({ width: largeur, height: hauteur });
    await page.screenshot({ path: `${dossier}/services-${nom}-${largeur}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("« Gérer les utilisateurs » : attribuer un service et son droit, puis inviter un utilisateur qui crée son compte depuis le courriel", async ({
  browser,
}) => {
  // Two sign-ins, a mail through the SMTP catcher and an account creation: more than the default minute on a loaded machine.
  test.setTimeout(480_000);
  const g = await acteur(browser, "COMMUNE DES SERVICES", "Gaëlle", "Gestion", { moa: true });
  const code = `URBA-${suffix()}`;
  const [service] = await sql<{ id: string }>(
    `INSERT INTO "Service" (id, "structureId", code, libelle, "updatedAt") VALUES (gen_random_uuid(), $1, $2, 'Urbanisme', now()) RETURNING id`,
    [g.id, code],
  );
  const agent = await utilisateur("Aline", "Agent");
  await rattacher(agent.id, g.id, "UTILISATEUR_SIMPLE");
  const page = g.page;

  // 1. Services et droits of the agent: « Modification » on Urbanisme.
  await page.goto("/structures/utilisateurs");
  const ligne = page.getByRole("row").filter({ hasText: agent.email });
  await expect(ligne).toContainText("Toute la structure");
  await ligne.getByRole("button", { name: "Services et droits" }).click();
  const dialogue = page.getByRole("dialog", { name: `Services et droits de ${agent.nom}` });
  await expect(dialogue).toBeVisible();
  await dialogue.getByLabel(`Urbanisme (${code})`).selectOption("MODIFICATION");
  await expect(dialogue).toContainText("Limité à 1 service.");
  await capturer(page, "dialogue-services");
  await dialogue.getByRole("button", { name: "Enregistrer les services" }).click();
  await expect(ligne).toContainText("Services et droits enregistrés.");
  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: agent.email })).toContainText(`Urbanisme (${code}) : Modification`);
  const droits = await sql<{ droit: string }>(
    `SELECT ms.droit::text AS droit FROM "MembershipService" ms JOIN "Membership" m ON m.id = ms."membershipId" WHERE m."userId" = $1 AND ms."serviceId" = $2`,
    [agent.id, service.id],
  );
  expect(droits).toEqual([{ droit: "MODIFICATION" }]);

  // 2. Invite a person, « Consultation » on Urbanisme.
  const invite = `invite.${suffix().toLowerCase()}@exemple.fr`;
  await page.getByLabel("Adresse électronique de la personne à inviter").fill(invite);
  await page.locator("form").filter({ hasText: "Envoyer l'invitation" }).getByLabel(`Urbanisme (${code})`).selectOption("CONSULTATION");
  await page.getByRole("button", { name: "Envoyer l'invitation" }).click();
  await expect(page.getByText(`Invitation envoyée à ${invite}.`)).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: invite })).toContainText(`Urbanisme (${code}) : Consultation`);
  await capturer(page, "utilisateurs");

  // 3. The mail, through the SMTP catcher; its link opens the account creation, in another browser (not signed in).
  const mail = await waitForMail(invite, /Invitation à rejoindre la structure/);
  const lien = firstLink(mail.text ?? "", "/invitation/");
  const contexte = await browser.newContext();
  const invitePage = await contexte.newPage();
  await invitePage.goto(lien);
  await expect(invitePage.getByRole("heading", { level: 1, name: "Créer votre compte sur invitation" })).toBeVisible();
  await expect(invitePage.getByText(g.raisonSociale)).toBeVisible();
  await capturer(invitePage, "invitation");
  await invitePage.getByRole("textbox", { name: /^Prénom/ }).fill("Inès");
  await invitePage.getByRole("textbox", { name: /^Nom/ }).fill("Invitée");
  await invitePage.getByRole("textbox", { name: /^Téléphone/ }).fill("01 23 45 67 89");
  await invitePage.getByLabel("Mot de passe", { exact: false }).first().fill("Invitation-2026!");
  await invitePage.getByLabel("Confirmation du mot de passe", { exact: false }).fill("Invitation-2026!");
  await invitePage.getByRole("checkbox", { name: /J'accepte les conditions générales/ }).check({ force: true });
  await invitePage.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(invitePage.getByText("Votre compte est créé")).toBeVisible();
  // Single use: the link now says so.
  await invitePage.goto(lien);
  await expect(invitePage.getByText("Invitation déjà utilisée")).toBeVisible();
  await contexte.close();

  const [cree] = await sql<{ status: string; role: string; mstatus: string; droit: string }>(
    `SELECT u.status::text AS status, m.role::text AS role, m.status::text AS mstatus, ms.droit::text AS droit
     FROM "User" u JOIN "Membership" m ON m."userId" = u.id JOIN "MembershipService" ms ON ms."membershipId" = m.id WHERE u.email = $1`,
    [invite],
  );
  expect(cree).toEqual({ status: "ACTIF", role: "UTILISATEUR_SIMPLE", mstatus: "VALIDEE", droit: "CONSULTATION" });
  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: invite }).filter({ hasText: "Inès Invitée" })).toContainText(`Urbanisme (${code}) : Consultation`);

  // 4. Revoking a pending invitation asks for a confirmation that names the address.
  const autre = `autre.${suffix().toLowerCase()}@exemple.fr`;
  await page.getByLabel("Adresse électronique de la personne à inviter").fill(autre);
  await page.getByRole("button", { name: "Envoyer l'invitation" }).click();
  await expect(page.getByText(`Invitation envoyée à ${autre}.`)).toBeVisible();
  await page.getByRole("row").filter({ hasText: autre }).getByRole("button", { name: "Révoquer" }).click();
  const confirmation = page.getByRole("dialog", { name: "Révoquer cette invitation ?" });
  await expect(confirmation).toContainText(autre);
  await confirmation.getByRole("button", { name: "Confirmer la révocation" }).click();
  await expect(page.getByText(`Invitation de ${autre} révoquée : son lien ne fonctionne plus.`)).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: autre })).toHaveCount(0);

  // The invited user signs in: he acts for the structure.
  const nouvelle = await browser.newPage();
  await nouvelle.goto(`/connexion?email=${encodeURIComponent(invite)}`);
  await nouvelle.getByLabel("Mot de passe").fill("Invitation-2026!");
  await nouvelle.getByRole("button", { name: "Se connecter" }).click();
  await expect(nouvelle.getByRole("heading", { level: 1, name: "Mon compte" })).toBeVisible();
  await nouvelle.goto("/structures/mes-structures");
  await expect(nouvelle.getByText(g.raisonSociale).first()).toBeVisible();
});
