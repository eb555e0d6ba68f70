import { LINK_VALIDITY_MINUTES, defineTemplate } from "../template";
import { MailLayout } from "../components/layout";
import { Greeting, Paragraph, Subtitle, Summary, Title } from "../components/blocks";
import { ACTIVATION_SUBJECT } from "./activation";
import type { PersonneMail, StructureMail } from "./shared";

export type CompteCreeData = PersonneMail & {
  /** Adresse électronique de connexion (the address this mail is sent to). */
  email: string;
  telephone?: string | null;
  emailContact?: string | null;
  structure: StructureMail;
  /** True when the user asked to be attached to a structure that already exists on the portal. */
  demandeRattachement: boolean;
};

const NON_RENSEIGNE = "non renseigné";
/** Days an account has to be activated before it is deleted with its request (JOURS_POUR_ACTIVER, lib/accounts/purge.ts). */
export const DELAI_ACTIVATION_JOURS = 7;

export const compteCree = defineTemplate<CompteCreeData>({
  subject: () => "Récapitulatif de votre demande de création de compte",
  body: (data) => (
    <MailLayout preview="Votre demande de création de compte a bien été enregistrée.">
      <Title>Récapitulatif de votre demande de création de compte</Title>
      <Greeting prenom={data.prenom} nom={data.nom} />
      <Paragraph>
        Votre demande de création de compte sur le Portail des factures de travaux a bien été enregistrée. Voici le récapitulatif des informations que vous avez
        saisies.
      </Paragraph>

      <Subtitle>Votre compte</Subtitle>
      <Summary
        rows={[
          ["Adresse électronique de connexion", data.email],
          ["Prénom", data.prenom],
          ["Nom", data.nom],
          ["Téléphone", data.telephone || NON_RENSEIGNE],
          ["Adresse électronique de contact", data.emailContact || NON_RENSEIGNE],
        ]}
      />

      <Subtitle>Votre structure</Subtitle>
      <Summary
        rows={[
          ["Type d’identifiant", data.structure.typeIdentifiant],
          ["Identifiant", data.structure.identifiant],
          ["Raison sociale", data.structure.raisonSociale],
          ["Demande de rattachement à une structure existante", data.demandeRattachement ? "oui" : "non"],
        ]}
      />

      <Subtitle>Prochaines étapes</Subtitle>
      <Paragraph>
        1. Activez votre compte dans les {LINK_VALIDITY_MINUTES} minutes : un second courriel, intitulé « {ACTIVATION_SUBJECT} », vient de vous être envoyé. Il
        contient le lien d’activation.
      </Paragraph>
      {data.demandeRattachement ? (
        <Paragraph>
          2. Le gestionnaire de la structure {data.structure.raisonSociale} doit valider votre demande de rattachement. Il en sera informé dès l’activation de
          votre compte. Votre inscription ne pourra pas être finalisée avant cette validation ; vous serez informé de sa décision par courriel.
        </Paragraph>
      ) : (
        <Paragraph>
          2. Une fois votre compte activé, vous pourrez vous connecter au portail avec votre adresse électronique de connexion et votre mot de passe. La
          structure {data.structure.raisonSociale} est créée sur le portail à l’activation de votre compte, pas avant.
        </Paragraph>
      )}
      <Paragraph>
        Un compte qui n’est pas activé dans les {DELAI_ACTIVATION_JOURS} jours est supprimé, avec sa demande. Si vous n’êtes pas à l’origine de cette demande,
        ne tenez pas compte de ce message.
      </Paragraph>
    </MailLayout>
  ),
});
