import type { Metadata } from "next";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { etatInvitation, MESSAGES_INVITATION } from "@/lib/structures/invitations";
import { FormulaireInvitation } from "@/components/compte/formulaire-invitation";
import { accepterInvitationAction } from "../actions";

export const metadata: Metadata = { title: "Créer votre compte sur invitation", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

/** The page behind an invitation link: the account creation form, or why the link no longer works. */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const etat = await etatInvitation(token);
  return (
    <div className="fr-container fr-my-6w">
      <div className="fr-grid-row fr-grid-row--center">
        <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Créer votre compte sur invitation</h1>
          {etat.etat === "VALIDE" ? (
            <>
              <p>
                Vous êtes invité à rejoindre la structure <strong>{etat.structure}</strong>. Votre compte y sera rattaché et validé dès sa création.
              </p>
              <p>Services et droits : {etat.services.length ? <span>{etat.services.join(" ; ")}</span> : <span>toute la structure</span>}.</p>
              <FormulaireInvitation token={token} email={etat.email} structure={etat.structure} action={accepterInvitationAction} />
            </>
          ) : (
            <Alert
              severity="error"
              title={etat.etat === "EXPIREE" ? "Invitation expirée" : etat.etat === "UTILISEE" ? "Invitation déjà utilisée" : "Invitation non valide"}
              description={MESSAGES_INVITATION[etat.etat]}
            />
          )}
        </div>
      </div>
    </div>
  );
}
