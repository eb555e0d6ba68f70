import type { ComponentProps } from "react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import type { EtatLien } from "@/lib/accounts/mot-de-passe";
import { MESSAGES } from "@/lib/errors";
import { FormulaireMotDePasse } from "./formulaire-mot-de-passe";
import { DemandeLien } from "./demande-lien";

/** The page behind an activation or reset link: the password form, or why the link no longer works. */
type Props = {
  token: string;
  purpose: "ACTIVATION" | "REINITIALISATION";
  etat: EtatLien;
  /** The page's server actions: setting the password, asking for a new link. */
  actions: {
    definirMotDePasse: ComponentProps<typeof FormulaireMotDePasse>["action"];
    demanderLien: ComponentProps<typeof DemandeLien>["action"];
  };
};

export function PageLien({ token, purpose, etat, actions }: Props) {
  const titre = purpose === "ACTIVATION" ? "Activer votre compte" : "Réinitialiser votre mot de passe";
  return (
    <div className="fr-container fr-my-6w">
      <div className="fr-grid-row fr-grid-row--center">
        <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>{titre}</h1>
          {etat.etat === "VALIDE" ? (
            <>
              <p>Paramétrez un mot de passe pour sécuriser l&apos;accès à votre compte, en respectant les règles de sécurité demandées.</p>
              <FormulaireMotDePasse token={token} purpose={purpose} email={etat.email} action={actions.definirMotDePasse} />
            </>
          ) : (
            <>
              <Alert
                className="fr-mb-4w"
                severity="error"
                title={etat.etat === "EXPIRE" ? "Lien expiré" : etat.etat === "UTILISE" ? "Lien déjà utilisé" : "Lien non valide"}
                description={etat.etat === "EXPIRE" ? MESSAGES.LIEN_EXPIRE : etat.etat === "UTILISE" ? MESSAGES.LIEN_UTILISE : MESSAGES.LIEN_INVALIDE}
              />
              <h2 className="fr-h4">Recevoir un nouveau lien</h2>
              <DemandeLien purpose={purpose} action={actions.demanderLien} submitLabel="Recevoir un nouveau lien" />
            </>
          )}
        </div>
      </div>
    </div>
  );
}
