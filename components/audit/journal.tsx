// biome-ignore-all lint/a11y/useSemanticElements: DSFR markup: a search form is role="search" (the <search> element would change the DSFR's layout)
import { Pagination } from "@codegouvfr/react-dsfr/Pagination";
import type { ResultatJournal } from "@/lib/audit/consultation";
import { ACTIONS_AUDIT } from "@/lib/audit/journal";
import { dateHeureFr } from "@/lib/invoices/format";
import { Tableau } from "@/components/ui/tableau";

type Props = {
  /** What the page loaded: the entries of one page, and whether they are a structure's or the whole portal's. */
  resultat: ResultatJournal;
  /** The page's address: the filters form's action and the pages' links. */
  chemin: string;
  /** The query as given (one value per parameter): the form shows it, the pages' links keep it. */
  valeurs: Record<string, string | undefined>;
};

const ACTIONS = Object.entries(ACTIONS_AUDIT).map(([code, libelle]) => ({ code, libelle }));

/**
 * « Journal »: the audit trail as a table (when, who, what, on what, before → after), its filters as a plain GET form
 * (the URL holds the search: back, refresh and sharing a link work) and its pages. The managers' page shows one
 * structure's entries; the administrators' page every structure's, with the structure's column and filter.
 */
export function Journal({ resultat: r, chemin, valeurs }: Props) {
  const portail = r.perimetre === "PORTAIL";
  const pages = Math.max(1, Math.ceil(r.total / r.taillePage));
  const lien = (page: number) =>
    `${chemin}?${new URLSearchParams({ ...(Object.fromEntries(Object.entries(valeurs).filter(([k, v]) => v && k !== "page")) as Record<string, string>), page: String(page) })}`;
  return (
    <>
      <form method="get" action={chemin} className="fr-mb-3w" role="search" aria-label="Filtrer le journal">
        <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
          {portail && (
            <Champ colonne="fr-col-12 fr-col-md-4" nom="structure" libelle="Structure" indication="SIRET, identifiant ou raison sociale" valeurs={valeurs} />
          )}
          <Champ
            colonne={portail ? "fr-col-12 fr-col-md-4" : "fr-col-12 fr-col-md-3"}
            nom="utilisateur"
            libelle="Auteur"
            indication="Nom ou adresse électronique"
            valeurs={valeurs}
          />
          <div className={portail ? "fr-col-12 fr-col-md-4" : "fr-col-12 fr-col-md-3"}>
            <div className="fr-select-group">
              <label className="fr-label" htmlFor="journal-action">
                Action
              </label>
              <select className="fr-select" id="journal-action" name="action" defaultValue={valeurs.action ?? ""}>
                <option value="">Toutes</option>
                {ACTIONS.map((a) => (
                  <option key={a.code} value={a.code}>
                    {a.libelle}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <Champ colonne="fr-col-6 fr-col-md-2" nom="du" libelle="Du" type="date" valeurs={valeurs} />
          <Champ colonne="fr-col-6 fr-col-md-2" nom="au" libelle="Au" type="date" valeurs={valeurs} />
          <div className="fr-col-12 fr-col-md-2 fr-mb-3w">
            <button className="fr-btn fr-btn--sm" type="submit">
              Filtrer
            </button>
          </div>
        </div>
      </form>
      <p role="status">{r.total === 0 ? "Aucune entrée ne correspond." : `${r.total} entrée${r.total > 1 ? "s" : ""}, les plus récentes d'abord.`}</p>
      {r.lignes.length > 0 && (
        <Tableau className="fr-table--no-caption">
          <caption>{portail ? "Journal du portail" : "Journal de la structure"}</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Auteur</th>
              {portail && <th scope="col">Structure</th>}
              <th scope="col">Action</th>
              <th scope="col">Objet</th>
              <th scope="col">Modifications</th>
            </tr>
          </thead>
          <tbody>
            {r.lignes.map((l) => (
              <tr key={l.id}>
                <td>{dateHeureFr(l.le)}</td>
                <td>
                  {l.auteur.nom}
                  {l.auteur.role && (
                    <>
                      <br />
                      <span className="fr-text--xs">{l.auteur.role}</span>
                    </>
                  )}
                  {l.auteur.ip && (
                    <>
                      <br />
                      <span className="fr-text--xs">Adresse IP : {l.auteur.ip}</span>
                    </>
                  )}
                </td>
                {portail && <td>{l.structure ? `${l.structure.raisonSociale} (${l.structure.identifier})` : ""}</td>}
                <td>{l.libelle}</td>
                <td>{l.cible.libelle}</td>
                <td>
                  {l.changements.length > 0 && (
                    <ul className="fr-raw-list" style={{ overflowWrap: "anywhere" }}>
                      {l.changements.map((c) => (
                        <li key={c.champ}>
                          {c.champ} : {c.avant} <span aria-hidden="true">→</span>
                          <span className="fr-sr-only">devient</span> {c.apres}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Tableau>
      )}
      {pages > 1 && <Pagination count={pages} defaultPage={Math.min(r.page, pages)} getPageLinkProps={(page) => ({ href: lien(page) })} />}
    </>
  );
}

/** One text or date filter; its value comes from the URL. */
function Champ(p: { colonne: string; nom: string; libelle: string; indication?: string; valeurs: Record<string, string | undefined>; type?: "text" | "date" }) {
  const id = `journal-${p.nom}`;
  return (
    <div className={p.colonne}>
      <div className="fr-input-group">
        <label className="fr-label" htmlFor={id}>
          {p.libelle}
          {p.indication && <span className="fr-hint-text">{p.indication}</span>}
        </label>
        <input className="fr-input" type={p.type ?? "text"} id={id} name={p.nom} defaultValue={p.valeurs[p.nom] ?? ""} />
      </div>
    </div>
  );
}
