import { LINK_VALIDITY_MINUTES, defineTemplate, portalLink } from "../template";
import { MailLayout } from "../components/layout";
import { ActionLink, Greeting, Paragraph, Title } from "../components/blocks";
import type { PersonneMail } from "./shared";

/** Sent to the « E-mail du contact » itself (not yet a confirmed address of the user): `email` is that address. */
export type ConfirmationEmailContactData = PersonneMail & { email: string; token: string };

export const CONFIRMATION_EMAIL_CONTACT_SUBJECT = "Confirmez votre adresse électronique de contact";

export const confirmationEmailContact = defineTemplate<ConfirmationEmailContactData>({
  subject: () => CONFIRMATION_EMAIL_CONTACT_SUBJECT,
  body: (data, context) => (
    <MailLayout preview={`Confirmez cette adresse de contact : le lien est valable ${LINK_VALIDITY_MINUTES} minutes.`}>
      <Title>{CONFIRMATION_EMAIL_CONTACT_SUBJECT}</Title>
      <Greeting prenom={data.prenom} nom={data.nom} />
      <Paragraph>
        L’adresse {data.email} a été indiquée comme « E-mail du contact » d’un compte du Portail des factures de travaux. Pour que les courriels du portail
        (pièces à traiter, changements de statut, rattachements) soient envoyés à cette adresse, confirmez-la en utilisant le lien suivant :
      </Paragraph>
      <ActionLink href={portalLink(context, "confirmation-contact", data.token)} label="Confirmer cette adresse" />
      <Paragraph>
        Ce lien est valable {LINK_VALIDITY_MINUTES} minutes et ne peut être utilisé qu’une seule fois. Tant que l’adresse n’est pas confirmée, les courriels
        sont envoyés à l’adresse électronique de connexion du compte.
      </Paragraph>
      <Paragraph>Si vous n’êtes pas à l’origine de cette demande, ne tenez pas compte de ce message : aucun courriel du portail ne vous sera envoyé.</Paragraph>
    </MailLayout>
  ),
});
