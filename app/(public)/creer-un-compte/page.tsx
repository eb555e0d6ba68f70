import type { Metadata } from "next";
import { FormulaireCreationCompte } from "@/components/compte/formulaire-creation-compte";
import { creerCompteAction, nouveauCaptchaAction, rechercherStructureAction, validerCaptchaAction } from "./actions";

export const metadata: Metadata = { title: "Créer un compte" };

export default function CreerUnComptePage() {
  return (
    <div className="fr-container fr-my-6w">
      <div className="fr-grid-row fr-grid-row--center">
        <div className="fr-col-12 fr-col-md-10 fr-col-lg-8">
          <h1>Créer un compte</h1>
          <p>
            Complétez vos informations personnelles et celles de la structure pour laquelle vous travaillez. Tout utilisateur doit être rattaché à sa structure
            pour accéder aux fonctionnalités du portail.
          </p>
          <FormulaireCreationCompte
            actions={{
              rechercherStructure: rechercherStructureAction,
              nouveauCaptcha: nouveauCaptchaAction,
              validerCaptcha: validerCaptchaAction,
              creerCompte: creerCompteAction,
            }}
          />
        </div>
      </div>
    </div>
  );
}
