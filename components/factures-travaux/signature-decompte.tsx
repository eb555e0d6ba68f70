"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { RadioButtons } from "@codegouvfr/react-dsfr/RadioButtons";
import { LibelleRequis } from "@/components/form/champ";
import type { ActionResult } from "@/lib/errors";
import { CHOIX_SIGNATURE, MOTIF_RESERVES_MAX, signatureSchema, type SignatureData, type SignatureForm } from "@/lib/invoices/signature-schema";

type Props = {
  pieceId: string;
  /** « A20 – Décompte général, n° DG-12 ». */
  decompte: string;
  valeurs: SignatureForm;
  enregistrer: (input: unknown) => Promise<ActionResult>;
};

/**
 * The titulaire signs the décompte général on its A8: « J'accepte le décompte général », or « J'accepte avec réserves »
 * — then the reason (the object of its mémoire en réclamation), the mémoire itself being joined below.
 */
export function SignatureDecompte({ pieceId, decompte, valeurs, enregistrer }: Props) {
  const router = useRouter();
  const form = useForm<SignatureForm, unknown, SignatureData>({ resolver: zodResolver(signatureSchema), defaultValues: valeurs });
  const choix = useWatch({ control: form.control, name: "signature" });
  const [retour, setRetour] = useState<{ ok: boolean; texte: string } | null>(null);
  const [pending, start] = useTransition();
  const erreurChoix = form.formState.errors.signature?.message;
  const erreurMotif = form.formState.errors.motifReserves?.message;

  const onSubmit = form.handleSubmit((v) =>
    start(async () => {
      setRetour(null);
      const r = await enregistrer({ id: pieceId, ...v });
      if (!r.ok) {
        for (const [k, m] of Object.entries(r.fieldErrors)) form.setError(k as keyof SignatureForm, { message: m });
        setRetour({ ok: false, texte: r.message });
        return;
      }
      setRetour({
        ok: true,
        texte:
          v.signature === "RESERVES"
            ? "Votre choix est enregistré : vous acceptez le décompte général avec réserves. Joignez votre mémoire en réclamation ci-dessous avant d'envoyer."
            : "Votre choix est enregistré : vous acceptez le décompte général sans réserves.",
      });
      router.refresh();
    }),
  );

  return (
    <form onSubmit={onSubmit} noValidate className="fr-mb-4w">
      {retour && <Alert className="fr-mb-3w" small severity={retour.ok ? "success" : "error"} description={retour.texte} />}
      <RadioButtons
        legend={<LibelleRequis>Signature du décompte général</LibelleRequis>}
        hintText={`Vous signez le ${decompte}. En l'acceptant avec réserves, vous indiquez le motif et joignez votre mémoire en réclamation.`}
        state={erreurChoix ? "error" : "default"}
        stateRelatedMessage={erreurChoix}
        options={(Object.keys(CHOIX_SIGNATURE) as (keyof typeof CHOIX_SIGNATURE)[]).map((k) => ({
          label: CHOIX_SIGNATURE[k],
          nativeInputProps: { ...form.register("signature"), value: k },
        }))}
      />
      {choix === "RESERVES" && (
        <Input
          label={<LibelleRequis>Motif des réserves (objet du mémoire en réclamation)</LibelleRequis>}
          hintText={`${MOTIF_RESERVES_MAX} caractères au plus. Le mémoire en réclamation détaille vos réserves : joignez-le ci-dessous.`}
          textArea
          state={erreurMotif ? "error" : "default"}
          stateRelatedMessage={erreurMotif}
          nativeTextAreaProps={{ ...form.register("motifReserves"), rows: 4, required: true, "aria-invalid": erreurMotif ? true : undefined }}
        />
      )}
      <Button type="submit" priority="secondary" iconId="fr-icon-save-line" disabled={pending}>
        Enregistrer mon choix
      </Button>
    </form>
  );
}
