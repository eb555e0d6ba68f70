"use client";

import { useEffect } from "react";

/**
 * Gives the focus back to what opened a DSFR dialog when it closes (RGAA 7.1, WCAG 2.4.3). The DSFR returns it to the
 * dialog's first control button, which react-dsfr hides when the dialog is opened by script (`createModal().open()`):
 * the focus was then lost to the page's start. The element focused when the dialog opens is remembered, and focused
 * again after the DSFR's own handling if the focus is nowhere (or still in the closed dialog) and the element is still there.
 */
export function RetourDuFocus() {
  useEffect(() => {
    const declencheurs = new Map<Element, HTMLElement>();
    const ouverture = (e: Event) => {
      const modale = e.target;
      if (!(modale instanceof HTMLElement) || !modale.classList.contains("fr-modal")) return;
      const actif = document.activeElement;
      if (actif instanceof HTMLElement && actif !== document.body && !modale.contains(actif)) declencheurs.set(modale, actif);
    };
    const fermeture = (e: Event) => {
      const modale = e.target;
      if (!(modale instanceof HTMLElement)) return;
      const declencheur = declencheurs.get(modale);
      if (!declencheur) return;
      declencheurs.delete(modale);
      setTimeout(() => {
        const actif = document.activeElement;
        if ((actif === null || actif === document.body || modale.contains(actif)) && declencheur.isConnected) declencheur.focus();
      }, 0);
    };
    document.addEventListener("dsfr.disclose", ouverture, true);
    document.addEventListener("dsfr.conceal", fermeture, true);
    return () => {
      document.removeEventListener("dsfr.disclose", ouverture, true);
      document.removeEventListener("dsfr.conceal", fermeture, true);
    };
  }, []);
  return null;
}
