import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { auditerEcran } from "./support/audit-ecran";
import { AXE_ECHOUE_AU_TEST, auditerAxe, decrireViolations, noterProblemes, preparerAxe } from "./support/axe";
import { E2E_CONTEXT_FILE } from "./support/context";
import { seConnecter } from "./support/donnees";

// Every screen of the portal as a person sees it, at a desktop width and at a phone width: signed out, then signed
// in as supplier, MOE, MOA agent, MOA gestionnaire and portal administrator, with a piece at each status so that every group of actions
// shows, and the processing dialogs open. A screen fails when a button or link does not show its words, when text
// is clipped, when the page scrolls sideways, or when a small control has no visible label (support/audit-ecran.ts),
// and when axe-core finds a WCAG 2.1 A or AA violation (support/axe.ts; `npm run test:a11y` sums them up).

type Piece = { id: string; numero: string };
type Donnees = {
  comptes: {
    fournisseur: string;
    moe: string;
    gestionnaireMoa: string;
    agentMoa: string;
    sousTraitant: string;
    administrateur: string;
    serviceFinancier: string;
  };
  administration: { moaId: string; semId: string };
  pieces: Record<
    | "brouillon"
    | "aTraiter"
    | "priseEnCompte"
    | "suspendue"
    | "refuseeMoe"
    | "transmise"
    | "a15"
    | "priseEnCompteMoa"
    | "refuseeMoa"
    | "aValider"
    | "aRecycler"
    | "a19APayer"
    | "a19Mandatee"
    | "a19Payee"
    | "a4Payee"
    | "a19Brouillon"
    | "dgASigner"
    | "a8Brouillon"
    | "dgSigne"
    | "a8Signe",
    Piece
  >;
  dossierId: string;
  /** The dossier whose A19 the paying service put in payment. */
  dossierPayeId: string;
  /** The token of a pending invitation to the MOA (« Consultation » on its service). */
  invitation: string;
  parties: { moe: { siret: string; raisonSociale: string }; moa: { siret: string; raisonSociale: string }; service: string };
};

/** A screen: its address, and optionally what to do once there (open a dialog) before it is checked. */
type Ecran = { chemin: string; nom?: string; puis?: (page: Page) => Promise<void> /** 200 unless said. */; statut?: number };

const LARGEURS = [
  { nom: "bureau", viewport: { width: 1280, height: 900 } },
  { nom: "téléphone", viewport: { width: 375, height: 812 } },
];

let d: Donnees;
const compte = { ecrans: 0, controles: 0, axe: 0, axeMs: 0 };

test.describe.configure({ mode: "serial" });

test.beforeAll(() => {
  const { databaseUrl } = JSON.parse(readFileSync(E2E_CONTEXT_FILE, "utf8")) as { databaseUrl: string };
  const sortie = execFileSync(process.execPath, ["--import", "tsx", "tests/e2e/support/ecrans-donnees.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });
  d = JSON.parse(sortie.trim().split("\n").at(-1)!) as Donnees;
});

test.afterAll(() => {
  console.log(`Audit des écrans : ${compte.ecrans} écrans vérifiés, ${compte.controles} boutons et liens contrôlés.`);
  if (compte.axe) console.log(`axe-core : ${compte.axe} écrans analysés, ${Math.round(compte.axeMs / compte.axe)} ms par écran en moyenne.`);
});

const ouvrir = (bouton: string, titre: RegExp) => async (page: Page) => {
  // The first of its kind (a queue may hold several requests, each with its « Refuser »).
  await page.getByRole("button", { name: bouton, exact: true }).first().click();
  await expect(page.getByRole("dialog", { name: titre })).toBeVisible();
};

const piece = (p: Piece, puis?: Ecran["puis"], nom?: string): Ecran => ({ chemin: `/factures-travaux/pieces/${p.id}`, puis, nom });

/** « Tableau de bord » with every « Voir les données » opened: the charts' tables. */
const tableauDeBord = (): Ecran[] => [
  { chemin: "/tableau-de-bord" },
  {
    chemin: "/tableau-de-bord",
    nom: "données des graphiques",
    puis: async (page) => {
      for (const bouton of await page.getByRole("button", { name: "Voir les données" }).all()) await bouton.click();
    },
  },
];

const ECRANS: Record<string, () => Ecran[]> = {
  "non connecté": () =>
    [
      "/",
      "/connexion",
      "/creer-un-compte",
      "/mot-de-passe-oublie",
      "/mentions-legales",
      "/accessibilite",
      "/conditions-generales-utilisation",
      "/donnees-personnelles",
      "/activation/jeton-inconnu",
      "/mot-de-passe/jeton-inconnu",
      "/confirmation-contact/jeton-inconnu",
      "/invitation/jeton-inconnu",
      `/invitation/${d.invitation}`,
    ]
      .map((chemin): Ecran => ({ chemin }))
      .concat({ chemin: "/page-qui-n-existe-pas", statut: 404 }),
  fournisseur: () => [
    ...tableauDeBord(),
    { chemin: "/mon-compte" },
    { chemin: "/notifications" },
    { chemin: "/structures" },
    { chemin: "/structures/mes-structures" },
    { chemin: "/structures/creer-une-structure" },
    { chemin: "/structures/annuaire" },
    { chemin: "/structures/utilisateurs" },
    { chemin: "/structures/services" },
    { chemin: "/structures/parametres" },
    // « Identification et coordonnées » of its gestionnaire principal: the form, and « Actualiser depuis l'annuaire INSEE »
    // (the audit's SIRETs are not in the INSEE sample: the refusal, nothing changed).
    { chemin: "/structures/identification" },
    {
      chemin: "/structures/identification",
      nom: "actualisation depuis l'annuaire INSEE",
      puis: async (page) => {
        await page.getByRole("button", { name: "Actualiser depuis l'annuaire INSEE" }).click();
        await expect(page.getByText("La structure n'a pas été modifiée.")).toBeVisible();
      },
    },
    // « Désactiver mon compte »: the only gestionnaire principal reads what to do first; the confirmation dialog.
    { chemin: "/mon-compte", nom: "confirmation de la désactivation du compte", puis: ouvrir("Désactiver mon compte", /Désactiver votre compte/) },
    { chemin: "/structures/journal" },
    // « Coordonnées bancaires »: the supplier's account, IBAN in full for its gestionnaire; the deactivation's confirmation.
    { chemin: "/structures/coordonnees-bancaires" },
    {
      chemin: "/structures/coordonnees-bancaires",
      nom: "confirmation de la désactivation",
      puis: ouvrir("Désactiver", /Désactiver ces coordonnées bancaires/),
    },
    // « Comptes techniques (API) »: the page, a creation (the secret shown once), the revocation's confirmation.
    { chemin: "/structures/comptes-techniques" },
    {
      chemin: "/structures/comptes-techniques",
      nom: "secret d'un compte technique créé",
      puis: async (page) => {
        await page.getByLabel("Nom du compte").fill("Logiciel de facturation");
        await page.getByRole("button", { name: "Créer le compte technique" }).click();
        await expect(page.getByText("Copiez ce secret maintenant")).toBeVisible();
      },
    },
    {
      chemin: "/structures/comptes-techniques",
      nom: "confirmation de la révocation",
      puis: ouvrir("Révoquer", /Révoquer ce compte technique/),
    },
    {
      chemin: "/structures/comptes-techniques",
      nom: "secret d'une adresse de webhook ajoutée",
      puis: async (page) => {
        await page.getByLabel("Adresse (URL) de réception").fill("https://erp.exemple.fr/webhooks/factures-travaux");
        await page.getByRole("button", { name: "Ajouter l'adresse" }).click();
        await expect(page.getByText("Secret de signature de la nouvelle adresse")).toBeVisible();
      },
    },
    {
      chemin: "/structures/comptes-techniques",
      nom: "confirmation de la désactivation d'un webhook",
      puis: ouvrir("Désactiver", /Désactiver cette adresse/),
    },
    { chemin: "/factures-travaux" },
    { chemin: "/factures-travaux/synthese" },
    { chemin: "/factures-travaux/recherche" },
    { chemin: "/factures-travaux/deposer" },
    { chemin: `/factures-travaux/deposer/${d.pieces.brouillon.id}/cadre` },
    { chemin: `/factures-travaux/deposer/${d.pieces.brouillon.id}/parties` },
    { chemin: `/factures-travaux/deposer/${d.pieces.brouillon.id}/facture` },
    { chemin: `/factures-travaux/deposer/${d.pieces.brouillon.id}/pieces-jointes` },
    { chemin: `/factures-travaux/deposer/${d.pieces.aTraiter.id}/recapitulatif` },
    piece(d.pieces.brouillon),
    piece(d.pieces.aTraiter),
    piece(d.pieces.suspendue),
    piece(d.pieces.refuseeMoe),
    piece(d.pieces.transmise),
    piece(d.pieces.aValider),
    piece(d.pieces.aValider, ouvrir("Refuser", /Refuser la demande de paiement/), "refus de la demande de paiement"),
    piece(d.pieces.aRecycler),
    { chemin: `/factures-travaux/pieces/${d.pieces.aRecycler.id}/recycler` },
    {
      chemin: `/factures-travaux/pieces/${d.pieces.aRecycler.id}/recycler`,
      nom: "confirmation du recyclage",
      puis: ouvrir("Corriger et renvoyer la pièce", /Renvoyer la facture/),
    },
    { chemin: `/factures-travaux/dossiers/${d.dossierId}` },
    // The end of the contract: the décompte général to sign (no « Refuser »), the A8 started with reserves (step 1 shows
    // its fixed frame; the signature choice and the mémoire en réclamation), the A8 signed with reserves.
    piece(d.pieces.dgASigner),
    { chemin: `/factures-travaux/deposer/${d.pieces.a8Brouillon.id}/cadre` },
    { chemin: `/factures-travaux/deposer/${d.pieces.a8Brouillon.id}/facture` },
    { chemin: `/factures-travaux/deposer/${d.pieces.a8Brouillon.id}/pieces-jointes` },
    piece(d.pieces.a8Signe),
    piece(d.pieces.dgSigne),
    // « Mise en paiement le … pour … € » on the supplier's A4 and in its dossier.
    piece(d.pieces.a4Payee),
    piece(d.pieces.a19Payee),
    { chemin: `/factures-travaux/dossiers/${d.dossierPayeId}` },
  ],
  MOE: () => [
    ...tableauDeBord(),
    { chemin: "/factures-travaux/synthese" },
    { chemin: "/factures-travaux/deposer" },
    piece(d.pieces.aTraiter),
    piece(d.pieces.aTraiter, ouvrir("Refuser", /Refuser la facture/), "dialogue de refus"),
    piece(d.pieces.aTraiter, ouvrir("Suspendre", /Suspendre la facture/), "dialogue de suspension"),
    piece(d.pieces.aTraiter, ouvrir("Mettre à recycler", /Mettre à recycler la facture/), "dialogue de mise à recycler"),
    piece(d.pieces.priseEnCompte),
    piece(d.pieces.suspendue),
    piece(d.pieces.refuseeMoe),
    piece(d.pieces.transmise),
    piece(d.pieces.a15),
    piece(
      d.pieces.a15,
      ouvrir("Demander le recyclage de la pièce précédente", /Demander le recyclage de la pièce précédente/),
      "dialogue de demande de recyclage de la pièce précédente",
    ),
    piece(d.pieces.aRecycler),
    piece(d.pieces.refuseeMoa),
    { chemin: `/factures-travaux/dossiers/${d.dossierId}` },
  ],
  "agent MOA": () => [
    ...tableauDeBord(),
    { chemin: "/factures-travaux/synthese" },
    { chemin: "/factures-travaux/recherche" },
    // « Recherche » sorted by a column header, two pieces checked (« Télécharger la sélection » says their size); filters to correct.
    {
      chemin: "/factures-travaux/recherche?trierPar=montantTtc&ordre=desc",
      nom: "triée, deux pièces cochées",
      puis: async (page) => {
        for (const c of (await page.getByRole("checkbox", { name: /^Sélectionner la pièce/ }).all()).slice(0, 2)) await c.check({ force: true });
        await expect(page.getByText(/^2 pièces cochées, environ/)).toBeVisible();
      },
    },
    { chemin: "/factures-travaux/recherche?montantMin=beaucoup&deposeDu=2026-02-30&dossier=XX", nom: "filtres à corriger" },
    piece(d.pieces.a15),
    piece(d.pieces.a15, ouvrir("Refuser", /Refuser la facture/), "dialogue de refus"),
    piece(d.pieces.a15, ouvrir("Mettre à recycler", /Mettre à recycler la facture/), "dialogue de mise à recycler"),
    piece(d.pieces.priseEnCompteMoa),
    piece(d.pieces.refuseeMoa),
    { chemin: `/factures-travaux/dossiers/${d.dossierId}` },
    // « Déposer » of an MOA: the pieces it may continue (an A15 to follow, one whose A19 is started); that A19's steps
    // (its fixed frame, the MOA as the depositing structure); the décompte général it sent, waiting for the titulaire's signature.
    { chemin: "/factures-travaux/deposer" },
    { chemin: `/factures-travaux/deposer/${d.pieces.a19Brouillon.id}/cadre` },
    { chemin: `/factures-travaux/deposer/${d.pieces.a19Brouillon.id}/parties` },
    { chemin: `/factures-travaux/deposer/${d.pieces.a19Brouillon.id}/facture` },
    piece(d.pieces.dgASigner),
    piece(d.pieces.a8Signe),
    // An utilisateur simple reads its structure's identification, without the form.
    { chemin: "/structures/identification" },
    // Without the « Service financier » habilitation: the A19 to pay without its buttons, « Factures reçues » reserved.
    piece(d.pieces.a19APayer),
    { chemin: "/factures-travaux/factures-recues" },
  ],
  "service financier": () => [
    { chemin: "/factures-travaux/factures-recues" },
    { chemin: "/factures-travaux/factures-recues?statut=MANDATEE" },
    piece(d.pieces.a19APayer),
    piece(d.pieces.a19APayer, ouvrir("Mandater", /Mandater la facture/), "dialogue de mandatement"),
    piece(d.pieces.a19APayer, ouvrir("Rejeter", /Rejeter la facture/), "dialogue de rejet"),
    piece(d.pieces.a19APayer, ouvrir("Suspendre", /Suspendre la facture/), "dialogue de suspension"),
    piece(d.pieces.a19APayer, ouvrir("Mettre à recycler", /Mettre à recycler la facture/), "dialogue de mise à recycler"),
    piece(d.pieces.a19Mandatee),
    piece(d.pieces.a19Mandatee, ouvrir("Mettre en paiement", /Mettre en paiement la facture/), "dialogue de mise en paiement"),
    piece(d.pieces.a19Payee),
    { chemin: `/factures-travaux/dossiers/${d.dossierPayeId}` },
  ],
  "gestionnaire MOA": () => [
    { chemin: "/structures" },
    { chemin: "/structures/utilisateurs" },
    // Users by service: a user's services and rights, and revoking the pending invitation.
    { chemin: "/structures/utilisateurs", nom: "dialogue des services et droits", puis: ouvrir("Services et droits", /Services et droits de/) },
    { chemin: "/structures/utilisateurs", nom: "dialogue de révocation d'une invitation", puis: ouvrir("Révoquer", /Révoquer cette invitation/) },
    { chemin: "/structures/rattachements" },
    { chemin: "/structures/services" },
    { chemin: "/structures/parametres" },
    // A public buyer without bank accounts: the empty list and the form.
    { chemin: "/structures/coordonnees-bancaires" },
    { chemin: "/structures/journal" },
    { chemin: "/structures/journal?action=SERVICE_MODIFIE" },
    { chemin: "/factures-travaux/synthese" },
    // The back-office is an administrator's: a manager reads that it is reserved.
    { chemin: "/administration" },
  ],
  administrateur: () => [
    { chemin: "/administration" },
    { chemin: "/administration/acheteurs-publics" },
    {
      chemin: "/administration/acheteurs-publics",
      nom: "dialogue de refus",
      puis: ouvrir("Refuser", /Refuser la demande de SOCIETE D'ECONOMIE MIXTE DU LITTORAL/),
    },
    {
      chemin: "/administration/acheteurs-publics",
      nom: "dialogue d'accord",
      puis: ouvrir("Accorder", /Accorder le statut d'acheteur public à SOCIETE D'ECONOMIE MIXTE DU LITTORAL/),
    },
    { chemin: "/administration/structures" },
    { chemin: "/administration/structures?q=BELLEVUE" },
    { chemin: `/administration/structures/${d.administration.moaId}` },
    {
      chemin: `/administration/structures/${d.administration.moaId}`,
      nom: "changement de gestionnaire principal",
      puis: ouvrir("Changer de gestionnaire principal", /Changer le gestionnaire principal de COMMUNE DE BELLEVUE-SUR-LOIRE/),
    },
    {
      chemin: `/administration/structures/${d.administration.moaId}`,
      nom: "dialogue de désactivation",
      puis: ouvrir("Désactiver la structure", /Désactiver la structure COMMUNE DE BELLEVUE-SUR-LOIRE/),
    },
    { chemin: `/administration/structures/${d.administration.semId}` },
    { chemin: "/administration/journal" },
    { chemin: `/administration/journal?structure=${d.administration.moaId}` },
    { chemin: "/mon-compte" },
  ],
  "sous-traitant": () => [
    { chemin: "/factures-travaux/synthese" },
    piece(d.pieces.aValider),
    { chemin: "/factures-travaux/deposer" },
    { chemin: "/structures/journal" },
  ],
};

const COMPTE_DE: Record<string, (d: Donnees) => string | null> = {
  "non connecté": () => null,
  fournisseur: (d) => d.comptes.fournisseur,
  MOE: (d) => d.comptes.moe,
  "agent MOA": (d) => d.comptes.agentMoa,
  "gestionnaire MOA": (d) => d.comptes.gestionnaireMoa,
  "sous-traitant": (d) => d.comptes.sousTraitant,
  administrateur: (d) => d.comptes.administrateur,
  "service financier": (d) => d.comptes.serviceFinancier,
};

/**
 * `ECRANS_CAPTURES=<dossier>`: each audited screen is also saved there as an image (whole page), to look at what was
 * built — a test that finds a button by its name passes even when its words are clipped.
 */
const CAPTURES = process.env.ECRANS_CAPTURES;
async function capturer(page: Page, nom: string) {
  const fichier = nom
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, "ID")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  await page.screenshot({ path: path.join(CAPTURES!, `${fichier}.png`), fullPage: true });
}

for (const [role, ecrans] of Object.entries(ECRANS)) {
  for (const largeur of LARGEURS) {
    test(`${role}, écran de ${largeur.nom} (${largeur.viewport.width} px) : chaque bouton et lien montre ses mots, rien n'est rogné`, async ({ browser }) => {
      const liste = ecrans();
      // A visit, its checks and axe-core take 2 to 20 s on a loaded machine: the budget grows with the screens of the role.
      test.setTimeout(60_000 + liste.length * 30_000);
      const context = await browser.newContext({ viewport: largeur.viewport, locale: "fr-FR" });
      await preparerAxe(context);
      const page = await context.newPage();
      const email = COMPTE_DE[role](d);
      if (email) await seConnecter(page, email);
      const problemes: string[] = [];
      for (const ecran of liste) {
        const lieu = `${ecran.chemin}${ecran.nom ? ` (${ecran.nom})` : ""}`;
        try {
          const reponse = await page.goto(ecran.chemin);
          // The screen itself, not an error page or the sign-in page it would redirect to: its audit would say nothing of it.
          expect(reponse?.status(), ecran.chemin).toBe(ecran.statut ?? 200);
          expect(new URL(page.url()).pathname, ecran.chemin).toBe(ecran.chemin.split("?")[0]);
          await page.waitForLoadState("networkidle");
          if (ecran.puis) await ecran.puis(page);
          const audit = await auditerEcran(page);
          const axe = await auditerAxe(page, `${role}, ${largeur.nom} : ${lieu}`);
          compte.axe += 1;
          compte.axeMs += axe.ms;
          if (AXE_ECHOUE_AU_TEST) problemes.push(...decrireViolations(axe).map((p) => `${lieu} : ${p}`));
          if (CAPTURES) await capturer(page, `${role} ${largeur.nom} ${String(compte.ecrans).padStart(3, "0")} ${ecran.chemin} ${ecran.nom ?? ""}`);
          compte.ecrans += 1;
          compte.controles += audit.controles;
          problemes.push(...audit.problemes.map((p) => `${lieu} : ${p}`));
        } catch (erreur) {
          // `npm run test:a11y` goes on to the next screen (the summary counts the failure); otherwise the test stops here.
          if (AXE_ECHOUE_AU_TEST) throw erreur;
          problemes.push(`${lieu} : ${String(erreur).split("\n")[0]}`);
        }
      }
      await context.close();
      if (AXE_ECHOUE_AU_TEST) expect(problemes).toEqual([]);
      else noterProblemes(`${role}, ${largeur.nom}`, problemes);
    });
  }
}

/** What changes from one run to the next, hidden in the reference images: dates and times, deposit and dossier numbers. */
const variable = (page: Page): Locator[] => [page.getByText(/\d{2}\/\d{2}\/\d{4}|FT\d{10}|DF\d{8}/)];

/** Compares the whole page with its committed reference image (tests/e2e/references/…): a change of look is a reviewed change. */
async function comparer(page: Page, nom: string, o: { pageEntiere?: boolean } = {}) {
  await page.evaluate(() => document.fonts.ready);
  await expect(page).toHaveScreenshot(`${nom}.png`, { fullPage: o.pageEntiere ?? true, mask: variable(page) });
}

test("l'apparence des écrans clés est celle des images de référence", async ({ browser }) => {
  test.setTimeout(180_000);
  const ecran = async (email: string, largeur: { width: number; height: number }) => {
    const context = await browser.newContext({ viewport: largeur, locale: "fr-FR" });
    const page = await context.newPage();
    await seConnecter(page, email);
    return { page, fermer: () => context.close() };
  };
  const bureau = { width: 1280, height: 900 };
  const telephone = { width: 375, height: 812 };
  const b = d.pieces.brouillon.id;

  const fournisseur = await ecran(d.comptes.fournisseur, bureau);
  for (const [etape, nom] of [
    ["cadre", "depot-1-cadre"],
    ["parties", "depot-2-parties"],
    ["facture", "depot-3-facture"],
    ["pieces-jointes", "depot-4-pieces-jointes"],
  ] as const) {
    await fournisseur.page.goto(`/factures-travaux/deposer/${b}/${etape}`);
    await comparer(fournisseur.page, nom);
  }
  await fournisseur.page.goto(`/factures-travaux/deposer/${d.pieces.aTraiter.id}/recapitulatif`);
  await comparer(fournisseur.page, "depot-5-recapitulatif");
  await fournisseur.page.goto(`/factures-travaux/pieces/${d.pieces.suspendue.id}`);
  await comparer(fournisseur.page, "piece-fournisseur-suspendue");
  await fournisseur.page.goto(`/factures-travaux/dossiers/${d.dossierId}`);
  await comparer(fournisseur.page, "dossier-de-facturation");
  await fournisseur.fermer();

  const moe = await ecran(d.comptes.moe, bureau);
  await moe.page.goto("/factures-travaux/synthese?tri=recent");
  await comparer(moe.page, "synthese-moe");
  await moe.page.goto(`/factures-travaux/pieces/${d.pieces.aTraiter.id}`);
  await comparer(moe.page, "piece-moe-a-traiter");
  await moe.page.getByRole("button", { name: "Refuser", exact: true }).click();
  await expect(moe.page.getByRole("dialog", { name: `Refuser la facture n° ${d.pieces.aTraiter.numero}` })).toBeVisible();
  await comparer(moe.page, "piece-moe-dialogue-refus", { pageEntiere: false });
  await moe.fermer();

  const moa = await ecran(d.comptes.agentMoa, bureau);
  await moa.page.goto(`/factures-travaux/pieces/${d.pieces.a15.id}`);
  await comparer(moa.page, "piece-moa-a-traiter");
  await moa.fermer();

  const moePhone = await ecran(d.comptes.moe, telephone);
  await moePhone.page.goto(`/factures-travaux/pieces/${d.pieces.aTraiter.id}`);
  await comparer(moePhone.page, "telephone-piece-moe-a-traiter");
  await moePhone.page.goto("/factures-travaux/synthese?tri=recent");
  await comparer(moePhone.page, "telephone-synthese-moe");
  await moePhone.fermer();
});

test("un dépôt complet sur un téléphone (375 px) : l'assistant, l'envoi du fichier et sa progression, la confirmation", async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: "fr-FR", hasTouch: true, isMobile: true });
  await preparerAxe(context);
  const page = await context.newPage();
  await seConnecter(page, d.comptes.fournisseur);
  const problemes: string[] = [];
  const verifier = async (etape: string) => {
    const audit = await auditerEcran(page);
    problemes.push(...audit.problemes.map((p) => `${etape} : ${p}`));
    const axe = await auditerAxe(page, `fournisseur, téléphone, dépôt complet : ${etape}`);
    if (AXE_ECHOUE_AU_TEST) problemes.push(...decrireViolations(axe).map((p) => `${etape} : ${p}`));
  };

  // Reached from the menu, as a person on a phone would.
  await page.goto("/factures-travaux/synthese");
  await page.getByRole("link", { name: "Déposer", exact: true }).click();
  await page.locator("label", { hasText: /^A4 : Projet de décompte mensuel/ }).click();
  await verifier("étape 1");
  await page.getByRole("button", { name: "Enregistrer et continuer" }).click();
  await expect(page).toHaveURL(/\/parties$/);
  await page.getByRole("textbox", { name: /SIRET de la maîtrise d'œuvre/ }).fill(d.parties.moe.siret);
  await page.getByRole("textbox", { name: /SIRET de la maîtrise d'ouvrage/ }).fill(d.parties.moa.siret);
  await page.getByRole("textbox", { name: /SIRET de la maîtrise d'ouvrage/ }).blur();
  await expect(page.getByText(d.parties.moa.raisonSociale).first()).toBeVisible();
  await page.getByLabel(/^Service/).selectOption({ label: d.parties.service });
  await verifier("étape 2");
  await page.getByRole("button", { name: "Enregistrer et continuer" }).click();
  await expect(page).toHaveURL(/\/facture$/);
  const numero = `TEL-${Date.now().toString(36).toUpperCase()}`;
  await page.getByLabel(/^Numéro/).fill(numero);
  await page.getByLabel(/^Date/).fill("2026-04-30");
  await page.getByLabel(/^Type de TVA/).selectOption("TVA_SUR_DEBIT");
  await page.getByLabel(/^Montant total HT/).fill("1 000,00");
  await page.getByLabel(/^Montant total TVA/).fill("200,00");
  await page.getByLabel(/^Montant total TTC/).fill("1 200,00");
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(page.getByText("Le brouillon est enregistré")).toBeVisible();
  await verifier("étape 3");
  await page.getByRole("link", { name: /Gestion des pièces jointes/ }).click();

  // The upload, slowed down so that its progress can be seen and checked while it runs.
  let liberer = () => {};
  const retenu = new Promise<void>((r) => (liberer = r));
  // The upload is `POST …/pieces-jointes?nature=FACTURE`: matched on its path, its query aside.
  await page.route(
    (url) => /^\/api\/factures-travaux\/pieces\/[^/]+\/pieces-jointes$/.test(url.pathname),
    async (route) => {
      await retenu;
      await route.continue();
    },
  );
  const doc = await PDFDocument.create();
  doc.addPage().drawText(`Facture ${numero}`, { x: 50, y: 700, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  await page
    .getByLabel("Ajouter la facture (PDF, obligatoire)")
    .setInputFiles({ name: `${numero}.pdf`, mimeType: "application/pdf", buffer: Buffer.from(await doc.save()) });
  const progression = page.getByRole("progressbar");
  await expect(progression).toBeVisible();
  await expect(page.getByText(new RegExp(`Envoi de « ${numero}.pdf » : \\d+ %`))).toBeVisible();
  await verifier("envoi du fichier en cours");
  // Still held: the progress shown is that of an upload not yet answered.
  await expect(page.getByText(`Le fichier « ${numero}.pdf » a été ajouté.`)).toHaveCount(0);
  liberer();
  await expect(page.getByText(`Le fichier « ${numero}.pdf » a été ajouté.`)).toBeVisible();
  await verifier("étape 4");

  await page.getByRole("button", { name: "Valider et envoyer" }).click();
  const dialogue = page.getByRole("dialog");
  await expect(dialogue.getByRole("button", { name: "Confirmer et envoyer" })).toBeInViewport();
  await verifier("confirmation de l'envoi");
  await dialogue.getByRole("button", { name: "Confirmer et envoyer" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Récapitulatif d'envoi" })).toBeVisible();
  await expect(page.getByText(numero).first()).toBeVisible();
  await verifier("récapitulatif");
  await context.close();
  if (AXE_ECHOUE_AU_TEST) expect(problemes).toEqual([]);
  else noterProblemes("fournisseur, téléphone, dépôt complet", problemes);
});
