import { defineTemplate, portalLink, portalPath } from "../template";
import { MailLayout } from "../components/layout";
import { ActionLink, Greeting, Paragraph, Title } from "../components/blocks";
import { describeStructure, type PersonneMail, type StructureMail } from "./shared";

export type RattachementValideData = PersonneMail & { structure: StructureMail };

export const rattachementValide = defineTemplate<RattachementValideData>({
  subject: () => "Votre demande de rattachement a été acceptée",
  resume: (data) => `Vous êtes rattaché à la structure ${data.structure.raisonSociale}.`,
  lien: () => portalPath("structures", "mes-structures"),
  body: (data, context) => (
    <MailLayout preview={`Vous êtes rattaché à la structure ${data.structure.raisonSociale}.`}>
      <Title>Demande de rattachement acceptée</Title>
      <Greeting prenom={data.prenom} nom={data.nom} />
      <Paragraph>Le gestionnaire de la structure {describeStructure(data.structure)} a accepté votre demande de rattachement.</Paragraph>
      <Paragraph>Votre inscription est finalisée : vous pouvez vous connecter au portail et agir pour le compte de cette structure.</Paragraph>
      <ActionLink href={portalLink(context, "connexion")} label="Se connecter" />
    </MailLayout>
  ),
});
