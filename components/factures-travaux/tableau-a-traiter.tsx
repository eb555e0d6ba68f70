import Link from "next/link";
import { Pagination } from "@codegouvfr/react-dsfr/Pagination";
import type { PageATraiter } from "@/lib/invoices/a-traiter";
import { cadre as definitionCadre } from "@/lib/invoices/cadres";
import { dateHeureFr } from "@/lib/invoices/format";
import { libellesRoles } from "@/lib/invoices/roles";
import { formaterMontantDevise } from "@/lib/invoices/montants";
import { BadgeStatut, ChampsConserves } from "./tableau-pieces";
import { Tableau } from "@/components/ui/tableau";

type Lignes = PageATraiter["pieces"];

const FILTRES = [
  { value: "tout", label: "Tout" },
  { value: "a-traiter", label: "Pièces à traiter" },
  { value: "retournees", label: "Pièces refusées, suspendues ou à recycler" },
];

function quoiFaire(p: Lignes[number]): string {
  if (p.roles.includes("DEPOSANT") && p.statut === "SUSPENDUE") return "À compléter et renvoyer";
  if (p.roles.includes("DEPOSANT") && p.statut === "A_RECYCLER") return "À recycler : corriger l'acheminement et renvoyer";
  if (p.roles.includes("DEPOSANT") && (p.statut === "REFUSEE_MOE" || p.statut === "REFUSEE_MOA")) return "Refusée : à corriger et déposer à nouveau";
  if (p.roles.includes("TITULAIRE") && p.statut === "A_VALIDER_1") return "À valider (titulaire) : joindre l'attestation de paiement direct";
  if (p.roles.includes("MOA") && p.moaId && (p.statut === "MISE_A_DISPOSITION_MOA" || p.statut === "PRISE_EN_COMPTE_MOA"))
    return "À traiter (maîtrise d'ouvrage)";
  return "À traiter (maîtrise d'œuvre)";
}

/**
 * « Synthèse », processing part: what the structure has to do now, deadline first, one page at a time. The page
 * is in the URL (`pageATraiter`, beside the filter and the order), so back, refresh and a shared link keep it.
 */
export function TableauATraiter({
  resultat,
  filtre,
  tri,
  lien,
  conserver = {},
}: {
  resultat: PageATraiter;
  filtre: string;
  tri: string;
  lien: (page: number) => string;
  /** The parameters of the page's other list, kept when this one is filtered. */
  conserver?: Record<string, string>;
}) {
  const { pieces, total, page, pages, taillePage } = resultat;
  const premier = (page - 1) * taillePage + 1;
  return (
    <section className="fr-mb-6w" aria-labelledby="a-traiter">
      <h2 id="a-traiter" className="fr-h4">
        Pièces à traiter
      </h2>
      <form method="get" className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom fr-mb-2w">
        <ChampsConserves valeurs={conserver} />
        <div className="fr-col-12 fr-col-md-4 fr-select-group">
          <label className="fr-label" htmlFor="filtre-a-traiter">
            Afficher
          </label>
          <select className="fr-select" id="filtre-a-traiter" name="aTraiter" defaultValue={filtre}>
            {FILTRES.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
        <div className="fr-col-12 fr-col-md-4 fr-select-group">
          <label className="fr-label" htmlFor="tri-a-traiter">
            Trier par
          </label>
          <select className="fr-select" id="tri-a-traiter" name="tri" defaultValue={tri}>
            <option value="delai">Délai restant</option>
            <option value="recent">Dernier changement de statut</option>
          </select>
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <button className="fr-btn fr-btn--secondary" type="submit">
            Appliquer
          </button>
        </div>
      </form>
      <p role="status" id="a-traiter-total">
        {total === 0
          ? "Aucune pièce à traiter."
          : `${total} pièce${total > 1 ? "s" : ""}${pages > 1 ? ` — page ${page} sur ${pages} (pièces ${premier} à ${premier + pieces.length - 1})` : ""}.`}
      </p>
      {pieces.length === 0 ? null : (
        <Tableau className="fr-table--no-caption">
          <caption>Pièces à traiter</caption>
          <thead>
            <tr>
              <th scope="col">Numéro</th>
              <th scope="col">Cadre</th>
              <th scope="col">Statut</th>
              <th scope="col">À faire</th>
              <th scope="col">Délai restant</th>
              <th scope="col">Déposant</th>
              <th scope="col">Votre rôle</th>
              <th scope="col">Depuis le</th>
              <th scope="col">Montant TTC</th>
            </tr>
          </thead>
          <tbody>
            {pieces.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link href={`/factures-travaux/pieces/${p.id}`}>{p.numero ?? "(sans numéro)"}</Link>
                </td>
                <td title={definitionCadre(p.cadre).libelle}>{definitionCadre(p.cadre).court}</td>
                <td>
                  <BadgeStatut statut={p.statut} />
                </td>
                <td>{quoiFaire(p)}</td>
                <td title={p.delai ?? undefined}>
                  {p.joursRestants === null
                    ? ""
                    : p.joursRestants > 0
                      ? `${p.joursRestants} jour${p.joursRestants > 1 ? "s" : ""} restant${p.joursRestants > 1 ? "s" : ""}`
                      : "Délai dépassé"}
                </td>
                <td>{p.structureDeposante.raisonSociale}</td>
                <td>{libellesRoles(p, p.roles).join(", ")}</td>
                <td>{dateHeureFr(p.statutLe)}</td>
                <td>{formaterMontantDevise(p.montantTtc, p.devise)}</td>
              </tr>
            ))}
          </tbody>
        </Tableau>
      )}
      {pages > 1 && <Pagination className="fr-mt-2w" count={pages} defaultPage={page} getPageLinkProps={(n) => ({ href: lien(n) })} />}
    </section>
  );
}
