import Link from "next/link";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Pagination } from "@codegouvfr/react-dsfr/Pagination";
import type { FiltreFacturesRecues, PageFacturesRecues } from "@/lib/invoices/factures-recues";
import { cadre as definitionCadre } from "@/lib/invoices/cadres";
import { dateFr, dateHeureFr, jourFr } from "@/lib/invoices/format";
import { formaterMontantDevise } from "@/lib/invoices/montants";
import { BadgeStatut } from "./tableau-pieces";
import { Tableau } from "@/components/ui/tableau";

type Facture = PageFacturesRecues["factures"][number];

/** The deadline cell: « À payer avant le … » (and « En retard de N jours »), or what became of the piece. */
function Echeance({ f }: { f: Facture }) {
  if (f.statut === "MISE_EN_PAIEMENT")
    return (
      <>
        Mise en paiement le {dateFr(f.paiementLe)}
        {f.paiementMontant !== null ? ` pour ${formaterMontantDevise(f.paiementMontant, f.devise)}` : ""}
      </>
    );
  if (!f.echeance) return <span className="fr-text--sm">Sans objet</span>;
  return (
    <>
      À payer avant le {jourFr(f.echeance)}
      {f.statut === "MANDATEE" && f.mandatNumero && (
        <>
          <br />
          <span className="fr-text--sm">
            Mandat n° {f.mandatNumero} du {dateFr(f.mandatLe)}
          </span>
        </>
      )}
      {f.joursRetard !== null && (
        <>
          <br />
          <Badge as="span" small severity="error">
            {`En retard de ${f.joursRetard} jour${f.joursRetard > 1 ? "s" : ""}`}
          </Badge>
        </>
      )}
    </>
  );
}

/**
 * « Factures reçues » (the paying service of the MOA): the pieces put at its disposal, what is to be paid first,
 * each with its legal payment deadline and, past it, the days late. The filter and the page are in the URL.
 */
export function TableauFacturesRecues({
  resultat,
  filtre,
  filtres,
  lien,
}: {
  resultat: PageFacturesRecues;
  filtre: FiltreFacturesRecues;
  filtres: { value: string; label: string }[];
  lien: (page: number) => string;
}) {
  const { factures, total, page, pages, taillePage, delaiJours } = resultat;
  const premier = (page - 1) * taillePage + 1;
  return (
    <section aria-labelledby="factures-recues-titre">
      <h2 id="factures-recues-titre" className="fr-sr-only">
        Pièces reçues par le service financier
      </h2>
      <p>
        Les pièces mises à la disposition du service financier de votre structure : états d&apos;acompte validés (A16, A19), décomptes généraux signés (A8),
        décomptes généraux et définitifs tacites (A23) et pièces transmises au service financier (A6). Le délai légal de paiement de votre structure est de{" "}
        <strong>{delaiJours} jours</strong> à compter de la réception de la pièce.
      </p>
      <form method="get" className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom fr-mb-2w">
        <div className="fr-col-12 fr-col-md-6 fr-select-group">
          <label className="fr-label" htmlFor="filtre-factures-recues">
            Afficher
          </label>
          <select className="fr-select" id="filtre-factures-recues" name="statut" defaultValue={filtre}>
            {filtres.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <button className="fr-btn fr-btn--secondary" type="submit">
            Appliquer
          </button>
        </div>
      </form>
      <p role="status" id="factures-recues-total">
        {total === 0
          ? "Aucune facture reçue ne correspond."
          : `${total} facture${total > 1 ? "s" : ""} reçue${total > 1 ? "s" : ""}${pages > 1 ? ` — page ${page} sur ${pages} (factures ${premier} à ${premier + factures.length - 1})` : ""}.`}
      </p>
      {factures.length > 0 && (
        <Tableau className="fr-table--no-caption">
          <caption>Factures reçues</caption>
          <thead>
            <tr>
              <th scope="col">Numéro</th>
              <th scope="col">Cadre</th>
              <th scope="col">Fournisseur</th>
              <th scope="col">Montant à payer</th>
              <th scope="col">Reçue le</th>
              <th scope="col">Délai de paiement</th>
              <th scope="col">Statut</th>
            </tr>
          </thead>
          <tbody>
            {factures.map((f) => (
              <tr key={f.id}>
                <td>
                  <Link href={`/factures-travaux/pieces/${f.id}`}>{f.numero ?? "(sans numéro)"}</Link>
                </td>
                <td title={definitionCadre(f.cadre).libelle}>{definitionCadre(f.cadre).court}</td>
                <td>{f.fournisseur}</td>
                <td style={{ whiteSpace: "nowrap" }}>{formaterMontantDevise(f.montantAPayer, f.devise)}</td>
                <td>{dateHeureFr(f.recueLe)}</td>
                <td>
                  <Echeance f={f} />
                </td>
                <td>
                  <BadgeStatut statut={f.statut} />
                </td>
              </tr>
            ))}
          </tbody>
        </Tableau>
      )}
      {pages > 1 && <Pagination className="fr-mt-2w" count={pages} defaultPage={page} getPageLinkProps={(n) => ({ href: lien(n) })} />}
    </section>
  );
}
