import Link from "next/link";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { cadre as definitionCadre } from "@/lib/invoices/cadres";
import type { PaiementDossier } from "@/lib/invoices/paiement";

/**
 * What the paying service of the MOA did with the dossier's money: « Mise en paiement le 02/12/2026 pour 12 345,67 € »
 * (or « Mandatée le … »), each with the piece it paid when it is another one — the supplier reads it on its own A4,
 * on the dossier's page, and on the paid piece itself.
 */
export function PaiementsDossier({ paiements, pieceId }: { paiements: PaiementDossier[]; pieceId?: string }) {
  if (paiements.length === 0) return null;
  const paye = paiements.some((p) => p.statut === "MISE_EN_PAIEMENT");
  return (
    <Alert
      className="fr-mb-3w"
      severity="success"
      title={paye ? "Paiement du service financier" : "Mandatement du service financier"}
      description={
        <ul className="fr-mb-0">
          {paiements.map((p) => (
            <li key={p.pieceId}>
              {p.texte}
              {p.pieceId !== pieceId && (
                <>
                  {" "}
                  —{" "}
                  <Link
                    href={`/factures-travaux/pieces/${p.pieceId}`}
                  >{`${definitionCadre(p.cadre).libelle.toLowerCase()} (${definitionCadre(p.cadre).court}) n° ${p.numero ?? ""}`}</Link>
                </>
              )}
            </li>
          ))}
        </ul>
      }
    />
  );
}
