import { defineTemplate, portalLink, portalPath } from "../template";
import { MailLayout } from "../components/layout";
import { ActionLink, Greeting, Paragraph, Summary, Title } from "../components/blocks";
import type { PersonneMail } from "./shared";
import type { PieceMail } from "./depot-facture-travaux";

export type PieceTravauxATraiterData = PersonneMail & {
  piece: PieceMail;
  /** The structure receiving the piece, and as what (« maîtrise d'œuvre »…). */
  structure: string;
  qualite: string;
  /** A monthly draft is processed within 7 days by the MOE. */
  delaiJours?: number;
};

/** To the users of the next actor: a new piece to process. */
export const pieceTravauxATraiter = defineTemplate<PieceTravauxATraiterData>({
  subject: (d) => `Nouvelle pièce à traiter : facture de travaux n° ${d.piece.numero}`,
  resume: (d) => `${d.piece.deposant} a déposé la facture n° ${d.piece.numero} (${d.piece.montantTtc} TTC, dossier ${d.piece.dossier}).`,
  lien: (d) => portalPath("factures-travaux", "pieces", d.piece.pieceId),
  body: (d, context) => (
    <MailLayout preview={`${d.piece.deposant} a déposé la facture n° ${d.piece.numero}.`}>
      <Title>Une nouvelle pièce est à traiter</Title>
      <Greeting prenom={d.prenom} nom={d.nom} />
      <Paragraph>
        {d.piece.deposant} a déposé une pièce de facturation dont {d.structure} est {d.qualite}. Elle est à votre disposition dans l&apos;application « Factures
        de travaux ».
      </Paragraph>
      <Summary
        rows={[
          ["Cadre de facturation", d.piece.cadre],
          ["Numéro de la facture", d.piece.numero],
          ["Montant TTC", d.piece.montantTtc],
          ["Déposée le", d.piece.deposeLe],
          ["Dossier de facturation", d.piece.dossier],
        ]}
      />
      {d.delaiJours ? <Paragraph>Cette pièce est à traiter dans un délai de {d.delaiJours} jours à compter de sa réception.</Paragraph> : null}
      <ActionLink href={portalLink(context, "factures-travaux", "pieces", d.piece.pieceId)} label="Consulter la pièce" />
    </MailLayout>
  ),
});
