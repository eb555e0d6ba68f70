import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { requireActeur } from "@/lib/auth/session";
import { consulterPiece } from "@/lib/invoices/consultation";
import { libelleCadre } from "@/lib/invoices/cadres";
import { dateFr, dateHeureFr } from "@/lib/invoices/format";
import { formaterMontantDevise } from "@/lib/invoices/montants";
import { TYPES_PIECE } from "@/lib/invoices/decompte";
import { STATUTS } from "@/lib/invoices/statuts";
import { EnTeteApplication } from "@/components/factures-travaux/en-tete";
import { DonnerAvis } from "@/components/factures-travaux/donner-avis";
import { donnerAvisAction } from "../../actions";
import { ouIntrouvable } from "../../../charger";
import { GroupeBoutons } from "@/components/ui/groupe-boutons";
import { Information } from "@/components/ui/information";
import { libelleCompte } from "@/lib/invoices/references";

export const metadata: Metadata = { title: "Récapitulatif du dépôt — Factures de travaux" };

/** The deposit summary: « Je donne mon avis », « Exporter le certificat de dépôt », the dossier de facturation. */
export default async function RecapitulatifPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const acteur = await requireActeur(`/factures-travaux/deposer/${id}/recapitulatif`);
  const p = await ouIntrouvable(consulterPiece(acteur, id));
  if (p.statut === "BROUILLON") redirect(`/factures-travaux/deposer/${id}/facture`);
  if (!p.roles.includes("DEPOSANT")) redirect(`/factures-travaux/pieces/${id}`);
  const lignes: [string, string][] = [
    ["Numéro de dépôt", p.numeroDepot ?? ""],
    ["Date et heure du dépôt", dateHeureFr(p.deposeeLe)],
    ["Cadre de facturation", libelleCadre(p.cadre)],
    ["Facture ou avoir", TYPES_PIECE[p.typePiece]],
    ["Numéro de la facture", p.numero ?? ""],
    ["Date de la facture", dateFr(p.dateFacture)],
    ["Montant HT", formaterMontantDevise(p.montantHt, p.devise)],
    ["Montant TTC", formaterMontantDevise(p.montantTtc, p.devise)],
    ["Net à payer", formaterMontantDevise(p.netAPayer, p.devise)],
    ["Motif de la révision du montant", p.motifRevision ?? ""],
    ...(p.moe && p.moe.id !== p.structureDeposanteId ? ([["Maîtrise d'œuvre", `${p.moe.raisonSociale} (${p.moe.identifier})`]] as [string, string][]) : []),
    ["Maîtrise d'ouvrage", `${p.moa?.raisonSociale} (${p.moa?.identifier})${p.serviceMoa ? ` — ${p.serviceMoa.libelle}` : ""}`],
    ["Numéro de marché", p.numeroMarche ?? ""],
    ["Numéro d'engagement juridique (EJ)", p.numeroEngagement ?? ""],
    ["Numéro de bon de commande", p.numeroBonCommande ?? ""],
    ["Coordonnées bancaires de paiement", libelleCompte(p.compteBancaire) ?? ""],
    ["Statut", STATUTS[p.statut].libelle],
    ["Pièces jointes", `${p.piecesJointes.length}`],
  ];
  return (
    <div className="fr-container fr-my-6w">
      <h1>Récapitulatif d&apos;envoi</h1>
      <EnTeteApplication acteur={acteur} actif="deposer" />
      <Alert
        severity="success"
        title="Votre facture de travaux a été envoyée"
        description={`Un dossier de facturation (${p.numeroDossier}) a été créé, permettant aux autres acteurs d'y associer leurs pièces. Vous serez notifié par courriel des changements de statut de votre facture.`}
        className="fr-mb-4w"
      />
      <dl className="fr-mb-4w">
        {lignes.map(([k, v]) => (
          <Information key={k} libelle={k} valeur={v} />
        ))}
      </dl>
      <GroupeBoutons className="fr-btns-group--inline-md">
        <li>
          <a className="fr-btn fr-icon-download-line fr-btn--icon-left" href={`/api/factures-travaux/pieces/${id}/certificat`} download>
            Exporter le certificat de dépôt
          </a>
        </li>
        {p.dossier && (
          <li>
            <Link className="fr-btn fr-btn--secondary" href={`/factures-travaux/dossiers/${p.dossier.id}`}>
              Revenir au dossier de facturation
            </Link>
          </li>
        )}
        <li>
          <Link className="fr-btn fr-btn--tertiary" href={`/factures-travaux/pieces/${id}`}>
            Consulter la pièce
          </Link>
        </li>
      </GroupeBoutons>
      <h2 className="fr-h5 fr-mt-4w">Votre avis</h2>
      <DonnerAvis pieceId={id} action={donnerAvisAction} />
    </div>
  );
}
