"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useForm, type FieldValues, type Path, type UseFormReturn } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { createModal, type ModalProps } from "@codegouvfr/react-dsfr/Modal";
import type { ActionResult } from "@/lib/errors";
import { refusSchema, refusTitulaireSchema, suspensionSchema, type RefusForm, type RefusTitulaireForm, type SuspensionForm } from "@/lib/invoices/schemas";
import { miseARecyclerSchema, type MiseARecyclerForm } from "@/lib/invoices/schemas";
import {
  aujourdhuiParis,
  mandatementSchema,
  miseEnPaiementSchema,
  rejetSchema,
  type MandatementForm,
  type MiseEnPaiementData,
  type MiseEnPaiementForm,
  type RejetForm,
} from "@/lib/invoices/schemas";
import { MOTIFS_REFUS, type ActionTraitement } from "@/lib/invoices/statuts";
import { Liste } from "@/components/form/champ";
import { GroupeBoutons } from "@/components/ui/groupe-boutons";

const modaleRefus = createModal({ id: "refuser-piece", isOpenedByDefault: false });
const modaleSuspension = createModal({ id: "suspendre-piece", isOpenedByDefault: false });
const modaleRefusTitulaire = createModal({ id: "refuser-demande-paiement", isOpenedByDefault: false });
const modaleRecyclage = createModal({ id: "mettre-a-recycler-piece", isOpenedByDefault: false });
const modaleRecyclagePrecedente = createModal({ id: "demander-recyclage-piece-precedente", isOpenedByDefault: false });
// The paying service of the MOA (« Factures reçues »).
const modaleMandatement = createModal({ id: "mandater-piece", isOpenedByDefault: false });
const modalePaiement = createModal({ id: "mettre-en-paiement-piece", isOpenedByDefault: false });
const modaleRejet = createModal({ id: "rejeter-piece", isOpenedByDefault: false });

type Action = (input: unknown) => Promise<ActionResult<{ libelle: string }>>;

type Props = {
  pieceId: string;
  /** The piece's number, as its dialogs name it (« Refuser la facture n° … »). */
  numero: string | null;
  possibles: ActionTraitement[];
  /** Who processes the piece now (« la maîtrise d'œuvre »…), for the dialogs' wording. */
  suivante: boolean;
  libelleSuivante: string;
  /** The MOE's own piece, still at the MOA's disposal: « Demander le recyclage de la pièce précédente ». */
  recyclagePrecedente?: boolean;
  /** The depositor of a piece « À recycler »: « Recycler la pièce » (its routing corrected on its own page). */
  recycler?: boolean;
  /** What the piece asks to be paid (« 12 345,67 »): « Mettre en paiement » starts from it. */
  montantAPayer?: string;
  actions: {
    prendreEnCompte: Action;
    refuser: Action;
    suspendre: Action;
    completer: Action;
    valider: Action;
    refuserDemande: Action;
    suivante: (input: unknown) => Promise<ActionResult<{ id: string }>>;
    mettreARecycler?: Action;
    demanderRecyclage?: Action;
    mandater?: Action;
    mettreEnPaiement?: Action;
    rejeter?: Action;
  };
};

/** The processing buttons of a piece: « Prendre en compte », « Refuser », « Suspendre », « Compléter et renvoyer », the next piece. */
export function TraitementPiece({ pieceId, numero, possibles, suivante, libelleSuivante, recyclagePrecedente, recycler, montantAPayer, actions }: Props) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; texte: string } | null>(null);
  const refus = useForm<RefusForm>({ resolver: zodResolver(refusSchema), defaultValues: { motifCode: undefined, motif: "", libererNumero: false } });
  const recyclage = useForm<MiseARecyclerForm>({ resolver: zodResolver(miseARecyclerSchema), defaultValues: { motif: "" } });
  const recyclagePrec = useForm<MiseARecyclerForm>({ resolver: zodResolver(miseARecyclerSchema), defaultValues: { motif: "" } });
  const refusTitulaire = useForm<RefusTitulaireForm>({ resolver: zodResolver(refusTitulaireSchema), defaultValues: { motif: "" } });
  // A10: the titulaire's « Refuser » is its own (a reason for the subcontractor, not a routing error).
  const titulaire = possibles.includes("VALIDATION");
  const suspension = useForm<SuspensionForm>({ resolver: zodResolver(suspensionSchema), defaultValues: { motif: "" } });
  const mandatement = useForm<MandatementForm>({
    resolver: zodResolver(mandatementSchema),
    defaultValues: { numeroMandat: "", dateMandat: aujourdhuiParis() },
  });
  const paiement = useForm<MiseEnPaiementForm, unknown, MiseEnPaiementData>({
    resolver: zodResolver(miseEnPaiementSchema),
    defaultValues: { montantPaye: montantAPayer ?? "", datePaiement: aujourdhuiParis() },
  });
  const rejet = useForm<RejetForm>({ resolver: zodResolver(rejetSchema), defaultValues: { motif: "" } });

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
    /** Send what was typed (an amount as « 12 345,67 »), which the action parses with the same schema, rather than the parsed values. */
    brut = false,
  ): ModalProps["buttons"] => [
    { children: "Annuler", priority: "secondary", doClosesModal: true },
    {
      children: pending ? enCours : confirmer,
      doClosesModal: false,
      disabled: pending,
      onClick: () =>
        void form.handleSubmit((v) =>
          executer(action, brut ? form.getValues() : v, modale, (f) => {
            for (const [k, m] of Object.entries(f)) form.setError(k as Path<F>, { message: m });
          }),
        )(),
    },
  ];
  const erreurRefus = refus.formState.errors.motif?.message;
  const erreurSuspension = suspension.formState.errors.motif?.message;
  const erreurRefusTitulaire = refusTitulaire.formState.errors.motif?.message;
  const erreurRecyclage = recyclage.formState.errors.motif?.message;
  const erreurRecyclagePrec = recyclagePrec.formState.errors.motif?.message;
  const erreursMandat = mandatement.formState.errors;
  const erreursPaiement = paiement.formState.errors;
  const erreurRejet = rejet.formState.errors.motif?.message;

  return (
    <>
      {message && <Alert className="fr-mb-3w" small severity={message.ok ? "success" : "error"} description={message.texte} />}
      {(possibles.length > 0 || suivante || recyclagePrecedente || recycler) && (
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
          {possibles.includes("MANDATEMENT") && actions.mandater && (
            <li>
              <Button iconId="fr-icon-file-text-line" onClick={() => modaleMandatement.open()} disabled={pending}>
                Mandater
              </Button>
            </li>
          )}
          {possibles.includes("MISE_EN_PAIEMENT") && actions.mettreEnPaiement && (
            <li>
              <Button iconId="fr-icon-money-euro-circle-line" onClick={() => modalePaiement.open()} disabled={pending}>
                Mettre en paiement
              </Button>
            </li>
          )}
          {possibles.includes("REJET") && actions.rejeter && (
            <li>
              <Button
                priority="tertiary"
                className="bouton-destructif"
                iconId="fr-icon-close-circle-line"
                onClick={() => modaleRejet.open()}
                disabled={pending}
              >
                Rejeter
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
          {recycler && (
            <li>
              <Button iconId="fr-icon-refresh-line" linkProps={{ href: `/factures-travaux/pieces/${pieceId}/recycler` }}>
                Recycler la pièce
              </Button>
            </li>
          )}
          {possibles.includes("MISE_EN_RECYCLAGE") && actions.mettreARecycler && (
            <li>
              <Button priority="secondary" iconId="fr-icon-refresh-line" onClick={() => modaleRecyclage.open()} disabled={pending}>
                Mettre à recycler
              </Button>
            </li>
          )}
          {recyclagePrecedente && actions.demanderRecyclage && (
            <li>
              <Button priority="tertiary" iconId="fr-icon-arrow-go-back-line" onClick={() => modaleRecyclagePrecedente.open()} disabled={pending}>
                Demander le recyclage de la pièce précédente
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
          description={`Refusez une facture seulement si elle contient des erreurs dans les données d'acheminement (mauvais maître d'œuvre, maître d'ouvrage ou valideur). En matière de facture de travaux, une différence de montant ne justifie pas un refus. Un refus arrête le circuit de cette pièce : elle est retournée à son émetteur.${possibles.includes("MISE_EN_RECYCLAGE") ? " Pour que le fournisseur corrige ces données et renvoie la même pièce sous le même numéro, préférez « Mettre à recycler »." : ""}`}
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
          <Checkbox
            options={[
              {
                label: "Autoriser le fournisseur à redéposer la pièce sous le même numéro",
                hintText:
                  "Sans cette case, le numéro de la facture reste pris : le fournisseur doit déposer sa pièce corrigée sous un autre numéro. Cochée, la nouvelle pièce peut reprendre ce numéro ; la pièce refusée sera alors marquée « Redéposée sous le même numéro après refus ».",
                nativeInputProps: refus.register("libererNumero"),
              },
            ]}
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

      {actions.mettreARecycler && (
        <modaleRecyclage.Component
          title={`Mettre à recycler la facture ${designation}`}
          buttons={boutons(recyclage, actions.mettreARecycler, modaleRecyclage, "Confirmer la mise à recycler", "Mise à recycler en cours…")}
        >
          <p>
            Mettez la facture à recycler si ses données d&apos;acheminement sont erronées : destinataire (maîtrise d&apos;œuvre, maîtrise d&apos;ouvrage),
            service de la maîtrise d&apos;ouvrage, numéro d&apos;engagement juridique ou de bon de commande. Elle est retournée au fournisseur, qui corrige ces
            seules données et la renvoie sous le même numéro, dans le même dossier de facturation. Si vous n&apos;êtes plus son destinataire, vous ne la verrez
            plus.
          </p>
          <form onSubmit={(e) => e.preventDefault()} noValidate>
            <Input
              label="Erreur dans les données d'acheminement (communiquée au fournisseur)"
              hintText="Par exemple : « La maîtrise d'œuvre de ce marché est le cabinet X, SIRET … » ou « Le service destinataire est la Direction des achats »."
              textArea
              state={erreurRecyclage ? "error" : "default"}
              stateRelatedMessage={erreurRecyclage}
              nativeTextAreaProps={{ ...recyclage.register("motif"), rows: 3, required: true }}
            />
          </form>
        </modaleRecyclage.Component>
      )}

      {actions.mandater && (
        <modaleMandatement.Component
          title={`Mandater la facture ${designation}`}
          buttons={boutons(mandatement, actions.mandater, modaleMandatement, "Confirmer le mandatement", "Mandatement en cours…")}
        >
          <p>
            Indiquez le mandat de paiement émis pour cette pièce. Le fournisseur en est informé ; la pièce passe au statut « Mandatée », puis vous la mettrez en
            paiement.
          </p>
          <form onSubmit={(e) => e.preventDefault()} noValidate>
            <Input
              label="Numéro du mandat"
              state={erreursMandat.numeroMandat ? "error" : "default"}
              stateRelatedMessage={erreursMandat.numeroMandat?.message}
              nativeInputProps={{ ...mandatement.register("numeroMandat"), required: true, autoComplete: "off", maxLength: 50 }}
            />
            <Input
              label="Date du mandat"
              state={erreursMandat.dateMandat ? "error" : "default"}
              stateRelatedMessage={erreursMandat.dateMandat?.message}
              nativeInputProps={{ ...mandatement.register("dateMandat"), type: "date", required: true, max: aujourdhuiParis() }}
            />
          </form>
        </modaleMandatement.Component>
      )}

      {actions.mettreEnPaiement && (
        <modalePaiement.Component
          title={`Mettre en paiement la facture ${designation}`}
          buttons={boutons(
            paiement as unknown as UseFormReturn<MiseEnPaiementForm>,
            actions.mettreEnPaiement,
            modalePaiement,
            "Confirmer la mise en paiement",
            "Mise en paiement en cours…",
            true,
          )}
        >
          <p>
            Indiquez le montant payé et la date de paiement. Le fournisseur lit « Mise en paiement le … pour … € » sur sa pièce et le reçoit par courriel. Cette
            action est définitive.
          </p>
          <form onSubmit={(e) => e.preventDefault()} noValidate>
            <Input
              label="Montant payé (en euros)"
              hintText={montantAPayer ? `Le montant à payer de la pièce : ${montantAPayer} €. Format attendu : 12 345,67.` : "Format attendu : 12 345,67."}
              state={erreursPaiement.montantPaye ? "error" : "default"}
              stateRelatedMessage={erreursPaiement.montantPaye?.message}
              nativeInputProps={{ ...paiement.register("montantPaye"), required: true, inputMode: "decimal", autoComplete: "off" }}
            />
            <Input
              label="Date de paiement"
              state={erreursPaiement.datePaiement ? "error" : "default"}
              stateRelatedMessage={erreursPaiement.datePaiement?.message}
              nativeInputProps={{ ...paiement.register("datePaiement"), type: "date", required: true, max: aujourdhuiParis() }}
            />
          </form>
        </modalePaiement.Component>
      )}

      {actions.rejeter && (
        <modaleRejet.Component
          title={`Rejeter la facture ${designation}`}
          buttons={boutons(rejet, actions.rejeter, modaleRejet, "Confirmer le rejet", "Rejet en cours…")}
        >
          <Alert
            className="fr-mb-2w"
            small
            severity="warning"
            description="Un rejet arrête le circuit de cette pièce : elle ne sera pas payée. Pour une pièce jointe manquante, suspendez-la plutôt ; pour une erreur de destinataire, de service ou d'engagement juridique, mettez-la à recycler."
          />
          <form onSubmit={(e) => e.preventDefault()} noValidate>
            <Input
              label="Motif du rejet (communiqué au fournisseur)"
              textArea
              state={erreurRejet ? "error" : "default"}
              stateRelatedMessage={erreurRejet}
              nativeTextAreaProps={{ ...rejet.register("motif"), rows: 3, required: true }}
            />
          </form>
        </modaleRejet.Component>
      )}

      {recyclagePrecedente && actions.demanderRecyclage && (
        <modaleRecyclagePrecedente.Component
          title="Demander le recyclage de la pièce précédente"
          buttons={boutons(recyclagePrec, actions.demanderRecyclage, modaleRecyclagePrecedente, "Confirmer la demande de recyclage", "Demande en cours…")}
        >
          <p>
            Vous avez transmis par erreur la pièce précédente du dossier de facturation à la maîtrise d&apos;ouvrage. Votre pièce {designation}, qu&apos;elle
            n&apos;a pas encore traitée, est retirée (statut « Abandonnée ») ; la pièce précédente est retournée à son fournisseur, qui corrige ses données
            d&apos;acheminement et la renvoie sous le même numéro. Le fournisseur et la maîtrise d&apos;ouvrage sont prévenus.
          </p>
          <form onSubmit={(e) => e.preventDefault()} noValidate>
            <Input
              label="Erreur dans les données d'acheminement de la pièce précédente (communiquée au fournisseur)"
              textArea
              state={erreurRecyclagePrec ? "error" : "default"}
              stateRelatedMessage={erreurRecyclagePrec}
              nativeTextAreaProps={{ ...recyclagePrec.register("motif"), rows: 3, required: true }}
            />
          </form>
        </modaleRecyclagePrecedente.Component>
      )}
    </>
  );
}
