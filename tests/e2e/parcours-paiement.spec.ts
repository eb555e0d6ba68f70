import { expect, test, type Page } from "@playwright/test";
import { suffix } from "./support/donnees";
import { waitForMail } from "./support/mails";
import { acteur, choisirCadre, comptable, joindreEtEnvoyer, mandaterEtPayer, ouvrirATraiter, pdf, saisirSiret } from "./support/parcours";

// A dossier played on screen from the supplier's monthly draft to the money on its account: the titulaire deposits its
// projet de décompte mensuel (A4) with its marché, engagement and retenue de garantie; the MOE takes it into account and
// revises the amount in its état d'acompte (A15), with its reason; the commune (MOA) takes that into account and issues its
// état d'acompte validé (A19); the commune's paying service mandates it and puts it in payment; the titulaire reads
// « Mise en paiement » on its A4 and in a mail. Every structure and user is this test's own.

const champ = (page: Page, libelle: string) => page.getByLabel(new RegExp(`^${libelle}`));
const aujourdhui = () => new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris" }).format(new Date());

test("dossier jusqu'au paiement : A4 (marché, EJ, retenue de garantie) → A15 révisé → A19 de la MOA → mandatée → mise en paiement", async ({ browser }) => {
  test.setTimeout(240_000);
  const moe = await acteur(browser, "ATELIER D'ARCHITECTURE DU BLAVET", "Nolwenn", "Le Bihan", { moe: true });
  const moa = await acteur(browser, "COMMUNE DE PONTIVY", "Loïc", "Jégo", { moa: true });
  const titulaire = await acteur(browser, "MACONNERIE DU PORHOET", "Gwenaël", "Robic");
  const sf = await comptable(browser, moa.id, "Anne", "Le Texier");
  const n = suffix();
  const [a4, a15, a19] = [`PDM-${n}`, `EA-${n}`, `EAV-${n}`];

  // The titulaire: A4, its MOE and MOA, its contract references; its one bank account is preselected.
  const ti = titulaire.page;
  await choisirCadre(ti, /^A4 : Projet de décompte mensuel/);
  await saisirSiret(ti, "moe", moe);
  await saisirSiret(ti, "moa", moa);
  await champ(ti, "Numéro de marché").fill("2026-TRAV-014");
  await champ(ti, "Numéro d'engagement juridique").fill("EJ-1300042");
  await expect(champ(ti, "Compte sur lequel la pièce sera payée")).toContainText("FR76 **** ");
  await ti.getByRole("button", { name: "Enregistrer et continuer" }).click();
  await expect(ti).toHaveURL(/\/facture$/);
  // Its décompte: 20 000 € of works this month, 5 % retenue de garantie; the net à payer is computed.
  await champ(ti, "Numéro").fill(a4);
  await champ(ti, "Date").fill("2026-03-31");
  await champ(ti, "Type de TVA").selectOption("TVA_SUR_DEBIT");
  for (const [libelle, valeur] of [
    ["Montant cumulé des travaux exécutés", "20 000,00"],
    ["Montant cumulé du décompte précédent", "0,00"],
    ["Travaux exécutés pendant la période", "20 000,00"],
    ["Montant total HT", "20 000,00"],
    ["Montant total TVA", "4 000,00"],
    ["Montant total TTC", "24 000,00"],
    ["Retenue de garantie(?! remplacée)", "1 000,00"],
  ])
    await champ(ti, libelle).fill(valeur);
  await expect(champ(ti, "Net à payer")).toHaveValue(/^23\s000,00$/);
  await ti.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(ti.getByText("Le brouillon est enregistré")).toBeVisible();
  await joindreEtEnvoyer(ti, a4);
  await expect(ti.getByText("Mise à disposition de la MOE").first()).toBeVisible();

  // The MOE: takes it into account, then its état d'acompte, revising the amount (penalties) with its reason.
  const mo = moe.page;
  await ouvrirATraiter(mo, a4);
  await expect(mo.getByText("2026-TRAV-014")).toBeVisible();
  await mo.getByRole("button", { name: "Prendre en compte" }).click();
  await expect(mo.getByText("La pièce est maintenant au statut « Prise en compte par la MOE ».")).toBeVisible();
  await mo.getByRole("button", { name: "Déposer la pièce suivante du dossier de facturation" }).click();
  await expect(mo).toHaveURL(/\/parties$/);
  await mo.getByRole("button", { name: "Enregistrer et continuer" }).click();
  await expect(mo).toHaveURL(/\/facture$/);
  await expect(mo.getByText(`Montants de la pièce précédente (A4 n° ${a4})`)).toBeVisible();
  await champ(mo, "Numéro").fill(a15);
  await champ(mo, "Date").fill("2026-04-03");
  await champ(mo, "Pénalités").fill("500,00");
  await expect(champ(mo, "Net à payer")).toHaveValue(/^22\s500,00$/);
  await mo.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(mo.getByText("Indiquez le motif de la révision du montant.")).toBeVisible();
  await champ(mo, "Motif de la révision du montant").fill("Pénalités de retard : 5 jours (article 19.2.1 du CCAG)");
  await mo.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(mo.getByText("Le brouillon est enregistré")).toBeVisible();
  await joindreEtEnvoyer(mo, a15);
  await expect(mo.getByText("Mise à disposition de la MOA").first()).toBeVisible();

  // The commune: takes the A15 into account, then « Déposer » offers its état d'acompte validé (A19).
  const oa = moa.page;
  await ouvrirATraiter(oa, a15);
  await oa.getByRole("button", { name: "Prendre en compte" }).click();
  await expect(oa.getByText("La pièce est maintenant au statut « Prise en compte par la MOA ».")).toBeVisible();
  await oa.goto("/factures-travaux/deposer");
  await oa
    .getByRole("row", { name: new RegExp(a15) })
    .getByRole("button", { name: "Déposer l'état d'acompte validé (A19)" })
    .click();
  await expect(oa).toHaveURL(/\/parties$/);
  await oa.getByRole("button", { name: "Enregistrer et continuer" }).click();
  await expect(oa).toHaveURL(/\/facture$/);
  await expect(champ(oa, "Net à payer")).toHaveValue(/^22\s500,00$/);
  await champ(oa, "Numéro").fill(a19);
  await champ(oa, "Date").fill("2026-04-10");
  await oa.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(oa.getByText("Le brouillon est enregistré")).toBeVisible();
  await joindreEtEnvoyer(oa, a19);
  await expect(oa.getByText("Mise à disposition du service financier").first()).toBeVisible();

  // The commune's gestionnaire is not its paying service: no payment buttons on its A19, no « Factures reçues ».
  const idA19 = /\/deposer\/([0-9a-f-]{36})\/recapitulatif/.exec(oa.url())![1];
  await oa.goto(`/factures-travaux/pieces/${idA19}`);
  await expect(oa.getByRole("heading", { level: 1, name: new RegExp(a19) })).toBeVisible();
  await expect(oa.getByRole("button", { name: "Mandater", exact: true })).toHaveCount(0);
  await oa.goto("/factures-travaux/synthese");
  await expect(oa.getByRole("link", { name: "Factures reçues", exact: true })).toHaveCount(0);
  await oa.goto("/factures-travaux/factures-recues");
  await expect(oa.getByText("« Factures reçues » est réservé aux utilisateurs habilités « Service financier » de la structure")).toBeVisible();

  // The paying service: « Factures reçues », the legal deadline, « Mandater » (its number required), then « Mettre en paiement ».
  const p = sf.page;
  await p.goto("/factures-travaux/synthese");
  await p.getByRole("link", { name: "Factures reçues", exact: true }).click();
  await expect(p.getByText(/délai légal de paiement de votre structure est de 30 jours/)).toBeVisible();
  const ligne = p.getByRole("row", { name: new RegExp(a19) });
  await expect(ligne).toContainText(titulaire.raisonSociale);
  await expect(ligne).toContainText(/22\s500,00\s€/);
  await expect(ligne).toContainText(/À payer avant le \d\d\/\d\d\/\d{4}/);
  await ligne.getByRole("link", { name: a19 }).click();
  await mandaterEtPayer(p, a19, `M-${n}`, { montant: /^22\s500,00$/ });
  await expect(p.locator("#suivre-le-traitement").locator("..")).toContainText(`Mandatée — mandat n° M-${n} du ${aujourdhui()}`);

  // The titulaire reads it on its own A4, and in a mail.
  const paye = new RegExp(`Mise en paiement le ${aujourdhui().replaceAll("/", "\\/")} pour 22\\s500,00\\s€`);
  await ti.goto(`/factures-travaux/recherche?numero=${a4}`);
  await ti.getByRole("link", { name: a4, exact: true }).click();
  await expect(ti.getByText(paye).first()).toBeVisible();
  const mail = await waitForMail(titulaire.email, new RegExp(`Facture de travaux n° ${a19} : Mise en paiement`));
  expect(mail.text).toMatch(new RegExp(`Votre pièce n° ${a4} \\(état d'acompte validé n° ${a19}\\) a été mise en paiement le`));
  expect(mail.text).toMatch(/22\s500,00\s€/);
});

test("fin de marché : A7 du titulaire → A17 de la MOE → décompte général (A20) de la MOA → le titulaire le signe avec réserves (A8) → mis en paiement", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const moe = await acteur(browser, "CABINET D'ARCHITECTES DE L'OUST", "Maiwenn", "Guégan", { moe: true });
  const moa = await acteur(browser, "COMMUNE DE JOSSELIN", "Tanguy", "Le Floch", { moa: true });
  const titulaire = await acteur(browser, "CHARPENTES DE BROCELIANDE", "Morgane", "Daniel");
  const sf = await comptable(browser, moa.id, "Hervé", "Le Corre");
  const n = suffix();
  const [a7, a17, a20, a8] = [`PDF-${n}`, `PDG-${n}`, `DG-${n}`, `DGS-${n}`];

  // The titulaire's projet de décompte final (A7).
  const ti = titulaire.page;
  await choisirCadre(ti, /^A7 : Projet de décompte final/);
  await saisirSiret(ti, "moe", moe);
  await saisirSiret(ti, "moa", moa);
  await champ(ti, "Numéro de marché").fill("2025-TRAV-007");
  await ti.getByRole("button", { name: "Enregistrer et continuer" }).click();
  await expect(ti).toHaveURL(/\/facture$/);
  await champ(ti, "Numéro").fill(a7);
  await champ(ti, "Date").fill("2026-06-30");
  await champ(ti, "Type de TVA").selectOption("TVA_SUR_DEBIT");
  await champ(ti, "Montant total HT").fill("50 000,00");
  await champ(ti, "Montant total TVA").fill("10 000,00");
  await champ(ti, "Montant total TTC").fill("60 000,00");
  await ti.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(ti.getByText("Le brouillon est enregistré")).toBeVisible();
  await joindreEtEnvoyer(ti, a7);

  // The MOE: takes it into account, then its projet de décompte général (A17), to the MOA.
  const mo = moe.page;
  await ouvrirATraiter(mo, a7);
  await mo.getByRole("button", { name: "Prendre en compte" }).click();
  await expect(mo.getByText("La pièce est maintenant au statut « Prise en compte par la MOE ».")).toBeVisible();
  await mo.getByRole("button", { name: "Déposer la pièce suivante du dossier de facturation" }).click();
  await expect(mo).toHaveURL(/\/parties$/);
  await mo.getByRole("button", { name: "Enregistrer et continuer" }).click();
  await expect(mo).toHaveURL(/\/facture$/);
  await champ(mo, "Numéro").fill(a17);
  await champ(mo, "Date").fill("2026-07-06");
  await mo.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(mo.getByText("Le brouillon est enregistré")).toBeVisible();
  await joindreEtEnvoyer(mo, a17);
  await expect(mo.getByText("Mise à disposition de la MOA").first()).toBeVisible();

  // The commune: takes the A17 into account, then its décompte général (A20), to the titulaire for signature.
  const oa = moa.page;
  await ouvrirATraiter(oa, a17);
  await oa.getByRole("button", { name: "Prendre en compte" }).click();
  await expect(oa.getByText("La pièce est maintenant au statut « Prise en compte par la MOA ».")).toBeVisible();
  await oa.goto("/factures-travaux/deposer");
  await oa
    .getByRole("row", { name: new RegExp(a17) })
    .getByRole("button", { name: "Déposer le décompte général (A20)" })
    .click();
  await oa.getByRole("button", { name: "Enregistrer et continuer" }).click();
  await expect(oa).toHaveURL(/\/facture$/);
  await champ(oa, "Numéro").fill(a20);
  await champ(oa, "Date").fill("2026-07-15");
  await oa.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(oa.getByText("Le brouillon est enregistré")).toBeVisible();
  await joindreEtEnvoyer(oa, a20);
  await expect(oa.getByText("À valider par le titulaire").first()).toBeVisible();

  // The titulaire signs it, accepting it: its décompte général signé (A8) goes to the commune's paying service.
  await waitForMail(titulaire.email, new RegExp(`Nouvelle pièce à traiter : facture de travaux n° ${a20}`));
  await ouvrirATraiter(ti, a20);
  await expect(ti.getByRole("button", { name: "Refuser", exact: true })).toHaveCount(0);
  await ti.getByRole("button", { name: "Signer le décompte général" }).click();
  await expect(ti).toHaveURL(/\/parties$/);
  await ti.getByRole("button", { name: "Enregistrer et continuer" }).click();
  await expect(ti).toHaveURL(/\/facture$/);
  await champ(ti, "Numéro").fill(a8);
  await champ(ti, "Date").fill("2026-07-20");
  await ti.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(ti.getByText("Le brouillon est enregistré")).toBeVisible();
  // « J'accepte avec réserves »: the reason is required, then the mémoire en réclamation; sending without it is refused.
  await ti.getByRole("link", { name: /Gestion des pièces jointes/ }).click();
  await ti.locator("label", { hasText: "J'accepte avec réserves" }).click();
  await ti.getByRole("button", { name: "Enregistrer mon choix" }).click();
  await expect(ti.getByText("Indiquez le motif de vos réserves (l'objet de votre mémoire en réclamation).")).toBeVisible();
  await ti.getByLabel(/^Motif des réserves/).fill("Pénalités de retard contestées : intempéries de janvier.");
  await ti.getByRole("button", { name: "Enregistrer mon choix" }).click();
  await expect(ti.getByText("Votre choix est enregistré : vous acceptez le décompte général avec réserves.")).toBeVisible();
  await ti
    .getByLabel("Ajouter la facture (PDF, obligatoire)")
    .setInputFiles({ name: `${a8}.pdf`, mimeType: "application/pdf", buffer: await pdf(`Décompte général signé ${a8}`) });
  await expect(ti.getByText(`Le fichier « ${a8}.pdf » a été ajouté.`)).toBeVisible();
  await ti.getByRole("button", { name: "Valider et envoyer" }).click();
  await ti.getByRole("button", { name: "Confirmer et envoyer" }).click();
  // The send's refusal names what is missing (the page's own hint above says « … ci-dessous avant d'envoyer »).
  await expect(ti.getByText("Joignez votre mémoire en réclamation : vous acceptez le décompte général avec réserves")).toBeVisible();
  await ti
    .getByLabel(/^Joindre le mémoire en réclamation/)
    .setInputFiles({ name: "memoire-reclamation.pdf", mimeType: "application/pdf", buffer: await pdf("Mémoire en réclamation") });
  await expect(ti.getByText("Le fichier « memoire-reclamation.pdf » a été ajouté.")).toBeVisible();
  await ti.getByRole("button", { name: "Valider et envoyer" }).click();
  await expect(ti.getByRole("dialog", { name: "Confirmer l'envoi de votre facture de travaux" })).toContainText("« J'accepte avec réserves »");
  await ti.getByRole("button", { name: "Confirmer et envoyer" }).click();
  await expect(ti.getByRole("heading", { level: 1, name: "Récapitulatif d'envoi" })).toBeVisible();
  await expect(ti.getByText("Mise à disposition du service financier").first()).toBeVisible();
  const idA8 = /\/deposer\/([0-9a-f-]{36})\/recapitulatif/.exec(ti.url())![1];
  await ti.goto(`/factures-travaux/pieces/${idA8}`);
  await expect(ti.getByText("Accepté avec réserves (mémoire en réclamation joint)")).toBeVisible();
  await expect(ti.getByText("Pénalités de retard contestées : intempéries de janvier.").first()).toBeVisible();
  // The commune is told its décompte général is signed.
  const signe = await waitForMail(moa.email, new RegExp(`Facture de travaux n° ${a20} : Signé par le titulaire`));
  expect(signe.text).toContain("a signé le décompte général en déposant son décompte général signé (A8)");

  // The paying service mandates the A8 and puts it in payment; the titulaire reads it on its A7.
  const p = sf.page;
  await p.goto("/factures-travaux/factures-recues");
  await p
    .getByRole("row", { name: new RegExp(a8) })
    .getByRole("link", { name: a8 })
    .click();
  await mandaterEtPayer(p, a8, `M-${n}`);
  await ti.goto(`/factures-travaux/recherche?numero=${a7}`);
  await ti.getByRole("link", { name: a7, exact: true }).click();
  await expect(ti.getByText(/Mise en paiement le \d\d\/\d\d\/\d{4} pour 60\s000,00\s€/).first()).toBeVisible();
  await waitForMail(titulaire.email, new RegExp(`Facture de travaux n° ${a8} : Mise en paiement`));
});
