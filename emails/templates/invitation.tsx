import { defineTemplate, portalLink } from "../template";
import { MailLayout } from "../components/layout";
import { ActionLink, Paragraph, Summary, Title } from "../components/blocks";
import { describeStructure, type StructureMail } from "./shared";

/**
 * Sent to an address that is no account's yet (`to`): a gestionnaire invites its owner to the structure. The link's
 * `token` is removed by the delivery from what it keeps.
 */
export type InvitationData = {
  structure: StructureMail;
  /** The gestionnaire who invites (first and last name). */
  invitePar: string;
  /** « Département Immobilier (DEPT-IMMO) : Modification », one per service; empty: the whole structure. */
  services: string[];
  token: string;
  validiteJours: number;
};

export const invitation = defineTemplate<InvitationData>({
  subject: (data) => `Invitation à rejoindre la structure ${data.structure.raisonSociale} sur le Portail des factures de travaux`,
  body: (data, context) => (
    <MailLayout preview={`${data.invitePar} vous invite à rejoindre la structure ${data.structure.raisonSociale}.`}>
      <Title>Invitation à rejoindre une structure</Title>
      <Paragraph>Bonjour,</Paragraph>
      <Paragraph>
        {data.invitePar}, gestionnaire de la structure {describeStructure(data.structure)}, vous invite à créer votre compte sur le Portail des factures de
        travaux. Votre compte sera rattaché à cette structure dès sa création, sans autre validation.
      </Paragraph>
      <Summary rows={data.services.length ? data.services.map((s) => ["Service", s] as [string, string]) : [["Services", "Toute la structure"]]} />
      <ActionLink href={portalLink(context, "invitation", data.token)} label="Créer mon compte" />
      <Paragraph>
        Ce lien est valable {data.validiteJours} jours et ne peut être utilisé qu’une seule fois. Si vous ne connaissez pas cette structure, ne tenez pas compte
        de ce message : aucun compte ne sera créé.
      </Paragraph>
    </MailLayout>
  ),
});
