import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Pagination } from "@codegouvfr/react-dsfr/Pagination";
import type { ComponentProps, ReactNode } from "react";
import type { Acteur } from "@/lib/auth/acteur";
import { EnTeteApplication } from "./en-tete";
import { FiltresPieces, TableauPieces } from "./tableau-pieces";

type Props = {
  acteur: Acteur;
  /** What the page loaded: the scope, the query as given, and the matching pieces (null: attachment not validated). */
  liste: {
    perimetre: "SYNTHESE" | "RECHERCHE";
    brut: Record<string, string | undefined>;
    resultat: { total: number; taillePage: number; page: number; pieces: ComponentProps<typeof TableauPieces>["pieces"] } | null;
  };
  avant?: ReactNode;
  /** Parameters of the other list of the page (« Pièces à traiter »), kept in this list's page links. */
  conserver?: Record<string, string>;
};

/** « Synthèse » and « Recherche »: the same page over two scopes. */
export function ListePiecesPage({ acteur, liste, avant, conserver = {} }: Props) {
  const { perimetre, brut, resultat: r } = liste;
  const synthese = perimetre === "SYNTHESE";
  const chemin = synthese ? "/factures-travaux/synthese" : "/factures-travaux/recherche";
  const pages = r ? Math.max(1, Math.ceil(r.total / r.taillePage)) : 1;
  const lien = (page: number) =>
    `${chemin}?${new URLSearchParams({ ...conserver, ...Object.fromEntries(Object.entries(brut).filter(([, v]) => v) as [string, string][]), page: String(page) })}`;
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
          <FiltresPieces action={chemin} valeurs={brut} conserver={conserver} />
          <p role="status">{r.total === 0 ? "Aucune pièce ne correspond." : `${r.total} pièce${r.total > 1 ? "s" : ""}.`}</p>
          {r.pieces.length > 0 && (
            <TableauPieces pieces={r.pieces} legende={synthese ? "Pièces de votre structure" : "Résultats de la recherche"} recherche={!synthese} />
          )}
          {pages > 1 && <Pagination count={pages} defaultPage={Math.min(r.page, pages)} getPageLinkProps={(page) => ({ href: lien(page) })} />}
        </>
      )}
    </div>
  );
}
