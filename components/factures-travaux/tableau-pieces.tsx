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

/**
 * The pieces of « Synthèse » and of the search: number (link to the piece), frame, status, amounts, and « Votre rôle »
 * (Déposant, Mandataire, Sous-traitant, Cotraitant, Titulaire, MOE, MOA). The search names each piece's depositor, the
 * « Synthèse » (the structure's own pieces) its MOA.
 */
export function TableauPieces({ pieces, legende, recherche }: { pieces: Ligne[]; legende: string; recherche?: boolean }) {
  return (
    <div className="fr-table fr-table--no-caption">
      <table>
        <caption>{legende}</caption>
        <thead>
          <tr>
            <th scope="col">Numéro</th>
            <th scope="col">Cadre</th>
            <th scope="col">Statut</th>
            <th scope="col">Date de facture</th>
            <th scope="col">Déposée le</th>
            <th scope="col">{recherche ? "Déposant" : "Maîtrise d'ouvrage"}</th>
            <th scope="col">Montant TTC</th>
            <th scope="col">Votre rôle</th>
          </tr>
        </thead>
        <tbody>
          {pieces.map((p) => (
            <tr key={p.id}>
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
      </table>
    </div>
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
}: {
  action: string;
  valeurs: Record<string, string | undefined>;
  conserver?: Record<string, string>;
}) {
  return (
    <form method="get" action={action} className="fr-mb-3w" role="search" aria-label="Filtrer les pièces">
      <ChampsConserves valeurs={conserver} />
      <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
        {/* Two rows of 12 columns at desktop width: the piece, then its dates and references; the button below. */}
        <ChampFiltre colonne="fr-col-12 fr-col-md-3" nom="numero" libelle="Numéro" valeurs={valeurs} />
        <ChampFiltre
          colonne="fr-col-12 fr-col-md-3"
          nom="statut"
          libelle="Statut"
          valeurs={valeurs}
          options={LISTE_STATUTS.map((s) => ({ valeur: s, libelle: STATUTS[s].libelle }))}
        />
        <ChampFiltre
          colonne="fr-col-12 fr-col-md-3"
          nom="cadre"
          libelle="Cadre"
          valeurs={valeurs}
          options={CADRES.map((c) => ({ valeur: c.code, libelle: `${c.court} – ${c.libelle}` }))}
        />
        <ChampFiltre
          colonne="fr-col-12 fr-col-md-3"
          nom="typePiece"
          libelle="Facture ou avoir"
          valeurs={valeurs}
          options={Object.entries(TYPES_PIECE).map(([valeur, libelle]) => ({ valeur, libelle }))}
        />
        <ChampFiltre colonne="fr-col-6 fr-col-md-2" nom="du" libelle="Facture du" type="date" valeurs={valeurs} />
        <ChampFiltre colonne="fr-col-6 fr-col-md-2" nom="au" libelle="au" type="date" valeurs={valeurs} />
        <ChampFiltre colonne="fr-col-12 fr-col-md-2" nom="numeroMarche" libelle="Numéro de marché" valeurs={valeurs} />
        <ChampFiltre colonne="fr-col-12 fr-col-md-3" nom="numeroEngagement" libelle="Numéro d'engagement juridique (EJ)" valeurs={valeurs} />
        <ChampFiltre colonne="fr-col-12 fr-col-md-3" nom="numeroBonCommande" libelle="Numéro de bon de commande" valeurs={valeurs} />
        <div className="fr-col-12 fr-mb-3w">
          <button className="fr-btn fr-btn--sm" type="submit">
            Filtrer
          </button>
        </div>
      </div>
    </form>
  );
}

/** One filter of the list: a text or date field, or a list whose first choice is « Tous ». Its value comes from the URL. */
function ChampFiltre(p: {
  colonne: string;
  nom: string;
  libelle: string;
  valeurs: Record<string, string | undefined>;
  type?: "text" | "date";
  options?: { valeur: string; libelle: string }[];
}) {
  const id = `filtre-${p.nom}`;
  return (
    <div className={p.colonne}>
      <div className={p.options ? "fr-select-group" : "fr-input-group"}>
        <label className="fr-label" htmlFor={id}>
          {p.libelle}
        </label>
        {p.options ? (
          <select className="fr-select" id={id} name={p.nom} defaultValue={p.valeurs[p.nom] ?? ""}>
            <option value="">Tous</option>
            {p.options.map((o) => (
              <option key={o.valeur} value={o.valeur}>
                {o.libelle}
              </option>
            ))}
          </select>
        ) : (
          <input className="fr-input" type={p.type ?? "text"} id={id} name={p.nom} defaultValue={p.valeurs[p.nom] ?? ""} />
        )}
      </div>
    </div>
  );
}
