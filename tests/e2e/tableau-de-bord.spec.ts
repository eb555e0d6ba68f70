import path from "node:path";
import { expect, test } from "@playwright/test";
import { seConnecter } from "./support/donnees";

// « Tableau de bord » of the demo structures (prisma/seed/demo.ts: their dossiers at every stage), for each role: its
// section, its key figures in words, its charts, and under « Voir les données » the table that screen readers read.
// The figures themselves are checked against the database in tests/integration/tableau-de-bord.test.ts.

// Sign-in (argon2) and the charts' first drawing take a while on a loaded machine; nothing here measures speed.
test.describe.configure({ timeout: 180_000 });

const ROLES = [
  { qui: "du fournisseur", email: "fournisseur@demo.factures-travaux.fr", section: "Vos factures déposées", chiffre: "En cours de traitement" },
  { qui: "de la maîtrise d'œuvre", email: "moe@demo.factures-travaux.fr", section: "Maîtrise d'œuvre : pièces à traiter", chiffre: "À traiter" },
  {
    qui: "de la maîtrise d'ouvrage",
    email: "agent.moa@demo.factures-travaux.fr",
    section: "Maîtrise d'ouvrage : pièces reçues par service",
    chiffre: "Reçues sur 12 mois",
  },
];

for (const r of ROLES) {
  test(`tableau de bord ${r.qui} : sa section, ses chiffres, ses graphiques et leurs données en tableau`, async ({ page }) => {
    await seConnecter(page, r.email);
    await page
      .getByRole("navigation", { name: /principal/i })
      .getByRole("link", { name: "Tableau de bord" })
      .click();
    await expect(page).toHaveURL(/\/tableau-de-bord$/);
    await expect(page.getByRole("heading", { level: 1, name: "Tableau de bord" })).toBeVisible();
    const section = page.getByRole("region", { name: r.section });
    await expect(section).toBeVisible();
    await expect(section.getByText(r.chiffre, { exact: true })).toBeVisible();
    // The chart is drawn (hidden from screen readers), and its data is a table once « Voir les données » is opened.
    await expect(section.locator("svg.recharts-surface").first()).toBeVisible();
    const bouton = section.getByRole("button", { name: "Voir les données" }).first();
    await expect(bouton).toHaveAttribute("aria-expanded", "false");
    await bouton.click();
    await expect(bouton).toHaveAttribute("aria-expanded", "true");
    const tableau = section.getByRole("table").first();
    await expect(tableau).toBeVisible();
    await expect(tableau.getByRole("columnheader").first()).toBeVisible();
    expect(await tableau.getByRole("row").count()).toBeGreaterThan(1);

    // ECRANS_CAPTURES=<folder>: the page at a desktop and a phone width, every table opened, to look at.
    if (process.env.ECRANS_CAPTURES) {
      for (const b of await page.getByRole("button", { name: "Voir les données", expanded: false }).all()) await b.click();
      for (const [nom, largeur] of [
        ["bureau", 1280],
        ["telephone", 375],
      ] as const) {
        await page.setViewportSize({ width: largeur, height: 900 });
        await page.screenshot({ path: path.join(process.env.ECRANS_CAPTURES, `tableau-de-bord-${r.email.split("@")[0]}-${nom}.png`), fullPage: true });
      }
    }
  });
}

test("tableau de bord d'un compte sans structure : ce qu'il peut faire", async ({ page }) => {
  await seConnecter(page, "admin@demo.factures-travaux.fr");
  await page.goto("/tableau-de-bord");
  await expect(page.getByRole("heading", { level: 1, name: "Tableau de bord" })).toBeVisible();
  await expect(page.getByText("Aucune structure pour l'instant")).toBeVisible();
  await expect(page.getByRole("link", { name: "Mes structures" }).last()).toBeVisible();
});
