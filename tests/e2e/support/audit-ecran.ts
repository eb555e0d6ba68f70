import type { Page } from "@playwright/test";

/** What the audit of one screen found: the controls it checked and what a person would not see. */
export type AuditEcran = { controles: number; problemes: string[] };

/**
 * Checks a screen as a person sees it, not as the accessibility tree says it is (Playwright finds a button by its
 * accessible name even when its text is clipped to an icon):
 * - every visible button and link shows its words: its visible text (screen-reader-only text left out) contains its
 *   accessible name, or the name begins with the visible text (WCAG 2.5.3, a label completed for screen readers);
 * - no element's text is clipped (`scrollWidth > clientWidth` where overflow is hidden or clipped);
 * - the page does not scroll horizontally;
 * - no control narrower than 24 px goes without a visible label (WCAG 2.5.8).
 */
export async function auditerEcran(page: Page): Promise<AuditEcran> {
  return page.evaluate(() => {
    const problemes: string[] = [];
    const norm = (s: string) => s.replace(/\s+/g, " ").trim().toLowerCase();

    /** Hidden from sight though maybe not from screen readers: sr-only text, aria-hidden, display none. */
    const vus = new Map<Element, boolean>();
    const invisible = (el: Element | null): boolean => {
      if (!el || el === document.documentElement) return false;
      const connu = vus.get(el);
      if (connu !== undefined) return connu;
      const cs = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      const masque =
        el.getAttribute("aria-hidden") === "true" ||
        cs.display === "none" ||
        cs.visibility === "hidden" ||
        cs.clipPath === "inset(50%)" ||
        cs.clip === "rect(0px, 0px, 0px, 0px)" ||
        ((cs.position === "absolute" || cs.position === "fixed") && r.width <= 1 && r.height <= 1) ||
        invisible(el.parentElement);
      vus.set(el, masque);
      return masque;
    };

    const texteVisible = (el: Element): string => {
      let t = "";
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!invisible(n.parentElement)) t += ` ${n.textContent ?? ""}`;
      return norm(t);
    };

    const texteAccessible = (el: Element): string => {
      let t = "";
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        let horsArbre = false;
        for (let p = n.parentElement; p && p !== el.parentElement; p = p.parentElement)
          if (p.getAttribute("aria-hidden") === "true" || getComputedStyle(p).display === "none") horsArbre = true;
        if (!horsArbre) t += ` ${n.textContent ?? ""}`;
      }
      return norm(t);
    };

    const nomAccessible = (el: Element): string => {
      const labelledby = el.getAttribute("aria-labelledby");
      if (labelledby)
        return norm(
          labelledby
            .split(/\s+/)
            .map((id) => document.getElementById(id)?.textContent ?? "")
            .join(" "),
        );
      const label = el.getAttribute("aria-label");
      if (label) return norm(label);
      if (el instanceof HTMLInputElement) return norm(el.value);
      const contenu = texteAccessible(el) || norm([...el.querySelectorAll("img[alt]")].map((i) => i.getAttribute("alt") ?? "").join(" "));
      return contenu || norm(el.getAttribute("title") ?? "");
    };

    const decrire = (el: Element, nom: string) => `${el.tagName.toLowerCase()} « ${nom || el.getAttribute("class") || "?"} »`;

    /**
     * Controls the DSFR draws as an icon on purpose, named by their text for screen readers: the header's « Menu » and
     * « Rechercher » buttons at phone width, the pagination's « Première page » and « Dernière page » (always) and
     * « Page précédente » / « Page suivante » (below the lg breakpoint). Nothing of the portal's own may join this list.
     */
    const dsfrIconeSeule = (el: Element) =>
      !!el.closest(
        ".fr-header .fr-btn--menu, .fr-header .fr-btn--search, .fr-pagination__link--first, .fr-pagination__link--last, .fr-pagination__link--prev, .fr-pagination__link--next",
      );

    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) && !invisible(el);
    };

    const controles = [...document.querySelectorAll("a[href], button, [role=button], input[type=submit], input[type=button], summary")].filter(visible);
    for (const el of controles) {
      const nom = nomAccessible(el);
      const vu = el instanceof HTMLInputElement ? norm(el.value) : texteVisible(el);
      const largeur = el.getBoundingClientRect().width;
      if (!vu) {
        if (largeur < 24) problemes.push(`${decrire(el, nom)} : moins de 24 px (${Math.round(largeur)} px) sans libellé visible`);
        // A control that shows only an icon must at least be named; DSFR's own icon-only controls are (title / sr-only).
        if (!nom) problemes.push(`${decrire(el, nom)} : ni texte visible ni nom accessible`);
      } else if (nom && !vu.includes(nom) && !nom.startsWith(vu)) {
        problemes.push(`${decrire(el, nom)} : le texte visible « ${vu} » ne contient pas le nom accessible`);
      }
    }

    // Text clipped by its box: a piece of text that runs past an ancestor that hides its overflow (a button's words
    // cut to its icon, a label cut by an ellipsis). Measured on the text itself, so a box whose padding overflows is no fault.
    const coupes = new Set<Element>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (!parent || !n.textContent?.trim() || invisible(parent)) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const r = range.getBoundingClientRect();
      if (r.width === 0) continue;
      for (let a: Element | null = parent; a && a !== document.body; a = a.parentElement) {
        const cs = getComputedStyle(a);
        // Text inside a box that scrolls (a wide table on a phone) is reached by scrolling it, not clipped; that box
        // must take the keyboard focus, which axe checks (scrollable-region-focusable).
        if (["auto", "scroll"].includes(cs.overflowX) && a.scrollWidth > a.clientWidth) break;
        if (!["hidden", "clip"].includes(cs.overflowX) && cs.textOverflow !== "ellipsis") continue;
        const b = a.getBoundingClientRect();
        const gauche = b.left + a.clientLeft;
        const droite = gauche + a.clientWidth;
        if (r.left < gauche - 1 || r.right > droite + 1) {
          const cible = parent.closest("a[href], button, [role=button], summary, label, th, td, p, li, h1, h2, h3, h4, h5, h6, dd, dt") ?? parent;
          if (!coupes.has(cible) && !dsfrIconeSeule(parent)) {
            coupes.add(cible);
            problemes.push(
              `${decrire(cible, texteVisible(cible).slice(0, 80))} : texte rogné (${Math.round(r.width)} px de texte, ${Math.round(Math.max(0, Math.min(droite, r.right) - Math.max(gauche, r.left)))} px visibles)`,
            );
          }
          break;
        }
      }
    }

    const html = document.documentElement;
    if (html.scrollWidth > html.clientWidth + 1) problemes.push(`la page défile horizontalement (${html.scrollWidth} px pour ${html.clientWidth} px)`);

    return { controles: controles.length, problemes };
  });
}
