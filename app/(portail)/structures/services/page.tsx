import type { Metadata } from "next";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { requireActeur } from "@/lib/auth/session";
import { servicesDeStructure } from "@/lib/structures/services";
import { peut } from "@/lib/structures/regles";
import { GestionServices } from "@/components/structures/gestion-services";
import { SansStructure } from "@/components/structures/sans-structure";
import { changerEspaceServiceAction, changerEtatServiceAction, creerServiceAction, modifierServiceAction } from "./actions";
import { pageStructure } from "../_lib/page-structure";

export const metadata: Metadata = { title: "Gérer les services" };

/** « Gérer les services » of the structure the user acts for (gestionnaires change them; other members see them). */
export default async function ServicesPage() {
  const acteur = await requireActeur("/structures/services");
  const acces = await pageStructure(acteur, (structureId) => servicesDeStructure(acteur, structureId));
  return (
    <div className="fr-container fr-my-6w">
      <Breadcrumb currentPageLabel="Gérer les services" segments={[{ label: "Structures", linkProps: { href: "/structures" } }]} />
      <h1>Gérer les services</h1>
      {!acces.ok ? (
        <SansStructure message={acces.message} />
      ) : (
        <>
          <p>
            Structure : <strong>{acteur.structure!.raisonSociale}</strong> ({acteur.structure!.identifier}). Quand une structure a des services actifs, tout
            dépôt qui lui est adressé doit désigner l&apos;un d&apos;eux. Un service désactivé n&apos;est plus proposé aux fournisseurs ; les pièces déjà
            déposées le gardent. Fermer l&apos;espace « Factures de travaux » d&apos;un service le ferme aux utilisateurs limités à ce service (les
            gestionnaires voient toujours tout) : un utilisateur dont tous les services sont fermés ne voit plus l&apos;espace.
          </p>
          <GestionServices
            modifiable={peut(acteur.structure!.role, "gererServices")}
            services={acces.data.map((s) => ({ id: s.id, code: s.code, libelle: s.libelle, active: s.active, espaceTravauxOuvert: s.espaceTravauxOuvert }))}
            actions={{
              creer: creerServiceAction,
              modifier: modifierServiceAction,
              changerEtat: changerEtatServiceAction,
              changerEspace: changerEspaceServiceAction,
            }}
          />
        </>
      )}
    </div>
  );
}
