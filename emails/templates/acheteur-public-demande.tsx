import { defineTemplate, portalLink, portalPath } from "../template";
import { MailLayout } from "../components/layout";
import { ActionLink, Greeting, Paragraph, Quote, Title } from "../components/blocks";
import { describeStructure, type PersonneMail, type StructureMail } from "./shared";

export type AcheteurPublicDemandeData = PersonneMail & { structure: StructureMail; demandeur: string; motif: string };

/** Sent to each portal administrator when a gestionnaire principal asks for the public-buyer status. */
export const acheteurPublicDemande = defineTemplate<AcheteurPublicDemandeData>({
  subject: (data) => `Demande de statut d'acheteur public : ${data.structure.raisonSociale}`,
  resume: (data) => `${data.demandeur} demande le statut d'acheteur public pour la structure ${data.structure.raisonSociale}.`,
  lien: () => portalPath("administration", "acheteurs-publics"),
  body: (data, context) => (
    <MailLayout preview={`${data.demandeur} demande le statut d'acheteur public pour ${data.structure.raisonSociale}.`}>
      <Title>Demande de statut d’acheteur public</Title>
      <Greeting prenom={data.prenom} nom={data.nom} />
      <Paragraph>
        {data.demandeur}, gestionnaire principal de la structure {describeStructure(data.structure)}, demande que sa structure soit reconnue comme acheteur
        public (maîtrise d’ouvrage), pour le motif suivant :
      </Paragraph>
      <Quote>{data.motif}</Quote>
      <Paragraph>Vous pouvez accorder ou refuser ce statut depuis l’administration du portail :</Paragraph>
      <ActionLink href={portalLink(context, "administration", "acheteurs-publics")} label="Traiter la demande" />
    </MailLayout>
  ),
});
