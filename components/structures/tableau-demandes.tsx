import type { ActionResult } from "@/lib/errors";
import { DecisionRattachement } from "@/components/compte/decision-rattachement";
import { Tableau } from "@/components/ui/tableau";

export type DemandeAffichee = {
  id: string;
  createdAt: Date;
  user: { firstName: string; lastName: string; email: string };
  structure?: { raisonSociale: string; identifier: string };
};

/** Pending attachment requests with their decision buttons; the structure column when several structures are listed. */
export function TableauDemandes({ demandes, action }: { demandes: DemandeAffichee[]; action: (input: unknown) => Promise<ActionResult> }) {
  if (demandes.length === 0) return <p>Aucune demande en attente.</p>;
  const avecStructure = demandes.some((d) => d.structure);
  return (
    <Tableau>
      <caption className="fr-sr-only">Demandes de rattachement en attente</caption>
      <thead>
        <tr>
          <th scope="col">Demandeur</th>
          {avecStructure && <th scope="col">Structure</th>}
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
            {avecStructure && (
              <td>
                {d.structure?.raisonSociale}
                <br />
                <span className="fr-text--sm">{d.structure?.identifier}</span>
              </td>
            )}
            <td>{d.createdAt.toLocaleDateString("fr-FR", { timeZone: "Europe/Paris" })}</td>
            <td>
              <DecisionRattachement membershipId={d.id} demandeur={`${d.user.firstName} ${d.user.lastName}`} action={action} />
            </td>
          </tr>
        ))}
      </tbody>
    </Tableau>
  );
}
