import type { Metadata } from "next";
import Link from "next/link";
import { requireActeur } from "@/lib/auth/session";
import { ecranPiece } from "@/lib/invoices/ecran-piece";
import { libellesRoles } from "@/lib/invoices/roles";
import { libelleCadre } from "@/lib/invoices/cadres";
import { signeDecompteGeneral } from "@/lib/invoices/fin-de-marche";
import { libelleSignature } from "@/lib/invoices/signature-schema";
import { dateFr, dateHeureFr } from "@/lib/invoices/format";
import { formaterMontant } from "@/lib/invoices/montants";
import { TYPES_TVA } from "@/lib/invoices/schemas";
import { STATUTS } from "@/lib/invoices/statuts";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { TraitementPiece } from "@/components/factures-travaux/traitement-piece";
import { supprimerPieceJointeAction } from "../../deposer/actions";
import { completerAction, pieceSuivanteAction, prendreEnCompteAction, refuserAction, refuserDemandeAction, suspendreAction, validerAction } from "./actions";
import { demanderRecyclageAction, mettreARecyclerAction } from "./actions";
import { mandaterAction, mettreEnPaiementAction, rejeterAction } from "./actions";
import { PaiementsDossier } from "@/components/factures-travaux/paiements-dossier";
import { EnTeteApplication } from "@/components/factures-travaux/en-tete";
import { DecomptePiece } from "@/components/factures-travaux/decompte-piece";
import { TYPES_PIECE } from "@/lib/invoices/decompte";
import { GestionPiecesJointes } from "@/components/factures-travaux/gestion-pieces-jointes";
import { BadgeStatut } from "@/components/factures-travaux/tableau-pieces";
import { SuiviTraitement } from "@/components/factures-travaux/suivi-traitement";
import { ouIntrouvable } from "../../charger";
import { GroupeBoutons } from "@/components/ui/groupe-boutons";
import { Information } from "@/components/ui/information";
import { libelleCompte } from "@/lib/invoices/references";
import { facturXPropose } from "@/lib/facturx/piece";

export const metadata: Metadata = { title: "Pièce de facturation — Factures de travaux" };

/** A piece as every structure on it sees it: its data, files, actions, and « Suivre le traitement ». */
export default async function PiecePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const acteur = await requireActeur(`/factures-travaux/pieces/${id}`);
  const e = await ouIntrouvable(ecranPiece(acteur, id));
  const { piece: p, brouillon, factureJointe, motif } = e;
  const ligne = (k: string, v: string | null | undefined) => <Information key={k} libelle={k} valeur={v} />;
  return (
    <div className="fr-container fr-my-6w">
      <h1>
        {TYPES_PIECE[p.typePiece]} n° {p.numero ?? "(sans numéro)"} <BadgeStatut statut={p.statut} />
      </h1>
      <EnTeteApplication acteur={acteur} />
      <GroupeBoutons className="fr-btns-group--inline-md fr-mb-3w">
        {brouillon ? (
          <li>
            <Link className="fr-btn" href={`/factures-travaux/deposer/${id}/facture`}>
              Reprendre le brouillon
            </Link>
          </li>
        ) : (
          <>
            {factureJointe && (
              <li>
                <a className="fr-btn fr-icon-download-line fr-btn--icon-left" href={`/api/factures-travaux/pieces/${id}/facture`} download>
                  Télécharger la facture au format PDF
                </a>
              </li>
            )}
            {factureJointe && (
              <li>
                <a
                  className="fr-btn fr-btn--secondary fr-icon-eye-line fr-btn--icon-left"
                  href={`/api/factures-travaux/pieces/${id}/facture?affichage=1`}
                  target="_blank"
                  rel="noopener"
                  title="Visualiser la facture (nouvelle fenêtre)"
                >
                  Visualiser
                </a>
              </li>
            )}
            <li>
              <a
                className="fr-btn fr-btn--secondary fr-icon-file-download-line fr-btn--icon-left"
                href={`/api/factures-travaux/pieces/${id}/certificat`}
                download
              >
                Exporter le certificat de dépôt
              </a>
            </li>
            {facturXPropose(p.cadre, p.piecePrecedente?.cadre) && (
              <li>
                <a
                  className="fr-btn fr-btn--secondary fr-icon-file-download-line fr-btn--icon-left"
                  href={`/api/factures-travaux/pieces/${id}/factur-x`}
                  download
                  title="Télécharger au format Factur-X : le certificat de dépôt avec sa facture électronique EN 16931 (CII)"
                >
                  Télécharger au format Factur-X
                </a>
              </li>
            )}
            <li>
              <a className="fr-btn fr-btn--tertiary fr-icon-time-line fr-btn--icon-left" href="#suivre-le-traitement">
                Suivre le traitement
              </a>
            </li>
            {p.dossier && (
              <li>
                <Link className="fr-btn fr-btn--tertiary" href={`/factures-travaux/dossiers/${p.dossier.id}`}>
                  Consulter le dossier de facturation
                </Link>
              </li>
            )}
          </>
        )}
      </GroupeBoutons>

      {!brouillon && (
        <TraitementPiece
          pieceId={id}
          numero={p.numero}
          possibles={e.possibles}
          suivante={e.suivante.possible}
          libelleSuivante={e.suivante.libelle}
          recyclagePrecedente={e.recyclagePrecedente}
          recycler={!!motif?.recycler}
          montantAPayer={e.montantAPayer === null ? undefined : formaterMontant(e.montantAPayer)}
          actions={{
            prendreEnCompte: prendreEnCompteAction,
            refuser: refuserAction,
            suspendre: suspendreAction,
            completer: completerAction,
            valider: validerAction,
            refuserDemande: refuserDemandeAction,
            suivante: pieceSuivanteAction,
            mettreARecycler: mettreARecyclerAction,
            demanderRecyclage: demanderRecyclageAction,
            mandater: mandaterAction,
            mettreEnPaiement: mettreEnPaiementAction,
            rejeter: rejeterAction,
          }}
        />
      )}
      {[e.alertes.delaiTitulaire, e.alertes.delaiMoe, e.alertes.tacite, e.alertes.validationTitulaire].map(
        (alerte) => alerte && <Alert key={alerte.texte} className="fr-mb-3w" small severity={alerte.severite} description={alerte.texte} />,
      )}
      {e.echeancePaiement && <Alert className="fr-mb-3w" small severity={e.echeancePaiement.severite} description={e.echeancePaiement.texte} />}
      <PaiementsDossier paiements={e.paiements} pieceId={id} />
      {motif && (
        <Alert
          className="fr-mb-3w"
          severity={motif.severite}
          title={motif.titre}
          description={
            <>
              Motif : {motif.motif}
              {motif.aCompleter && (
                <>
                  <br />
                  Ajoutez les pièces jointes manquantes ci-dessous, corrigez si besoin les informations de la facture (
                  <Link href={`/factures-travaux/deposer/${id}/facture`}>Corriger les informations de la facture</Link>), puis cliquez sur « Compléter et
                  renvoyer » : la pièce retournera à celui qui l&apos;a suspendue.
                </>
              )}
              {motif.refaire && (
                <>
                  <br />
                  Un refus arrête le circuit de cette pièce : « Corriger et déposer à nouveau » prépare une nouvelle pièce, préremplie, dans le même dossier de
                  facturation.
                  {motif.numeroLibere
                    ? " Le refus a libéré le numéro de la facture : la nouvelle pièce peut le reprendre."
                    : " Le numéro de cette facture reste pris : la nouvelle pièce porte un autre numéro."}
                </>
              )}
              {motif.recycler && (
                <>
                  <br />
                  Corrigez les données d&apos;acheminement de la pièce (« Recycler la pièce ») : elle sera renvoyée sous le même numéro, dans le même dossier de
                  facturation.
                </>
              )}
            </>
          }
        />
      )}

      <h2 className="fr-h4">Informations</h2>
      <dl>
        {ligne("Cadre de facturation", libelleCadre(p.cadre))}
        {ligne("Statut", STATUTS[p.statut].libelle)}
        {ligne("Votre rôle", libellesRoles(p, p.roles).join(", "))}
        {ligne("Numéro de dépôt", p.numeroDepot)}
        {ligne("Déposée le", dateHeureFr(p.deposeeLe))}
        {ligne("Dossier de facturation", p.numeroDossier)}
        {ligne(
          "Pièce précédente",
          p.piecePrecedente ? `${libelleCadre(p.piecePrecedente.cadre)}${p.piecePrecedente.numero ? `, n° ${p.piecePrecedente.numero}` : ""}` : null,
        )}
        {signeDecompteGeneral(p.cadre, p.piecePrecedente?.cadre) && (
          <>
            {ligne("Signature du décompte général", libelleSignature(p.signatureAvecReserves))}
            {ligne("Motif des réserves", p.signatureAvecReserves ? p.motifReserves : null)}
          </>
        )}
        {ligne(
          "Déposant",
          `${p.structureDeposante.raisonSociale} (${p.structureDeposante.identifier})${p.serviceDeposant ? ` — ${p.serviceDeposant.libelle}` : ""}`,
        )}
        {ligne("Maîtrise d'œuvre", p.moe ? `${p.moe.raisonSociale} (${p.moe.identifier})` : null)}
        {ligne("Titulaire", p.titulaire ? `${p.titulaire.raisonSociale} (${p.titulaire.identifier})` : null)}
        {ligne(
          "Cotraitant",
          p.cotraitant
            ? `${p.cotraitant.raisonSociale} (${p.cotraitant.identifier})${p.structureDeposanteId === p.moeId ? "" : " — déposée par le mandataire"}`
            : null,
        )}
        {ligne("Maîtrise d'ouvrage", p.moa ? `${p.moa.raisonSociale} (${p.moa.identifier})${p.serviceMoa ? ` — ${p.serviceMoa.libelle}` : ""}` : null)}
        {ligne("Numéro de marché", p.numeroMarche)}
        {ligne("Numéro d'engagement juridique (EJ)", p.numeroEngagement)}
        {ligne("Numéro de bon de commande", p.numeroBonCommande)}
        {ligne("Coordonnées bancaires de paiement", libelleCompte(p.compteBancaire))}
        {ligne("Date de la facture", dateFr(p.dateFacture))}
        {ligne("Devise", p.devise)}
        {ligne("Facture ou avoir", TYPES_PIECE[p.typePiece])}
        {ligne("Type de TVA", p.typeTva ? TYPES_TVA[p.typeTva] : null)}
      </dl>
      <DecomptePiece piece={p} revision={e.revision} />

      <h2 className="fr-h4 fr-mt-4w">Pièces jointes</h2>
      <GestionPiecesJointes
        pieceId={id}
        fichiers={p.piecesJointes}
        modifiable={e.fichiers === "modifiables"}
        attestation={e.fichiers === "attestation"}
        memoire={signeDecompteGeneral(p.cadre, p.piecePrecedente?.cadre)}
        supprimer={e.fichiers === "lecture" ? undefined : supprimerPieceJointeAction}
      />
      {p.fichiersRetires.length > 0 && (
        <>
          <h3 className="fr-h6 fr-mt-3w">Fichiers retirés après le dépôt</h3>
          <p className="fr-text--sm">
            Ces fichiers ne font plus partie de la pièce. Ils restent conservés : le certificat de dépôt peut toujours être vérifié avec eux (empreinte
            SHA-256).
          </p>
          <ul>
            {p.fichiersRetires.map((f) => (
              <li key={f.id} style={{ overflowWrap: "anywhere" }}>
                <a className="fr-link" href={`/api/factures-travaux/pieces/${id}/pieces-jointes/${f.id}`} download title={`Télécharger ${f.nom}`}>
                  {f.nom}
                </a>{" "}
                — retiré le {dateHeureFr(f.retireeLe)}, empreinte SHA-256 {f.sha256}
              </li>
            ))}
          </ul>
        </>
      )}

      <SuiviTraitement etapes={p.historique} />
    </div>
  );
}
