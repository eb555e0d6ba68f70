import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Tableau } from "@/components/ui/tableau";

const racine = path.resolve(__dirname, "../..");

function fichiers(dossier: string): string[] {
  return readdirSync(dossier).flatMap((nom) => {
    const chemin = path.join(dossier, nom);
    return statSync(chemin).isDirectory() ? fichiers(chemin) : /\.(tsx?|mdx?)$/.test(nom) ? [chemin] : [];
  });
}

describe("tableaux DSFR", () => {
  it("un tableau de mots a sa légende, ses en-têtes de colonne et ses lignes", () => {
    const html = renderToStaticMarkup(<Tableau className="fr-table--sm" legende="Délais" entetes={["Mois", "Pièces"]} lignes={[["janvier 2026", "3"]]} />);
    expect(html).toBe(
      '<div class="fr-table fr-table--sm"><table><caption>Délais</caption><thead><tr><th scope="col">Mois</th><th scope="col">Pièces</th></tr></thead><tbody><tr><td>janvier 2026</td><td>3</td></tr></tbody></table></div>',
    );
  });

  it("aucun écran n'écrit un tableau à la main (<table> ou Table de react-dsfr hors de Tableau) : chacun se fait atteindre au clavier quand il défile", () => {
    const fautifs = [...fichiers(path.join(racine, "app")), ...fichiers(path.join(racine, "components"))]
      .filter((f) => !f.endsWith(path.join("components", "ui", "tableau.tsx")))
      .filter((f) => /<table[\s>]|react-dsfr\/Table"|["'`\s]fr-table(?![-\w])/.test(readFileSync(f, "utf8")))
      .map((f) => path.relative(racine, f));
    expect(fautifs).toEqual([]);
  });
});
