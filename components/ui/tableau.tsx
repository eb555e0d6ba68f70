"use client";

import { type ReactNode, useEffect, useRef, useState } from "react";

type Contenu =
  /** The table's own rows: `<caption>`, `<thead>`, `<tbody>`. */
  | { children: ReactNode; legende?: never; entetes?: never; lignes?: never }
  /** A plain table of words: its caption, its column headers, its rows. */
  | { children?: never; legende: ReactNode; entetes: ReactNode[]; lignes: ReactNode[][] };

type Props = Contenu & {
  /** DSFR modifiers: `fr-table--sm`, `fr-table--no-caption`, spacing… */
  className?: string;
};

/**
 * The one way to write a DSFR table (`<div class="fr-table"><table>`). On a narrow screen the DSFR lets a wide
 * table scroll sideways inside itself; a keyboard user can only scroll what takes the focus (WCAG 2.1.1, axe
 * « scrollable-region-focusable »). So the table joins the tab order, named by its caption, exactly while it
 * scrolls: measured after hydration and again whenever it or its rows change size. A unit test refuses a raw
 * `<table>` or the react-dsfr `Table` anywhere else.
 */
export function Tableau({ className, children, legende, entetes, lignes }: Props) {
  const ref = useRef<HTMLTableElement>(null);
  const [defile, setDefile] = useState(false);

  useEffect(() => {
    const table = ref.current;
    if (table === null) return;
    const mesurer = () => setDefile(table.scrollWidth > table.clientWidth + 1 || table.scrollHeight > table.clientHeight + 1);
    mesurer();
    const observateur = new ResizeObserver(mesurer);
    observateur.observe(table);
    for (const partie of Array.from(table.children)) observateur.observe(partie);
    // Rows added or removed (a page of results, a new line) change the parts observed above, or add a part.
    const mutations = new MutationObserver(() => {
      for (const partie of Array.from(table.children)) observateur.observe(partie);
      mesurer();
    });
    mutations.observe(table, { childList: true });
    return () => {
      observateur.disconnect();
      mutations.disconnect();
    };
  }, []);

  return (
    <div className={["fr-table", className].filter(Boolean).join(" ")}>
      <table ref={ref} tabIndex={defile ? 0 : undefined}>
        {lignes === undefined ? (
          children
        ) : (
          <>
            <caption>{legende}</caption>
            <thead>
              <tr>
                {entetes.map((entete, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the columns are fixed for a given table.
                  <th key={i} scope="col">
                    {entete}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {lignes.map((ligne, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the rows are read, never reordered in place.
                <tr key={i}>
                  {ligne.map((cellule, j) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: see above.
                    <td key={j}>{cellule}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </>
        )}
      </table>
    </div>
  );
}
