import type { Metadata } from "next";
import { Card } from "@codegouvfr/react-dsfr/Card";
import { requireActeur } from "@/lib/auth/session";
import { GroupeBoutons } from "@/components/ui/groupe-boutons";

export const metadata: Metadata = { title: "Facturation" };

/** The « Facturation » domain: its applications, each reached with « Accéder ». */
export default async function FacturationPage() {
  await requireActeur("/factures-travaux");
  return (
    <div className="fr-container fr-my-6w">
      <h1>Facturation</h1>
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <Card
            title="Factures de travaux"
            titleAs="h2"
            desc="Déposez vos projets de décompte mensuel, états d'acompte et décomptes de marchés publics de travaux, et suivez leur traitement par la maîtrise d'œuvre et la maîtrise d'ouvrage. Seules les factures déposées dans cette application peuvent être traitées."
            footer={
              <GroupeBoutons className="fr-btns-group--inline-reverse fr-btns-group--inline-lg">
                <li>
                  <a className="fr-btn" href="/factures-travaux/synthese" title="Accéder à l'application Factures de travaux">
                    Accéder
                  </a>
                </li>
              </GroupeBoutons>
            }
          />
        </div>
      </div>
    </div>
  );
}
