import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { E2E_CONTEXT_FILE } from "./support/context";
import { seConnecter } from "./support/donnees";
import { waitForMail } from "./support/mails";

// A portal administrator (named from the command line, never from the web) at work: he grants a structure's request
// for the public-buyer status, and hands the gestionnaire principal role of a structure claimed by the wrong person to
// its real manager. Each decision reaches the structure's managers by mail and is written in the journal.

type Donnees = {
  administrateur: string;
  demande: { structure: string; gestionnaire: string };
  revendiquee: {
    id: string;
    raisonSociale: string;
    identifier: string;
    usurpateur: { email: string; nom: string };
    legitime: { email: string; nom: string };
  };
};

let d: Donnees;

test.beforeAll(() => {
  const { databaseUrl } = JSON.parse(readFileSync(E2E_CONTEXT_FILE, "utf8")) as { databaseUrl: string };
  const sortie = execFileSync(process.execPath, ["--import", "tsx", "tests/e2e/support/administration-donnees.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });
  d = JSON.parse(sortie.trim().split("\n").at(-1)!) as Donnees;
});

test("un administrateur du portail accorde le statut d'acheteur public demandé par une structure", async ({ page, browser }) => {
  // The structure's manager sees his request waiting.
  const gestionnaire = await browser.newPage();
  await seConnecter(gestionnaire, d.demande.gestionnaire);
  await gestionnaire.goto("/structures/parametres");
  const acheteur = gestionnaire.getByRole("region", { name: "Acheteur public (maîtrise d'ouvrage)" });
  await expect(acheteur.getByText("Pas acheteur public", { exact: true })).toBeVisible();
  await expect(acheteur.getByText(/en cours d'examen par les administrateurs du portail/)).toBeVisible();
  // Not an administrator: no « Administration » in his header, and the back-office says it is reserved.
  await expect(gestionnaire.getByRole("button", { name: "Administration" })).toHaveCount(0);
  await gestionnaire.goto("/administration/acheteurs-publics");
  await expect(gestionnaire.getByText("Cette page est réservée aux administrateurs du portail.")).toBeVisible();
  await expect(gestionnaire.getByRole("row").filter({ hasText: d.demande.structure })).toHaveCount(0);

  // The administrator finds the request from his header.
  await seConnecter(page, d.administrateur);
  await page.getByRole("button", { name: "Administration" }).click();
  await page.getByRole("link", { name: "Demandes de statut d'acheteur public" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Demandes de statut d'acheteur public" })).toBeVisible();
  const ligne = page.getByRole("row").filter({ hasText: d.demande.structure });
  await expect(ligne.getByText(/pouvoir adjudicateur au sens de l'article L. 1211-1/)).toBeVisible();

  // « Accorder », confirmed in a dialog that names the structure.
  await ligne.getByRole("button", { name: "Accorder" }).click();
  const dialogue = page.getByRole("dialog", { name: `Accorder le statut d'acheteur public à ${d.demande.structure}` });
  await expect(dialogue).toBeVisible();
  await dialogue.getByLabel("Commentaire (facultatif)").fill("Contrôle par la communauté d'agglomération vérifié sur les statuts.");
  await dialogue.getByRole("button", { name: "Accorder le statut" }).click();
  await expect(page.getByText(`${d.demande.structure} : Statut accordé`)).toBeVisible();
  await expect(dialogue).toBeHidden();
  // The request leaves the queue for the decided ones.
  const traitee = page
    .getByRole("table", { name: /traitées/ })
    .getByRole("row")
    .filter({ hasText: d.demande.structure });
  await expect(traitee.getByText("Accordée")).toBeVisible();

  // The manager is told by mail, and his structure is now a public buyer.
  const mail = await waitForMail(d.demande.gestionnaire, /statut d'acheteur public a été accordé/);
  expect(mail.text).toContain("Contrôle par la communauté d'agglomération vérifié sur les statuts.");
  await gestionnaire.goto("/structures/parametres");
  await expect(acheteur.getByText("Acheteur public", { exact: true })).toBeVisible();
  await expect(acheteur.getByText("Statut accordé par un administrateur du portail.")).toBeVisible();
});

test("un administrateur du portail confie le rôle de gestionnaire principal au vrai gestionnaire d'une structure revendiquée par erreur", async ({
  page,
  browser,
}) => {
  const r = d.revendiquee;
  // The wrong claimant is signed in as the structure's gestionnaire principal.
  const usurpateur = await browser.newContext();
  const pageUsurpateur = await usurpateur.newPage();
  await seConnecter(pageUsurpateur, r.usurpateur.email);
  await pageUsurpateur.goto("/structures/utilisateurs");
  await expect(pageUsurpateur.getByRole("heading", { level: 1, name: "Gérer les utilisateurs" })).toBeVisible();

  // The administrator finds the structure by its SIRET.
  await seConnecter(page, d.administrateur);
  await page.getByRole("button", { name: "Administration" }).click();
  await page.getByRole("link", { name: "Structures", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Structures" })).toBeVisible();
  await page.getByLabel(/Raison sociale ou identifiant/).fill(r.identifier);
  await page.getByRole("button", { name: "Rechercher" }).click();
  await page.getByRole("link", { name: r.raisonSociale }).click();
  await expect(page.getByRole("heading", { level: 1, name: r.raisonSociale })).toBeVisible();
  const utilisateurs = page.getByRole("table", { name: "Utilisateurs rattachés à la structure" });
  await expect(utilisateurs.getByRole("row").filter({ hasText: r.usurpateur.email }).getByText("Gestionnaire principal")).toBeVisible();

  // « Changer de gestionnaire principal »: the real manager, the claimant deactivated, and the reason.
  await page.getByRole("button", { name: "Changer de gestionnaire principal" }).click();
  const dialogue = page.getByRole("dialog", { name: `Changer le gestionnaire principal de ${r.raisonSociale}` });
  await expect(dialogue).toBeVisible();
  const confirmer = dialogue.getByRole("button", { name: "Confirmer le changement" });
  await expect(confirmer).toBeDisabled();
  await dialogue.getByLabel("Nouveau gestionnaire principal").selectOption({ label: `${r.legitime.nom} — ${r.legitime.email} (utilisateur simple)` });
  await expect(dialogue.getByRole("radio", { name: /Il est désactivé dans la structure/ })).toBeChecked();
  await dialogue.getByLabel(/^Motif/).fill("Structure revendiquée par une personne qui n'en fait pas partie (vérifié auprès de la structure).");
  await confirmer.click();
  await expect(page.getByText("Gestionnaire principal changé : les gestionnaires de la structure sont prévenus par courriel.")).toBeVisible();
  await expect(utilisateurs.getByRole("row").filter({ hasText: r.legitime.email }).getByText("Gestionnaire principal")).toBeVisible();
  await expect(utilisateurs.getByRole("row").filter({ hasText: r.usurpateur.email }).getByText("Désactivé")).toBeVisible();

  // The new gestionnaire principal is told by mail, with the reason.
  const mail = await waitForMail(r.legitime.email, /gestionnaire principal de votre structure a changé/);
  expect(mail.text).toContain(`a désigné ${r.legitime.nom} gestionnaire principal de la structure`);
  expect(mail.text).toContain("Structure revendiquée par une personne qui n'en fait pas partie");

  // The claimant's session has ended.
  await pageUsurpateur.goto("/structures/utilisateurs");
  await expect(pageUsurpateur).toHaveURL(/\/connexion/);
  await usurpateur.close();

  // The journal of the structure says who did what.
  await page.getByRole("link", { name: "Journal de la structure" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Journal du portail" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Gestionnaire principal réattribué" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Utilisateur désactivé" })).toBeVisible();
});
