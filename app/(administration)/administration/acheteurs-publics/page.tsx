import type { Metadata } from "next";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { pageAdministrateur } from "@/lib/auth/administrateur";
import { demandesAcheteurPublic } from "@/lib/structures/demandes-acheteur-public";
import { SOURCE_NOMENCLATURE } from "@/lib/structures/acheteur-public";
import { AccesReserve } from "@/components/administration/acces-reserve";
import { DemandesAcheteurPublic } from "@/components/administration/demandes-acheteur-public";
import { deciderDemandeAcheteurPublicAction } from "../actions";

export const metadata: Metadata = { title: "Demandes de statut d'acheteur public" };

/** The administrators' queue of public-buyer requests. */
export default async function DemandesAcheteurPublicPage() {
  const acces = await pageAdministrateur("/administration/acheteurs-publics");
  const demandes = acces.ok ? await demandesAcheteurPublic(acces.acteur) : [];
  return (
    <div className="fr-container fr-my-6w">
      <Breadcrumb currentPageLabel="Demandes de statut d'acheteur public" segments={[{ label: "Administration", linkProps: { href: "/administration" } }]} />
      <h1>Demandes de statut d&apos;acheteur public</h1>
      {!acces.ok ? (
        <AccesReserve message={acces.message} />
      ) : (
        <>
          <p>
            Une structure est acheteur public d&apos;office quand sa catégorie juridique dans le répertoire de l&apos;INSEE est de droit public (familles 4 et 7
            : {SOURCE_NOMENCLATURE}). Les autres — entreprises sociales pour l&apos;habitat, sociétés d&apos;économie mixte, autres pouvoirs adjudicateurs de
            droit privé — le deviennent quand un administrateur accorde leur demande. Chaque décision est envoyée aux gestionnaires de la structure et inscrite
            au journal.
          </p>
          <DemandesAcheteurPublic demandes={demandes} action={deciderDemandeAcheteurPublicAction} />
        </>
      )}
    </div>
  );
}
