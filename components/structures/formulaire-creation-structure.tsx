"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { creerStructureSchema, type CreerStructureForm } from "@/lib/structures/schemas";
import type { ApercuStructure } from "@/lib/accounts/structure-saisie";
import type { ActionResult } from "@/lib/errors";
import { Champ } from "@/components/form/champ";
import { ChampsStructure } from "./champs-structure";

export type CreationStructureActions = {
  rechercherStructure: (input: unknown) => Promise<ActionResult<ApercuStructure>>;
  creerStructure: (input: unknown) => Promise<ActionResult<{ raisonSociale: string }>>;
  demanderRattachement: (input: unknown) => Promise<ActionResult<{ raisonSociale: string }>>;
};

/**
 * « Créer une structure » (guide): type d'identifiant, identifiant (the page updates on leaving the field), the fields
 * of that type, optional libellé, e-mail and téléphone, « Soumettre ». A structure already on the portal cannot be
 * created again: the only action offered is then to ask to be attached to it.
 */
export function FormulaireCreationStructure({ actions }: { actions: CreationStructureActions }) {
  const router = useRouter();
  const form = useForm<CreerStructureForm>({
    resolver: zodResolver(creerStructureSchema),
    mode: "onTouched",
    defaultValues: { structure: { identifierType: "SIRET" } as CreerStructureForm["structure"] },
  });
  const [apercu, setApercu] = useState<ApercuStructure | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [demande, setDemande] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const existante = apercu?.kind === "existante";

  const echec = (result: Extract<ActionResult, { ok: false }>) => {
    setFormError(result.message);
    for (const [field, message] of Object.entries(result.fieldErrors)) form.setError(field as never, { message });
    if (result.code === "STRUCTURE_DEJA_PRESENTE") setApercu((a) => (a ? { ...a, kind: "existante", raisonSociale: a.raisonSociale ?? "" } : a));
  };

  const onSubmit = form.handleSubmit((values) =>
    start(async () => {
      setFormError(null);
      const result = await actions.creerStructure(values);
      if (result.ok) router.push("/structures?envoi=creer-une-structure");
      else echec(result);
    }),
  );

  const demanderRattachement = () =>
    start(async () => {
      setFormError(null);
      const result = await actions.demanderRattachement(form.getValues("structure"));
      if (result.ok) setDemande(result.data.raisonSociale);
      else echec(result);
    });

  if (demande) {
    return (
      <Alert
        severity="success"
        title="Demande de rattachement envoyée"
        description={`Votre demande de rattachement à ${demande} a été transmise à ses gestionnaires. Vous recevrez un courriel dès qu'elle sera traitée ; vous pouvez la suivre dans « Mes structures ».`}
      />
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-describedby="champs-obligatoires">
      <p id="champs-obligatoires" className="fr-text--sm">
        Les champs obligatoires sont marqués d&apos;un astérisque rouge (<span style={{ color: "var(--text-default-error)" }}>*</span>).
      </p>
      {formError && !existante && <Alert className="fr-mb-3w" severity="error" title="La création de la structure n'a pas abouti" description={formError} />}

      <fieldset className="fr-fieldset">
        <legend className="fr-fieldset__legend fr-h4">Identification de la structure</legend>
        <div className="fr-fieldset__element">
          <p className="fr-text--sm">
            <strong>Si vous êtes fournisseur, ne renseignez pas le numéro SIRET de votre client public</strong>, mais bien les informations relatives à votre
            entreprise.
          </p>
        </div>
        <ChampsStructure
          form={form}
          rechercher={actions.rechercherStructure}
          apercu={apercu}
          onApercu={(a) => {
            setApercu(a);
            setFormError(null);
          }}
          messages={{
            nouvelle:
              "Cette structure n'existe pas encore sur le portail : elle sera créée et vous en serez le gestionnaire principal. Vérifiez les informations pré-remplies.",
            existante:
              "Cette structure est déjà présente sur le portail : elle ne peut pas être créée une seconde fois. Vous pouvez demander votre rattachement à cette structure ; son gestionnaire validera ou refusera votre demande.",
          }}
        />
      </fieldset>

      {!existante && (
        <fieldset className="fr-fieldset">
          <legend className="fr-fieldset__legend fr-h4">Coordonnées (facultatives)</legend>
          <div className="fr-fieldset__element">
            <Champ
              form={form}
              name="email"
              label="E-mail de la structure"
              hint="À titre informatif seulement : les notifications du portail sont envoyées aux utilisateurs, jamais à cette adresse."
              inputProps={{ type: "email", autoComplete: "email" }}
            />
          </div>
          <div className="fr-fieldset__element">
            <Champ
              form={form}
              name="phone"
              label="Téléphone"
              hint="Par exemple 01 23 45 67 89 ou +33 1 23 45 67 89"
              inputProps={{ type: "tel", autoComplete: "tel" }}
            />
          </div>
        </fieldset>
      )}

      {existante ? (
        <Button type="button" onClick={demanderRattachement} disabled={pending} iconId={pending ? "fr-icon-refresh-line" : undefined}>
          {pending ? "Envoi de la demande…" : "Demander le rattachement"}
        </Button>
      ) : (
        <Button type="submit" disabled={pending} iconId={pending ? "fr-icon-refresh-line" : undefined}>
          {pending ? "Envoi en cours…" : "Soumettre"}
        </Button>
      )}
      {existante && formError && <Alert className="fr-mt-3w" small severity="error" description={formError} />}
    </form>
  );
}
