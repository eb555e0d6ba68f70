import { defineTemplate, portalLink, portalPath } from "../template";
import { MailLayout } from "../components/layout";
import { ActionLink, Greeting, Paragraph, Summary, Title } from "../components/blocks";
import type { PersonneMail } from "./shared";

export type DelaiTitulaireDepasseData = PersonneMail & {
  /** The subcontractor's payment request (A10) the titulaire left without an answer; `deposant`: the subcontractor. */
  piece: { pieceId: string; numero: string; cadre: string; deposant: string; dossier: string };
  /** To whom: the titulaire, or the subcontractor who deposited the request. */
  pour: "titulaire" | "sous-traitant";
  titulaire: string;
  delaiJours: number;
  recueLe: string;
  echeance: string;
};

/** To the titulaire and to the subcontractor, once, when the titulaire's 15 days on a subcontractor's payment request (A10) have run out. */
export const delaiTitulaireDepasse = defineTemplate<DelaiTitulaireDepasseData>({
  subject: (d) =>
    d.pour === "titulaire"
      ? `Délai de ${d.delaiJours} jours dépassé : demande de paiement n° ${d.piece.numero} de votre sous-traitant ${d.piece.deposant}`
      : `Délai de ${d.delaiJours} jours dépassé : le titulaire n'a pas traité votre demande de paiement n° ${d.piece.numero}`,
  resume: (d) =>
    d.pour === "titulaire"
      ? `Vous n'avez ni validé ni refusé dans le délai de ${d.delaiJours} jours la demande de paiement n° ${d.piece.numero} de votre sous-traitant ${d.piece.deposant}.`
      : `Le titulaire ${d.titulaire} n'a ni validé ni refusé votre demande de paiement n° ${d.piece.numero} dans le délai de ${d.delaiJours} jours.`,
  lien: (d) => portalPath("factures-travaux", "pieces", d.piece.pieceId),
  body: (d, context) => (
    <MailLayout preview={`Délai de ${d.delaiJours} jours dépassé : demande de paiement n° ${d.piece.numero}.`}>
      <Title>{`Délai de ${d.delaiJours} jours du titulaire dépassé`}</Title>
      <Greeting prenom={d.prenom} nom={d.nom} />
      <Paragraph>
        {d.pour === "titulaire"
          ? `Vous n'avez ni validé ni refusé la demande de paiement n° ${d.piece.numero} de votre sous-traitant ${d.piece.deposant} dans le délai de ${d.delaiJours} jours qui a suivi son dépôt.`
          : `Le titulaire ${d.titulaire} n'a ni validé ni refusé votre demande de paiement n° ${d.piece.numero} dans le délai de ${d.delaiJours} jours qui a suivi son dépôt.`}{" "}
        Passé ce délai, le titulaire est réputé avoir accepté la demande de paiement (articles R2193-13 et R2193-15 du code de la commande publique). La pièce
        reste à la disposition du titulaire sur le portail, au statut « À valider par le titulaire ».
      </Paragraph>
      <Summary
        rows={[
          ["Cadre de facturation", d.piece.cadre],
          ["Numéro de la demande", d.piece.numero],
          ["Sous-traitant", d.piece.deposant],
          ["Titulaire", d.titulaire],
          ["Reçue le", d.recueLe],
          ["Délai écoulé le", d.echeance],
          ["Dossier de facturation", d.piece.dossier],
        ]}
      />
      {d.pour === "titulaire" ? (
        <Paragraph>
          Validez-la sans attendre (attestation de paiement direct jointe) pour la transmettre à la maîtrise d&apos;œuvre, ou refusez-la en indiquant le motif.
        </Paragraph>
      ) : (
        <Paragraph>Rapprochez-vous du titulaire, ou de la maîtrise d&apos;ouvrage, pour la suite de votre demande de paiement.</Paragraph>
      )}
      <ActionLink href={portalLink(context, "factures-travaux", "pieces", d.piece.pieceId)} label="Consulter la demande de paiement" />
    </MailLayout>
  ),
});
