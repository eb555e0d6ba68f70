import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { FormulaireConnexion } from "@/components/compte/formulaire-connexion";
import { adresseRetourSure } from "@/lib/securite/retour";
import { connexionAction } from "./actions";

export const metadata: Metadata = { title: "Se connecter" };

export default async function ConnexionPage({ searchParams }: { searchParams: Promise<{ email?: string; retour?: string; compte?: string }> }) {
  const { email, retour, compte } = await searchParams;
  return (
    <div className="fr-container fr-my-6w">
      <div className="fr-grid-row fr-grid-row--center">
        <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Se connecter</h1>
          {compte === "desactive" && (
            <Alert
              className="fr-mb-4w"
              severity="success"
              small
              description="Votre compte est désactivé : vous avez été déconnecté et ne pouvez plus vous connecter. Pour le rouvrir, adressez-vous au gestionnaire de votre structure ou à l'assistance du portail."
            />
          )}
          <FormulaireConnexion action={connexionAction} email={email} retour={retour === undefined ? undefined : adresseRetourSure(retour)} />
          <hr className="fr-mt-4w" />
          <h2 className="fr-h5">Vous n&apos;avez pas de compte ?</h2>
          <Link href="/creer-un-compte" className="fr-btn fr-btn--secondary">
            Créer un compte
          </Link>
        </div>
      </div>
    </div>
  );
}
