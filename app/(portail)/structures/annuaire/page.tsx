import type { Metadata } from "next";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { requireActeur } from "@/lib/auth/session";
import { refusLimite } from "@/lib/securite/limites";
import { rechercherStructures } from "@/lib/structures/annuaire";
import { aUnCritere } from "@/lib/structures/annuaire-sql";
import { rechercheStructuresSchema } from "@/lib/structures/recherche-schema";
import { FormulaireRecherche } from "@/components/structures/formulaire-recherche";
import { ResultatsAnnuaire } from "@/components/structures/resultats-annuaire";

export const metadata: Metadata = { title: "Recherche avancée de structures" };

/** « Recherche avancée » in the directory of structures: criteria in the address, results by relevance, 20 a page. */
export default async function AnnuairePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const acteur = await requireActeur("/structures/annuaire");
  const params = await searchParams;
  const parsed = rechercheStructuresSchema.safeParse({
    q: params.q,
    siret: params.siret,
    ville: params.ville,
    codePostal: params.codePostal,
    page: params.page ?? 1,
    pageSize: 20,
  });
  const erreurs: Record<string, string> = {};
  if (!parsed.success) for (const i of parsed.error.issues) erreurs[String(i.path[0])] ??= i.message;
  const recherche = parsed.success && aUnCritere(parsed.data);
  // Each search counts against the directory's rate limit (lib/securite/limites.ts).
  const refus = recherche ? await refusLimite("annuaire", { ip: acteur.ip, identifiant: acteur.userId }) : null;
  const resultats = recherche && !refus ? await rechercherStructures(parsed.data) : null;
  return (
    <div className="fr-container fr-my-6w">
      <Breadcrumb currentPageLabel="Recherche avancée" segments={[{ label: "Structures", linkProps: { href: "/structures" } }]} />
      <h1>Recherche avancée</h1>
      <p>
        Cherchez une structure inscrite sur le portail par sa raison sociale, son SIRET, sa ville ou son code postal (un critère au moins). L&apos;adresse des
        structures en diffusion partielle n&apos;est pas diffusée : elles se trouvent par leur nom ou leur SIRET seulement.
      </p>
      <FormulaireRecherche action="/structures/annuaire" valeurs={params} erreurs={erreurs} />
      {refus && <Alert className="fr-mt-4w" severity="warning" title="Recherche suspendue" description={refus.message} />}
      {resultats && <ResultatsAnnuaire resultats={resultats} base="/structures/annuaire" params={params} />}
    </div>
  );
}
