import { expect, test } from "@playwright/test";
import { auditerAxe } from "./support/axe";

test("« Référence de l'API » : Swagger UI servi par le portail, sans script bloqué, ses propres mots en français", async ({ page }) => {
  const bloques: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) bloques.push(m.text());
  });
  await page.goto("/api/docs");
  await expect(page.getByRole("heading", { level: 1, name: "Référence de l'API des factures de travaux" })).toBeVisible();
  await expect(page.getByText("« Structures » → « Paramètres de la structure » → « Comptes techniques »")).toBeVisible();
  // RGAA: Swagger UI as the portal serves it (its colours darkened, its lists named, no link inside a button).
  await expect(page.locator(".opblock").first()).toBeVisible();
  expect((await auditerAxe(page, "Référence de l'API (/api/docs)")).violations).toEqual([]);

  // An operation of the table, opened: Swagger UI's words are French, the API's own words unchanged.
  const operation = page.locator(".opblock").filter({ hasText: "Joindre un fichier à un brouillon" }).first();
  await operation.locator(".opblock-summary-control").click();
  await expect(operation.getByRole("heading", { name: "Paramètres", exact: true })).toBeVisible();
  await expect(operation.getByRole("button", { name: "Essayer" })).toBeVisible();
  await expect(operation.getByRole("heading", { name: "Réponses", exact: true })).toBeVisible();
  await expect(operation.getByText("Corps de la requête", { exact: true })).toBeVisible();
  await expect(operation.getByText("Reçu en flux, jamais gardé entier en mémoire", { exact: false })).toBeVisible();
  await expect(operation.getByRole("button", { name: "Try it out" })).toHaveCount(0);
  expect((await auditerAxe(page, "Référence de l'API, une opération ouverte")).violations).toEqual([]);
  await page.setViewportSize({ width: 375, height: 800 });
  expect((await auditerAxe(page, "Référence de l'API, une opération ouverte (375 px)")).violations).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 800 });

  // « Essayer » then « Annuler »: the words follow Swagger UI's own re-renders.
  await operation.getByRole("button", { name: "Essayer" }).click();
  await expect(operation.getByRole("button", { name: "Exécuter" })).toBeVisible();
  await operation.getByRole("button", { name: "Annuler" }).click();
  await expect(operation.getByRole("button", { name: "Essayer" })).toBeVisible();
  expect(bloques).toEqual([]);
});

test("le document OpenAPI se lit sans compte à /api/v1/openapi.json", async ({ request }) => {
  const reponse = await request.get("/api/v1/openapi.json");
  expect(reponse.status()).toBe(200);
  const document = await reponse.json();
  expect(document.openapi).toMatch(/^3\.1/);
  expect(document.paths["/pieces/{id}/fichiers"].post.summary).toBe("Joindre un fichier à un brouillon (la facture PDF, une pièce complémentaire)");
});
