import { Alert } from "@codegouvfr/react-dsfr/Alert";
import type { RecapitulatifCompte } from "@/lib/accounts/creer-compte";

/** The guide's summary screen after « Créer mon compte ». */
export function Recapitulatif({ recap }: { recap: RecapitulatifCompte }) {
  return (
    <section aria-labelledby="recap-titre">
      <h2 id="recap-titre" tabIndex={-1}>
        Votre compte a été créé
      </h2>
      <Alert
        severity="success"
        title="Consultez votre messagerie"
        description={`Deux courriels ont été envoyés à ${recap.email} : un récapitulatif de votre compte et un lien d'activation, valable 60 minutes, pour choisir votre mot de passe.`}
      />
      {recap.rattachementDemande && (
        <Alert
          className="fr-mt-2w"
          severity="info"
          title="Demande de rattachement en attente"
          description={`Votre demande de rattachement à la structure ${recap.structure.raisonSociale} sera transmise à son gestionnaire dès l'activation de votre compte. Vous recevrez un courriel dès qu'il l'aura validée ou refusée ; l'accès aux fonctionnalités de la structure attend cette validation.`}
        />
      )}
      <h3 className="fr-mt-4w">Récapitulatif</h3>
      <dl className="recapitulatif">
        <dt>Adresse électronique de connexion</dt>
        <dd>{recap.email}</dd>
        <dt>Prénom et nom</dt>
        <dd>
          {recap.firstName} {recap.lastName}
        </dd>
        <dt>Numéro de téléphone</dt>
        <dd>{recap.phone}</dd>
        <dt>E-mail du contact</dt>
        <dd>{recap.contactEmail}</dd>
        <dt>Structure</dt>
        <dd>
          {recap.structure.raisonSociale} — {recap.structure.typeLabel} {recap.structure.identifier}
        </dd>
      </dl>
      <h3 className="fr-mt-4w">Et maintenant ?</h3>
      <ol>
        <li>Ouvrez le courriel « Activez votre compte » et cliquez sur le lien dans les 60 minutes.</li>
        <li>Choisissez votre mot de passe : 12 caractères minimum, dont 3 types parmi majuscules, minuscules, chiffres et caractères spéciaux.</li>
        <li>Connectez-vous au portail avec votre adresse électronique de connexion.</li>
      </ol>
      <p className="fr-text--sm">
        {recap.rattachementDemande
          ? "Votre demande de rattachement est transmise à l'activation de votre compte, pas avant."
          : `La structure ${recap.structure.raisonSociale} est créée sur le portail à l'activation de votre compte, pas avant.`}{" "}
        Un compte qui n&apos;est pas activé dans les 7 jours est supprimé, avec sa demande.
      </p>
    </section>
  );
}
