import { expect, test, type Page } from "@playwright/test";
import { SAMPLE } from "./support/context";
import { rattacher, seConnecter, structure, suffix, utilisateur } from "./support/donnees";
import { waitForMail } from "./support/mails";

/** « Organisation » → « Structures » → the application's « Accéder ». */
async function ouvrir(page: Page, application: string) {
  await page.goto("/structures");
  await page
    .getByRole("link", { name: "Accéder", exact: true })
    .and(page.getByTitle(`Accéder à l'application ${application}`))
    .click();
  await expect(page.getByRole("heading", { level: 1, name: application })).toBeVisible();
}

test("un utilisateur crée une structure par son SIRET ; créée une seconde fois, elle est déjà présente", async ({ page }) => {
  const user = await utilisateur("Yves", "Le Goff");
  await seConnecter(page, user.email);
  await page.getByRole("button", { name: "Organisation" }).click();
  await page.getByRole("link", { name: "Structures", exact: true }).click();
  await ouvrir(page, "Créer une structure");

  await expect(page.getByLabel("Type d'identifiant")).toHaveValue("SIRET");
  const identifiant = page.getByLabel("Identifiant SIRET");
  await identifiant.fill("38215764200010");
  await identifiant.blur();
  await expect(page.getByText(/établissement est fermé|Établissement fermé/).first()).toBeVisible();

  await identifiant.fill("42967053200010");
  await identifiant.blur();
  await expect(page.getByText("n'existe pas encore sur le portail")).toBeVisible();
  await expect(page.getByLabel("Raison sociale")).toHaveValue("CHAUFFAGE VENTILATION CLIMATISATION BRETAGNE");
  await expect(page.getByLabel("Raison sociale")).toBeDisabled();
  await expect(page.getByText("À titre informatif seulement")).toBeVisible();
  await page.getByLabel("E-mail de la structure").fill("contact@cvc-bretagne.example.fr");
  await page.getByRole("button", { name: "Soumettre" }).click();

  await expect(page).toHaveURL(/\/structures\?envoi=creer-une-structure/);
  await expect(page.getByText("L'envoi des données pour « Créer une structure » a bien été effectuée.")).toBeVisible();
  await expect(page.getByText("Vous agissez pour la structure CHAUFFAGE VENTILATION CLIMATISATION BRETAGNE")).toBeVisible();

  await ouvrir(page, "Mes structures");
  const ligne = page.getByRole("row").filter({ hasText: "CHAUFFAGE VENTILATION CLIMATISATION BRETAGNE" });
  await expect(ligne.getByText("Gestionnaire principal")).toBeVisible();
  await expect(ligne.getByText("Structure courante")).toBeVisible();

  // Another user tries to create it again: only an attachment request is offered.
  const autre = await utilisateur("Zoé", "Marchand");
  await page.getByRole("button", { name: "Se déconnecter", exact: true }).click();
  await seConnecter(page, autre.email);
  await ouvrir(page, "Créer une structure");
  await page.getByLabel("Identifiant SIRET").fill("42967053200010");
  await page.getByLabel("Identifiant SIRET").blur();
  await expect(page.getByText("Cette structure est déjà présente sur le portail")).toBeVisible();
  await expect(page.getByRole("button", { name: "Soumettre" })).toHaveCount(0);
  await page.getByRole("button", { name: "Demander le rattachement" }).click();
  await expect(page.getByText("Demande de rattachement envoyée")).toBeVisible();
  const mail = await waitForMail(user.email, /Demande de rattachement/);
  expect(mail.text).toContain(autre.email);
});

test("un gestionnaire refuse une demande avec son motif, change un rôle, désactive un utilisateur après confirmation, et ne peut pas se retirer seul", async ({
  page,
}) => {
  const s = await structure(`RENOVATION DU LAC ${suffix()}`);
  const gestionnaire = await utilisateur("Inès", "Perrin");
  const agent = await utilisateur("Hugo", "Lambert");
  const demandeur = await utilisateur("Léon", "Carpentier");
  await rattacher(gestionnaire.id, s.id, "GESTIONNAIRE_PRINCIPAL");
  await rattacher(agent.id, s.id, "UTILISATEUR_SIMPLE");
  await rattacher(demandeur.id, s.id, "UTILISATEUR_SIMPLE", "EN_COURS_DE_VALIDATION");

  await seConnecter(page, gestionnaire.email);
  await ouvrir(page, "Gérer les utilisateurs");

  const demande = page.getByRole("row").filter({ hasText: demandeur.email });
  await demande.getByRole("button", { name: "Refuser" }).click();
  await demande.getByLabel("Motif du refus (obligatoire)").fill("Personne inconnue de nos services");
  await demande.getByRole("button", { name: "Confirmer le refus" }).click();
  await expect(demande.getByText("Décision enregistrée")).toBeVisible();
  const refus = await waitForMail(demandeur.email, /refusée/);
  expect(refus.text).toContain("Personne inconnue de nos services");

  const ligneAgent = page.getByRole("row").filter({ hasText: agent.email });
  await ligneAgent.getByLabel(`Rôle de ${agent.nom}`).selectOption({ label: "Gestionnaire secondaire" });
  await ligneAgent.getByRole("button", { name: "Modifier le rôle" }).click();
  await expect(ligneAgent.getByText("Rôle modifié : gestionnaire secondaire.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: agent.email }).getByLabel(`Rôle de ${agent.nom}`)).toHaveValue("GESTIONNAIRE_SECONDAIRE");

  await page.getByRole("row").filter({ hasText: agent.email }).getByRole("button", { name: "Désactiver" }).click();
  const dialogue = page.getByRole("dialog", { name: "Désactiver cet utilisateur ?" });
  await expect(dialogue).toBeVisible();
  await expect(dialogue.getByText(agent.email)).toBeVisible();
  await dialogue.getByRole("button", { name: "Confirmer la désactivation" }).click();
  const desactive = page.getByRole("row").filter({ hasText: agent.email });
  await expect(desactive.getByText("Désactivé", { exact: true })).toBeVisible();
  await expect(desactive.getByRole("button", { name: "Réactiver" })).toBeVisible();

  // The only gestionnaire principal cannot step down.
  const moi = page.getByRole("row").filter({ hasText: gestionnaire.email });
  await moi.getByLabel(`Rôle de ${gestionnaire.nom}`).selectOption({ label: "Utilisateur simple" });
  await moi.getByRole("button", { name: "Modifier le rôle" }).click();
  await expect(moi.getByText(/au moins un gestionnaire principal actif/)).toBeVisible();
});

test("un gestionnaire gère les services et les paramètres de sa structure", async ({ page }) => {
  const s = await structure(`MAIRIE DE SAINT-MALO ${suffix()}`);
  const gestionnaire = await utilisateur("Anne", "Bertin");
  await rattacher(gestionnaire.id, s.id, "GESTIONNAIRE_PRINCIPAL");
  await seConnecter(page, gestionnaire.email);

  await ouvrir(page, "Gérer les services");
  await expect(page.getByText("Cette structure n'a pas de service.")).toBeVisible();
  const ajout = page.getByRole("form", { name: "Ajouter un service" });
  await ajout.getByLabel("Code du service").fill("dept-immo");
  await ajout.getByLabel("Libellé du service").fill("Département Immobilier");
  await ajout.getByRole("button", { name: "Ajouter le service" }).click();
  const ligne = page.getByRole("row").filter({ hasText: "DEPT-IMMO" });
  await expect(ligne.getByText("Département Immobilier")).toBeVisible();

  await ajout.getByLabel("Code du service").fill("DEPT-IMMO");
  await ajout.getByLabel("Libellé du service").fill("Doublon");
  await ajout.getByRole("button", { name: "Ajouter le service" }).click();
  await expect(ajout.getByText("Ce code est déjà utilisé par un autre service de la structure.").first()).toBeVisible();

  await ligne.getByRole("button", { name: "Modifier" }).click();
  const edition = page.getByRole("form", { name: "Modifier le service DEPT-IMMO" });
  await edition.getByLabel("Libellé du service").fill("Direction de l'immobilier");
  await edition.getByRole("button", { name: "Enregistrer" }).click();
  await expect(page.getByRole("row").filter({ hasText: "DEPT-IMMO" }).getByText("Direction de l'immobilier")).toBeVisible();
  await page.getByRole("row").filter({ hasText: "DEPT-IMMO" }).getByRole("button", { name: "Désactiver" }).click();
  await expect(page.getByRole("row").filter({ hasText: "DEPT-IMMO" }).getByText("Désactivé")).toBeVisible();

  await ouvrir(page, "Paramètres de la structure");
  const espace = page.getByRole("region", { name: "Espace « Factures de travaux »" });
  await expect(espace.getByText("Fermé", { exact: true })).toBeVisible();
  await espace.getByRole("button", { name: "Ouvrir l'espace" }).click();
  await expect(espace.getByText("Ouvert", { exact: true })).toBeVisible();
  await espace.getByRole("button", { name: "Fermer l'espace" }).click();
  const dialogue = page.getByRole("dialog", { name: "Fermer l'espace « Factures de travaux » ?" });
  await dialogue.getByRole("button", { name: "Annuler" }).click();
  await expect(espace.getByText("Ouvert", { exact: true })).toBeVisible();
  await espace.getByRole("button", { name: "Fermer l'espace" }).click();
  await dialogue.getByRole("button", { name: "Confirmer la fermeture" }).click();
  await expect(espace.getByText("Fermé", { exact: true })).toBeVisible();

  // A structure never declares itself a public buyer: its gestionnaire principal asks, with a reason, and waits for an
  // administrator's decision (administration.spec.ts).
  const acheteur = page.getByRole("region", { name: "Acheteur public (maîtrise d'ouvrage)" });
  await expect(acheteur.getByText("Pas acheteur public", { exact: true })).toBeVisible();
  await expect(acheteur.getByRole("button", { name: /Déclarer/ })).toHaveCount(0);
  await acheteur.getByRole("button", { name: "Demander le statut d'acheteur public" }).click();
  await expect(acheteur.getByText("Indiquez pourquoi la structure est un acheteur public.")).toBeVisible();
  await acheteur.getByLabel(/Motif de la demande/).fill("Mairie : collectivité territoriale, pouvoir adjudicateur.");
  await acheteur.getByRole("button", { name: "Demander le statut d'acheteur public" }).click();
  await expect(acheteur.getByText(/Demande de statut d'acheteur public envoyée/)).toBeVisible();
  await page.reload();
  await expect(acheteur.getByText(/en cours d'examen par les administrateurs du portail/)).toBeVisible();
  await expect(acheteur.getByText("Pas acheteur public", { exact: true })).toBeVisible();

  // The directory finds it without the deactivated service, and not as a public buyer until an administrator grants it.
  await page.goto(`/structures/annuaire?siret=${s.siret}`);
  const trouvee = page.getByRole("row").filter({ hasText: s.raisonSociale });
  await expect(trouvee).toBeVisible();
  await expect(trouvee.getByText("(acheteur public)")).toHaveCount(0);
  await expect(trouvee.getByText("DEPT-IMMO")).toHaveCount(0);
});

test("la recherche avancée trouve par mots incomplets, ville, code postal et SIRET, sans révéler une adresse confidentielle", async ({ page }) => {
  const suf = suffix();
  const confidentielle = await structure(`ÉBÉNISTERIE CONFIDENTIELLE ${suf}`, { diffusionPartielle: true, ville: "BAYONNE", codePostal: "64100" });
  const user = await utilisateur("Paul", "Girard");
  await seConnecter(page, user.email);
  await ouvrir(page, "Recherche avancée");

  await page.getByLabel("Raison sociale").fill("ateli garon");
  await page.getByRole("button", { name: "Rechercher" }).click();
  const moe = page.getByRole("row").filter({ hasText: "ATELIER D'ARCHITECTURE GARONNE" });
  await expect(moe.getByText("31000 TOULOUSE")).toBeVisible();
  await expect(page.getByText(/structures? trouvées?, classées par pertinence/)).toBeVisible();

  await page.getByLabel("Raison sociale").fill(`ebenisterie ${suf.toLowerCase()}`);
  await page.getByRole("button", { name: "Rechercher" }).click();
  await expect(page.getByRole("row").filter({ hasText: confidentielle.raisonSociale }).getByText("Adresse non diffusée")).toBeVisible();
  await expect(page.getByText("BAYONNE")).toHaveCount(0);

  // Searched by its town, the confidential structure is not found.
  await page.getByLabel("Ville").fill("Bayonne");
  await page.getByRole("button", { name: "Rechercher" }).click();
  await expect(page.getByText("Aucune structure ne correspond à votre recherche.")).toBeVisible();

  await page.goto("/structures/annuaire?ville=toulouse&codePostal=31000");
  await expect(page.getByRole("row").filter({ hasText: "ATELIER D'ARCHITECTURE GARONNE" })).toBeVisible();
  await page.goto(`/structures/annuaire?siret=${SAMPLE.fournisseurDemo.siret.slice(0, 9)}`);
  await expect(page.getByRole("row").filter({ hasText: SAMPLE.fournisseurDemo.raisonSociale })).toBeVisible();

  await page.getByLabel("SIRET").fill("");
  await page.getByLabel("Raison sociale").fill("ab");
  await page.getByRole("button", { name: "Rechercher" }).click();
  await expect(page.getByText("Saisissez au moins un mot de 3 caractères.")).toBeVisible();
});

test("un utilisateur change la structure pour laquelle il agit et demande son rattachement à une autre", async ({ page }) => {
  const a = await structure(`PLOMBERIE ARMOR ${suffix()}`);
  const b = await structure(`COUVERTURE ARGOAT ${suffix()}`);
  const cible = await structure(`CHARPENTES DU LEON ${suffix()}`);
  const user = await utilisateur("Maël", "Le Roux");
  const gestionnaireCible = await utilisateur("Gwen", "Riou");
  await rattacher(user.id, a.id, "GESTIONNAIRE_PRINCIPAL");
  await rattacher(user.id, b.id, "UTILISATEUR_SIMPLE");
  await rattacher(gestionnaireCible.id, cible.id, "GESTIONNAIRE_PRINCIPAL");

  await seConnecter(page, user.email);
  await ouvrir(page, "Mes structures");
  await expect(page.getByRole("row").filter({ hasText: a.raisonSociale }).getByText("Structure courante")).toBeVisible();
  await page.getByRole("row").filter({ hasText: b.raisonSociale }).getByRole("button", { name: "Agir pour cette structure" }).click();
  await expect(page.getByRole("row").filter({ hasText: b.raisonSociale }).getByText("Structure courante")).toBeVisible();
  await page.goto("/structures");
  await expect(page.getByText(`Vous agissez pour la structure ${b.raisonSociale}`)).toBeVisible();
  // An utilisateur simple is not offered the managers' applications.
  await expect(page.getByRole("heading", { name: "Gérer les utilisateurs" })).toHaveCount(0);

  await ouvrir(page, "Mes structures");
  await page.getByLabel("Raison sociale").fill(cible.raisonSociale.toLowerCase());
  await page.getByRole("button", { name: "Rechercher" }).click();
  await page.getByRole("row").filter({ hasText: cible.raisonSociale }).getByRole("button", { name: "Demander le rattachement" }).click();
  await expect(page.getByText("Demande envoyée à ses gestionnaires.")).toBeVisible();
  const mail = await waitForMail(gestionnaireCible.email, /Demande de rattachement/);
  expect(mail.text).toContain(user.email);
  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: cible.raisonSociale }).getByText("En cours de validation")).toBeVisible();
});
