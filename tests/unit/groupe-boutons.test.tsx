import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { GroupeBoutons } from "@/components/ui/groupe-boutons";

const racine = path.resolve(__dirname, "../..");

function fichiers(dossier: string): string[] {
  return readdirSync(dossier).flatMap((nom) => {
    const chemin = path.join(dossier, nom);
    return statSync(chemin).isDirectory() ? fichiers(chemin) : /\.(tsx?|mdx?)$/.test(nom) ? [chemin] : [];
  });
}

describe("groupes de boutons DSFR", () => {
  it("un groupe dit où vont les icônes : ses boutons gardent leurs mots au lieu d'être réduits à un carré d'icône", () => {
    const html = renderToStaticMarkup(
      <GroupeBoutons className="fr-btns-group--inline-md">
        <li>x</li>
      </GroupeBoutons>,
    );
    expect(html).toBe('<ul class="fr-btns-group fr-btns-group--icon-left fr-btns-group--inline-md"><li>x</li></ul>');
  });

  it("aucun écran n'écrit un groupe à la main (classe fr-btns-group hors de GroupeBoutons)", () => {
    const fautifs = [...fichiers(path.join(racine, "app")), ...fichiers(path.join(racine, "components"))]
      .filter((f) => !f.endsWith(path.join("components", "ui", "groupe-boutons.tsx")))
      .filter((f) => /["'`\s]fr-btns-group(?![-\w])/.test(readFileSync(f, "utf8")))
      .map((f) => path.relative(racine, f));
    expect(fautifs).toEqual([]);
  });
});
