"use client";

import { useState, useTransition } from "react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import type { ActionResult } from "@/lib/errors";
import { GroupeBoutons } from "@/components/ui/groupe-boutons";

type Props = {
  membershipId: string;
  demandeur: string;
  action: (input: unknown) => Promise<ActionResult>;
};

/** Validate, or refuse with a reason: the refusal asks for its reason and a confirmation, it cannot be undone. */
export function DecisionRattachement({ membershipId, demandeur, action }: Props) {
  const [refusing, setRefusing] = useState(false);
  const [motif, setMotif] = useState("");
  const [result, setResult] = useState<ActionResult | null>(null);
  const [pending, start] = useTransition();
  const decide = (decision: "VALIDER" | "REFUSER") =>
    start(async () => setResult(await action({ membershipId, decision, motif: decision === "REFUSER" ? motif : undefined })));

  if (result?.ok)
    return (
      <p role="status" className="fr-text--sm fr-mb-0">
        Décision enregistrée : le demandeur est prévenu par courriel.
      </p>
    );
  return (
    <div>
      {result && !result.ok && <Alert small severity="error" description={result.fieldErrors.motif ?? result.message} className="fr-mb-1w" />}
      {!refusing ? (
        <GroupeBoutons className="fr-btns-group--inline fr-btns-group--sm">
          <li>
            <Button size="small" onClick={() => decide("VALIDER")} disabled={pending} title={`Valider la demande de ${demandeur}`}>
              Valider
            </Button>
          </li>
          <li>
            <Button size="small" priority="secondary" onClick={() => setRefusing(true)} disabled={pending} title={`Refuser la demande de ${demandeur}`}>
              Refuser
            </Button>
          </li>
        </GroupeBoutons>
      ) : (
        <div>
          <Input
            label="Motif du refus (obligatoire)"
            hintText="Il sera communiqué au demandeur. Le refus est définitif."
            textArea
            nativeTextAreaProps={{ value: motif, onChange: (e) => setMotif(e.target.value), rows: 2, maxLength: 500, autoFocus: true }}
          />
          <GroupeBoutons className="fr-btns-group--inline fr-btns-group--sm">
            <li>
              <Button size="small" onClick={() => decide("REFUSER")} disabled={pending || !motif.trim()}>
                Confirmer le refus
              </Button>
            </li>
            <li>
              <Button size="small" priority="tertiary" onClick={() => setRefusing(false)} disabled={pending}>
                Annuler
              </Button>
            </li>
          </GroupeBoutons>
        </div>
      )}
    </div>
  );
}
