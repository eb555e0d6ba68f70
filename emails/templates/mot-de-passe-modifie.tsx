import { defineTemplate, portalLink } from "../template";
import { MailLayout } from "../components/layout";
import { ActionLink, Greeting, Paragraph, Title } from "../components/blocks";
import type { PersonneMail } from "./shared";

/** After « Modifier mon mot de passe » or a reset: the owner hears of it, and what to do if it was not him. */
export type MotDePasseModifieData = PersonneMail & { le: string; reinitialisation: boolean };

const SUJET = "Le mot de passe de votre compte a été modifié";

export const motDePasseModifie = defineTemplate<MotDePasseModifieData>({
  subject: () => SUJET,
  body: (data, context) => (
    <MailLayout preview={`Votre mot de passe a été modifié le ${data.le}.`}>
      <Title>{SUJET}</Title>
      <Greeting prenom={data.prenom} nom={data.nom} />
      <Paragraph>
        Le mot de passe de votre compte sur le Portail des factures de travaux a été {data.reinitialisation ? "réinitialisé" : "modifié"} le {data.le}. Par
        sécurité, {data.reinitialisation ? "toutes vos sessions ouvertes ont été fermées" : "vos sessions ouvertes sur d’autres appareils ont été fermées"}.
      </Paragraph>
      <Paragraph>Si vous êtes à l’origine de ce changement, vous n’avez rien à faire.</Paragraph>
      <Paragraph>Sinon, choisissez sans attendre un nouveau mot de passe :</Paragraph>
      <ActionLink href={portalLink(context, "mot-de-passe-oublie")} label="Choisir un nouveau mot de passe" />
    </MailLayout>
  ),
});
