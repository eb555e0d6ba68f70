import type { Metadata } from "next";
import Link from "next/link";
import { requireActeur } from "@/lib/auth/session";
import { consulterDossier } from "@/lib/invoices/consultation";
import { paiementsDuDossier } from "@/lib/invoices/paiement";
import { PaiementsDossier } from "@/components/factures-travaux/paiements-dossier";
import { libellesRoles } from "@/lib/invoices/roles";
import { libelleCadre } from "@/lib/invoices/cadres";
import { dateFr, dateHeureFr } from "@/lib/invoices/format";
import { formaterMontantDevise } from "@/lib/invoices/montants";
import { EnTeteApplication } from "@/components/factures-travaux/en-tete";
import { BadgeStatut } from "@/components/factures-travaux/tableau-pieces";
import { ouIntrouvable } from "../../charger";
import { contenuDossier, TAILLE_ZIP_MAX, tailleEnMots } from "@/lib/invoices/telechargements";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Tableau } from "@/components/ui/tableau";

export const metadata: Metadata = { title: "Dossier de facturation — Factures de travaux" };

/** The dossier de facturation: its pieces in order, each actor adding its own. */
export default async function DossierPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const acteur = await requireActeur(`/factures-travaux/dossiers/${id}`);
  const d = await ouIntrouvable(consulterDossier(acteur, id));
  const [paiements, zip] = await Promise.all([paiementsDuDossier(acteur, d.id), contenuDossier(acteur, d.id, { apercu: true })]);
  return (
    <div className="fr-container fr-my-6w">
      <h1>Dossier de facturation {d.libelle}</h1>
      <EnTeteApplication acteur={acteur} />
      <PaiementsDossier paiements={paiements} />
      <TelechargementDossier dossierId={d.id} taille={zip.taille} fichiers={zip.fichiers.length} pieces={zip.pieces} />
      <p>Créé le {dateHeureFr(d.createdAt)}. Les pièces du dossier, dans l&apos;ordre de leur dépôt :</p>
      <Tableau>
        <caption className="fr-sr-only">Pièces du dossier de facturation</caption>
        <thead>
          <tr>
            <th scope="col">Pièce</th>
            <th scope="col">Cadre</th>
            <th scope="col">Déposant</th>
            <th scope="col">Statut</th>
            <th scope="col">Déposée le</th>
            <th scope="col">Montant TTC</th>
            <th scope="col">Votre rôle</th>
          </tr>
        </thead>
        <tbody>
          {d.pieces.map((p) => (
            <tr key={p.id}>
              <td>
                <Link href={`/factures-travaux/pieces/${p.id}`}>n° {p.numero}</Link>
                <br />
                <span className="fr-text--sm">du {dateFr(p.dateFacture)}</span>
              </td>
              <td>{libelleCadre(p.cadre)}</td>
              <td>{p.structureDeposante.raisonSociale}</td>
              <td>
                <BadgeStatut statut={p.statut} />
              </td>
              <td>{dateHeureFr(p.deposeeLe)}</td>
              <td style={{ whiteSpace: "nowrap" }}>{formaterMontantDevise(p.montantTtc, p.devise)}</td>
              <td>{libellesRoles(p, p.roles).join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </Tableau>
    </div>
  );
}

/** « Télécharger le dossier »: a link (the browser shows the download's progress), with the size to expect; over 120 MB, why not. */
function TelechargementDossier({ dossierId, taille, fichiers, pieces }: { dossierId: string; taille: number; fichiers: number; pieces: number }) {
  if (taille > TAILLE_ZIP_MAX)
    return (
      <Alert
        className="fr-mb-3w"
        small
        severity="info"
        description={`Les fichiers de ce dossier font ${tailleEnMots(taille)} : au-delà de 120 Mo, un dossier ne se télécharge pas d'un bloc. Téléchargez-les pièce par pièce, ou cochez-en quelques-unes dans « Recherche » (filtre « Dossier »).`}
      />
    );
  return (
    <div className="fr-mb-3w">
      <a
        className="fr-btn fr-btn--secondary fr-icon-download-line fr-btn--icon-left"
        href={`/api/factures-travaux/dossiers/${dossierId}/zip`}
        download
        aria-describedby="telechargement-dossier-taille"
      >
        Télécharger le dossier
      </a>
      <p id="telechargement-dossier-taille" className="fr-text--sm fr-mt-1w">
        {`ZIP d'environ ${tailleEnMots(taille)} : ${fichiers} fichier${fichiers > 1 ? "s" : ""} de ${pieces} pièce${pieces > 1 ? "s" : ""} (factures, pièces jointes, certificats de dépôt) et leur manifeste.`}
      </p>
    </div>
  );
}
