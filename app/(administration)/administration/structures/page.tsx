import type { Metadata } from "next";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { pageAdministrateur } from "@/lib/auth/administrateur";
import { rechercherStructuresAdministration } from "@/lib/administration/structures";
import { rechercheAdministrationSchema } from "@/lib/administration/schemas";
import { AccesReserve } from "@/components/administration/acces-reserve";
import { RechercheStructures } from "@/components/administration/recherche-structures";

export const metadata: Metadata = { title: "Structures — Administration" };

/** The administrators' search of structures (GET: the address holds the search). */
export default async function StructuresAdministrationPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const acces = await pageAdministrateur("/administration/structures");
  const brut = await searchParams;
  const { q, page } = rechercheAdministrationSchema.parse({ q: [brut.q].flat()[0], page: [brut.page].flat()[0] });
  const resultat = acces.ok && q ? await rechercherStructuresAdministration(acces.acteur, { q, page }) : null;
  return (
    <div className="fr-container fr-my-6w">
      <Breadcrumb currentPageLabel="Structures" segments={[{ label: "Administration", linkProps: { href: "/administration" } }]} />
      <h1>Structures</h1>
      {!acces.ok ? <AccesReserve message={acces.message} /> : <RechercheStructures q={q ?? ""} resultat={resultat} />}
    </div>
  );
}
