import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

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
});
