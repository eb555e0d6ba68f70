import { defineTemplate, portalLink, portalPath } from "../template";
import { MailLayout } from "../components/layout";
import { ActionLink, Greeting, Paragraph, Summary, Title } from "../components/blocks";
import type { PersonneMail } from "./shared";

export type DelaiTaciteEchuData = PersonneMail & {
  /** The titulaire's projet de décompte général (A22) the MOA left without an answer. */
  piece: { pieceId: string; numero: string; cadre: string; deposant: string; dossier: string };
  /** The MOA (raison sociale), when the A22 was sent and when its 10 days ran out. */
  moa: string;
  deposeLe: string;
  echeance: string;
  delaiJours: number;
};

/** Procédure tacite: to the titulaire, once, when the MOA's 10 days after its A22 have run out — it may now deposit the A23. */
export const delaiTaciteEchu = defineTemplate<DelaiTaciteEchuData>({
  subject: (d) => `Procédure tacite : vous pouvez déposer le décompte général et définitif tacite (facture n° ${d.piece.numero})`,
  resume: (d) =>
    `La maîtrise d'ouvrage ${d.moa} n'a pas notifié le décompte général dans les ${d.delaiJours} jours suivant votre projet de décompte général n° ${d.piece.numero} : vous pouvez déposer le décompte général et définitif tacite (A23).`,
  lien: (d) => portalPath("factures-travaux", "pieces", d.piece.pieceId),
  body: (d, context) => (
    <MailLayout preview={`Vous pouvez déposer le décompte général et définitif tacite (A23) du dossier ${d.piece.dossier}.`}>
      <Title>Vous pouvez déposer le décompte général et définitif tacite (A23)</Title>
      <Greeting prenom={d.prenom} nom={d.nom} />
      <Paragraph>
        La maîtrise d&apos;ouvrage {d.moa} n&apos;a pas notifié le décompte général dans le délai de {d.delaiJours} jours qui suit votre projet de décompte
        général (procédure tacite). Vous pouvez désormais déposer le décompte général et définitif tacite (A23).
      </Paragraph>
      <Summary
        rows={[
          ["Cadre de facturation", d.piece.cadre],
          ["Numéro de la facture", d.piece.numero],
          ["Déposée le", d.deposeLe],
          ["Délai de la maîtrise d'ouvrage écoulé le", d.echeance],
          ["Dossier de facturation", d.piece.dossier],
        ]}
      />
      <Paragraph>
        Depuis la pièce, cliquez sur « Déposer le décompte général et définitif tacite (A23) » : la nouvelle pièce est préremplie et rejoint le même dossier de
        facturation.
      </Paragraph>
      <ActionLink href={portalLink(context, "factures-travaux", "pieces", d.piece.pieceId)} label="Consulter la pièce" />
    </MailLayout>
  ),
});
