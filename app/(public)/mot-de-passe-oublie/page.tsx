import type { Metadata } from "next";
import { DemandeLien } from "@/components/compte/demande-lien";
import { demanderLienAction } from "../activation/actions";

export const metadata: Metadata = { title: "Mot de passe oublié" };

export default function MotDePasseOubliePage() {
  return (
    <div className="fr-container fr-my-6w">
      <div className="fr-grid-row fr-grid-row--center">
        <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Mot de passe oublié</h1>
          <p>
            Saisissez l&apos;adresse électronique de connexion de votre compte : vous recevrez un lien, valable 60 minutes, pour choisir un nouveau mot de
            passe.
          </p>
          <DemandeLien purpose="REINITIALISATION" action={demanderLienAction} submitLabel="Recevoir un lien" />
        </div>
      </div>
    </div>
  );
}
