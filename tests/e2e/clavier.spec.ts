import { expect, test, type ElementHandle, type Locator, type Page } from "@playwright/test";
import { rattacher, structure, suffix, utilisateur } from "./support/donnees";
import { SAMPLE } from "./support/context";
import { acteur, pdf } from "./support/parcours";

// RGAA, keyboard: a supplier deposits a piece from the sign-in page to its deposit certificate without a mouse — only
// Tab, Shift+Tab, arrows, Enter, Space, Escape and typed text. Each focused element must show its focus (a computed
// outline on it, or on the label DSFR draws for a hidden radio), be on screen, and come after the previous one in the
// page (focus order follows reading order); the confirmation dialog keeps the focus inside and gives it back to its
// button when closed; the file input opens its chooser from the keyboard, and the upload's progress is announced in a
// live region.

/** What the focused element is and whether its focus shows. */
type Focus = {
  nom: string;
  visible: boolean;
  aLEcran: boolean;
  haut: number;
  bas: number;
  gauche: number;
  dansMain: boolean;
  dansDialogue: boolean;
  /** The element looked for has the focus. */
  atteint: boolean;
};

/** One round trip per key: what has the focus, and whether it is `cible`. */
const lireFocus = (page: Page, cible?: ElementHandle<Node> | null): Promise<Focus> =>
  page.evaluate((cible) => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body)
      return { nom: "(aucun élément)", visible: false, aLEcran: false, haut: 0, bas: 0, gauche: 0, dansMain: false, dansDialogue: false, atteint: false };
    const trait = (cs: CSSStyleDeclaration) =>
      cs.outlineStyle !== "none" && Number.parseFloat(cs.outlineWidth) >= 1 && !/rgba\([^)]*,\s*0\)|transparent/.test(cs.outlineColor);
    // The element's own outline, or the one DSFR draws on its ::before / ::after (the header's brand link, enlarged links).
    let visible = trait(getComputedStyle(el)) || trait(getComputedStyle(el, "::before")) || trait(getComputedStyle(el, "::after"));
    // A native date field: the browser highlights the focused day, month or year inside it (not an outline of the input).
    if (!visible && el instanceof HTMLInputElement && el.type === "date") visible = true;
    // DSFR scrolls smoothly: the focused element is brought into view at once, as a browser without smooth scrolling does,
    // before it is measured (one that cannot be brought into view stays off-screen and is reported).
    el.scrollIntoView({ block: "nearest", inline: "nearest", behavior: "instant" });
    // DSFR hides radios and checkboxes and draws them (and their focus ring) on their label's ::before.
    if (!visible && el.id) {
      const label = document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
      if (label) visible = trait(getComputedStyle(label, "::before")) || trait(getComputedStyle(label));
    }
    const r = el.getBoundingClientRect();
    const nom = `${el.tagName.toLowerCase()} « ${(el.getAttribute("aria-label") ?? el.textContent ?? el.getAttribute("name") ?? "").replace(/\s+/g, " ").trim().slice(0, 60) || el.id} »`;
    return {
      nom,
      visible,
      aLEcran: r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth,
      haut: r.top + window.scrollY,
      bas: r.bottom + window.scrollY,
      gauche: r.left,
      dansMain: !!el.closest("main"),
      dansDialogue: !!el.closest("dialog[open], [role=dialog][aria-modal=true]"),
      atteint: !!cible && el === cible,
    };
  }, cible ?? null);

class Clavier {
  readonly problemes: string[] = [];
  private precedent: Focus | null = null;
  constructor(readonly page: Page) {}

  /** A new page: reading order starts again. */
  nouvellePage() {
    this.precedent = null;
  }

  /** Checks the element just focused: its focus shows, it is on screen, it does not jump back up the page. */
  private async constater(touche: string, cible?: ElementHandle<Node> | null) {
    const f = await lireFocus(this.page, cible);
    const ici = `${new URL(this.page.url()).pathname}, ${touche} → ${f.nom}`;
    if (!f.visible) this.problemes.push(`${ici} : aucun contour de focus visible`);
    if (!f.aLEcran) this.problemes.push(`${ici} : l'élément qui a le focus est hors de l'écran`);
    const p = this.precedent;
    // Within the page's content, focus moves down the page or along a row; a jump back above the previous element is out of reading order.
    if (touche === "Tab" && p && f.dansMain && p.dansMain && !f.dansDialogue && !p.dansDialogue && f.bas <= p.haut)
      this.problemes.push(`${ici} : le focus remonte au-dessus de ${p.nom} (ordre de tabulation différent de l'ordre de lecture)`);
    this.precedent = f;
    return f;
  }

  /** Enter on the focused control: it follows a link, submits or opens; what it leads to is checked by the caller. */
  async entree() {
    await this.page.keyboard.press("Enter");
  }

  async appuyer(touche: string, cible?: ElementHandle<Node> | null) {
    await this.page.keyboard.press(touche);
    return this.constater(touche, cible);
  }

  /** Tab (or Shift+Tab) until `cible` has the focus, checking each element on the way (past the page's end, Tab starts again at its top). */
  async aller(cible: Locator, o: { arriere?: boolean; max?: number } = {}) {
    const element = await cible.elementHandle();
    for (let i = 0; i < (o.max ?? 80); i++) if ((await this.appuyer(o.arriere ? "Shift+Tab" : "Tab", element)).atteint) return;
    throw new Error(`${o.max ?? 80} tabulations sans atteindre ${cible}`);
  }

  async taper(texte: string) {
    await this.page.keyboard.type(texte);
  }
}

test("au clavier seul : de la connexion au certificat de dépôt, focus visible, ordre logique, dialogue qui garde et rend le focus, envoi du fichier annoncé", async ({
  browser,
}) => {
  test.setTimeout(600_000);
  const moe = await acteur(browser, "ATELIER D'ARCHITECTURE DU LEON", "Katell", "Abgrall", { moe: true });
  const moa = await acteur(browser, "COMMUNE DE MORLAIX", "Goulven", "Cadiou", { moa: true });
  await moe.page.close();
  await moa.page.close();
  const fournisseur = await structure(`PLATRERIE DU TRIEUX ${suffix()}`);
  const u = await utilisateur("Bleuenn", "Le Bihan");
  await rattacher(u.id, fournisseur.id, "GESTIONNAIRE_PRINCIPAL");
  const numero = `CLAV-${suffix()}`;

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "fr-FR" });
  const page = await context.newPage();
  const k = new Clavier(page);

  // Sign-in: the skip link comes first and leads to the content; then the two fields and Enter.
  await page.goto("/connexion");
  const evitement = await k.appuyer("Tab");
  expect(evitement.nom).toMatch(/contenu/i);
  await k.entree();
  await k.aller(page.getByLabel("Adresse électronique de connexion"));
  await k.taper(u.email);
  await k.aller(page.getByLabel("Mot de passe"));
  await k.taper(SAMPLE.demoPassword);
  await k.entree();
  await expect(page.getByRole("heading", { level: 1, name: "Mon compte" })).toBeVisible();

  // The main menu, reached going back up (Shift+Tab) from the content: « Facturation » opens with Enter, « Factures de
  // travaux », then « Accéder » and the « Déposer » tab.
  k.nouvellePage();
  await k.aller(page.getByRole("button", { name: "Facturation" }), { arriere: true });
  await k.entree();
  await k.aller(page.getByRole("link", { name: "Factures de travaux", exact: true }));
  await k.entree();
  await expect(page).toHaveURL(/\/factures-travaux$/);
  k.nouvellePage();
  await k.aller(page.getByRole("link", { name: "Accéder" }));
  await k.entree();
  await expect(page.getByRole("heading", { level: 1, name: "Synthèse" })).toBeVisible();
  k.nouvellePage();
  await k.aller(page.getByRole("link", { name: "Déposer", exact: true }));
  await k.entree();

  // Step 1: where one is, said by the title and the stepper; the frame chosen with the arrow keys.
  await expect(page.getByRole("heading", { name: /Cadre de facturation\s*Étape 1 sur 3/ })).toBeVisible();
  k.nouvellePage();
  const a4 = page.getByLabel(/^A4 : Projet de décompte mensuel/);
  await k.aller(page.getByRole("radio").first());
  for (let i = 0; i < 20 && !(await a4.isChecked()); i++) await k.appuyer("ArrowDown");
  await expect(a4).toBeChecked();
  await k.aller(page.getByRole("button", { name: "Enregistrer et continuer" }));
  await k.entree();

  // Step 2: the parties by SIRET (leaving the field looks the structure up).
  await expect(page).toHaveURL(/\/parties$/);
  await expect(page).toHaveTitle(/^Étape 2 sur 3 : Maîtrise d'œuvre et maîtrise d'ouvrage/);
  await expect(page.getByRole("navigation", { name: "Étapes du dépôt" }).locator("[aria-current=step]")).toHaveText(/^2\. /);
  k.nouvellePage();
  await k.aller(page.getByRole("textbox", { name: /SIRET de la maîtrise d'œuvre/ }));
  await k.taper(moe.siret);
  await k.appuyer("Tab");
  await expect(page.getByText(moe.raisonSociale).first()).toBeVisible();
  await k.aller(page.getByRole("textbox", { name: /SIRET de la maîtrise d'ouvrage/ }));
  await k.taper(moa.siret);
  await k.appuyer("Tab");
  await expect(page.getByText(moa.raisonSociale).first()).toBeVisible();
  await k.aller(page.getByRole("button", { name: "Enregistrer et continuer" }));
  await k.entree();

  // Step 3: saved empty, the first field in error takes the focus and its message is tied to it (aria-describedby).
  await expect(page).toHaveURL(/\/facture$/);
  await expect(page).toHaveTitle(/^Étape 3 sur 3 : Informations de la facture/);
  k.nouvellePage();
  await k.aller(page.getByRole("button", { name: "Enregistrer", exact: true }));
  await k.entree();
  const numeroChamp = page.getByLabel(/^Numéro/);
  await expect(numeroChamp).toBeFocused();
  await expect(numeroChamp).toHaveAttribute("aria-invalid", "true");
  await expect(numeroChamp).toHaveAccessibleDescription(/.+/);
  k.nouvellePage();
  await k.taper(numero);
  await k.aller(page.getByLabel(/^Date/));
  // The date's fields come in the order of the browser's own language (not the page's): each is set with ↑ (today's
  // value) and → leads to the next, whatever their order.
  for (const touche of ["ArrowUp", "ArrowRight", "ArrowUp", "ArrowRight", "ArrowUp"]) await page.keyboard.press(touche);
  await expect(page.getByLabel(/^Date/)).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);
  await k.aller(page.getByLabel(/^Type de TVA/));
  await k.taper("TVA sur les d");
  await expect(page.getByLabel(/^Type de TVA/)).toHaveValue("TVA_SUR_DEBIT");
  await k.aller(page.getByLabel(/^Montant total HT/));
  await k.taper("1 000,00");
  await k.aller(page.getByLabel(/^Montant total TVA/));
  await k.taper("200,00");
  await k.aller(page.getByLabel(/^Montant total TTC/));
  await k.taper("1 200,00");
  await expect(numeroChamp).not.toHaveAttribute("aria-invalid", "true");
  await k.aller(page.getByRole("button", { name: "Enregistrer", exact: true }));
  await k.entree();
  await expect(page.getByText("Le brouillon est enregistré")).toBeVisible();
  await k.aller(page.getByRole("link", { name: /Gestion des pièces jointes/ }));
  await k.entree();

  // The invoice file: the input opens its chooser from the keyboard; the upload, held, shows and announces its progress.
  await expect(page.getByRole("heading", { level: 1, name: "Gestion des pièces jointes" })).toBeVisible();
  let liberer = () => {};
  const retenu = new Promise<void>((r) => (liberer = r));
  await page.route(
    (url) => /^\/api\/factures-travaux\/pieces\/[^/]+\/pieces-jointes$/.test(url.pathname),
    async (route) => {
      await retenu;
      await route.continue();
    },
  );
  k.nouvellePage();
  await k.aller(page.getByLabel("Ajouter la facture (PDF, obligatoire)"));
  const choix = page.waitForEvent("filechooser");
  await page.keyboard.press("Space");
  await (await choix).setFiles({ name: `${numero}.pdf`, mimeType: "application/pdf", buffer: await pdf(`Facture ${numero}`) });
  // Announced: the progress and the outcome are in a live region (role « status »).
  await expect(page.getByRole("status").filter({ hasText: new RegExp(`Envoi de « ${numero}.pdf » : \\d+ %`) })).toBeVisible();
  await expect(page.getByRole("progressbar", { name: new RegExp(`Envoi de « ${numero}.pdf »`) })).toBeVisible();
  liberer();
  // (The DSFR's success alert is itself a status, inside the region.)
  await expect(
    page
      .getByRole("status")
      .filter({ hasText: `Le fichier « ${numero}.pdf » a été ajouté.` })
      .first(),
  ).toBeVisible();

  // « Valider et envoyer »: the dialog takes the focus, keeps it (Tab and Shift+Tab go round inside), Escape closes it
  // and gives the focus back to the button that opened it.
  const valider = page.getByRole("button", { name: "Valider et envoyer" });
  await k.aller(valider);
  await k.entree();
  const dialogue = page.getByRole("dialog", { name: "Confirmer l'envoi de votre facture de travaux" });
  await expect(dialogue).toBeVisible();
  await expect.poll(() => lireFocus(page).then((f) => f.dansDialogue)).toBe(true);
  for (const touche of ["Tab", "Tab", "Tab", "Tab", "Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab"]) {
    const f = await k.appuyer(touche);
    expect(f.dansDialogue, `${touche} → ${f.nom} : le focus est sorti du dialogue`).toBe(true);
  }
  await k.appuyer("Escape");
  await expect(dialogue).toBeHidden();
  await expect(valider).toBeFocused();
  await k.entree();
  await expect(dialogue).toBeVisible();
  await k.aller(dialogue.getByRole("button", { name: "Confirmer et envoyer" }));
  await k.entree();

  // The deposit summary, and its certificate downloaded with Enter.
  await expect(page.getByRole("heading", { level: 1, name: "Récapitulatif d'envoi" })).toBeVisible();
  await expect(page.getByText(numero).first()).toBeVisible();
  k.nouvellePage();
  await k.aller(page.getByRole("link", { name: "Exporter le certificat de dépôt" }));
  const telechargement = page.waitForEvent("download");
  await k.entree();
  expect((await telechargement).suggestedFilename()).toMatch(/\.pdf$/);

  await context.close();
  expect(k.problemes).toEqual([]);
});
