"use client";

import { useState, useTransition } from "react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { createModal } from "@codegouvfr/react-dsfr/Modal";
import type { ActionResult } from "@/lib/errors";

const fermeture = createModal({ id: "confirmer-fermeture-espace", isOpenedByDefault: false });

type Props = {
  modifiable: boolean;
  worksSpaceOpen: boolean;
  isPublicBuyer: boolean;
  action: (input: unknown) => Promise<ActionResult>;
};

/**
 * The « Factures de travaux » space (open, closed — closing asks for a confirmation: deposits are then refused) and
 * the public buyer (MOA) mark. Only the gestionnaire principal changes them; the others see them.
 */
export function ParametresStructure({ modifiable, worksSpaceOpen, isPublicBuyer, action }: Props) {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const envoyer = (input: { worksSpaceOpen?: boolean; isPublicBuyer?: boolean }, succes: string) =>
    start(async () => {
      const r = await action(input);
      setResult(r.ok ? { ok: true, text: succes } : { ok: false, text: r.message });
    });

  return (
    <>
      <div role="status" className="fr-mb-2w">
        {pending && <p className="fr-text--sm">Enregistrement en cours…</p>}
        {!pending && result && <Alert small severity={result.ok ? "success" : "error"} description={result.text} />}
      </div>
      {!modifiable && <p className="fr-text--sm">Seul le gestionnaire principal de la structure peut modifier ces paramètres.</p>}

      <section className="fr-mb-4w" aria-labelledby="titre-espace">
        <h2 id="titre-espace">Espace « Factures de travaux »</h2>
        <p>
          État : <Badge severity={worksSpaceOpen ? "success" : "warning"}>{worksSpaceOpen ? "Ouvert" : "Fermé"}</Badge>
        </p>
        <p className="fr-text--sm">
          Une maîtrise d&apos;œuvre doit avoir ouvert son espace « Factures de travaux » pour recevoir les dépôts des fournisseurs ; tant qu&apos;il est fermé,
          un dépôt qui la désigne est refusé à l&apos;enregistrement.
        </p>
        {modifiable &&
          (worksSpaceOpen ? (
            <Button priority="secondary" disabled={pending} onClick={() => fermeture.open()}>
              Fermer l&apos;espace
            </Button>
          ) : (
            <Button disabled={pending} onClick={() => envoyer({ worksSpaceOpen: true }, "L'espace « Factures de travaux » est ouvert.")}>
              Ouvrir l&apos;espace
            </Button>
          ))}
      </section>

      <section aria-labelledby="titre-acheteur">
        <h2 id="titre-acheteur">Acheteur public (maîtrise d&apos;ouvrage)</h2>
        <p>
          <Badge severity={isPublicBuyer ? "success" : "info"}>{isPublicBuyer ? "Acheteur public" : "Pas acheteur public"}</Badge>
        </p>
        <p className="fr-text--sm">Seul un acheteur public peut être désigné comme maîtrise d&apos;ouvrage, destinataire d&apos;une facture de travaux.</p>
        {modifiable && (
          <Button
            priority="secondary"
            disabled={pending}
            onClick={() =>
              envoyer(
                { isPublicBuyer: !isPublicBuyer },
                isPublicBuyer ? "La structure n'est plus un acheteur public." : "La structure est désormais un acheteur public.",
              )
            }
          >
            {isPublicBuyer ? "Ne plus être acheteur public" : "Déclarer la structure acheteur public"}
          </Button>
        )}
      </section>

      <fermeture.Component
        title="Fermer l'espace « Factures de travaux » ?"
        buttons={[
          { children: "Annuler", priority: "secondary" },
          { children: "Confirmer la fermeture", onClick: () => envoyer({ worksSpaceOpen: false }, "L'espace « Factures de travaux » est fermé.") },
        ]}
      >
        <p>Tant que l&apos;espace est fermé, les fournisseurs ne peuvent plus déposer de facture de travaux à l&apos;attention de la structure.</p>
      </fermeture.Component>
    </>
  );
}
