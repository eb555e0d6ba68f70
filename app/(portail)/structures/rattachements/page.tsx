import type { Metadata } from "next";
import { requireActeur } from "@/lib/auth/session";
import { demandesEnAttente } from "@/lib/structures/utilisateurs";
import { DecisionRattachement } from "@/components/compte/decision-rattachement";
import { deciderRattachementAction } from "./actions";

export const metadata: Metadata = { title: "Demandes de rattachement" };

export default async function RattachementsPage() {
  const acteur = await requireActeur("/structures/rattachements");
  const demandes = await demandesEnAttente(acteur);
  return (
    <div className="fr-container fr-my-6w">
      <h1>Demandes de rattachement</h1>
      <p>Les utilisateurs ci-dessous demandent à être rattachés à une structure dont vous êtes gestionnaire.</p>
      {demandes.length === 0 ? (
        <p>Aucune demande en attente.</p>
      ) : (
        <div className="fr-table">
          <table>
            <caption className="fr-sr-only">Demandes de rattachement en attente</caption>
            <thead>
              <tr>
                <th scope="col">Demandeur</th>
                <th scope="col">Structure</th>
                <th scope="col">Date de la demande</th>
                <th scope="col">Décision</th>
              </tr>
            </thead>
            <tbody>
              {demandes.map((d) => (
                <tr key={d.id}>
                  <td>
                    {d.user.firstName} {d.user.lastName}
                    <br />
                    <span className="fr-text--sm">{d.user.email}</span>
                  </td>
                  <td>
                    {d.structure.raisonSociale}
                    <br />
                    <span className="fr-text--sm">{d.structure.identifier}</span>
                  </td>
                  <td>{d.createdAt.toLocaleDateString("fr-FR", { timeZone: "Europe/Paris" })}</td>
                  <td>
                    <DecisionRattachement membershipId={d.id} demandeur={`${d.user.firstName} ${d.user.lastName}`} action={deciderRattachementAction} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
