"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { creerCompteSchema, type CreerCompteForm } from "@/lib/accounts/schemas";
import type { ApercuStructure } from "@/lib/accounts/structure-saisie";
import type { RecapitulatifCompte } from "@/lib/accounts/creer-compte";
import type { ActionResult } from "@/lib/errors";
import type { CaptchaChallengeView, CaptchaKind } from "@/lib/captcha/captcha";
import { Champ, LibelleRequis, erreurDe } from "@/components/form/champ";
import { ChampsStructure } from "@/components/structures/champs-structure";
import { Captcha } from "./captcha";
import { Recapitulatif } from "./recapitulatif";

export type CreationCompteActions = {
  rechercherStructure: (input: unknown) => Promise<ActionResult<ApercuStructure>>;
  nouveauCaptcha: (kind: CaptchaKind) => Promise<ActionResult<CaptchaChallengeView>>;
  validerCaptcha: (input: { id: string; answer: string }) => Promise<ActionResult>;
  creerCompte: (input: unknown) => Promise<ActionResult<RecapitulatifCompte>>;
};

export function FormulaireCreationCompte({ actions }: { actions: CreationCompteActions }) {
  const form = useForm<CreerCompteForm>({
    resolver: zodResolver(creerCompteSchema),
    mode: "onTouched",
    defaultValues: { structure: { identifierType: "SIRET" } as CreerCompteForm["structure"] },
  });
  const [apercu, setApercu] = useState<ApercuStructure | null>(null);
  const [recap, setRecap] = useState<RecapitulatifCompte | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [captchaReset, setCaptchaReset] = useState(0);
  const [submitPending, startSubmit] = useTransition();

  const onSubmit = form.handleSubmit((values) =>
    startSubmit(async () => {
      setFormError(null);
      const result = await actions.creerCompte(values);
      if (result.ok) {
        setRecap(result.data);
        window.scrollTo({ top: 0 });
        return;
      }
      setFormError(result.message);
      for (const [field, message] of Object.entries(result.fieldErrors)) {
        form.setError(field as never, { message });
      }
      if (result.code.startsWith("CAPTCHA")) setCaptchaReset((n) => n + 1);
    }),
  );

  if (recap) return <Recapitulatif recap={recap} />;

  return (
    <form onSubmit={onSubmit} noValidate aria-describedby="champs-obligatoires">
      <p id="champs-obligatoires" className="fr-text--sm">
        Les champs obligatoires sont marqués d&apos;un astérisque rouge (<span style={{ color: "var(--text-default-error)" }}>*</span>).
      </p>
      {formError && <Alert className="fr-mb-3w" severity="error" title="La création du compte n'a pas abouti" description={formError} />}

      <fieldset className="fr-fieldset">
        <legend className="fr-fieldset__legend fr-h4">Informations personnelles</legend>
        <div className="fr-fieldset__element">
          <Champ
            form={form}
            name="email"
            label="Adresse électronique de connexion"
            required
            inputProps={{ type: "email", autoComplete: "email" }}
            hint="Format attendu : prenom.nom@exemple.fr"
          />
        </div>
        <div className="fr-fieldset__element">
          <Champ form={form} name="firstName" label="Prénom" required inputProps={{ autoComplete: "given-name" }} />
        </div>
        <div className="fr-fieldset__element">
          <Champ form={form} name="lastName" label="Nom" required inputProps={{ autoComplete: "family-name" }} />
        </div>
        <div className="fr-fieldset__element">
          <Champ
            form={form}
            name="phone"
            label="Numéro de téléphone"
            required
            inputProps={{ type: "tel", autoComplete: "tel" }}
            hint="Par exemple 01 23 45 67 89 ou +33 1 23 45 67 89"
          />
        </div>
        <div className="fr-fieldset__element">
          <Champ
            form={form}
            name="contactEmail"
            label="E-mail du contact"
            required
            inputProps={{ type: "email" }}
            hint="C'est sur cette adresse que vous recevrez les notifications du portail."
          />
        </div>
        <div className="fr-fieldset__element">
          <Checkbox
            state={erreurDe(form, "acceptTerms") ? "error" : "default"}
            stateRelatedMessage={erreurDe(form, "acceptTerms")}
            options={[
              {
                label: (
                  <span>
                    <LibelleRequis>J&apos;accepte les conditions</LibelleRequis>
                  </span>
                ),
                hintText: (
                  <>
                    J&apos;accepte de transmettre mes informations personnelles au service gestionnaire du portail, selon les{" "}
                    <Link href="/conditions-generales-utilisation" target="_blank">
                      conditions générales d&apos;utilisation (nouvelle fenêtre)
                    </Link>
                    .
                  </>
                ),
                nativeInputProps: { ...form.register("acceptTerms"), required: true },
              },
            ]}
          />
        </div>
      </fieldset>

      <fieldset className="fr-fieldset">
        <legend className="fr-fieldset__legend fr-h4">Informations sur la structure</legend>
        <div className="fr-fieldset__element">
          <p className="fr-text--sm">
            Une structure correspond à une entité juridique (entreprise, association…) identifiée par son numéro SIRET ou un autre type d&apos;identifiant.{" "}
            <strong>Si vous êtes fournisseur, ne renseignez pas le numéro SIRET de votre client public</strong>, mais bien les informations relatives à votre
            entreprise.
          </p>
        </div>
        <ChampsStructure
          form={form}
          rechercher={actions.rechercherStructure}
          apercu={apercu}
          onApercu={setApercu}
          messages={{
            nouvelle:
              "Cette structure n'existe pas encore sur le portail : elle sera créée avec votre compte et vous en serez le gestionnaire principal. Vérifiez les informations pré-remplies.",
            existante:
              "Cette structure est déjà présente sur le portail. Votre compte sera créé avec une demande de rattachement, que le gestionnaire de la structure devra valider. Vérifiez qu'il s'agit bien de votre structure.",
          }}
        />
      </fieldset>

      <Captcha
        nouveau={actions.nouveauCaptcha}
        valider={actions.validerCaptcha}
        resetKey={captchaReset}
        error={erreurDe(form, "captchaId")}
        onChange={(id) => form.setValue("captchaId", id ?? "", { shouldValidate: !!id })}
      />

      <Button type="submit" disabled={submitPending} iconId={submitPending ? "fr-icon-refresh-line" : undefined}>
        {submitPending ? "Création du compte en cours…" : "Créer mon compte"}
      </Button>
    </form>
  );
}
