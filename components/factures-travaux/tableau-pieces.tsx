// biome-ignore-all lint/a11y/useSemanticElements: DSFR markup: a search form is role="search", a row of fields a labelled role="group" (the <search> element and a nested fieldset would change the DSFR's layout)
import Link from "next/link";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import type { CadreFacturation, StatutPieceTravaux } from "@/lib/generated/prisma/enums";
import type { RolePiece } from "@/lib/invoices/acces";
import { libellesRoles } from "@/lib/invoices/roles";
import { cadre as definitionCadre, CADRES } from "@/lib/invoices/cadres";
import { TYPES_PIECE } from "@/lib/invoices/decompte";
import { dateFr } from "@/lib/invoices/format";
import { formaterMontantDevise } from "@/lib/invoices/montants";
import { LISTE_STATUTS, STATUTS } from "@/lib/invoices/statuts";
import type { TriPieces } from "@/lib/invoices/schemas";
import { Tableau } from "@/components/ui/tableau";

type Ligne = {
  id: string;
  statut: StatutPieceTravaux;
  cadre: CadreFacturation;
  numero: string | null;
  dateFacture: Date | null;
  devise: string;
  montantTtc: bigint | null;
  deposeeLe: Date | null;
  roles: RolePiece[];
  /** Its files' size in bytes, certificate included (the selection's total, against the 120 MB rule). */
  taille?: number;
  structureDeposante: { raisonSociale: string };
  moa: { raisonSociale: string } | null;
};

export function BadgeStatut({ statut }: { statut: StatutPieceTravaux }) {
  return (
    <Badge as="span" small severity={STATUTS[statut].severite} noIcon>
      {STATUTS[statut].libelle}
    </Badge>
  );
}

/** A sortable list: the column and direction shown, and the link that sorts by a column (the other direction when it is the current one). */
export type TriTableau = { colonne: TriPieces | null; ordre: "asc" | "desc"; lien: (colonne: TriPieces, ordre: "asc" | "desc") => string };

/**
 * The pieces of « Synthèse » and of the search: number (link to the piece), frame, status, amounts, and « Votre rôle »
 * (Déposant, Mandataire, Sous-traitant, Cotraitant, Titulaire, MOE, MOA). The search names each piece's depositor, the
 * « Synthèse » (the structure's own pieces) its MOA. With `tri`, the number, dates and amount headers sort the list
 * (`aria-sort` on the sorted one); with `selection` (the id of the ZIP form), each row has its checkbox.
 */
export function TableauPieces({
  pieces,
  legende,
  recherche,
  tri,
  selection,
}: {
  pieces: Ligne[];
  legende: string;
  recherche?: boolean;
  tri?: TriTableau;
  selection?: string;
}) {
  const entete = (libelle: string, colonne?: TriPieces) => {
    if (!tri || !colonne) return <th scope="col">{libelle}</th>;
    const actif = tri.colonne === colonne;
    const suivant = actif && tri.ordre === "asc" ? "desc" : "asc";
    return (
      <th scope="col" aria-sort={actif ? (tri.ordre === "asc" ? "ascending" : "descending") : undefined}>
        <Link
          href={tri.lien(colonne, suivant)}
          className={`fr-link fr-link--sm fr-link--icon-right ${actif ? (tri.ordre === "asc" ? "fr-icon-arrow-up-line" : "fr-icon-arrow-down-line") : "fr-icon-arrow-up-down-line"}`}
        >
          {libelle}
          <span className="fr-sr-only">{`, trier par ordre ${suivant === "asc" ? "croissant" : "décroissant"}`}</span>
        </Link>
      </th>
    );
  };
  return (
    <Tableau className="fr-table--no-caption">
      <caption>{legende}</caption>
      <thead>
        <tr>
          {selection && (
            <th scope="col">
              <span className="fr-sr-only">Sélection</span>
            </th>
          )}
          {entete("Numéro", "numero")}
          {entete("Cadre")}
          {entete("Statut")}
          {entete("Date de facture", "dateFacture")}
          {entete("Déposée le", "deposeeLe")}
          {entete(recherche ? "Déposant" : "Maîtrise d'ouvrage")}
          {entete("Montant TTC", "montantTtc")}
          {entete("Votre rôle")}
        </tr>
      </thead>
      <tbody>
        {pieces.map((p) => (
          <tr key={p.id}>
            {selection && (
              <td>
                <div className="fr-checkbox-group fr-checkbox-group--sm">
                  <input type="checkbox" id={`choix-${p.id}`} name="piece" value={p.id} form={selection} data-taille={p.taille ?? 0} />
                  <label className="fr-label" htmlFor={`choix-${p.id}`}>
                    <span className="fr-sr-only">{`Sélectionner la pièce ${p.numero ?? "(brouillon sans numéro)"}`}</span>
                  </label>
                </div>
              </td>
            )}
            <td>
              <Link href={p.statut === "BROUILLON" ? `/factures-travaux/deposer/${p.id}/facture` : `/factures-travaux/pieces/${p.id}`}>
                {p.numero ?? "(brouillon sans numéro)"}
              </Link>
            </td>
            <td title={definitionCadre(p.cadre).libelle}>{definitionCadre(p.cadre).court}</td>
            <td>
              <BadgeStatut statut={p.statut} />
            </td>
            <td>{dateFr(p.dateFacture)}</td>
            <td>{dateFr(p.deposeeLe)}</td>
            <td>{recherche ? p.structureDeposante.raisonSociale : (p.moa?.raisonSociale ?? "")}</td>
            <td style={{ whiteSpace: "nowrap" }}>{formaterMontantDevise(p.montantTtc, p.devise)}</td>
            <td>{libellesRoles(p, p.roles).join(", ")}</td>
          </tr>
        ))}
      </tbody>
    </Tableau>
  );
}

/** Hidden fields of a GET form: the page's other list keeps its own filter, order and page when this one is filtered. */
export function ChampsConserves({ valeurs }: { valeurs: Record<string, string> }) {
  return Object.entries(valeurs).map(([nom, valeur]) => <input key={nom} type="hidden" name={nom} value={valeur} />);
}

/** Filters as a plain GET form: the URL holds the search, so back, refresh and sharing a link work. */
export function FiltresPieces({
  action,
  valeurs,
  conserver = {},
  erreurs = {},
  recherche,
  services = [],
}: {
  action: string;
  valeurs: Record<string, string | undefined>;
  conserver?: Record<string, string>;
  /** The server's French message for each filter that does not parse. */
  erreurs?: Record<string, string>;
  /** The search's own filters: the parties (supplier, MOE, MOA). */
  recherche?: boolean;
  /** The structure's services (filter « Service »). */
  services?: { id: string; code: string; libelle: string }[];
}) {
  const c = { valeurs, erreurs };
  return (
    <form method="get" action={action} className="fr-mb-3w" role="search" aria-label="Filtrer les pièces">
      <ChampsConserves valeurs={conserver} />
      {/* The order chosen by a column header stays when the filters change. */}
      <ChampsConserves valeurs={Object.fromEntries((["trierPar", "ordre"] as const).flatMap((k) => (valeurs[k] ? [[k, valeurs[k]!]] : [])))} />
      <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
        {/* Rows of 12 columns at desktop width: the piece, its dates and amounts, its references, its parties; the button below. */}
        <ChampFiltre colonne="fr-col-12 fr-col-md-3" nom="numero" libelle="Numéro" {...c} />
        <ChampFiltre
          colonne="fr-col-12 fr-col-md-3"
          nom="statut"
          libelle="Statut"
          {...c}
          options={LISTE_STATUTS.map((s) => ({ valeur: s, libelle: STATUTS[s].libelle }))}
        />
        <ChampFiltre
          colonne="fr-col-12 fr-col-md-3"
          nom="cadre"
          libelle="Cadre"
          {...c}
          options={CADRES.map((c) => ({ valeur: c.code, libelle: `${c.court} – ${c.libelle}` }))}
        />
        <ChampFiltre
          colonne="fr-col-12 fr-col-md-3"
          nom="typePiece"
          libelle="Facture ou avoir"
          {...c}
          options={Object.entries(TYPES_PIECE).map(([valeur, libelle]) => ({ valeur, libelle }))}
        />
        <ChampFiltre colonne="fr-col-6 fr-col-md-2" nom="du" libelle="Facture du" type="date" {...c} />
        <ChampFiltre colonne="fr-col-6 fr-col-md-2" nom="au" libelle="au" type="date" {...c} />
        <ChampFiltre colonne="fr-col-6 fr-col-md-2" nom="deposeDu" libelle="Déposée du" type="date" {...c} />
        <ChampFiltre colonne="fr-col-6 fr-col-md-2" nom="deposeAu" libelle="au" type="date" {...c} />
        <ChampFiltre colonne="fr-col-6 fr-col-md-2" nom="montantMin" libelle="TTC de (€)" indice="ex. 1 000,00" {...c} />
        <ChampFiltre colonne="fr-col-6 fr-col-md-2" nom="montantMax" libelle="à (€)" indice="ex. 50 000,00" {...c} />
        <ChampFiltre colonne="fr-col-12 fr-col-md-3" nom="numeroMarche" libelle="Numéro de marché" {...c} />
        <ChampFiltre colonne="fr-col-12 fr-col-md-3" nom="numeroEngagement" libelle="Engagement juridique (EJ)" {...c} />
        <ChampFiltre colonne="fr-col-12 fr-col-md-3" nom="numeroBonCommande" libelle="Bon de commande" {...c} />
        <ChampFiltre colonne="fr-col-12 fr-col-md-3" nom="dossier" libelle="Dossier" indice="ex. DF00000012" {...c} />
        {recherche && (
          <>
            <ChampFiltre colonne="fr-col-12 fr-col-md-3" nom="fournisseur" libelle="Fournisseur" indice="Raison sociale ou SIRET" {...c} />
            <ChampFiltre colonne="fr-col-12 fr-col-md-3" nom="moe" libelle="Maîtrise d'œuvre" indice="Raison sociale ou SIRET" {...c} />
            <ChampFiltre colonne="fr-col-12 fr-col-md-3" nom="moa" libelle="Maîtrise d'ouvrage" indice="Raison sociale ou SIRET" {...c} />
          </>
        )}
        {services.length > 0 && (
          <ChampFiltre
            colonne="fr-col-12 fr-col-md-3"
            nom="service"
            libelle="Service"
            {...c}
            options={services.map((s) => ({ valeur: s.id, libelle: `${s.libelle} (${s.code})` }))}
          />
        )}
        <div className="fr-col-12 fr-mb-3w">
          <button className="fr-btn fr-btn--sm" type="submit">
            Filtrer
          </button>
        </div>
      </div>
    </form>
  );
}

/** One filter of the list: a text or date field, or a list whose first choice is « Tous ». Its value comes from the URL, its error from the server. */
function ChampFiltre(p: {
  colonne: string;
  nom: string;
  libelle: string;
  valeurs: Record<string, string | undefined>;
  erreurs?: Record<string, string>;
  indice?: string;
  type?: "text" | "date";
  options?: { valeur: string; libelle: string }[];
}) {
  const id = `filtre-${p.nom}`;
  const erreur = p.erreurs?.[p.nom];
  const groupe = p.options ? "fr-select-group" : "fr-input-group";
  const decrit = [p.indice ? `${id}-indice` : null, erreur ? `${id}-erreur` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={p.colonne}>
      <div className={`${groupe}${erreur ? ` ${groupe}--error` : ""}`}>
        <label className="fr-label" htmlFor={id}>
          {p.libelle}
          {p.indice && (
            <span className="fr-hint-text" id={`${id}-indice`}>
              {p.indice}
            </span>
          )}
        </label>
        {p.options ? (
          <select
            className={`fr-select${erreur ? " fr-select--error" : ""}`}
            id={id}
            name={p.nom}
            defaultValue={p.valeurs[p.nom] ?? ""}
            aria-describedby={decrit}
          >
            <option value="">Tous</option>
            {p.options.map((o) => (
              <option key={o.valeur} value={o.valeur}>
                {o.libelle}
              </option>
            ))}
          </select>
        ) : (
          <input
            className={`fr-input${erreur ? " fr-input--error" : ""}`}
            type={p.type ?? "text"}
            id={id}
            name={p.nom}
            defaultValue={p.valeurs[p.nom] ?? ""}
            aria-describedby={decrit}
            aria-invalid={erreur ? true : undefined}
          />
        )}
        {erreur && (
          <p className="fr-error-text" id={`${id}-erreur`}>
            {erreur}
          </p>
        )}
      </div>
    </div>
  );
}
