import { defineTemplate, portalLink, portalPath } from "../template";
import { MailLayout } from "../components/layout";
import { ActionLink, Greeting, Paragraph, Summary, Title } from "../components/blocks";
import type { PersonneMail } from "./shared";
import type { PieceMail } from "./depot-facture-travaux";

export type DepotPourCotraitantData = PersonneMail & {
  piece: PieceMail;
  /** The cotraitant structure named on the piece. */
  structure: string;
  /**
   * Who deposited it: the mandataire of the grouping, for the cotraitant (A13, A14); or the maîtrise d'œuvre or
   * d'ouvrage, whose statement follows the cotraitant's draft (A15, A17…): « la maîtrise d'œuvre ATELIER… ».
   */
  mandataire: boolean;
  par: string;
};

/** To the users of the cotraitant named on a piece: it was deposited, for it or about it. They follow its processing. */
export const depotPourCotraitant = defineTemplate<DepotPourCotraitantData>({
  subject: (d) =>
    d.mandataire
      ? `Le mandataire ${d.piece.deposant} a déposé pour vous la pièce n° ${d.piece.numero}`
      : `Pièce n° ${d.piece.numero} déposée par ${d.par} : votre structure y figure comme cotraitant`,
  resume: (d) =>
    d.mandataire
      ? `Le mandataire ${d.piece.deposant} a déposé pour vous la pièce n° ${d.piece.numero} (${d.piece.montantTtc} TTC, dossier ${d.piece.dossier}).`
      : `${d.par} a déposé la pièce n° ${d.piece.numero} (dossier ${d.piece.dossier}), dont votre structure est le cotraitant.`,
  lien: (d) => portalPath("factures-travaux", "pieces", d.piece.pieceId),
  body: (d, context) => (
    <MailLayout preview={d.mandataire ? `Le mandataire ${d.piece.deposant} a déposé pour vous la pièce n° ${d.piece.numero}.` : `Pièce n° ${d.piece.numero}.`}>
      <Title>{d.mandataire ? "Le mandataire a déposé une pièce pour vous" : "Une pièce qui vous concerne a été déposée"}</Title>
      <Greeting prenom={d.prenom} nom={d.nom} />
      <Paragraph>
        {d.mandataire
          ? `Le mandataire ${d.piece.deposant} a déposé pour vous la pièce n° ${d.piece.numero}, dont ${d.structure} est le cotraitant. Elle a été mise à disposition de ${d.piece.destinataire}.`
          : `${d.par} a déposé la pièce n° ${d.piece.numero}, qui fait suite au projet de décompte du cotraitant ${d.structure}. Elle a été mise à disposition de ${d.piece.destinataire}.`}
      </Paragraph>
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
        Vous pouvez consulter la pièce et suivre son traitement depuis la « Recherche » de l&apos;application « Factures de travaux » ; vous serez prévenu par
        courriel de chaque changement de statut. Seul {d.mandataire ? "le mandataire" : "son déposant"} agit sur la pièce.
      </Paragraph>
      <ActionLink href={portalLink(context, "factures-travaux", "pieces", d.piece.pieceId)} label="Consulter la pièce" />
    </MailLayout>
  ),
});
