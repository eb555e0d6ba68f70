// biome-ignore-all lint/a11y/useSemanticElements: DSFR markup: a search form is role="search" (the <search> element would change the DSFR's layout)
import Link from "next/link";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Pagination } from "@codegouvfr/react-dsfr/Pagination";
import { IDENTIFIER_TYPES } from "@/lib/identifiers";
import type { LigneStructureAdministration } from "@/lib/administration/structures";
import { Tableau } from "@/components/ui/tableau";

type Props = {
  q: string;
  resultat: { total: number; page: number; pageSize: number; results: LigneStructureAdministration[] } | null;
};

/**
 * « Structures » of the back-office: a plain GET search (by name, anywhere in it, or by the beginning of the
 * identifier), active and deactivated structures alike, each leading to its page.
 */
export function RechercheStructures({ q, resultat: r }: Props) {
  const pages = r ? Math.max(1, Math.ceil(r.total / r.pageSize)) : 1;
  return (
    <>
      <form method="get" action="/administration/structures" className="fr-mb-3w" role="search" aria-label="Rechercher une structure">
        <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
          <div className="fr-col-12 fr-col-md-8">
            <div className="fr-input-group">
              <label className="fr-label" htmlFor="administration-q">
                Raison sociale ou identifiant
                <span className="fr-hint-text">Une partie du nom, ou le début du SIRET (ou d&apos;un autre identifiant)</span>
              </label>
              <input className="fr-input" type="search" id="administration-q" name="q" defaultValue={q} maxLength={200} />
            </div>
          </div>
          <div className="fr-col-12 fr-col-md-4 fr-mb-3w">
            <button className="fr-btn" type="submit">
              Rechercher
            </button>
          </div>
        </div>
      </form>
      {r && <p role="status">{r.total === 0 ? "Aucune structure ne correspond." : `${r.total} structure${r.total > 1 ? "s" : ""}, par raison sociale.`}</p>}
      {r && r.results.length > 0 && (
        <Tableau>
          <caption className="fr-sr-only">Structures trouvées</caption>
          <thead>
            <tr>
              <th scope="col">Structure</th>
              <th scope="col">Identifiant</th>
              <th scope="col">État</th>
              <th scope="col">Utilisateurs</th>
            </tr>
          </thead>
          <tbody>
            {r.results.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link href={`/administration/structures/${s.id}`}>{s.raisonSociale}</Link>
                  {s.libelle && <span className="fr-text--sm"> — {s.libelle}</span>}
                </td>
                <td>
                  {IDENTIFIER_TYPES[s.identifierType].label} {s.identifier}
                </td>
                <td>
                  <Badge as="span" small severity={s.active ? "success" : "error"}>
                    {s.active ? "Active" : "Désactivée"}
                  </Badge>
                  {s.isPublicBuyer && (
                    <>
                      {" "}
                      <Badge as="span" small severity="info">
                        Acheteur public
                      </Badge>
                    </>
                  )}
                </td>
                <td>{s.membres}</td>
              </tr>
            ))}
          </tbody>
        </Tableau>
      )}
      {r && pages > 1 && (
        <Pagination
          count={pages}
          defaultPage={Math.min(r.page, pages)}
          getPageLinkProps={(page) => ({ href: `/administration/structures?${new URLSearchParams({ q, page: String(page) })}` })}
        />
      )}
    </>
  );
}
