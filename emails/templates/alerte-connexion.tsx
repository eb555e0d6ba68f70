import { LINK_VALIDITY_MINUTES, defineTemplate, portalLink } from "../template";
import { MailLayout } from "../components/layout";
import { ActionLink, Greeting, Paragraph, Title } from "../components/blocks";
import type { PersonneMail } from "./shared";

/**
 * What the sign-in page does not say (it gives one message for every refusal), told to the account's owner only:
 * his account was locked after repeated failures, or someone tried to sign in to it while it is deactivated or
 * not activated yet (then with a new activation link).
 */
export type AlerteConnexionData = PersonneMail &
  ({ motif: "VERROUILLE"; minutes: number } | { motif: "DESACTIVE" } | { motif: "NON_ACTIVE"; token: string; minutes?: undefined });

const SUJETS = {
  VERROUILLE: "Votre compte est verrouillé temporairement",
  DESACTIVE: "Tentative de connexion à votre compte désactivé",
  NON_ACTIVE: "Tentative de connexion à votre compte non activé",
} as const;

export const alerteConnexion = defineTemplate<AlerteConnexionData>({
  subject: (data) => SUJETS[data.motif],
  body: (data, context) => (
    <MailLayout preview={SUJETS[data.motif]}>
      <Title>{SUJETS[data.motif]}</Title>
      <Greeting prenom={data.prenom} nom={data.nom} />
      {data.motif === "VERROUILLE" && (
        <>
          <Paragraph>
            Plusieurs tentatives de connexion avec un mot de passe incorrect ont eu lieu sur votre compte du Portail des factures de travaux. Par sécurité, la
            connexion à votre compte est suspendue pendant {data.minutes} minutes ; elle redevient ensuite possible d’elle-même.
          </Paragraph>
          <Paragraph>
            Si c’était vous, patientez, ou choisissez dès maintenant un nouveau mot de passe : la réinitialisation lève aussi la suspension.
          </Paragraph>
          <ActionLink href={portalLink(context, "mot-de-passe-oublie")} label="Choisir un nouveau mot de passe" />
          <Paragraph>
            Si ce n’était pas vous, quelqu’un essaie de deviner votre mot de passe : il n’y est pas parvenu. Nous vous conseillons d’en choisir un nouveau, que
            vous n’utilisez sur aucun autre site.
          </Paragraph>
        </>
      )}
      {data.motif === "DESACTIVE" && (
        <>
          <Paragraph>
            Une tentative de connexion a eu lieu sur votre compte du Portail des factures de travaux. Ce compte est désactivé : aucune connexion n’y est
            possible.
          </Paragraph>
          <Paragraph>Si vous pensez qu’il s’agit d’une erreur, rapprochez-vous du gestionnaire de votre structure.</Paragraph>
          <Paragraph>Si vous n’êtes pas à l’origine de cette tentative, vous n’avez rien à faire.</Paragraph>
        </>
      )}
      {data.motif === "NON_ACTIVE" && (
        <>
          <Paragraph>
            Une tentative de connexion a eu lieu sur votre compte du Portail des factures de travaux, qui n’est pas encore activé. Pour l’activer et choisir
            votre mot de passe, utilisez le lien suivant :
          </Paragraph>
          <ActionLink href={portalLink(context, "activation", data.token)} label="Activer mon compte" />
          <Paragraph>
            Ce lien est valable {LINK_VALIDITY_MINUTES} minutes et ne peut être utilisé qu’une seule fois ; il remplace les liens d’activation reçus auparavant.
          </Paragraph>
          <Paragraph>Si vous n’êtes pas à l’origine de cette tentative, ne tenez pas compte de ce message.</Paragraph>
        </>
      )}
    </MailLayout>
  ),
});
