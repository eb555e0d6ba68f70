import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { E2E_CONTEXT_FILE } from "./support/context";
import { seConnecter } from "./support/donnees";

// Step 3 « Facture » with its décompte on screen: the net à payer computed as the user types, the line that does not
// add up named at its field, facture or avoir, the caution, the exemption with its « postes ou prestations » (added and
// removed from the keyboard); then the MOE's état d'acompte showing the supplier's amounts and asking the reason of a
// revision. The data are built through the domain functions (support/decompte-donnees.ts).

type Donnees = { comptes: { fournisseur: string; moe: string }; brouillon: string; a4: { id: string; numero: string }; a15: string };

let d: Donnees;

test.beforeAll(() => {
  const { databaseUrl } = JSON.parse(readFileSync(E2E_CONTEXT_FILE, "utf8")) as { databaseUrl: string };
  const sortie = execFileSync(process.execPath, ["--import", "tsx", "tests/e2e/support/decompte-donnees.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });
  d = JSON.parse(sortie.trim().split("\n").at(-1)!) as Donnees;
});

const champ = (page: Page, libelle: string) => page.getByLabel(new RegExp(`^${libelle}`));
const enregistrer = (page: Page) => page.getByRole("button", { name: "Enregistrer", exact: true }).click();

test("le fournisseur saisit son décompte : net à payer calculé, ligne fausse nommée, avoir, caution, exonération et postes", async ({ page }) => {
  test.setTimeout(120_000);
  await seConnecter(page, d.comptes.fournisseur);
  await page.goto(`/factures-travaux/deposer/${d.brouillon}/facture`);
  await expect(page.getByRole("group", { name: /Décompte/ })).toBeVisible();

  await champ(page, "Numéro").fill(`DEC-${d.a4.numero}`);
  await champ(page, "Date").fill("2026-03-31");
  await champ(page, "Type de TVA").selectOption("TVA_SUR_DEBIT");
  const saisies: [string, string][] = [
    ["Montant cumulé des travaux exécutés", "45 000,00"],
    ["Montant cumulé du décompte précédent", "34 000,00"],
    ["Travaux exécutés pendant la période", "11 000,00"],
    ["Révision ou actualisation des prix", "500,00"],
    ["Remboursement de l'avance", "1 000,00"],
    ["Montant total HT", "12 000,00"],
    ["Montant total TVA", "2 100,00"],
    ["Montant total TTC", "14 100,00"],
    ["Retenue de garantie(?! remplacée)", "575,00"],
    ["Pénalités", "100,00"],
  ];
  for (const [libelle, valeur] of saisies) await champ(page, libelle).fill(valeur);
  // The net à payer follows the typing; it is computed, not typed.
  await expect(champ(page, "Net à payer")).toHaveValue(/^13\s425,00$/);
  await expect(champ(page, "Net à payer")).toHaveAttribute("readonly", "");

  // A wrong HT is named at its field, with the décompte's computation.
  await enregistrer(page);
  await expect(page.getByText(/^Le montant HT \(12.000,00.€\) ne correspond pas au décompte : .* = 10.500,00.€\.$/)).toBeVisible();
  await expect(champ(page, "Montant total HT")).toHaveAttribute("aria-invalid", "true");
  await champ(page, "Montant total HT").fill("10 500,00");
  await champ(page, "Montant total TTC").fill("12 600,00");
  await expect(champ(page, "Net à payer")).toHaveValue(/^11\s925,00$/);

  // A caution replaces the retenue: nil, and the net grows.
  await page.locator("label", { hasText: /^Retenue de garantie remplacée par une garantie/ }).click();
  await expect(champ(page, "Retenue de garantie(?! remplacée)")).toHaveValue("0,00");
  await expect(champ(page, "Net à payer")).toHaveValue(/^12\s500,00$/);

  // An avoir with positive amounts is refused at the HT line.
  await page.locator("label", { hasText: /^Avoir$/ }).click();
  await enregistrer(page);
  await expect(page.getByText(/^Un avoir porte des montants négatifs : le montant HT/)).toBeVisible();
  await page.locator("label", { hasText: /^Facture$/ }).click();

  // Exonéré: the reason and at least one poste, added from the keyboard; its amount is computed.
  await champ(page, "Type de TVA").selectOption("EXONERATION");
  await expect(champ(page, "Montant total TVA")).toHaveValue("0,00");
  await champ(page, "Montant total TTC").fill("10 500,00");
  await enregistrer(page);
  await expect(page.getByText("Indiquez le motif d'exonération de TVA.")).toBeVisible();
  await expect(
    page.getByRole("alert").filter({ hasText: /^Exonéré de TVA : détaillez la facture en postes ou prestations \(une ligne au moins/ }),
  ).toBeVisible();
  await champ(page, "Motif d'exonération de TVA").fill("TVA non applicable, article 293 B du CGI");
  const ajouter = page.getByRole("button", { name: "Ajouter un poste ou une prestation" });
  await ajouter.focus();
  await page.keyboard.press("Enter");
  await expect(champ(page, "Dénomination — poste 1")).toBeFocused();
  await page.keyboard.type("Maçonnerie du lot 2");
  await champ(page, "Quantité — poste 1").fill("115");
  await champ(page, "Prix unitaire HT — poste 1").fill("100,00");
  await expect(champ(page, "Montant HT — poste 1")).toHaveValue(/^11\s500,00$/);
  await expect(champ(page, "Taux de TVA \\(%\\) — poste 1")).toHaveValue("0");
  // A second line, removed: the focus goes back to « Ajouter ».
  await ajouter.click();
  await page.getByRole("button", { name: "Supprimer le poste 2" }).press("Enter");
  await expect(champ(page, "Dénomination — poste 2")).toHaveCount(0);
  await expect(ajouter).toBeFocused();

  await enregistrer(page);
  await expect(page.getByText("Le brouillon est enregistré")).toBeVisible();
  await page.reload();
  // Exonéré, under a caution, less the penalties.
  await expect(champ(page, "Net à payer")).toHaveValue(/^10\s400,00$/);
  await expect(champ(page, "Motif d'exonération de TVA")).toHaveValue("TVA non applicable, article 293 B du CGI");
  await expect(champ(page, "Dénomination — poste 1")).toHaveValue("Maçonnerie du lot 2");
  await expect(champ(page, "Quantité — poste 1")).toHaveValue("115");
});

test("la MOE révise le net à payer du projet de décompte : montants précédents affichés, motif exigé puis montré sur la pièce", async ({ page }) => {
  test.setTimeout(120_000);
  await seConnecter(page, d.comptes.moe);
  await page.goto(`/factures-travaux/deposer/${d.a15}/facture`);
  await expect(page.getByText(`Montants de la pièce précédente (A4 n° ${d.a4.numero})`)).toBeVisible();
  await expect(champ(page, "Net à payer")).toHaveValue(/^11\s925,00$/);
  await champ(page, "Numéro").fill(`EA-${d.a4.numero}`);
  await champ(page, "Date").fill("2026-04-03");
  await champ(page, "Pénalités").fill("600,00");
  await expect(champ(page, "Net à payer")).toHaveValue(/^11\s425,00$/);
  await expect(page.getByText(/Vous modifiez net à payer de la pièce précédente/)).toBeVisible();
  await enregistrer(page);
  await expect(page.getByText("Indiquez le motif de la révision du montant.")).toBeVisible();
  await champ(page, "Motif de la révision du montant").fill("Pénalités de retard : 5 jours (article 19.2.1 du CCAG)");
  await enregistrer(page);
  await expect(page.getByText("Le brouillon est enregistré")).toBeVisible();

  await page.goto(`/factures-travaux/pieces/${d.a15}`);
  await expect(page.getByRole("heading", { name: "Décompte" })).toBeVisible();
  const revision = page.getByRole("table", { name: "Montants de la pièce précédente et de cette pièce" });
  await expect(revision.getByRole("row", { name: /Net à payer/ })).toContainText(/11\s925,00\s€[\s\S]*11\s425,00\s€ \(révisé\)/);
  await expect(page.getByText("Pénalités de retard : 5 jours (article 19.2.1 du CCAG)")).toBeVisible();
});
