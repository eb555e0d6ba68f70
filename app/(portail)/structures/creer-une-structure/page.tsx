import type { Metadata } from "next";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { requireActeur } from "@/lib/auth/session";
import { FormulaireCreationStructure } from "@/components/structures/formulaire-creation-structure";
import { creerStructureAction, demanderRattachementAction, rechercherStructureAction } from "./actions";

export const metadata: Metadata = { title: "Créer une structure" };

export default async function CreerUneStructurePage() {
  await requireActeur("/structures/creer-une-structure");
  return (
    <div className="fr-container fr-my-6w">
      <Breadcrumb currentPageLabel="Créer une structure" segments={[{ label: "Structures", linkProps: { href: "/structures" } }]} />
      <h1>Créer une structure</h1>
      <p>
        Il s&apos;agit de la création de l&apos;identification de l&apos;entreprise dépositaire des documents sur le portail :{" "}
        <strong>1 structure = 1 entité juridique</strong>, identifiée par son SIRET (ou, sans SIRET, par un autre type d&apos;identifiant). Sélectionnez le type
        d&apos;identifiant, renseignez l&apos;identifiant puis cliquez en dehors du champ : la page se met à jour automatiquement.
      </p>
      <FormulaireCreationStructure
        actions={{ rechercherStructure: rechercherStructureAction, creerStructure: creerStructureAction, demanderRattachement: demanderRattachementAction }}
      />
    </div>
  );
}
