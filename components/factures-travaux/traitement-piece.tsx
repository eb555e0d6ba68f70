"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useForm, type FieldValues, type Path, type UseFormReturn } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { createModal, type ModalProps } from "@codegouvfr/react-dsfr/Modal";
import type { ActionResult } from "@/lib/errors";
import { refusSchema, refusTitulaireSchema, suspensionSchema, type RefusForm, type RefusTitulaireForm, type SuspensionForm } from "@/lib/invoices/schemas";
import { MOTIFS_REFUS, type ActionTraitement } from "@/lib/invoices/statuts";
import { Liste } from "@/components/form/champ";
import { GroupeBoutons } from "@/components/ui/groupe-boutons";

const modaleRefus = createModal({ id: "refuser-piece", isOpenedByDefault: false });
const modaleSuspension = createModal({ id: "suspendre-piece", isOpenedByDefault: false });
const modaleRefusTitulaire = createModal({ id: "refuser-demande-paiement", isOpenedByDefault: false });

type Action = (input: unknown) => Promise<ActionResult<{ libelle: string }>>;

type Props = {
  pieceId: string;
  /** The piece's number, as its dialogs name it (« Refuser la facture n° … »). */
  numero: string | null;
  possibles: ActionTraitement[];
  /** Who processes the piece now (« la maîtrise d'œuvre »…), for the dialogs' wording. */
  suivante: boolean;
  libelleSuivante: string;
  actions: {
    prendreEnCompte: Action;
    refuser: Action;
    suspendre: Action;
    completer: Action;
    valider: Action;
    refuserDemande: Action;
    suivante: (input: unknown) => Promise<ActionResult<{ id: string }>>;
  };
};

/** The processing buttons of a piece: « Prendre en compte », « Refuser », « Suspendre », « Compléter et renvoyer », the next piece. */
export function TraitementPiece({ pieceId, numero, possibles, suivante, libelleSuivante, actions }: Props) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; texte: string } | null>(null);
  const refus = useForm<RefusForm>({ resolver: zodResolver(refusSchema), defaultValues: { motifCode: undefined, motif: "" } });
  const refusTitulaire = useForm<RefusTitulaireForm>({ resolver: zodResolver(refusTitulaireSchema), defaultValues: { motif: "" } });
  // A10: the titulaire's « Refuser » is its own (a reason for the subcontractor, not a routing error).
  const titulaire = possibles.includes("VALIDATION");
  const suspension = useForm<SuspensionForm>({ resolver: zodResolver(suspensionSchema), defaultValues: { motif: "" } });

  const executer = (action: Action, input: Record<string, unknown>, modale?: { close: () => void }, surErreurs?: (f: Record<string, string>) => void) =>
    start(async () => {
      const r = await action({ id: pieceId, ...input });
      if (r.ok) {
        modale?.close();
        setMessage({ ok: true, texte: `La pièce est maintenant au statut « ${r.data.libelle} ».` });
        router.refresh();
      } else {
        surErreurs?.(r.fieldErrors);
        if (!modale || Object.keys(r.fieldErrors).length === 0) {
          modale?.close();
          setMessage({ ok: false, texte: r.message });
        }
      }
    });

  const pieceSuivante = () =>
    start(async () => {
      const r = await actions.suivante({ id: pieceId });
      if (r.ok) router.push(`/factures-travaux/deposer/${r.data.id}/parties`);
      else setMessage({ ok: false, texte: r.message });
    });

  const designation = numero ? `n° ${numero}` : "sans numéro";

  /** A dialog's buttons: « Annuler », and the confirmation that submits its form, its field errors shown in it. */
  const boutons = <F extends FieldValues>(
    form: UseFormReturn<F>,
    action: Action,
    modale: { close: () => void },
    confirmer: string,
    enCours: string,
  ): ModalProps["buttons"] => [
    { children: "Annuler", priority: "secondary", doClosesModal: true },
    {
      children: pending ? enCours : confirmer,
      doClosesModal: false,
      disabled: pending,
      onClick: () =>
        void form.handleSubmit((v) =>
          executer(action, v, modale, (f) => {
            for (const [k, m] of Object.entries(f)) form.setError(k as Path<F>, { message: m });
          }),
        )(),
    },
  ];
  const erreurRefus = refus.formState.errors.motif?.message;
  const erreurSuspension = suspension.formState.errors.motif?.message;
  const erreurRefusTitulaire = refusTitulaire.formState.errors.motif?.message;

  return (
    <>
      {message && <Alert className="fr-mb-3w" small severity={message.ok ? "success" : "error"} description={message.texte} />}
      {(possibles.length > 0 || suivante) && (
        <GroupeBoutons className="fr-btns-group--inline-md fr-mb-3w">
          {suivante && (
            <li>
              <Button iconId="fr-icon-add-line" onClick={pieceSuivante} disabled={pending}>
                {libelleSuivante}
              </Button>
            </li>
          )}
          {possibles.includes("PRISE_EN_COMPTE") && (
            <li>
              <Button
                priority={suivante ? "secondary" : "primary"}
                iconId="fr-icon-check-line"
                onClick={() => executer(actions.prendreEnCompte, {})}
                disabled={pending}
              >
                Prendre en compte
              </Button>
            </li>
          )}
          {possibles.includes("VALIDATION") && (
            <li>
              <Button iconId="fr-icon-check-line" onClick={() => executer(actions.valider, {})} disabled={pending}>
                Valider la demande de paiement
              </Button>
            </li>
          )}
          {possibles.includes("COMPLETION") && (
            <li>
              <Button iconId="fr-icon-send-plane-line" onClick={() => executer(actions.completer, {})} disabled={pending}>
                Compléter et renvoyer
              </Button>
            </li>
          )}
          {possibles.includes("REFUS") && (
            <li>
              <Button
                priority="tertiary"
                className="bouton-destructif"
                iconId="fr-icon-close-circle-line"
                onClick={() => (titulaire ? modaleRefusTitulaire.open() : modaleRefus.open())}
                disabled={pending}
              >
                Refuser
              </Button>
            </li>
          )}
          {possibles.includes("SUSPENSION") && (
            <li>
              <Button priority="secondary" iconId="fr-icon-pause-circle-line" onClick={() => modaleSuspension.open()} disabled={pending}>
                Suspendre
              </Button>
            </li>
          )}
        </GroupeBoutons>
      )}

      <modaleRefus.Component
        title={`Refuser la facture ${designation}`}
        buttons={boutons(refus, actions.refuser, modaleRefus, "Confirmer le refus", "Refus en cours…")}
      >
        <Alert
          className="fr-mb-2w"
          small
          severity="warning"
          description="Refusez une facture seulement si elle contient des erreurs dans les données d'acheminement (mauvais maître d'œuvre, maître d'ouvrage ou valideur). En matière de facture de travaux, une différence de montant ne justifie pas un refus. Un refus arrête le circuit de cette pièce : elle est retournée à son émetteur."
        />
        <form onSubmit={(e) => e.preventDefault()} noValidate>
          <Liste
            form={refus}
            name="motifCode"
            label="Motif du refus"
            required
            options={Object.entries(MOTIFS_REFUS).map(([value, label]) => ({ value, label }))}
          />
          <Input
            label="Précisions (obligatoires pour « Autre »)"
            textArea
            state={erreurRefus ? "error" : "default"}
            stateRelatedMessage={erreurRefus}
            nativeTextAreaProps={{ ...refus.register("motif"), rows: 3 }}
          />
        </form>
      </modaleRefus.Component>

      {titulaire && (
        <modaleRefusTitulaire.Component
          title={`Refuser la demande de paiement ${designation}`}
          buttons={boutons(refusTitulaire, actions.refuserDemande, modaleRefusTitulaire, "Confirmer le refus", "Refus en cours…")}
        >
          <p>La demande de paiement est retournée au sous-traitant avec votre motif. Un refus arrête le circuit de cette pièce.</p>
          <form onSubmit={(e) => e.preventDefault()} noValidate>
            <Input
              label="Motif communiqué au sous-traitant"
              textArea
              state={erreurRefusTitulaire ? "error" : "default"}
              stateRelatedMessage={erreurRefusTitulaire}
              nativeTextAreaProps={{ ...refusTitulaire.register("motif"), rows: 3, required: true }}
            />
          </form>
        </modaleRefusTitulaire.Component>
      )}

      <modaleSuspension.Component
        title={`Suspendre la facture ${designation}`}
        buttons={boutons(suspension, actions.suspendre, modaleSuspension, "Confirmer la suspension", "Suspension en cours…")}
      >
        <p>
          Suspendez la facture si des pièces jointes sont manquantes. Elle est retournée à son émetteur, invité à la compléter ; une fois complétée, elle vous
          revient.
        </p>
        <form onSubmit={(e) => e.preventDefault()} noValidate>
          <Input
            label="Pièces jointes manquantes (motif de la suspension)"
            textArea
            state={erreurSuspension ? "error" : "default"}
            stateRelatedMessage={erreurSuspension}
            nativeTextAreaProps={{ ...suspension.register("motif"), rows: 3, required: true }}
          />
        </form>
      </modaleSuspension.Component>
    </>
  );
}
