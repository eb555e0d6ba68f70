import { defineTemplate, portalLink, portalPath } from "../template";
import { MailLayout } from "../components/layout";
import { ActionLink, Greeting, Paragraph, Summary, Title } from "../components/blocks";
import { describeStructure, type PersonneMail, type StructureMail } from "./shared";

export type DemandeRattachementData = {
  demandeur: PersonneMail & { email: string };
  structure: StructureMail;
};

/** Sent to each gestionnaire of the structure. */
export const demandeRattachement = defineTemplate<DemandeRattachementData>({
  subject: (data) => `Demande de rattachement à la structure ${data.structure.raisonSociale}`,
  resume: (data) =>
    `${data.demandeur.prenom} ${data.demandeur.nom} (${data.demandeur.email}) demande à être rattaché à la structure ${data.structure.raisonSociale}.`,
  lien: () => portalPath("structures", "rattachements"),
  body: (data, context) => (
    <MailLayout preview={`${data.demandeur.prenom} ${data.demandeur.nom} demande à être rattaché à votre structure.`}>
      <Title>Nouvelle demande de rattachement</Title>
      <Greeting />
      <Paragraph>Une personne demande à être rattachée à la structure {describeStructure(data.structure)}, dont vous êtes gestionnaire :</Paragraph>
      <Summary
        rows={[
          ["Prénom", data.demandeur.prenom],
          ["Nom", data.demandeur.nom],
          ["Adresse électronique", data.demandeur.email],
        ]}
      />
      <Paragraph>
        Son inscription ne pourra être finalisée qu’après votre validation. Vous pouvez accepter ou refuser cette demande depuis la gestion des rattachements de
        votre structure :
      </Paragraph>
      <ActionLink href={portalLink(context, "structures", "rattachements")} label="Traiter la demande" />
      <Paragraph>Si vous ne connaissez pas cette personne, refusez la demande en indiquant le motif du refus.</Paragraph>
    </MailLayout>
  ),
});
