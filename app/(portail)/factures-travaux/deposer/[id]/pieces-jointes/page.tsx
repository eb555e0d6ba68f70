import type { Metadata } from "next";
import Link from "next/link";
import { requireActeur } from "@/lib/auth/session";
import { libelleCadre } from "@/lib/invoices/cadres";
import { EnTeteApplication } from "@/components/factures-travaux/en-tete";
import { GestionPiecesJointes } from "@/components/factures-travaux/gestion-pieces-jointes";
import { EnvoiDepuisPiecesJointes } from "@/components/factures-travaux/envoi-pieces-jointes";
import { SignatureDecompte } from "@/components/factures-travaux/signature-decompte";
import { signeDecompteGeneral } from "@/lib/invoices/fin-de-marche";
import { CHOIX_SIGNATURE } from "@/lib/invoices/signature-schema";
import { enregistrerSignatureAction, supprimerPieceJointeAction, envoyerAction } from "../../actions";
import { chargerBrouillon } from "../brouillon";
import { GroupeBoutons } from "@/components/ui/groupe-boutons";

export const metadata: Metadata = { title: "Gestion des pièces jointes — Déposer une facture" };

export default async function PiecesJointesPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const acteur = await requireActeur(`/factures-travaux/deposer/${id}/pieces-jointes`);
  const p = await chargerBrouillon(acteur, id);
  // The A8 signing a décompte général: the titulaire's choice, and its mémoire en réclamation among the files.
  const signature = signeDecompteGeneral(p.cadre, p.piecePrecedente?.cadre);
  return (
    <div className="fr-container fr-my-6w">
      <h1>Gestion des pièces jointes</h1>
      <EnTeteApplication acteur={acteur} actif="deposer" />
      <p>
        {libelleCadre(p.cadre)}
        {p.numero ? ` — facture n° ${p.numero}` : ""}. Joignez la facture elle-même au format PDF (obligatoire), et si besoin d&apos;autres pièces : pour
        chacune, vous pouvez la consulter, la télécharger ou la supprimer.
      </p>
      {signature && (
        <section aria-labelledby="signature-titre">
          <h2 id="signature-titre" className="fr-h5">
            Signature du décompte général
          </h2>
          <SignatureDecompte
            pieceId={id}
            decompte={`${libelleCadre(p.piecePrecedente!.cadre)}${p.piecePrecedente!.numero ? ` n° ${p.piecePrecedente!.numero}` : ""}`}
            valeurs={{ signature: p.signatureAvecReserves ? "RESERVES" : "ACCEPTE", motifReserves: p.motifReserves ?? "" }}
            enregistrer={enregistrerSignatureAction}
          />
        </section>
      )}
      {signature && <h2 className="fr-h5">Pièces jointes</h2>}
      <GestionPiecesJointes pieceId={id} fichiers={p.piecesJointes} modifiable memoire={signature} supprimer={supprimerPieceJointeAction} />
      <GroupeBoutons className="fr-btns-group--inline-md fr-mt-3w">
        <li>
          <Link className="fr-btn fr-btn--secondary fr-icon-arrow-left-line fr-btn--icon-left" href={`/factures-travaux/deposer/${id}/facture`}>
            Retour à la facture
          </Link>
        </li>
        {p.numero && (
          <li>
            <EnvoiDepuisPiecesJointes
              pieceId={id}
              resume={
                signature
                  ? `Vous allez signer le décompte général en envoyant la facture n° ${p.numero} (${libelleCadre(p.cadre)}) : vous choisissez « ${CHOIX_SIGNATURE[p.signatureAvecReserves ? "RESERVES" : "ACCEPTE"]} ». Elle sera transmise au service financier de la maîtrise d'ouvrage.`
                  : `Vous allez envoyer la facture n° ${p.numero} (${libelleCadre(p.cadre)}).`
              }
              envoyer={envoyerAction}
            />
          </li>
        )}
      </GroupeBoutons>
    </div>
  );
}
