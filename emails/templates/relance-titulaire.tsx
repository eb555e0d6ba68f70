import { defineTemplate, portalLink, portalPath } from "../template";
import { MailLayout } from "../components/layout";
import { ActionLink, Greeting, Paragraph, Summary, Title } from "../components/blocks";
import type { PersonneMail } from "./shared";

export type RelanceTitulaireData = PersonneMail & {
  /** The subcontractor's payment request (A10) waiting for the titulaire's validation; `deposant`: the subcontractor. */
  piece: { pieceId: string; numero: string; cadre: string; deposant: string; dossier: string };
  /** Days left, the titulaire's deadline (days), when the request was received and when the deadline ends. */
  joursRestants: number;
  delaiJours: number;
  recueLe: string;
  echeance: string;
};

const jours = (n: number) => `${n} jour${n > 1 ? "s" : ""}`;

/** To the titulaire's users, once, a few days before the end of its 15 days on a subcontractor's payment request (A10). */
export const relanceTitulaire = defineTemplate<RelanceTitulaireData>({
  subject: (d) => `Il vous reste ${jours(d.joursRestants)} pour valider la demande de paiement n° ${d.piece.numero} de votre sous-traitant ${d.piece.deposant}`,
  resume: (d) =>
    `Il vous reste ${jours(d.joursRestants)} pour valider la demande de paiement n° ${d.piece.numero} de votre sous-traitant ${d.piece.deposant}, ou la refuser (jusqu'au ${d.echeance}).`,
  lien: (d) => portalPath("factures-travaux", "pieces", d.piece.pieceId),
  body: (d, context) => (
    <MailLayout preview={`Il vous reste ${jours(d.joursRestants)} pour valider la demande de paiement n° ${d.piece.numero}.`}>
      <Title>Une demande de paiement de votre sous-traitant attend votre validation</Title>
      <Greeting prenom={d.prenom} nom={d.nom} />
      <Paragraph>
        Il vous reste {jours(d.joursRestants)} pour valider la demande de paiement n° {d.piece.numero} de votre sous-traitant {d.piece.deposant}, ou la refuser.
        Le titulaire dispose de {d.delaiJours} jours à compter de son dépôt pour l&apos;accepter ou la refuser sur le portail (article R2193-13 du code de la
        commande publique) ; passé ce délai, il est réputé l&apos;avoir acceptée.
      </Paragraph>
      <Summary
        rows={[
          ["Cadre de facturation", d.piece.cadre],
          ["Numéro de la demande", d.piece.numero],
          ["Sous-traitant", d.piece.deposant],
          ["Reçue le", d.recueLe],
          ["À valider ou refuser avant le", d.echeance],
          ["Dossier de facturation", d.piece.dossier],
        ]}
      />
      <Paragraph>
        Depuis la pièce, joignez l&apos;attestation de paiement direct puis cliquez sur « Valider la demande de paiement », ou « Refuser » en indiquant le
        motif.
      </Paragraph>
      <ActionLink href={portalLink(context, "factures-travaux", "pieces", d.piece.pieceId)} label="Consulter la demande de paiement" />
    </MailLayout>
  ),
});
