import { expect, test } from "@playwright/test";

const pages = [
  { path: "/", h1: "Portail des factures de travaux" },
  { path: "/accessibilite", h1: "Déclaration d'accessibilité" },
  { path: "/mentions-legales", h1: "Mentions légales" },
  { path: "/donnees-personnelles", h1: "Données personnelles" },
  { path: "/conditions-generales-utilisation", h1: "Conditions générales d'utilisation" },
];

const footerLinks = [
  { name: /Accessibilité\s*:\s*non conforme/, href: "/accessibilite" },
  { name: "Mentions légales", href: "/mentions-legales" },
  { name: "Données personnelles", href: "/donnees-personnelles" },
  { name: "Conditions générales d'utilisation", href: "/conditions-generales-utilisation" },
];

for (const { path, h1 } of pages) {
  test(`${path} : un seul titre de niveau 1, en français, et le pied de page`, async ({ page }) => {
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);

    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
    await expect(page.locator("h1")).toHaveCount(1);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(h1);
    await expect(page).toHaveTitle(/Portail des factures de travaux/);

    const footer = page.getByRole("contentinfo");
    for (const link of footerLinks) {
      await expect(footer.getByRole("link", { name: link.name, exact: typeof link.name === "string" })).toHaveAttribute("href", link.href);
    }
  });
}

test("les titres ne sautent aucun niveau", async ({ page }) => {
  for (const { path } of pages) {
    await page.goto(path);
    const levels = await page
      .locator("main")
      .locator("h1, h2, h3, h4, h5, h6")
      .evaluateAll((headings) => headings.map((h) => Number(h.tagName.slice(1))));
    expect(levels[0], path).toBe(1);
    for (let i = 1; i < levels.length; i++) {
      expect(levels[i] - levels[i - 1], `${path} : h${levels[i - 1]} suivi de h${levels[i]}`).toBeLessThanOrEqual(1);
    }
  }
});

test("le lien d'évitement « Contenu » place le focus sur le contenu principal", async ({ page }) => {
  await page.goto("/mentions-legales");

  // The skip links are the first thing a keyboard user reaches.
  await page.keyboard.press("Tab");
  const skipLink = page.getByRole("link", { name: "Contenu", exact: true });
  await expect(skipLink).toBeFocused();
  await expect(skipLink).toHaveAttribute("href", "#contenu");

  await page.keyboard.press("Enter");
  await expect(page.locator("main#contenu")).toBeFocused();
});

test("une adresse inconnue affiche « Page non trouvée »", async ({ page }) => {
  const response = await page.goto("/cette-page-n-existe-pas");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page non trouvée");
});
