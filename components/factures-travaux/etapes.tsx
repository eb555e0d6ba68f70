import Link from "next/link";
import { Stepper } from "@codegouvfr/react-dsfr/Stepper";

export const ETAPES = [
  { segment: "cadre", titre: "Cadre de facturation" },
  { segment: "parties", titre: "Maîtrise d'œuvre et maîtrise d'ouvrage" },
  { segment: "facture", titre: "Informations de la facture" },
] as const;

/** The three steps of « Déposer »; the steps already reached stay one click away (each is saved). */
export function EtapesDepot({ pieceId, courante, atteinte }: { pieceId?: string; courante: 1 | 2 | 3; atteinte?: number }) {
  return (
    <>
      <Stepper currentStep={courante} stepCount={3} title={ETAPES[courante - 1].titre} nextTitle={courante < 3 ? ETAPES[courante as 1 | 2].titre : undefined} />
      {pieceId && (
        <nav aria-label="Étapes du dépôt" className="fr-mb-3w">
          <ul className="fr-links-group fr-links-group--inline" style={{ display: "flex", gap: "1.5rem", listStyle: "none", paddingLeft: 0 }}>
            {ETAPES.map((e, i) =>
              i + 1 <= (atteinte ?? courante) ? (
                <li key={e.segment}>
                  <Link
                    className="fr-link fr-link--sm"
                    href={`/factures-travaux/deposer/${pieceId}/${e.segment}`}
                    aria-current={i + 1 === courante ? "step" : undefined}
                  >
                    {i + 1}. {e.titre}
                  </Link>
                </li>
              ) : null,
            )}
          </ul>
        </nav>
      )}
    </>
  );
}
