"use client";

import { useEffect, useState } from "react";

/** 120 MB, Chorus Pro's rule for a group download (lib/invoices/telechargements.ts checks it again). */
const MAX = 120 * 1024 * 1024;

function taille(octets: number): string {
  if (octets < 1024 * 1024) return `${Math.max(1, Math.round(octets / 1024)).toLocaleString("fr-FR")} ko`;
  return `${(octets / (1024 * 1024)).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} Mo`;
}

/**
 * « Télécharger la sélection »: the form the list's checkboxes belong to (`form={id}`), a GET to the ZIP route that the
 * browser downloads. It says how many pieces are checked and their size, and over 120 MB it says why it is refused
 * instead of sending. Without JavaScript, the form still sends and the server refuses in French.
 */
export function TelechargementSelection({ id }: { id: string }) {
  const [choix, setChoix] = useState({ n: 0, octets: 0 });
  useEffect(() => {
    const compter = () => {
      const cases = [...document.querySelectorAll<HTMLInputElement>(`input[type=checkbox][form="${id}"]:checked`)];
      setChoix({ n: cases.length, octets: cases.reduce((t, c) => t + Number(c.dataset.taille ?? 0), 0) });
    };
    compter();
    document.addEventListener("change", compter);
    return () => document.removeEventListener("change", compter);
  }, [id]);
  const trop = choix.octets > MAX;
  return (
    <form
      id={id}
      method="get"
      action="/api/factures-travaux/selection"
      className="fr-mb-2w"
      onSubmit={(e) => {
        if (choix.n === 0 || trop) e.preventDefault();
      }}
    >
      <button className="fr-btn fr-btn--sm fr-btn--secondary fr-icon-download-line fr-btn--icon-left" type="submit" aria-describedby={`${id}-etat`}>
        Télécharger la sélection (ZIP)
      </button>
      <p id={`${id}-etat`} className={`fr-text--sm fr-mt-1w fr-mb-0${trop ? " fr-error-text" : ""}`} aria-live="polite">
        {choix.n === 0
          ? "Cochez les pièces à télécharger : leurs fichiers, pièces jointes et certificats de dépôt, avec un manifeste."
          : trop
            ? `${choix.n} pièce${choix.n > 1 ? "s" : ""} cochée${choix.n > 1 ? "s" : ""}, environ ${taille(choix.octets)} : un téléchargement groupé ne peut dépasser 120 Mo. Décochez des pièces.`
            : `${choix.n} pièce${choix.n > 1 ? "s" : ""} cochée${choix.n > 1 ? "s" : ""}, environ ${taille(choix.octets)}.`}
      </p>
    </form>
  );
}
