import { LINK_VALIDITY_MINUTES, defineTemplate, portalLink } from "../template";
import { MailLayout } from "../components/layout";
import { ActionLink, Greeting, Paragraph, Title } from "../components/blocks";
import type { PersonneMail } from "./shared";

export type MotDePasseOublieData = PersonneMail & { token: string };

export const motDePasseOublie = defineTemplate<MotDePasseOublieData>({
  subject: () => "Réinitialisation de votre mot de passe",
  body: (data, context) => (
    <MailLayout preview={`Choisissez un nouveau mot de passe : le lien est valable ${LINK_VALIDITY_MINUTES} minutes.`}>
      <Title>Réinitialisation de votre mot de passe</Title>
      <Greeting prenom={data.prenom} nom={data.nom} />
      <Paragraph>
        Vous avez demandé la réinitialisation du mot de passe de votre compte sur le Portail des factures de travaux. Pour choisir un nouveau mot de passe,
        utilisez le lien suivant :
      </Paragraph>
      <ActionLink href={portalLink(context, "mot-de-passe", data.token)} label="Choisir un nouveau mot de passe" />
      <Paragraph>Ce lien est valable {LINK_VALIDITY_MINUTES} minutes.</Paragraph>
      <Paragraph>Si vous n’êtes pas à l’origine de cette demande, ne tenez pas compte de ce message : votre mot de passe actuel reste inchangé.</Paragraph>
    </MailLayout>
  ),
});
