import type { Metadata } from "next";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { pageAdministrateur } from "@/lib/auth/administrateur";
import { consulterJournal, lireRequeteJournal } from "@/lib/audit/consultation";
import { Journal } from "@/components/audit/journal";
import { AccesReserve } from "@/components/administration/acces-reserve";

export const metadata: Metadata = { title: "Journal du portail" };

/** « Journal » of the whole portal (administrators): every entry, filtered by structure, author, action and dates. */
export default async function JournalPortailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const acces = await pageAdministrateur("/administration/journal");
  const { valeurs, filtres, page } = lireRequeteJournal(await searchParams);
  const resultat = acces.ok ? await consulterJournal(acces.acteur, filtres, { pagination: { page }, perimetre: "PORTAIL" }) : null;
  return (
    <div className="fr-container fr-my-6w">
      <Breadcrumb currentPageLabel="Journal" segments={[{ label: "Administration", linkProps: { href: "/administration" } }]} />
      <h1>Journal du portail</h1>
      {!resultat || !acces.ok ? (
        <AccesReserve message={acces.ok ? "" : acces.message} />
      ) : (
        <>
          <p>
            Chaque modification faite sur le portail (structures, rattachements, rôles, services, paramètres, statut d&apos;acheteur public, actions des
            administrateurs, pièces après leur premier dépôt) y est inscrite : qui, quand, quoi, avant et après. Le journal ne peut être ni modifié ni effacé.
          </p>
          <Journal resultat={resultat} chemin="/administration/journal" valeurs={valeurs} />
        </>
      )}
    </div>
  );
}
