import type { ReactNode } from "react";
import { Pagination } from "@codegouvfr/react-dsfr/Pagination";
import type { ResultatAnnuaire, StructureAnnuaire } from "@/lib/structures/annuaire";
import { IDENTIFIER_TYPES } from "@/lib/identifiers";
import { Tableau } from "@/components/ui/tableau";

type Props = {
  resultats: ResultatAnnuaire;
  /** The page's address and criteria, to build the pages' links. */
  base: string;
  params: Partial<Record<string, string | undefined>>;
  /** What each row offers (« Demander le rattachement »…), if anything. */
  action?: (s: StructureAnnuaire) => ReactNode;
};

const nf = new Intl.NumberFormat("fr-FR");

/** The directory's results: a table, by relevance, an address masked for a confidential structure, and pages. */
export function ResultatsAnnuaire({ resultats, base, params, action }: Props) {
  const pages = Math.max(1, Math.ceil(resultats.total / resultats.pageSize));
  const lien = (page: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v && k !== "page") q.set(k, v);
    q.set("page", String(page));
    return { href: `${base}?${q.toString()}` };
  };
  if (resultats.total === 0) {
    return (
      <p role="status" className="fr-mt-2w">
        Aucune structure ne correspond à votre recherche.
      </p>
    );
  }
  return (
    <>
      <p role="status" className="fr-mt-2w">
        {resultats.total === 1 ? "1 structure trouvée" : `${nf.format(resultats.total)} structures trouvées`}, classées par pertinence
        {pages > 1 && ` (page ${resultats.page} sur ${nf.format(pages)})`}.
      </p>
      <Tableau className="fr-table--no-caption">
        <caption>Structures trouvées</caption>
        <thead>
          <tr>
            <th scope="col">Raison sociale</th>
            <th scope="col">Identifiant</th>
            <th scope="col">Ville</th>
            <th scope="col">Services</th>
            {action && <th scope="col">Action</th>}
          </tr>
        </thead>
        <tbody>
          {resultats.results.map((s) => (
            <tr key={s.id}>
              <td>
                {s.raisonSociale}
                {s.libelle && <span className="fr-text--sm"> — {s.libelle}</span>}
                {s.isPublicBuyer && <span className="fr-text--sm"> (acheteur public)</span>}
              </td>
              <td>
                {IDENTIFIER_TYPES[s.identifierType].label} {s.identifier}
              </td>
              <td>{s.diffusionPartielle ? <em>Adresse non diffusée</em> : [s.codePostal, s.ville].filter(Boolean).join(" ")}</td>
              <td>{s.services.length ? s.services.map((v) => `${v.libelle} (${v.code})`).join(", ") : "—"}</td>
              {action && <td>{action(s)}</td>}
            </tr>
          ))}
        </tbody>
      </Tableau>
      {pages > 1 && <Pagination count={Math.min(pages, 1000)} defaultPage={resultats.page} getPageLinkProps={lien} showFirstLast />}
    </>
  );
}
