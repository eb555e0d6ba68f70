import { defineTemplate, portalPath } from "../template";
import { MailLayout } from "../components/layout";
import { Greeting, Paragraph, Quote, Title } from "../components/blocks";
import { describeStructure, type PersonneMail, type StructureMail } from "./shared";

export type RattachementRefuseData = PersonneMail & { structure: StructureMail; motif: string };

export const rattachementRefuse = defineTemplate<RattachementRefuseData>({
  subject: () => "Votre demande de rattachement a été refusée",
  resume: (data) => `Votre demande de rattachement à la structure ${data.structure.raisonSociale} a été refusée. Motif : ${data.motif}`,
  lien: () => portalPath("structures", "mes-structures"),
  body: (data) => (
    <MailLayout preview={`Votre demande de rattachement à la structure ${data.structure.raisonSociale} a été refusée.`}>
      <Title>Demande de rattachement refusée</Title>
      <Greeting prenom={data.prenom} nom={data.nom} />
      <Paragraph>Le gestionnaire de la structure {describeStructure(data.structure)} a refusé votre demande de rattachement, pour le motif suivant :</Paragraph>
      <Quote>{data.motif}</Quote>
      <Paragraph>
        Votre inscription ne peut donc pas être finalisée pour cette structure. Si vous pensez qu’il s’agit d’une erreur, rapprochez-vous directement de la
        structure.
      </Paragraph>
    </MailLayout>
  ),
});
