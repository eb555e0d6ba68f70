import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { STATUTS } from "@/lib/invoices/statuts";

const racine = path.resolve(__dirname, "../..");

function fichiers(dossier: string): string[] {
  return readdirSync(dossier).flatMap((nom) => {
    const chemin = path.join(dossier, nom);
    return statSync(chemin).isDirectory() ? fichiers(chemin) : /\.tsx$/.test(nom) ? [chemin] : [];
  });
}

describe("badges DSFR", () => {
  // react-dsfr draws a badge as a <p> unless told otherwise: inside a paragraph or a heading that is invalid HTML,
  // which the browser repairs by splitting the paragraph (and React then fails to hydrate the page).
  it('chaque badge est écrit en <span> (as="span"), pour se placer dans une phrase, un titre ou une cellule', () => {
    const fautifs = [...fichiers(path.join(racine, "app")), ...fichiers(path.join(racine, "components"))].flatMap((f) =>
      [...readFileSync(f, "utf8").matchAll(/<Badge\b[^>]*>/g)].filter((m) => !/\bas="span"/.test(m[0])).map(() => path.relative(racine, f)),
    );
    expect(fautifs).toEqual([]);
  });

  // RGAA 3.1: a status is never told by colour alone. A badge carries its words: never self-closing nor empty, and
  // every status of a piece has its label.
  it("chaque badge porte un texte, pas seulement une couleur", () => {
    const fautifs = [...fichiers(path.join(racine, "app")), ...fichiers(path.join(racine, "components"))].flatMap((f) =>
      [...readFileSync(f, "utf8").matchAll(/<Badge\b[^>]*?(\/>|>\s*<\/Badge>)/g)].map((m) => `${path.relative(racine, f)} : ${m[0]}`),
    );
    expect(fautifs).toEqual([]);
    for (const [statut, s] of Object.entries(STATUTS)) expect(s.libelle.trim(), statut).not.toBe("");
  });
});
