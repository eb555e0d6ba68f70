import type { Metadata } from "next";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { requireActeur } from "@/lib/auth/session";
import { consulterJournal, lireRequeteJournal } from "@/lib/audit/consultation";
import { Journal } from "@/components/audit/journal";
import { SansStructure } from "@/components/structures/sans-structure";
import { pageStructure } from "../_lib/page-structure";

export const metadata: Metadata = { title: "Journal de la structure" };

/**
 * « Journal » of the structure the gestionnaire acts for: every change made to it (members, roles, services,
 * parameters) and to the pieces it deposited after their first deposit, newest first.
 */
export default async function JournalStructurePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const acteur = await requireActeur("/structures/journal");
  const { valeurs, filtres, page } = lireRequeteJournal(await searchParams);
  const acces = await pageStructure(acteur, () => consulterJournal(acteur, filtres, { pagination: { page }, perimetre: "STRUCTURE" }));
  return (
    <div className="fr-container fr-my-6w">
      <Breadcrumb currentPageLabel="Journal" segments={[{ label: "Structures", linkProps: { href: "/structures" } }]} />
      <h1>Journal de la structure</h1>
      {!acces.ok ? (
        <SansStructure message={acces.message} />
      ) : (
        <>
          <p>
            Structure : <strong>{acteur.structure!.raisonSociale}</strong> ({acteur.structure!.identifier}). Chaque modification apportée à la structure
            (rattachements, rôles, services, paramètres) et aux pièces qu&apos;elle a déposées, après leur premier dépôt, est inscrite ici : qui, quand, quoi,
            avant et après. Le journal ne peut être ni modifié ni effacé.
          </p>
          <Journal resultat={acces.data} chemin="/structures/journal" valeurs={valeurs} />
        </>
      )}
    </div>
  );
}
