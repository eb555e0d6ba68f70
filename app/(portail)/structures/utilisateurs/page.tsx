import type { Metadata } from "next";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { requireActeur } from "@/lib/auth/session";
import { utilisateursDeStructure } from "@/lib/structures/utilisateurs";
import { TableauDemandes } from "@/components/structures/tableau-demandes";
import { TableauUtilisateurs } from "@/components/structures/tableau-utilisateurs";
import { SansStructure } from "@/components/structures/sans-structure";
import { Invitations } from "@/components/structures/invitations";
import { invitationsEnAttente } from "@/lib/structures/invitations";
import { dateHeureFr } from "@/lib/invoices/format";
import {
  changerRoleAction,
  deciderRattachementAction,
  desactiverUtilisateurAction,
  inviterUtilisateurAction,
  reactiverUtilisateurAction,
  revoquerInvitationAction,
  serviceFinancierAction,
  servicesUtilisateurAction,
} from "./actions";
import { pageStructure } from "../_lib/page-structure";

export const metadata: Metadata = { title: "Gérer les utilisateurs" };

/** « Gérer les utilisateurs » of the structure the gestionnaire acts for. */
export default async function UtilisateursPage() {
  const acteur = await requireActeur("/structures/utilisateurs");
  const acces = await pageStructure(acteur, async (structureId) => ({
    ...(await utilisateursDeStructure(acteur, structureId)),
    invitations: await invitationsEnAttente(acteur, structureId),
  }));
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
              services: m.services.map((s) => ({ serviceId: s.service.id, code: s.service.code, libelle: s.service.libelle, droit: s.droit })),
            }))}
            acheteurPublic={acces.data.acheteurPublic}
            services={acces.data.services}
            actions={{
              changerRole: changerRoleAction,
              desactiver: desactiverUtilisateurAction,
              reactiver: reactiverUtilisateurAction,
              serviceFinancier: serviceFinancierAction,
              services: servicesUtilisateurAction,
            }}
          />
          <h2>Inviter un utilisateur</h2>
          <Invitations
            services={acces.data.services}
            invitations={acces.data.invitations.map((i) => ({
              id: i.id,
              email: i.email,
              services: i.services,
              envoyeeLe: dateHeureFr(i.envoyeeLe),
              expireLe: dateHeureFr(i.expireLe),
              expiree: i.expiree,
            }))}
            actions={{ inviter: inviterUtilisateurAction, revoquer: revoquerInvitationAction }}
          />
        </>
      )}
    </div>
  );
}
