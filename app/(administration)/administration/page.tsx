import type { Metadata } from "next";
import Link from "next/link";
import { pageAdministrateur } from "@/lib/auth/administrateur";
import { nombreDemandesAcheteurPublicEnAttente } from "@/lib/structures/demandes-acheteur-public";
import { AccesReserve } from "@/components/administration/acces-reserve";

export const metadata: Metadata = { title: "Administration du portail" };

/** The back-office's home: its three sections, with the number of requests waiting for a decision. */
export default async function AdministrationPage() {
  const acces = await pageAdministrateur("/administration");
  const enAttente = acces.ok ? await nombreDemandesAcheteurPublicEnAttente(acces.acteur) : 0;
  return (
    <div className="fr-container fr-my-6w">
      <h1>Administration du portail</h1>
      {!acces.ok ? (
        <AccesReserve message={acces.message} />
      ) : (
        <>
          <p>
            Ce que vous faites ici est inscrit au journal et envoyé par courriel aux gestionnaires de la structure concernée. Les administrateurs du portail
            sont nommés en ligne de commande (<code>npm run admin:create</code>), jamais depuis le portail.
          </p>
          <ul>
            <li>
              <Link href="/administration/acheteurs-publics">Demandes de statut d&apos;acheteur public</Link>
              {` — ${enAttente === 0 ? "aucune en attente" : `${enAttente} en attente`}`}
            </li>
            <li>
              <Link href="/administration/structures">Structures</Link> — rechercher une structure, voir ses gestionnaires et ses membres, la désactiver,
              changer son gestionnaire principal
            </li>
            <li>
              <Link href="/administration/journal">Journal</Link> — toutes les modifications faites sur le portail
            </li>
          </ul>
        </>
      )}
    </div>
  );
}
