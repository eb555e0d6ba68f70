import { defineTemplate, portalLink } from "../template";
import { MailLayout } from "../components/layout";
import { ActionLink, Greeting, Paragraph, Title } from "../components/blocks";
import type { PersonneMail } from "./shared";

/**
 * Sent to the sign-in address when the « E-mail du contact » changes: the portal's mails will go elsewhere once the
 * new address is confirmed, and the owner must be able to react if it was not him.
 */
export type EmailContactModifieData = PersonneMail & { le: string; nouvelleAdresse: string };

const SUJET = "L'e-mail du contact de votre compte a été modifié";

export const emailContactModifie = defineTemplate<EmailContactModifieData>({
  subject: () => SUJET,
  body: (data, context) => (
    <MailLayout preview={`Nouvelle adresse de contact : ${data.nouvelleAdresse}.`}>
      <Title>{SUJET}</Title>
      <Greeting prenom={data.prenom} nom={data.nom} />
      <Paragraph>
        L’e-mail du contact de votre compte sur le Portail des factures de travaux a été remplacé le {data.le} par {data.nouvelleAdresse}. Une fois cette
        adresse confirmée par le lien qui lui a été envoyé, les courriels du portail lui seront adressés.
      </Paragraph>
      <Paragraph>Si vous êtes à l’origine de ce changement, vous n’avez rien à faire.</Paragraph>
      <Paragraph>Sinon, quelqu’un utilise votre compte : choisissez sans attendre un nouveau mot de passe (toutes vos sessions seront fermées).</Paragraph>
      <ActionLink href={portalLink(context, "mot-de-passe-oublie")} label="Choisir un nouveau mot de passe" />
    </MailLayout>
  ),
});
