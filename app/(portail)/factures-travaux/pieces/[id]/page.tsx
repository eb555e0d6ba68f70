import type { Metadata } from "next";
import Link from "next/link";
import { requireActeur } from "@/lib/auth/session";
import { consulterPiece } from "@/lib/invoices/consultation";
import { libelleCadre } from "@/lib/invoices/cadres";
import { dateFr, dateHeureFr } from "@/lib/invoices/format";
import { formaterMontantDevise, formaterTaux, formaterMontant } from "@/lib/invoices/montants";
import { TYPES_TVA } from "@/lib/invoices/schemas";
import { STATUTS } from "@/lib/invoices/statuts";
import { actionsPossibles } from "@/lib/invoices/transitions";
import { DELAI_MOA_TACITE_JOURS, DELAI_MOE_JOURS, joursRestants } from "@/lib/invoices/delais";
import { a22Possible, a23Possible, echeanceTacite } from "@/lib/invoices/procedure-tacite";
import { pieceSuivantePossible } from "@/lib/invoices/suivante";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { TraitementPiece } from "@/components/factures-travaux/traitement-piece";
import { supprimerPieceJointeAction } from "../../deposer/actions";
import { completerAction, pieceSuivanteAction, prendreEnCompteAction, refuserAction, refuserDemandeAction, suspendreAction, validerAction } from "./actions";
import { EnTeteApplication } from "@/components/factures-travaux/en-tete";
import { GestionPiecesJointes } from "@/components/factures-travaux/gestion-pieces-jointes";
import { BadgeStatut } from "@/components/factures-travaux/tableau-pieces";
import { SuiviTraitement } from "@/components/factures-travaux/suivi-traitement";
import { ouIntrouvable } from "../../charger";
import { GroupeBoutons } from "@/components/ui/groupe-boutons";

export const metadata: Metadata = { title: "Pièce de facturation — Factures de travaux" };

/** A piece as every structure on it sees it: its data, files, actions, and « Suivre le traitement ». */
export default async function PiecePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const acteur = await requireActeur(`/factures-travaux/pieces/${id}`);
  const p = await ouIntrouvable(consulterPiece(acteur, id));
  const brouillon = p.statut === "BROUILLON";
  const ligne = (k: string, v: string | null | undefined) =>
    v ? (
      <div key={k} className="fr-grid-row fr-mb-1w">
        <dt className="fr-col-12 fr-col-md-4">
          <strong>{k}</strong>
        </dt>
        <dd className="fr-col-12 fr-col-md-8 fr-m-0">{v}</dd>
      </div>
    ) : null;
  const factureJointe = p.piecesJointes.some((f) => f.nature === "FACTURE");
  const possibles = brouillon ? [] : await actionsPossibles(acteur, p);
  const suivante = pieceSuivantePossible(p);
  const aCompleter = p.statut === "SUSPENDUE" && p.roles.includes("DEPOSANT");
  const dernier = [...p.historique].reverse().find((h) => h.action === "SUSPENSION" || h.action === "REFUS");
  const jours = joursRestants(p);
  const aValider = p.statut === "A_VALIDER_1" && p.roles.includes("TITULAIRE");
  const tacite = a23Possible(p);
  return (
    <div className="fr-container fr-my-6w">
      <h1>
        Facture n° {p.numero ?? "(sans numéro)"} <BadgeStatut statut={p.statut} />
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
                <a className="fr-btn fr-btn--secondary fr-icon-eye-line fr-btn--icon-left" href={`/api/factures-travaux/pieces/${id}/facture?affichage=1`} target="_blank" rel="noopener" title="Visualiser la facture (nouvelle fenêtre)">
                  Visualiser
                </a>
              </li>
            )}
            <li>
              <a className="fr-btn fr-btn--secondary fr-icon-file-download-line fr-btn--icon-left" href={`/api/factures-travaux/pieces/${id}/certificat`} download>
                Exporter le certificat de dépôt
              </a>
            </li>
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
          possibles={possibles}
          suivante={suivante}
          libelleSuivante={
            p.cadre === "A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE" && p.roles.includes("DEPOSANT")
              ? "Déposer le décompte général et définitif tacite (A23)"
              : a22Possible(p)
                ? "Déposer le projet de décompte général (procédure tacite, A22)"
                : p.roles.includes("DEPOSANT")
                ? "Corriger et déposer à nouveau"
                : "Déposer la pièce suivante du dossier de facturation"
          }
          actions={{ prendreEnCompte: prendreEnCompteAction, refuser: refuserAction, suspendre: suspendreAction, completer: completerAction, valider: validerAction, refuserDemande: refuserDemandeAction, suivante: pieceSuivanteAction }}
        />
      )}
      {jours !== null && p.roles.includes("MOE") && (
        <Alert
          className="fr-mb-3w"
          small
          severity={jours > 0 ? "info" : "warning"}
          description={jours > 0 ? `Projet de décompte mensuel à traiter dans un délai de ${DELAI_MOE_JOURS} jours : il reste ${jours} jour${jours > 1 ? "s" : ""}.` : `Le délai de ${DELAI_MOE_JOURS} jours pour traiter ce projet de décompte mensuel est dépassé.`}
        />
      )}
      {tacite !== "non" && p.deposeeLe && (
        <Alert
          className="fr-mb-3w"
          small
          severity={tacite === "oui" ? "warning" : "info"}
          description={
            tacite === "oui"
              ? `Procédure tacite : la maîtrise d'ouvrage n'a pas notifié le décompte général dans le délai de ${DELAI_MOA_TACITE_JOURS} jours, écoulé le ${dateHeureFr(echeanceTacite(p.deposeeLe))}. Vous pouvez déposer le décompte général et définitif tacite (A23).`
              : `Procédure tacite : la maîtrise d'ouvrage a jusqu'au ${dateHeureFr(echeanceTacite(p.deposeeLe))} pour notifier le décompte général. Passé ce délai, vous pourrez déposer le décompte général et définitif tacite (A23) : vous en serez averti par courriel.`
          }
        />
      )}
      {aValider && (
        <Alert
          className="fr-mb-3w"
          small
          severity="info"
          description="Demande de paiement d'un sous-traitant : joignez l'attestation de paiement direct (« Pièces jointes » ci-dessous), puis « Valider la demande de paiement » pour la transmettre à la maîtrise d'œuvre, ou « Refuser » en indiquant le motif."
        />
      )}
      {dernier && (p.statut === "SUSPENDUE" || p.statut === "REFUSEE_MOE" || p.statut === "REFUSEE_MOA" || p.statut === "REFUSEE_1") && (
        <Alert
          className="fr-mb-3w"
          severity={p.statut === "SUSPENDUE" ? "warning" : "error"}
          title={p.statut === "SUSPENDUE" ? "Pièce suspendue" : "Pièce refusée"}
          description={
            <>
              Motif : {dernier.motif}
              {aCompleter && (
                <>
                  <br />
                  Ajoutez les pièces jointes manquantes ci-dessous, corrigez si besoin les informations de la facture (
                  <Link href={`/factures-travaux/deposer/${id}/facture`}>Corriger les informations de la facture</Link>), puis cliquez sur « Compléter et renvoyer » : la pièce retournera à celui qui l&apos;a suspendue.
                </>
              )}
              {p.statut !== "SUSPENDUE" && p.roles.includes("DEPOSANT") && <><br />Un refus arrête le circuit de cette pièce : « Corriger et déposer à nouveau » prépare une nouvelle pièce, préremplie, dans le même dossier de facturation.</>}
            </>
          }
        />
      )}

      <h2 className="fr-h4">Informations</h2>
      <dl>
        {ligne("Cadre de facturation", libelleCadre(p.cadre))}
        {ligne("Statut", STATUTS[p.statut].libelle)}
        {ligne("Numéro de dépôt", p.numeroDepot)}
        {ligne("Déposée le", dateHeureFr(p.deposeeLe))}
        {ligne("Dossier de facturation", p.numeroDossier)}
        {ligne("Déposant", `${p.structureDeposante.raisonSociale} (${p.structureDeposante.identifier})${p.serviceDeposant ? ` — ${p.serviceDeposant.libelle}` : ""}`)}
        {ligne("Maîtrise d'œuvre", p.moe ? `${p.moe.raisonSociale} (${p.moe.identifier})` : null)}
        {ligne("Titulaire", p.titulaire ? `${p.titulaire.raisonSociale} (${p.titulaire.identifier})` : null)}
        {ligne("Cotraitant", p.cotraitant ? `${p.cotraitant.raisonSociale} (${p.cotraitant.identifier})${p.structureDeposanteId === p.moeId ? "" : " — déposée par le mandataire"}` : null)}
        {ligne("Maîtrise d'ouvrage", p.moa ? `${p.moa.raisonSociale} (${p.moa.identifier})${p.serviceMoa ? ` — ${p.serviceMoa.libelle}` : ""}` : null)}
        {ligne("Date de la facture", dateFr(p.dateFacture))}
        {ligne("Devise", p.devise)}
        {ligne("Type de TVA", p.typeTva ? TYPES_TVA[p.typeTva] : null)}
        {ligne("Montant total HT", formaterMontantDevise(p.montantHt, p.devise))}
        {ligne("Montant total TVA", formaterMontantDevise(p.montantTva, p.devise))}
        {ligne("Montant total TTC", formaterMontantDevise(p.montantTtc, p.devise))}
        {p.lignesTva.map((l) => ligne(`Détail TVA ${formaterTaux(l.taux)} %`, `base HT ${formaterMontant(l.baseHt)} — TVA ${formaterMontant(l.montantTva)} ${p.devise}`))}
      </dl>

      <h2 className="fr-h4 fr-mt-4w">Pièces jointes</h2>
      {aCompleter ? (
        <GestionPiecesJointes pieceId={id} fichiers={p.piecesJointes} modifiable supprimer={supprimerPieceJointeAction} />
      ) : aValider ? (
        <GestionPiecesJointes pieceId={id} fichiers={p.piecesJointes} modifiable={false} attestation supprimer={supprimerPieceJointeAction} />
      ) : (
        <GestionPiecesJointes pieceId={id} fichiers={p.piecesJointes} modifiable={false} />
      )}

      <SuiviTraitement etapes={p.historique} />
    </div>
  );
}
