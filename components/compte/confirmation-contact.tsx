"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import type { EtatConfirmation } from "@/lib/accounts/email-contact";
import type { ActionResult } from "@/lib/errors";

type Props = {
  token: string;
  etat: EtatConfirmation;
  /** Spends the link and confirms the address. */
  action: (input: unknown) => Promise<ActionResult<{ email: string }>>;
};

const RAISONS = {
  EXPIRE: { titre: "Lien expiré", texte: "Ce lien n'était valable que 60 minutes." },
  UTILISE: { titre: "Lien déjà utilisé", texte: "Ce lien a déjà été utilisé, ou un lien plus récent a été envoyé à cette adresse." },
  INVALIDE: { titre: "Lien non valide", texte: "Ce lien n'est pas valide. Vérifiez que vous avez copié l'adresse complète du courriel." },
} as const;

/**
 * The page behind the link mailed to a contact address: one button confirms it (a click, not the mere opening of the
 * page, which some mail filters do on their own).
 */
export function ConfirmationContact({ token, etat, action }: Props) {
  const [confirmee, setConfirmee] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const confirmer = () =>
    start(async () => {
      setError(null);
      const r = await action({ token });
      if (r.ok) setConfirmee(r.data.email);
      else setError(r.message);
    });

  return (
    <div className="fr-container fr-my-6w">
      <div className="fr-grid-row fr-grid-row--center">
        <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Confirmer l&apos;adresse électronique de contact</h1>
          {confirmee ? (
            <Alert
              severity="success"
              title="Adresse confirmée"
              description={<>Les courriels du portail seront désormais envoyés à l&apos;adresse {confirmee}.</>}
            />
          ) : etat.etat === "VALIDE" ? (
            <>
              {error && <Alert className="fr-mb-3w" severity="error" title="L'adresse n'a pas été confirmée" description={error} />}
              <p>
                Confirmez que l&apos;adresse <strong>{etat.email}</strong> doit recevoir les courriels du Portail des factures de travaux pour ce compte.
              </p>
              <Button onClick={confirmer} disabled={pending}>
                {pending ? "Confirmation…" : "Confirmer cette adresse"}
              </Button>
            </>
          ) : (
            <Alert
              severity="error"
              title={RAISONS[etat.etat].titre}
              description={
                <>
                  {RAISONS[etat.etat].texte} Le titulaire du compte peut demander un nouveau lien depuis <Link href="/mon-compte">Mon compte</Link>.
                </>
              }
            />
          )}
        </div>
      </div>
    </div>
  );
}
