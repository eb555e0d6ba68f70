import { defineTemplate, portalLink, portalPath } from "../template";
import { MailLayout } from "../components/layout";
import { ActionLink, Greeting, Paragraph, Summary, Title } from "../components/blocks";
import type { PersonneMail } from "./shared";

/** A works piece as the mails describe it. */
export type PieceMail = {
  pieceId: string;
  numero: string;
  cadre: string;
  numeroDepot: string;
  dossier: string;
  deposant: string;
  destinataire: string;
  montantTtc: string;
  deposeLe: string;
};

export type DepotFactureTravauxData = PersonneMail & { piece: PieceMail };

/** To the depositor: the deposit is recorded, with the certificate's number. */
export const depotFactureTravaux = defineTemplate<DepotFactureTravauxData>({
  subject: (d) => `Dépôt confirmé : facture de travaux n° ${d.piece.numero}`,
  resume: (d) => `Votre facture n° ${d.piece.numero} a été déposée (dépôt ${d.piece.numeroDepot}) et mise à disposition de ${d.piece.destinataire}.`,
  lien: (d) => portalPath("factures-travaux", "pieces", d.piece.pieceId),
  body: (d, context) => (
    <MailLayout preview={`Votre facture n° ${d.piece.numero} a été déposée (dépôt ${d.piece.numeroDepot}).`}>
      <Title>Votre facture de travaux a été déposée</Title>
      <Greeting prenom={d.prenom} nom={d.nom} />
      <Paragraph>Le dépôt de votre pièce est enregistré ; elle a été mise à disposition de {d.piece.destinataire}.</Paragraph>
      <Summary
        rows={[
          ["Numéro de dépôt", d.piece.numeroDepot],
          ["Date du dépôt", d.piece.deposeLe],
          ["Cadre de facturation", d.piece.cadre],
          ["Numéro de la facture", d.piece.numero],
          ["Montant TTC", d.piece.montantTtc],
          ["Dossier de facturation", d.piece.dossier],
        ]}
      />
      <Paragraph>
        Le certificat de dépôt peut être téléchargé à tout moment depuis la pièce. Vous serez prévenu par courriel de chaque changement de statut.
      </Paragraph>
      <ActionLink href={portalLink(context, "factures-travaux", "pieces", d.piece.pieceId)} label="Consulter la pièce" />
    </MailLayout>
  ),
});
