import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Pagination } from "@codegouvfr/react-dsfr/Pagination";
import type { ComponentProps, ReactNode } from "react";
import type { Acteur } from "@/lib/auth/acteur";
import { EnTeteApplication } from "./en-tete";
import { GroupeBoutons } from "@/components/ui/groupe-boutons";
import type { TriPieces } from "@/lib/invoices/schemas";
import { FiltresPieces, TableauPieces } from "./tableau-pieces";
import { TelechargementSelection } from "./telechargement-selection";

type Props = {
  acteur: Acteur;
  /** What the page loaded: the scope, the query as given, its errors, and the matching pieces (null: attachment not validated). */
  liste: {
    perimetre: "SYNTHESE" | "RECHERCHE";
    brut: Record<string, string | undefined>;
    erreurs?: Record<string, string>;
    services?: { id: string; code: string; libelle: string }[];
    resultat: { total: number; taillePage: number; page: number; pieces: ComponentProps<typeof TableauPieces>["pieces"] } | null;
  };
  avant?: ReactNode;
  /** Parameters of the other list of the page (« Pièces à traiter »), kept in this list's page links. */
  conserver?: Record<string, string>;
};

const FORMULAIRE_SELECTION = "telechargement-selection";

/** « Synthèse » and « Recherche »: the same page over two scopes. */
export function ListePiecesPage({ acteur, liste, avant, conserver = {} }: Props) {
  const { perimetre, brut, resultat: r, erreurs = {}, services = [] } = liste;
  const synthese = perimetre === "SYNTHESE";
  const chemin = synthese ? "/factures-travaux/synthese" : "/factures-travaux/recherche";
  const pages = r ? Math.max(1, Math.ceil(r.total / r.taillePage)) : 1;
  const filtres = Object.fromEntries(Object.entries(brut).filter(([, v]) => v)) as Record<string, string>;
  const lien = (page: number) => `${chemin}?${new URLSearchParams({ ...conserver, ...filtres, page: String(page) })}`;
  const lienTri = (tri: TriPieces, ordre: "asc" | "desc") => {
    const { page: _page, ...sansPage } = filtres;
    return `${chemin}?${new URLSearchParams({ ...conserver, ...sansPage, trierPar: tri, ordre })}`;
  };
  const lienExport = (format: "csv" | "xlsx") => {
    const { page: _page, ...sansPage } = filtres;
    return `/api/factures-travaux/export?${new URLSearchParams({ ...sansPage, format, liste: synthese ? "synthese" : "recherche" })}`;
  };
  const tri = { colonne: (brut.trierPar || null) as TriPieces | null, ordre: brut.ordre === "desc" ? ("desc" as const) : ("asc" as const), lien: lienTri };
  const nbErreurs = Object.keys(erreurs).length;
  return (
    <div className="fr-container fr-my-6w">
      <h1>{synthese ? "Synthèse" : "Recherche"}</h1>
      <EnTeteApplication acteur={acteur} actif={synthese ? "synthese" : "recherche"} />
      {!r ? (
        <Alert
          severity="info"
          title="Rattachement en attente"
          description="Votre rattachement à une structure doit être validé par son gestionnaire avant de pouvoir déposer ou consulter des factures de travaux."
        />
      ) : (
        <>
          {avant}
          {avant && <h2 className="fr-h4">Pièces déposées par votre structure</h2>}
          <p>
            {synthese
              ? "Les pièces déposées par votre structure, brouillons compris."
              : "Toutes les pièces sur lesquelles votre structure figure : déposées par elle, ou dont elle est la maîtrise d'œuvre, la maîtrise d'ouvrage, le titulaire ou le cotraitant."}
          </p>
          {nbErreurs > 0 && (
            <Alert
              className="fr-mb-3w"
              severity="error"
              title={nbErreurs > 1 ? "Ces filtres sont à corriger" : "Ce filtre est à corriger"}
              description={Object.values(erreurs).join(" ")}
            />
          )}
          <FiltresPieces action={chemin} valeurs={brut} conserver={conserver} erreurs={erreurs} recherche={!synthese} services={services} />
          {nbErreurs === 0 && (
            <>
              <p role="status">{r.total === 0 ? "Aucune pièce ne correspond." : `${r.total} pièce${r.total > 1 ? "s" : ""}.`}</p>
              {r.total > 0 && (
                <div className="fr-mb-2w">
                  <GroupeBoutons className="fr-btns-group--inline-md fr-btns-group--sm fr-mb-0">
                    {(["csv", "xlsx"] as const).map((format) => (
                      <li key={format}>
                        <a className="fr-btn fr-btn--sm fr-btn--secondary fr-icon-download-line fr-btn--icon-left" href={lienExport(format)} download>
                          {`Exporter en ${format.toUpperCase()}`}
                        </a>
                      </li>
                    ))}
                  </GroupeBoutons>
                  <p className="fr-text--sm fr-mb-0">
                    {`L'export contient les ${r.total} pièce${r.total > 1 ? "s" : ""} filtrée${r.total > 1 ? "s" : ""} (toutes les pages), dans l'ordre de la liste ; le téléchargement commence aussitôt et se poursuit dans votre navigateur.`}
                  </p>
                </div>
              )}
              {r.pieces.length > 0 && (
                <>
                  <TelechargementSelection id={FORMULAIRE_SELECTION} />
                  <TableauPieces
                    pieces={r.pieces}
                    legende={synthese ? "Pièces de votre structure" : "Résultats de la recherche"}
                    recherche={!synthese}
                    tri={tri}
                    selection={FORMULAIRE_SELECTION}
                  />
                </>
              )}
              {pages > 1 && <Pagination count={pages} defaultPage={Math.min(r.page, pages)} getPageLinkProps={(page) => ({ href: lien(page) })} />}
            </>
          )}
        </>
      )}
    </div>
  );
}
