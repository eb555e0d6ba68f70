"use client";

import { useEffect } from "react";
import { ButtonsGroup } from "@codegouvfr/react-dsfr/ButtonsGroup";
import { StatusPage } from "@/components/ui/status-page";
import { SERVICE } from "@/components/ui/service";

/** Unexpected error in a page: DSFR error page, with a retry. The details stay in the server logs. */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error && "digest" in error ? String(error.digest) : undefined;

  return (
    <>
      <title>{`Erreur inattendue — ${SERVICE.nom}`}</title>
      <StatusPage
        title="Erreur inattendue"
        code="Erreur 500"
        message="Désolé, le service rencontre un problème. Nous travaillons à le résoudre le plus rapidement possible."
        actions={
          <ButtonsGroup
            inlineLayoutWhen="md and up"
            buttons={[
              { children: "Réessayer", onClick: () => retry() },
              { children: "Page d'accueil", priority: "secondary", linkProps: { href: "/" } },
            ]}
          />
        }
      >
        <p>
          Essayez de rafraîchir la page ou réessayez plus tard. Si le problème persiste, contactez-nous en indiquant l&apos;heure à laquelle il s&apos;est
          produit
          {digest ? <> et la référence de l&apos;erreur : {digest}</> : null}.
        </p>
      </StatusPage>
    </>
  );
}
