import type { Metadata } from "next";
import { requireActeur } from "@/lib/auth/session";
import { demandesEnAttente } from "@/lib/structures/utilisateurs";
import { TableauDemandes } from "@/components/structures/tableau-demandes";
import { deciderRattachementAction } from "../utilisateurs/actions";

export const metadata: Metadata = { title: "Demandes de rattachement" };

export default async function RattachementsPage() {
  const acteur = await requireActeur("/structures/rattachements");
  const demandes = await demandesEnAttente(acteur);
  return (
    <div className="fr-container fr-my-6w">
      <h1>Demandes de rattachement</h1>
      <p>Les utilisateurs ci-dessous demandent à être rattachés à une structure dont vous êtes gestionnaire.</p>
      <TableauDemandes demandes={demandes} action={deciderRattachementAction} />
    </div>
  );
}
