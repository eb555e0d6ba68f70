import type { ReactNode } from "react";
import TechnicalError from "@codegouvfr/react-dsfr/picto/TechnicalError";

type Props = { title: string; code: string; message: string; children: ReactNode; actions: ReactNode };

/** DSFR « page d'erreur » layout (404, erreur inattendue). */
export function StatusPage({ title, code, message, children, actions }: Props) {
  return (
    <div className="fr-container">
      <div className="fr-my-7w fr-mt-md-12w fr-mb-md-10w fr-grid-row fr-grid-row--gutters fr-grid-row--middle fr-grid-row--center">
        <div className="fr-py-0 fr-col-12 fr-col-md-6">
          <h1>{title}</h1>
          <p className="fr-text--sm fr-mb-3w">{code}</p>
          <p className="fr-text--sm fr-mb-5w">{message}</p>
          <div className="fr-text--lead fr-mb-3w">{children}</div>
          {actions}
        </div>
        <div className="fr-col-12 fr-col-md-3 fr-col-offset-md-1 fr-px-6w fr-px-md-0 fr-py-0">
          <TechnicalError fontSize="10rem" />
        </div>
      </div>
    </div>
  );
}
