"use client";

import { type ReactNode, useId, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button, type ButtonProps } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { createModal } from "@codegouvfr/react-dsfr/Modal";
import type { ActionResult } from "@/lib/errors";
import { LibelleRequis } from "@/components/form/champ";

type Props = {
  /** The dialog's id (unique in the page). */
  id: string;
  /** The button that opens the dialog. */
  bouton: { libelle: string; titre?: string; priority?: ButtonProps["priority"]; destructif?: boolean; taille?: "small" };
  /** The dialog's title: it names what the action touches. */
  titre: string;
  /** What will happen, in words. */
  children: ReactNode;
  libelleMotif: string;
  indicationMotif?: string;
  /** A reason is mandatory (refusals, withdrawals, deactivations); optional otherwise (a comment). */
  motifObligatoire?: boolean;
  confirmer: string;
  enCours: string;
  /** Said once done (the page reloads its data). */
  succes: string;
  action: (input: unknown) => Promise<ActionResult>;
  /** The action's input, the reason added as `motif`. */
  input: Record<string, unknown>;
  /** More fields in the dialog (controlled by the caller), before the reason. */
  champs?: ReactNode;
  /** False while the caller's own fields are incomplete. */
  pret?: boolean;
  /**
   * Told of the success (the caller announces it where it stays on screen: the button itself may leave the page once
   * its data reloads, a decided request leaving the queue); otherwise announced next to the button.
   */
  onSucces?: (texte: string) => void;
};

/**
 * An administrator's action with its reason: a button opens a confirmation dialog that says what will happen and
 * asks the reason (mailed to the structure's managers and kept in the journal); the result is announced next to the
 * button and the page's data reloaded.
 */
export function ActionMotivee(p: Props) {
  const [modale] = useState(() => createModal({ id: p.id, isOpenedByDefault: false }));
  const router = useRouter();
  const [motif, setMotif] = useState("");
  const [erreur, setErreur] = useState<string | null>(null);
  const [resultat, setResultat] = useState<{ ok: boolean; texte: string } | null>(null);
  const [pending, start] = useTransition();
  const statut = useId();
  const incomplet = (p.motifObligatoire !== false && !motif.trim()) || p.pret === false;

  const confirmer = () =>
    start(async () => {
      const r = await p.action({ ...p.input, motif: motif.trim() || undefined });
      if (r.ok) {
        modale.close();
        setMotif("");
        setErreur(null);
        if (p.onSucces) p.onSucces(p.succes);
        else setResultat({ ok: true, texte: p.succes });
        router.refresh();
      } else if (r.fieldErrors.motif) {
        setErreur(r.fieldErrors.motif);
      } else {
        modale.close();
        setResultat({ ok: false, texte: r.message });
      }
    });

  return (
    <>
      <Button
        size={p.bouton.taille}
        priority={p.bouton.priority ?? "secondary"}
        className={p.bouton.destructif ? "bouton-destructif" : undefined}
        title={p.bouton.titre}
        disabled={pending}
        aria-describedby={resultat ? statut : undefined}
        onClick={() => modale.open()}
      >
        {p.bouton.libelle}
      </Button>
      <p id={statut} role="status" className="fr-text--sm fr-mb-0">
        {resultat && <span className={resultat.ok ? undefined : "fr-error-text fr-mt-1v"}>{resultat.texte}</span>}
      </p>
      <modale.Component
        title={p.titre}
        buttons={[
          { children: "Annuler", priority: "secondary", doClosesModal: true },
          { children: pending ? p.enCours : p.confirmer, doClosesModal: false, disabled: pending || incomplet, onClick: confirmer },
        ]}
      >
        {p.children}
        <form onSubmit={(e) => e.preventDefault()} noValidate>
          {p.champs}
          <Input
            label={p.motifObligatoire === false ? p.libelleMotif : <LibelleRequis>{p.libelleMotif}</LibelleRequis>}
            hintText={p.indicationMotif}
            textArea
            state={erreur ? "error" : "default"}
            stateRelatedMessage={erreur ?? undefined}
            nativeTextAreaProps={{ value: motif, onChange: (e) => setMotif(e.target.value), rows: 3, maxLength: 1000, required: p.motifObligatoire !== false }}
          />
        </form>
      </modale.Component>
    </>
  );
}
