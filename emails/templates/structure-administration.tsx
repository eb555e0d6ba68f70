import { defineTemplate, portalLink, portalPath } from "../template";
import { MailLayout } from "../components/layout";
import { ActionLink, Greeting, Paragraph, Quote, Title } from "../components/blocks";
import { describeStructure, type PersonneMail, type StructureMail } from "./shared";

export type StructureAdministrationData = PersonneMail & {
  structure: StructureMail;
  action: "DESACTIVEE" | "REACTIVEE" | "GESTIONNAIRE_PRINCIPAL_REATTRIBUE";
  motif: string;
  /** GESTIONNAIRE_PRINCIPAL_REATTRIBUE: the new gestionnaire principal, and what became of the previous ones (« Jean Dupont est désactivé »). */
  nouveauGestionnaire?: string;
  ancienGestionnaire?: string;
};

const SUJETS = {
  DESACTIVEE: "Votre structure a été désactivée sur le portail",
  REACTIVEE: "Votre structure a été réactivée sur le portail",
  GESTIONNAIRE_PRINCIPAL_REATTRIBUE: "Le gestionnaire principal de votre structure a changé",
} as const;

function phrase(d: StructureAdministrationData): string {
  if (d.action === "DESACTIVEE")
    return "Un administrateur du portail a désactivé la structure : plus personne ne peut agir pour elle, et elle ne peut plus être désignée sur une facture de travaux.";
  if (d.action === "REACTIVEE") return "Un administrateur du portail a réactivé la structure : ses utilisateurs peuvent de nouveau agir pour elle.";
  return `Un administrateur du portail a désigné ${d.nouveauGestionnaire ?? "un autre utilisateur"} gestionnaire principal de la structure${
    d.ancienGestionnaire ? ` ; ${d.ancienGestionnaire}` : ""
  }.`;
}

/** An administrator changed the structure: each of its managers is told, with the administrator's reason. */
export const structureAdministration = defineTemplate<StructureAdministrationData>({
  subject: (data) => SUJETS[data.action],
  resume: (data) => `${data.structure.raisonSociale} : ${SUJETS[data.action].toLowerCase()}. Motif : ${data.motif}`,
  lien: () => portalPath("structures", "mes-structures"),
  body: (data, context) => (
    <MailLayout preview={SUJETS[data.action]}>
      <Title>{SUJETS[data.action]}</Title>
      <Greeting prenom={data.prenom} nom={data.nom} />
      <Paragraph>
        Structure : {describeStructure(data.structure)}. {phrase(data)}
      </Paragraph>
      <Paragraph>Motif :</Paragraph>
      <Quote>{data.motif}</Quote>
      <Paragraph>Si vous pensez qu’il s’agit d’une erreur, contactez l’assistance du portail.</Paragraph>
      <ActionLink href={portalLink(context, "structures", "mes-structures")} label="Voir mes structures" />
    </MailLayout>
  ),
});
