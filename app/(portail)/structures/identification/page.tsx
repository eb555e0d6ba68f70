import type { Metadata } from "next";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { requireActeur } from "@/lib/auth/session";
import { maStructure } from "@/lib/structures/parametres";
import { champsModifiables, peut } from "@/lib/structures/regles";
import { IDENTIFIER_TYPES } from "@/lib/identifiers";
import { CoordonneesStructure } from "@/components/structures/coordonnees-structure";
import { SansStructure } from "@/components/structures/sans-structure";
import { pageStructure } from "../_lib/page-structure";
import { actualiserDepuisInseeAction, modifierCoordonneesAction } from "./actions";

export const metadata: Metadata = { title: "Identification et coordonnées" };

/** The structure's identification and contact details; its gestionnaire principal changes what its identifier allows. */
export default async function IdentificationPage() {
  const acteur = await requireActeur("/structures/identification");
  const acces = await pageStructure(acteur, (structureId) => maStructure(acteur, structureId));
  return (
    <div className="fr-container fr-my-6w">
      <Breadcrumb currentPageLabel="Identification et coordonnées" segments={[{ label: "Structures", linkProps: { href: "/structures" } }]} />
      <h1>Identification et coordonnées</h1>
      {!acces.ok ? (
        <SansStructure message={acces.message} />
      ) : (
        <CoordonneesStructure
          structure={{
            raisonSociale: acces.data.structure.raisonSociale,
            identifierLabel: IDENTIFIER_TYPES[acces.data.structure.identifierType].label,
            identifier: acces.data.structure.identifier,
            siret: acces.data.structure.identifierType === "SIRET",
            diffusionPartielle: acces.data.structure.diffusionPartielle,
            libelle: acces.data.structure.libelle,
            email: acces.data.structure.email,
            phone: acces.data.structure.phone,
            adresse: acces.data.structure.adresse,
          }}
          modifiables={peut(acces.data.role, "modifierCoordonnees") ? [...champsModifiables(acces.data.structure.identifierType)] : []}
          actions={{ modifier: modifierCoordonneesAction, actualiser: actualiserDepuisInseeAction }}
        />
      )}
    </div>
  );
}
