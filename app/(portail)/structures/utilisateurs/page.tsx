import type { Metadata } from "next";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { requireActeur } from "@/lib/auth/session";
import { utilisateursDeStructure } from "@/lib/structures/utilisateurs";
import { TableauDemandes } from "@/components/structures/tableau-demandes";
import { TableauUtilisateurs } from "@/components/structures/tableau-utilisateurs";
import { SansStructure } from "@/components/structures/sans-structure";
import { changerRoleAction, deciderRattachementAction, desactiverUtilisateurAction, reactiverUtilisateurAction, serviceFinancierAction } from "./actions";
import { pageStructure } from "../_lib/page-structure";

export const metadata: Metadata = { title: "Gérer les utilisateurs" };

/** « Gérer les utilisateurs » of the structure the gestionnaire acts for. */
export default async function UtilisateursPage() {
  const acteur = await requireActeur("/structures/utilisateurs");
  const acces = await pageStructure(acteur, (structureId) => utilisateursDeStructure(acteur, structureId));
  return (
    <div className="fr-container fr-my-6w">
      <Breadcrumb currentPageLabel="Gérer les utilisateurs" segments={[{ label: "Structures", linkProps: { href: "/structures" } }]} />
      <h1>Gérer les utilisateurs</h1>
      {!acces.ok ? (
        <SansStructure message={acces.message} />
      ) : (
        <>
          <p>
            Structure : <strong>{acteur.structure!.raisonSociale}</strong> ({acteur.structure!.identifier}). Une structure garde toujours au moins un
            gestionnaire principal actif.
            {acces.data.acheteurPublic &&
              " Les utilisateurs habilités « Service financier » traitent les pièces transmises au service financier de la structure (« Factures reçues ») : mandatement, mise en paiement, suspension ou rejet."}
          </p>
          <h2>Demandes de rattachement en attente</h2>
          <TableauDemandes demandes={acces.data.demandes} action={deciderRattachementAction} />
          <h2>Utilisateurs de la structure</h2>
          <TableauUtilisateurs
            moi={{ userId: acteur.userId, role: acteur.structure!.role }}
            membres={acces.data.membres.map((m) => ({
              id: m.id,
              userId: m.userId,
              nom: `${m.user.firstName} ${m.user.lastName}`,
              email: m.user.email,
              role: m.role,
              status: m.status,
              serviceFinancier: m.serviceFinancier,
            }))}
            acheteurPublic={acces.data.acheteurPublic}
            actions={{
              changerRole: changerRoleAction,
              desactiver: desactiverUtilisateurAction,
              reactiver: reactiverUtilisateurAction,
              serviceFinancier: serviceFinancierAction,
            }}
          />
        </>
      )}
    </div>
  );
}
