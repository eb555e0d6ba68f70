import { defineTemplate, portalLink, portalPath } from "../template";
import { MailLayout } from "../components/layout";
import { ActionLink, Greeting, Paragraph, Summary, Title } from "../components/blocks";
import type { PersonneMail } from "./shared";

export type StatutPieceTravauxData = PersonneMail & {
  piece: { pieceId: string; numero: string; cadre: string; deposant: string; dossier: string };
  /** The new status, as the screens name it (« Suspendue », « Refusée par la MOA »…). */
  statut: string;
  /** What happened and what to do, one sentence. */
  message: string;
  /** Who acted (structure), when. */
  par: string;
  le: string;
  motif?: string;
};

/** To the actors concerned: a works piece changed status (mise à disposition, refusée, suspendue, délai dépassé…). */
export const statutPieceTravaux = defineTemplate<StatutPieceTravauxData>({
  subject: (d) => `Facture de travaux n° ${d.piece.numero} : ${d.statut}`,
  resume: (d) => d.message,
  lien: (d) => portalPath("factures-travaux", "pieces", d.piece.pieceId),
  body: (d, context) => (
    <MailLayout preview={`${d.statut} : facture de travaux n° ${d.piece.numero}.`}>
      <Title>{`Changement de statut : ${d.statut}`}</Title>
      <Greeting prenom={d.prenom} nom={d.nom} />
      <Paragraph>{d.message}</Paragraph>
      <Summary
        rows={[
          ["Nouveau statut", d.statut],
          ["Par", d.par],
          ["Le", d.le],
          ...(d.motif ? ([["Motif", d.motif]] as [string, string][]) : []),
          ["Cadre de facturation", d.piece.cadre],
          ["Numéro de la facture", d.piece.numero],
          ["Déposant", d.piece.deposant],
          ["Dossier de facturation", d.piece.dossier],
        ]}
      />
      <ActionLink href={portalLink(context, "factures-travaux", "pieces", d.piece.pieceId)} label="Suivre le traitement" />
    </MailLayout>
  ),
});
