import { defineTemplate, portalLink, portalPath } from "../template";
import { MailLayout } from "../components/layout";
import { ActionLink, Greeting, Paragraph, Quote, Title } from "../components/blocks";
import { describeStructure, type PersonneMail, type StructureMail } from "./shared";

export type AcheteurPublicDecisionData = PersonneMail & {
  structure: StructureMail;
  /** ACCORDEE, REFUSEE: the decision on the structure's request; RETIREE: an administrator withdrew the status. */
  decision: "ACCORDEE" | "REFUSEE" | "RETIREE";
  /** The administrator's reason (mandatory to refuse or withdraw). */
  motif: string | null;
};

const SUJETS = {
  ACCORDEE: "Le statut d'acheteur public a été accordé à votre structure",
  REFUSEE: "La demande de statut d'acheteur public de votre structure a été refusée",
  RETIREE: "Le statut d'acheteur public de votre structure a été retiré",
} as const;

const PHRASES = {
  ACCORDEE:
    "Un administrateur du portail a accordé le statut d’acheteur public à la structure. Elle peut désormais être désignée comme maîtrise d’ouvrage, destinataire des factures de travaux.",
  REFUSEE: "Un administrateur du portail a refusé la demande de statut d’acheteur public de la structure.",
  RETIREE:
    "Un administrateur du portail a retiré le statut d’acheteur public de la structure : elle ne peut plus être désignée comme maîtrise d’ouvrage d’une nouvelle facture de travaux.",
} as const;

/** Sent to each manager of the structure (gestionnaires principal and secondaires). */
export const acheteurPublicDecision = defineTemplate<AcheteurPublicDecisionData>({
  subject: (data) => SUJETS[data.decision],
  resume: (data) => `${data.structure.raisonSociale} : ${SUJETS[data.decision].toLowerCase()}${data.motif ? `. Motif : ${data.motif}` : "."}`,
  lien: () => portalPath("structures", "parametres"),
  body: (data, context) => (
    <MailLayout preview={SUJETS[data.decision]}>
      <Title>{SUJETS[data.decision]}</Title>
      <Greeting prenom={data.prenom} nom={data.nom} />
      <Paragraph>
        Structure : {describeStructure(data.structure)}. {PHRASES[data.decision]}
      </Paragraph>
      {data.motif && (
        <>
          <Paragraph>{data.decision === "ACCORDEE" ? "Commentaire de l’administrateur :" : "Motif :"}</Paragraph>
          <Quote>{data.motif}</Quote>
        </>
      )}
      <ActionLink href={portalLink(context, "structures", "parametres")} label="Voir les paramètres de la structure" />
    </MailLayout>
  ),
});
