"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { RadioButtons } from "@codegouvfr/react-dsfr/RadioButtons";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { LibelleRequis } from "@/components/form/champ";
import type { ActionResult } from "@/lib/errors";
import { CADRES, ROLES_DEPOSANT, type RoleDeposant } from "@/lib/invoices/cadres";
import { cadreSchema, type CadreData, type CadreForm } from "@/lib/invoices/schemas";

type Props = {
  pieceId?: string;
  structure: { raisonSociale: string; identifier: string };
  cadresAutorises: string[];
  services: { id: string; code: string; libelle: string }[];
  valeurs?: CadreForm;
  /**
   * A next piece whose frame is what it is to the piece it follows (A16, A18, A19, A20, A22, A23, the A8 signing a
   * décompte général): the frame is shown, not offered for change; only the service may be chosen again.
   */
  fige?: boolean;
  action: (input: unknown) => Promise<ActionResult<{ id: string }> | ActionResult>;
};

/** Step 1: the frame (only those of the structure's roles, with the guide's explanation), the structure, its service. */
export function FormulaireCadre({ pieceId, structure, cadresAutorises, services, valeurs, fige, action }: Props) {
  const router = useRouter();
  const form = useForm<CadreForm, unknown, CadreData>({
    resolver: zodResolver(cadreSchema),
    defaultValues: valeurs ?? { cadre: undefined, serviceDeposantId: "" },
  });
  const [erreur, setErreur] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const roles = (Object.keys(ROLES_DEPOSANT) as RoleDeposant[]).filter((r) => CADRES.some((c) => c.role === r && cadresAutorises.includes(c.code)));
  const erreurCadre = form.formState.errors.cadre?.message;

  const onSubmit = form.handleSubmit((values) =>
    start(async () => {
      setErreur(null);
      const result = await action({ ...values, id: pieceId });
      if (!result.ok) {
        setErreur(result.message);
        for (const [name, message] of Object.entries(result.fieldErrors)) form.setError(name as keyof CadreForm, { message });
        return;
      }
      const id = pieceId ?? (result as { data: { id: string } }).data.id;
      router.push(`/factures-travaux/deposer/${id}/parties`);
    }),
  );

  const cadreFige = fige ? CADRES.find((c) => c.code === valeurs?.cadre) : undefined;

  if (roles.length === 0 && !cadreFige)
    return (
      <Alert
        severity="info"
        title="Aucun cadre de facturation à choisir"
        description="Votre structure est une maîtrise d'ouvrage publique : elle ne dépose pas de pièce seule. Son état d'acompte validé (A19) et son décompte général (A20) se déposent à partir d'une pièce de la maîtrise d'œuvre qu'elle a prise en compte, depuis « Déposer » ou depuis la pièce (« Déposer la pièce suivante »)."
      />
    );

  return (
    <form onSubmit={onSubmit} noValidate>
      {erreur && <Alert className="fr-mb-3w" severity="error" title="Le brouillon n'a pas été enregistré" description={erreur} />}
      {cadreFige ? (
        <div className="fr-mb-4w">
          <input type="hidden" {...form.register("cadre")} />
          <h2 className="fr-h5">Cadre de facturation</h2>
          <p className="fr-mb-1w">
            <strong>
              {cadreFige.court} : {cadreFige.libelle}
            </strong>
            <br />
            <span className="fr-hint-text">{cadreFige.explication}</span>
          </p>
          <p className="fr-hint-text">Cette pièce fait suite à une pièce du dossier de facturation : son cadre de facturation ne change pas.</p>
        </div>
      ) : (
        <fieldset
          className={`fr-fieldset ${erreurCadre ? "fr-fieldset--error" : ""}`}
          aria-labelledby="cadre-legende"
          aria-describedby={erreurCadre ? "cadre-erreur" : undefined}
        >
          <legend id="cadre-legende" className="fr-fieldset__legend">
            <LibelleRequis>Cadre de facturation</LibelleRequis>
            <span className="fr-hint-text">Sélectionnez le cadre de facturation adéquat parmi ceux que votre structure peut déposer.</span>
          </legend>
          {roles.map((role) => (
            <div key={role} className="fr-fieldset__element">
              <RadioButtons
                legend={ROLES_DEPOSANT[role].titre}
                hintText={ROLES_DEPOSANT[role].note}
                options={CADRES.filter((c) => c.role === role && cadresAutorises.includes(c.code)).map((c) => ({
                  label: `${c.court} : ${c.libelle}`,
                  hintText: c.explication,
                  nativeInputProps: { ...form.register("cadre"), value: c.code },
                }))}
              />
            </div>
          ))}
          {erreurCadre && (
            <div className="fr-messages-group" id="cadre-erreur" aria-live="assertive">
              <p className="fr-message fr-message--error">{erreurCadre}</p>
            </div>
          )}
        </fieldset>
      )}

      <h2 className="fr-h5">Votre structure</h2>
      <p>
        {structure.raisonSociale} — SIRET {structure.identifier}
        <br />
        <span className="fr-hint-text">
          Pour déposer au nom d&apos;une autre de vos structures, changez de structure depuis « Mes structures » (menu « Organisation »).
        </span>
      </p>
      {services.length > 0 && (
        <Select
          label={<LibelleRequis>Service</LibelleRequis>}
          hint="Votre structure a mis en place des services : sélectionnez-en un."
          state={form.formState.errors.serviceDeposantId ? "error" : "default"}
          stateRelatedMessage={form.formState.errors.serviceDeposantId?.message}
          nativeSelectProps={{ ...form.register("serviceDeposantId"), required: true }}
        >
          <option value="">Sélectionnez un service</option>
          {services.map((s) => (
            <option key={s.id} value={s.id}>
              {s.libelle} ({s.code})
            </option>
          ))}
        </Select>
      )}
      <Button type="submit" disabled={pending} iconId="fr-icon-arrow-right-line" iconPosition="right">
        Enregistrer et continuer
      </Button>
    </form>
  );
}
