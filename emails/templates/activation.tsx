import { LINK_VALIDITY_MINUTES, defineTemplate, portalLink } from "../template";
import { MailLayout } from "../components/layout";
import { ActionLink, Greeting, Paragraph, Title } from "../components/blocks";
import type { PersonneMail } from "./shared";

export type ActivationData = PersonneMail & { token: string };

export const ACTIVATION_SUBJECT = "Activation de votre compte";

export const activation = defineTemplate<ActivationData>({
  subject: () => ACTIVATION_SUBJECT,
  body: (data, context) => (
    <MailLayout preview={`Activez votre compte : le lien est valable ${LINK_VALIDITY_MINUTES} minutes.`}>
      <Title>{ACTIVATION_SUBJECT}</Title>
      <Greeting prenom={data.prenom} nom={data.nom} />
      <Paragraph>Pour activer votre compte sur le Portail des factures de travaux, utilisez le lien suivant :</Paragraph>
      <ActionLink href={portalLink(context, "activation", data.token)} label="Activer mon compte" />
      <Paragraph>
        Ce lien est valable {LINK_VALIDITY_MINUTES} minutes et ne peut être utilisé qu’une seule fois. Passé ce délai, il ne sera plus valide.
      </Paragraph>
      <Paragraph>Si vous n’êtes pas à l’origine de cette demande, ne tenez pas compte de ce message.</Paragraph>
    </MailLayout>
  ),
});
