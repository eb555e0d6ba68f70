"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { createModal } from "@codegouvfr/react-dsfr/Modal";
import type { ActionResult } from "@/lib/errors";

const modaleEnvoi = createModal({ id: "confirmer-envoi", isOpenedByDefault: false });

type Props = {
  pieceId: string;
  resume: string;
  /** Checks (and shows the errors of) the form before the dialog opens. */
  avantOuverture?: () => Promise<boolean>;
  envoyer: () => Promise<ActionResult<{ numeroDepot: string }>>;
  /** Field errors of the send go back to the form that has the field. */
  surErreurs?: (fieldErrors: Record<string, string>) => void;
};

/** « Valider et envoyer », then the dialog « Confirmer et envoyer », then the deposit summary. */
export function ConfirmerEnvoi({ pieceId, resume, avantOuverture, envoyer, surErreurs }: Props) {
  const router = useRouter();
  const [erreur, setErreur] = useState<{ message: string; details: string[] } | null>(null);
  const [pending, start] = useTransition();

  const ouvrir = async () => {
    setErreur(null);
    if (avantOuverture && !(await avantOuverture())) return;
    modaleEnvoi.open();
  };

  const confirmer = () =>
    start(async () => {
      const r = await envoyer();
      if (r.ok) {
        router.push(`/factures-travaux/deposer/${pieceId}/recapitulatif`);
        return;
      }
      modaleEnvoi.close();
      surErreurs?.(r.fieldErrors);
      setErreur({ message: r.message, details: Object.values(r.fieldErrors) });
    });

  return (
    <>
      {erreur && (
        <Alert
          className="fr-mb-3w"
          severity="error"
          title="La facture n'a pas été envoyée"
          description={
            <>
              {erreur.message}
              {erreur.details.length > 0 && (
                <ul>
                  {erreur.details.map((d) => (
                    <li key={d}>{d}</li>
                  ))}
                </ul>
              )}
            </>
          }
        />
      )}
      <Button type="button" iconId="fr-icon-send-plane-line" onClick={() => void ouvrir()} disabled={pending}>
        Valider et envoyer
      </Button>
      <modaleEnvoi.Component
        title="Confirmer l'envoi de votre facture de travaux"
        buttons={[
          { children: "Annuler", priority: "secondary", doClosesModal: true },
          { children: pending ? "Envoi en cours…" : "Confirmer et envoyer", doClosesModal: false, onClick: confirmer, disabled: pending },
        ]}
      >
        <p>{resume}</p>
        <p>Une fois envoyée, la facture est mise à disposition de son destinataire et ne peut plus être modifiée. Un certificat de dépôt vous est délivré.</p>
      </modaleEnvoi.Component>
    </>
  );
}
