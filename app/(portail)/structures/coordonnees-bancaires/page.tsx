import type { Metadata } from "next";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { requireActeur } from "@/lib/auth/session";
import { coordonneesBancaires } from "@/lib/structures/comptes-bancaires";
import { GestionComptesBancaires } from "@/components/structures/gestion-comptes-bancaires";
import { SansStructure } from "@/components/structures/sans-structure";
import { ajouterCompteBancaireAction, desactiverCompteBancaireAction } from "./actions";
import { pageStructure } from "../_lib/page-structure";

export const metadata: Metadata = { title: "Coordonnées bancaires" };

/** « Coordonnées bancaires » of the structure the user acts for: gestionnaires add and deactivate them; other members see them masked. */
export default async function CoordonneesBancairesPage() {
  const acteur = await requireActeur("/structures/coordonnees-bancaires");
  const acces = await pageStructure(acteur, (structureId) => coordonneesBancaires(acteur, structureId));
  return (
    <div className="fr-container fr-my-6w">
      <Breadcrumb currentPageLabel="Coordonnées bancaires" segments={[{ label: "Structures", linkProps: { href: "/structures" } }]} />
      <h1>Coordonnées bancaires</h1>
      {!acces.ok ? (
        <SansStructure message={acces.message} />
      ) : (
        <>
          <p>
            Structure : <strong>{acteur.structure!.raisonSociale}</strong> ({acteur.structure!.identifier}). Lors d&apos;un dépôt, à l&apos;étape 2 « Maîtrise
            d&apos;œuvre et maîtrise d&apos;ouvrage », vous choisissez les coordonnées bancaires sur lesquelles la pièce sera payée. Des coordonnées désactivées
            ne sont plus proposées ; les pièces déjà déposées les gardent.
          </p>
          {!acces.data.gestionnaire && (
            <p className="fr-text--sm">
              Seuls les gestionnaires de la structure voient les IBAN en entier et peuvent ajouter ou désactiver des coordonnées bancaires.
            </p>
          )}
          <GestionComptesBancaires
            modifiable={acces.data.gestionnaire}
            comptes={acces.data.comptes}
            actions={{ ajouter: ajouterCompteBancaireAction, desactiver: desactiverCompteBancaireAction }}
          />
        </>
      )}
    </div>
  );
}
