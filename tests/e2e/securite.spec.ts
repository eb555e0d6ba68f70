import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { SAMPLE } from "./support/context";

test("chaque page porte une politique de scripts à nonce, sans 'unsafe-inline', et rien de ce qu'elle charge n'est bloqué", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) violations.push(m.text());
  });
  const nonces = new Set<string>();
  for (const chemin of ["/", "/connexion", "/mot-de-passe-oublie", "/creer-un-compte"]) {
    const reponse = await page.goto(chemin);
    const csp = reponse?.headers()["content-security-policy"] ?? "";
    const scripts = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
    expect(scripts, chemin).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
    expect(scripts, chemin).not.toContain("'unsafe-inline'");
    nonces.add(/'nonce-([^']+)'/.exec(scripts)![1]);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
  // A nonce per response, never reused.
  expect(nonces.size).toBe(4);
  // The page works (Next's scripts carry the nonce, React hydrates): the SIRET is looked up as the form is filled.
  const identifiant = page.getByLabel("Identifiant SIRET");
  await identifiant.fill(SAMPLE.nouvelleEntreprise.siret);
  await identifiant.blur();
  await expect(page.getByLabel("Raison sociale")).toHaveValue(SAMPLE.nouvelleEntreprise.raisonSociale);
  expect(violations).toEqual([]);

  // A script slipped into the page's HTML (what an injection would do) does not run: it lacks the nonce.
  await page.route("**/connexion", async (route) => {
    const reponse = await route.fetch();
    const html = (await reponse.text()).replace("</body>", "<script>window.__injecte = true;</script></body>");
    await route.fulfill({ response: reponse, body: html });
  });
  await page.goto("/connexion");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __injecte?: boolean }).__injecte ?? false)).toBe(false);
  expect(violations.some((v) => /inline script/i.test(v))).toBe(true);
});

test("qui ne peut pas lire l'image crée son compte par la vérification sans image", async ({ page }) => {
  test.setTimeout(120_000);
  const email = `preuve-${randomBytes(4).toString("hex")}@exemple.fr`;
  await page.goto("/creer-un-compte");
  await page.getByLabel("Adresse électronique de connexion").fill(email);
  await page.getByRole("textbox", { name: /^Prénom/ }).fill("Noé");
  await page.getByRole("textbox", { name: /^Nom/ }).fill("Barbier");
  await page.getByLabel("Numéro de téléphone").fill("06 12 34 56 78");
  await page.getByLabel("E-mail du contact").fill(email);
  await page.getByText("J'accepte les conditions").click();
  const identifiant = page.getByLabel("Identifiant SIRET");
  await identifiant.fill(SAMPLE.nouvelleEntreprise.siret);
  await identifiant.blur();
  await expect(page.getByLabel("Raison sociale")).toHaveValue(SAMPLE.nouvelleEntreprise.raisonSociale);

  await page.getByRole("button", { name: "Je ne peux pas lire l'image : vérification sans image" }).click();
  await expect(page.getByText("sans rien à lire ni à écouter")).toBeVisible();
  // No image and no characters to type: a checkbox, then the browser works for a few seconds.
  await expect(page.getByRole("textbox", { name: "Suite de caractères" })).toHaveCount(0);
  // By keyboard, as whoever cannot use the image may well browse.
  await page.getByRole("checkbox", { name: "Je ne suis pas un robot" }).focus();
  await page.keyboard.press("Space");
  await expect(page.getByText("Vérification réussie : vous pouvez créer votre compte.")).toBeVisible({ timeout: 60_000 });

  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(page.getByRole("heading", { name: "Votre compte a été créé" })).toBeVisible();
});
