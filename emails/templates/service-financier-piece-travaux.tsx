import { defineTemplate, portalLink, portalPath } from "../template";
import { MailLayout } from "../components/layout";
import { ActionLink, Greeting, Paragraph, Summary, Title } from "../components/blocks";
import type { PersonneMail } from "./shared";

export type ServiceFinancierPieceTravauxData = PersonneMail & {
  piece: { pieceId: string; numero: string; cadre: string; deposant: string; dossier: string };
  /** The new status, as the screens name it (« Mandatée », « Mise en paiement », « Rejetée par le service financier »…). */
  statut: string;
  /** What happened to the recipient's money and what to do, one sentence (« Votre pièce n° … a été mise en paiement le … pour … € »). */
  message: string;
  /** The MOA whose paying service acted (raison sociale). */
  moa: string;
  /** Who acted (user and structure), when. */
  par: string;
  le: string;
  /** « n° M-2026-123 du 02/12/2026 ». */
  mandat?: string;
  /** « le 02/12/2026 pour 12 345,67 € ». */
  paiement?: string;
  motif?: string;
};

/**
 * The paying service of the MOA processed a piece (mandatée, mise en paiement, suspendue, rejetée, à recycler): to the
 * supplier whose money it is, to the MOE for an état d'acompte validé, and to the depositor when it has to act.
 */
export const serviceFinancierPieceTravaux = defineTemplate<ServiceFinancierPieceTravauxData>({
  subject: (d) => `Facture de travaux n° ${d.piece.numero} : ${d.statut}`,
  resume: (d) => d.message,
  lien: (d) => portalPath("factures-travaux", "pieces", d.piece.pieceId),
  body: (d, context) => (
    <MailLayout preview={d.message}>
      <Title>{`Service financier de ${d.moa} : ${d.statut}`}</Title>
      <Greeting prenom={d.prenom} nom={d.nom} />
      <Paragraph>{d.message}</Paragraph>
      <Summary
        rows={[
          ["Nouveau statut", d.statut],
          ...(d.mandat ? ([["Mandat", d.mandat]] as [string, string][]) : []),
          ...(d.paiement ? ([["Mise en paiement", d.paiement]] as [string, string][]) : []),
          ...(d.motif ? ([["Motif", d.motif]] as [string, string][]) : []),
          ["Par", d.par],
          ["Le", d.le],
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
