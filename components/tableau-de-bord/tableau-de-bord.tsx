import Link from "next/link";
import type { ReactElement, ReactNode } from "react";
import { Accordion } from "@codegouvfr/react-dsfr/Accordion";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Tableau } from "@/components/ui/tableau";
import { formaterMontantDevise } from "@/lib/invoices/montants";
import { LIBELLES_ATTENTE, type TableauDeBord } from "@/lib/invoices/tableau-de-bord";
import { formaterValeur } from "./format";
import { GraphiqueBarres, type Serie } from "./graphique-barres";

/** The DSFR palette's colours for the series (each at least 3:1 against the background). */
const COULEURS = {
  bleu: "var(--blue-france-sun-113-625)",
  violet: "var(--purple-glycine-main-494)",
  vert: "var(--green-menthe-main-548)",
  ecume: "var(--blue-ecume-main-400)",
  rouge: "var(--red-marianne-main-472)",
};

const euros = (centimes: number) => formaterMontantDevise(centimes, "EUR");
const entier = new Intl.NumberFormat("fr-FR");
const n = (v: number) => entier.format(v);
const pieces = (v: number) => `${n(v)} pièce${v > 1 ? "s" : ""}`;
const formatMois = new Intl.DateTimeFormat("fr-FR", { month: "short", year: "numeric", timeZone: "UTC" });
const formatMoisLong = new Intl.DateTimeFormat("fr-FR", { month: "long", year: "numeric", timeZone: "UTC" });
/** « 2026-01 » → « janv. 2026 ». */
const mois = (cle: string, long = false) => (long ? formatMoisLong : formatMois).format(new Date(`${cle}-01T00:00:00Z`));

/** A key figure in words: its label, its value, and a line saying what it covers. */
function Chiffre({ libelle, valeur, detail }: { libelle: string; valeur: string; detail?: string }) {
  return (
    <div className="fr-col-12 fr-col-sm-6 fr-col-lg-3">
      <div className="fr-p-2w" style={{ border: "1px solid var(--border-default-grey)", height: "100%" }}>
        <p className="fr-text--sm fr-mb-1v">{libelle}</p>
        <p className="fr-h5 fr-mb-1v">{valeur}</p>
        {detail && <p className="fr-text--xs fr-mb-0">{detail}</p>}
      </div>
    </div>
  );
}

/** A chart with its title, and its data as a table under « Voir les données » (what screen readers read). */
function Figure({
  id,
  titre,
  description,
  graphique,
  tableau,
}: {
  id: string;
  titre: string;
  description: string;
  graphique: ReactNode;
  tableau: ReactElement;
}) {
  return (
    <figure className="fr-my-4w" aria-labelledby={`${id}-titre`}>
      <h3 id={`${id}-titre`} className="fr-h6 fr-mb-1w">
        {titre}
      </h3>
      <p className="fr-text--sm">{description}</p>
      {graphique}
      <Accordion label="Voir les données" titleAs="h4" id={`${id}-donnees`}>
        {tableau}
      </Accordion>
    </figure>
  );
}

/** « Tableau de bord »: one section per part the structure plays, each figure in words, in a chart and in a table. */
export function TableauDeBordVue({ tableau, structure }: { tableau: TableauDeBord; structure: string }) {
  const { fournisseur, moe, moa } = tableau;
  const periode = `de ${mois(tableau.mois[0], true)} à ${mois(tableau.mois[11], true)}`;
  return (
    <>
      <p>
        Les pièces de <strong>{structure}</strong> que vous voyez, sur les 12 derniers mois ({periode}). Montants TTC des pièces en euros.
      </p>
      {!fournisseur && !moe && !moa && (
        <Alert
          severity="info"
          title="Rien à montrer pour l'instant"
          description={
            <>
              Votre structure n'a encore déposé ni reçu aucune pièce. <Link href="/factures-travaux/deposer">Déposer une pièce</Link>
            </>
          }
        />
      )}
      {fournisseur && (
        <section aria-labelledby="tdb-fournisseur" className="fr-mb-6w">
          <h2 id="tdb-fournisseur">Vos factures déposées</h2>
          <div className="fr-grid-row fr-grid-row--gutters">
            <Chiffre
              libelle="Déposé sur 12 mois"
              valeur={euros(fournisseur.mois.reduce((s, m) => s + m.depose, 0))}
              detail={pieces(fournisseur.mois.reduce((s, m) => s + m.deposees, 0))}
            />
            <Chiffre libelle="En cours de traitement" valeur={euros(fournisseur.totaux.enCours)} detail={pieces(fournisseur.totaux.enCoursNombre)} />
            <Chiffre
              libelle="Payé sur 12 mois"
              valeur={euros(fournisseur.mois.reduce((s, m) => s + m.paye, 0))}
              detail={pieces(fournisseur.mois.reduce((s, m) => s + m.payeesNombre, 0))}
            />
          </div>
          <Figure
            id="tdb-fournisseur-mois"
            titre="Montants déposés, en cours et payés, par mois"
            description="Déposé : mois du dépôt. En cours : pièces déposées ce mois-là et pas encore traitées. Payé : mois de la mise en paiement."
            graphique={
              <GraphiqueBarres
                format="euros"
                cleCategorie="libelle"
                donnees={fournisseur.mois.map((m) => ({ libelle: mois(m.mois), depose: m.depose, enCours: m.enCours, paye: m.paye }))}
                series={
                  [
                    { cle: "depose", libelle: "Déposé", couleur: COULEURS.bleu },
                    { cle: "enCours", libelle: "En cours", couleur: COULEURS.violet },
                    { cle: "paye", libelle: "Payé", couleur: COULEURS.vert },
                  ] satisfies Serie[]
                }
              />
            }
            tableau={
              <Tableau
                legende="Montants déposés, en cours et payés, par mois"
                entetes={["Mois", "Pièces déposées", "Montant déposé", "Pièces en cours", "Montant en cours", "Pièces payées", "Montant payé"]}
                lignes={fournisseur.mois.map((m) => [
                  mois(m.mois, true),
                  n(m.deposees),
                  euros(m.depose),
                  n(m.enCoursNombre),
                  euros(m.enCours),
                  n(m.payeesNombre),
                  euros(m.paye),
                ])}
              />
            }
          />
          <h3 className="fr-h6">Pièces en attente, et chez qui</h3>
          {fournisseur.attentes.length === 0 ? (
            <p>Aucune de vos pièces n'est en attente.</p>
          ) : (
            <>
              <ul>
                {fournisseur.attentes.map((a) => (
                  <li key={a.attente}>
                    {LIBELLES_ATTENTE[a.attente]} : <strong>{pieces(a.nombre)}</strong> ({euros(a.montant)})
                  </li>
                ))}
              </ul>
              <Tableau
                legende="Les structures chez qui vos pièces attendent (les 10 premières)"
                entetes={["En attente de", "Structure", "Pièces", "Montant"]}
                lignes={fournisseur.detailAttentes.map((a) => [LIBELLES_ATTENTE[a.attente], a.structure ?? "—", n(a.nombre), euros(a.montant)])}
              />
            </>
          )}
          <p>
            <Link href="/factures-travaux/synthese">Voir vos pièces dans la Synthèse</Link>
          </p>
        </section>
      )}
      {moe && (
        <section aria-labelledby="tdb-moe" className="fr-mb-6w">
          <h2 id="tdb-moe">Maîtrise d'œuvre : pièces à traiter</h2>
          <div className="fr-grid-row fr-grid-row--gutters">
            <Chiffre libelle="À traiter" valeur={pieces(moe.aTraiter)} />
            <Chiffre libelle="Délai de 7 jours dépassé" valeur={pieces(moe.enRetard)} detail="Projets de décompte mensuel" />
            <Chiffre
              libelle="Traitées sur 12 mois"
              valeur={pieces(moe.mois.reduce((s, m) => s + m.traitees, 0))}
              detail="Prises en compte, refusées, suspendues, à recycler ou transmises"
            />
          </div>
          <Figure
            id="tdb-moe-jours"
            titre="Projets de décompte mensuel à traiter, par jours restants"
            description={`Jours restants du délai de 7 jours de la maîtrise d'œuvre ; ${pieces(moe.sansDelai)} à traiter sans délai en cours en plus.`}
            graphique={
              <GraphiqueBarres
                format="nombre"
                cleCategorie="libelle"
                hauteur={220}
                donnees={moe.joursRestants.map((j) => ({
                  libelle: j.jours === 0 ? "Dépassé" : `${j.jours} j`,
                  retard: j.jours === 0 ? j.nombre : null,
                  nombre: j.jours === 0 ? null : j.nombre,
                }))}
                empile
                series={[
                  { cle: "retard", libelle: "Délai dépassé", couleur: COULEURS.rouge },
                  { cle: "nombre", libelle: "Dans le délai", couleur: COULEURS.ecume },
                ]}
              />
            }
            tableau={
              <Tableau
                legende="Projets de décompte mensuel à traiter, par jours restants"
                entetes={["Jours restants", "Pièces"]}
                lignes={moe.joursRestants.map((j) => [j.jours === 0 ? "Délai dépassé" : `${j.jours} jour${j.jours > 1 ? "s" : ""}`, n(j.nombre)])}
              />
            }
          />
          <Figure
            id="tdb-moe-delais"
            titre="Délai de traitement par mois (médiane et 90e centile)"
            description="Du jour où la pièce est mise à votre disposition à votre décision, en jours, par mois de la décision."
            graphique={
              <GraphiqueBarres
                format="jours"
                cleCategorie="libelle"
                donnees={moe.mois.map((m) => ({ libelle: mois(m.mois), mediane: m.medianeJours, p90: m.p90Jours }))}
                series={[
                  { cle: "mediane", libelle: "Médiane", couleur: COULEURS.bleu },
                  { cle: "p90", libelle: "90e centile", couleur: COULEURS.violet },
                ]}
              />
            }
            tableau={
              <Tableau
                legende="Délai de traitement par mois"
                entetes={["Mois", "Pièces traitées", "Délai médian", "90e centile"]}
                lignes={moe.mois.map((m) => [mois(m.mois, true), n(m.traitees), formaterValeur(m.medianeJours, "jours"), formaterValeur(m.p90Jours, "jours")])}
              />
            }
          />
          <p>
            <Link href="/factures-travaux/synthese?aTraiter=a-traiter#a-traiter">Traiter les pièces dans la Synthèse</Link>
          </p>
        </section>
      )}
      {moa && (
        <section aria-labelledby="tdb-moa" className="fr-mb-6w">
          <h2 id="tdb-moa">Maîtrise d'ouvrage : pièces reçues par service</h2>
          <div className="fr-grid-row fr-grid-row--gutters">
            <Chiffre libelle="Reçues sur 12 mois" valeur={pieces(moa.totaux.recues)} detail={euros(moa.totaux.montant)} />
            <Chiffre libelle="À traiter" valeur={pieces(moa.totaux.aTraiter)} detail="Par vos services ou votre service financier" />
            <Chiffre
              libelle="En retard de paiement"
              valeur={pieces(moa.totaux.retardPaiement)}
              detail={`${euros(moa.totaux.montantRetardPaiement)}, délai de ${moa.delaiPaiementJours} jours dépassé`}
            />
            <Chiffre libelle="Délai de la MOE dépassé" valeur={pieces(moa.totaux.retardMoe)} detail="Sans validation de la maîtrise d'œuvre en 7 jours" />
          </div>
          <Figure
            id="tdb-moa-services"
            titre="Pièces reçues, à traiter et traitées, par service"
            description="Pièces déposées dans les 12 derniers mois qui vous désignent comme maîtrise d'ouvrage. Traitées : payées, refusées, ou suivies d'une autre pièce."
            graphique={
              <GraphiqueBarres
                format="nombre"
                cleCategorie="service"
                horizontal
                hauteur={Math.max(200, 60 + 56 * Math.min(12, moa.services.length))}
                donnees={moa.services.slice(0, 12).map((s) => ({ service: s.service, recues: s.recues, aTraiter: s.aTraiter, traitees: s.traitees }))}
                series={[
                  { cle: "recues", libelle: "Reçues", couleur: COULEURS.bleu },
                  { cle: "aTraiter", libelle: "À traiter", couleur: COULEURS.violet },
                  { cle: "traitees", libelle: "Traitées", couleur: COULEURS.vert },
                ]}
              />
            }
            tableau={
              <Tableau
                legende="Pièces et montants par service"
                entetes={[
                  "Service",
                  "Reçues",
                  "Montant reçu",
                  "À traiter",
                  "Traitées",
                  "Montant payé",
                  "En retard de paiement",
                  "Montant en retard",
                  "Délai de la MOE dépassé",
                ]}
                lignes={[
                  ...moa.services.map((s) => [
                    s.service,
                    n(s.recues),
                    euros(s.montant),
                    n(s.aTraiter),
                    n(s.traitees),
                    euros(s.paye),
                    n(s.retardPaiement),
                    euros(s.montantRetardPaiement),
                    n(s.retardMoe),
                  ]),
                  [
                    <strong key="t">Total</strong>,
                    n(moa.totaux.recues),
                    euros(moa.totaux.montant),
                    n(moa.totaux.aTraiter),
                    n(moa.totaux.traitees),
                    euros(moa.totaux.paye),
                    n(moa.totaux.retardPaiement),
                    euros(moa.totaux.montantRetardPaiement),
                    n(moa.totaux.retardMoe),
                  ],
                ]}
              />
            }
          />
        </section>
      )}
    </>
  );
}
