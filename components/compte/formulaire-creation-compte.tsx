"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { creerCompteSchema, type CreerCompteForm } from "@/lib/accounts/schemas";
import type { ApercuStructure } from "@/lib/accounts/structure-saisie";
import type { RecapitulatifCompte } from "@/lib/accounts/creer-compte";
import type { ActionResult } from "@/lib/errors";
import type { CaptchaChallengeView, CaptchaKind } from "@/lib/captcha/captcha";
import { IDENTIFIER_TYPE_OPTIONS, EU_COUNTRY_OPTIONS, COUNTRY_OPTIONS, horsUeIdentifierPreview } from "@/lib/identifiers/options";
import { Champ, Liste, LibelleRequis, erreurDe } from "@/components/form/champ";
import { Captcha } from "./captcha";
import { Recapitulatif } from "./recapitulatif";

export type CreationCompteActions = {
  rechercherStructure: (input: unknown) => Promise<ActionResult<ApercuStructure>>;
  nouveauCaptcha: (kind: CaptchaKind) => Promise<CaptchaChallengeView>;
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
  const [lookupPending, startLookup] = useTransition();
  const [submitPending, startSubmit] = useTransition();

  const type = useWatch({ control: form.control, name: "structure.identifierType" });
  const countryCode = useWatch({ control: form.control, name: "structure.countryCode" });
  const raisonSociale = useWatch({ control: form.control, name: "structure.raisonSociale" });
  const existante = apercu?.kind === "existante";

  const rechercher = () =>
    startLookup(async () => {
      const saisie = form.getValues("structure");
      const needed = type === "HORS_UE" ? saisie.countryCode && saisie.raisonSociale : saisie.identifier;
      if (!needed) return;
      form.clearErrors("structure.identifier");
      const result = await actions.rechercherStructure(saisie);
      if (result.ok) {
        setApercu(result.data);
      } else {
        setApercu(null);
        const message = result.fieldErrors["structure.identifier"] ?? result.fieldErrors["identifier"] ?? result.message;
        form.setError("structure.identifier", { message });
      }
    });

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

  const s = (name: string) => `structure.${name}` as never;
  const adresseLue = apercu?.adresse;
  const showInsee = type === "SIRET" && apercu;

  return (
    <form onSubmit={onSubmit} noValidate aria-describedby="champs-obligatoires">
      <p id="champs-obligatoires" className="fr-text--sm">
        Les champs obligatoires sont marqués d&apos;un astérisque rouge (<span style={{ color: "var(--text-default-error)" }}>*</span>).
      </p>
      {formError && <Alert className="fr-mb-3w" severity="error" title="La création du compte n'a pas abouti" description={formError} />}

      <fieldset className="fr-fieldset">
        <legend className="fr-fieldset__legend fr-h4">Informations personnelles</legend>
        <div className="fr-fieldset__element">
          <Champ form={form} name="email" label="Adresse électronique de connexion" required inputProps={{ type: "email", autoComplete: "email" }} hint="Format attendu : prenom.nom@exemple.fr" />
        </div>
        <div className="fr-fieldset__element">
          <Champ form={form} name="firstName" label="Prénom" required inputProps={{ autoComplete: "given-name" }} />
        </div>
        <div className="fr-fieldset__element">
          <Champ form={form} name="lastName" label="Nom" required inputProps={{ autoComplete: "family-name" }} />
        </div>
        <div className="fr-fieldset__element">
          <Champ form={form} name="phone" label="Numéro de téléphone" required inputProps={{ type: "tel", autoComplete: "tel" }} hint="Par exemple 01 23 45 67 89 ou +33 1 23 45 67 89" />
        </div>
        <div className="fr-fieldset__element">
          <Champ form={form} name="contactEmail" label="E-mail du contact" required inputProps={{ type: "email" }} hint="C'est sur cette adresse que vous recevrez les notifications du portail." />
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
            Une structure correspond à une entité juridique (entreprise, association…) identifiée par son numéro SIRET ou un autre type
            d&apos;identifiant. <strong>Si vous êtes fournisseur, ne renseignez pas le numéro SIRET de votre client public</strong>, mais bien
            les informations relatives à votre entreprise.
          </p>
        </div>
        <div className="fr-fieldset__element">
          <Liste form={form} name={s("identifierType")} label="Type d'identifiant" required options={IDENTIFIER_TYPE_OPTIONS} />
        </div>

        {(type === "UE_HORS_FRANCE" || type === "HORS_UE" || type === "PARTICULIER") && (
          <div className="fr-fieldset__element">
            <Liste
              form={form}
              name={s("countryCode")}
              label="Pays"
              required
              options={type === "UE_HORS_FRANCE" ? EU_COUNTRY_OPTIONS : COUNTRY_OPTIONS.filter((c) => type !== "HORS_UE" || !EU_COUNTRY_OPTIONS.some((e) => e.value === c.value) && c.value !== "FR")}
            />
          </div>
        )}

        {type !== "HORS_UE" && (
          <div className="fr-fieldset__element">
            <Champ
              form={form}
              name={s("identifier")}
              label={
                type === "SIRET" ? "Identifiant SIRET" : type === "UE_HORS_FRANCE" ? "Numéro de TVA intracommunautaire" : type === "RIDET" ? "Numéro RIDET" : type === "TAHITI" ? "Numéro TAHITI" : "Identifiant"
              }
              hint={
                type === "SIRET"
                  ? "14 chiffres, sans espace"
                  : type === "RIDET"
                    ? "9 ou 10 caractères : RID (7 chiffres, ou 6 sans le zéro initial) et rang de l'établissement (3 chiffres)"
                    : type === "TAHITI"
                      ? "9 caractères : 6 pour l'entreprise (chiffres, ou une lettre et 5 chiffres) et 3 chiffres pour l'établissement"
                      : type === "PARTICULIER"
                        ? "10 caractères : sexe (1 ou 2), année (2 chiffres), mois (2 chiffres), code INSEE du lieu de naissance (5 caractères)"
                        : "Préfixe du pays suivi du numéro, par exemple DE123456789"
              }
              required
              inputProps={{ autoComplete: "off", "aria-busy": lookupPending }}
              onBlur={rechercher}
              disabled={lookupPending}
            />
            {lookupPending && (
              <p className="fr-text--sm fr-mt-n2w" role="status">
                Recherche de la structure…
              </p>
            )}
          </div>
        )}

        {apercu?.kind === "nouvelle" && (
          <div className="fr-fieldset__element" role="status">
            <Alert
              severity="info"
              small
              description="Cette structure n'existe pas encore sur le portail : elle sera créée avec votre compte et vous en serez le gestionnaire principal. Vérifiez les informations pré-remplies."
            />
          </div>
        )}
        {existante && (
          <div className="fr-fieldset__element" role="status">
            <Alert
              severity="warning"
              small
              description="Cette structure est déjà présente sur le portail. Votre compte sera créé avec une demande de rattachement, que le gestionnaire de la structure devra valider. Vérifiez qu'il s'agit bien de votre structure."
            />
          </div>
        )}

        {showInsee && (
          <>
            <div className="fr-fieldset__element">
              <Input label="Raison sociale" disabled nativeInputProps={{ value: apercu.raisonSociale ?? "", readOnly: true }} />
            </div>
            {apercu.diffusionPartielle ? (
              <div className="fr-fieldset__element">
                <p className="fr-text--sm">Adresse non diffusée : cette structure a demandé à l&apos;INSEE que ses coordonnées ne soient pas publiées.</p>
              </div>
            ) : (
              adresseLue && (
                <div className="fr-fieldset__element">
                  <Input
                    label="Adresse postale"
                    disabled
                    textArea
                    nativeTextAreaProps={{
                      readOnly: true,
                      rows: 3,
                      value: [adresseLue.adresse, adresseLue.complement1, [adresseLue.codePostal, adresseLue.ville].filter(Boolean).join(" "), adresseLue.pays]
                        .filter(Boolean)
                        .join("\n"),
                    }}
                  />
                </div>
              )
            )}
          </>
        )}

        {type !== "SIRET" && type !== "PARTICULIER" && !existante && (
          <div className="fr-fieldset__element">
            <Champ form={form} name={s("raisonSociale")} label="Raison sociale" required onBlur={type === "HORS_UE" ? rechercher : undefined} />
          </div>
        )}
        {type === "HORS_UE" && countryCode && raisonSociale && (
          <div className="fr-fieldset__element">
            <p className="fr-text--sm" role="status">
              Identifiant qui sera attribué à la structure : <strong>{horsUeIdentifierPreview(countryCode, raisonSociale)}</strong>
            </p>
          </div>
        )}
        {type === "PARTICULIER" && (
          <>
            <div className="fr-fieldset__element">
              <Champ form={form} name={s("nom")} label="Nom" required />
            </div>
            <div className="fr-fieldset__element">
              <Champ form={form} name={s("prenom")} label="Prénom" required />
            </div>
          </>
        )}
        {!existante && type && (
          <div className="fr-fieldset__element">
            <Champ form={form} name={s("libelle")} label="Libellé de la structure (facultatif)" hint="Un nom d'usage, si vous le souhaitez" />
          </div>
        )}
        {type !== "SIRET" && !existante && (
          <>
            <div className="fr-fieldset__element">
              <Champ form={form} name={s("adresse")} label="Adresse" required={type === "PARTICULIER"} inputProps={{ autoComplete: "address-line1" }} />
            </div>
            <div className="fr-fieldset__element">
              <Champ form={form} name={s("complement1")} label="Complément d'adresse 1" inputProps={{ autoComplete: "address-line2" }} />
            </div>
            <div className="fr-fieldset__element">
              <Champ form={form} name={s("complement2")} label="Complément d'adresse 2" inputProps={{ autoComplete: "address-line3" }} />
            </div>
            <div className="fr-fieldset__element fr-fieldset__element--inline">
              <Champ form={form} name={s("codePostal")} label="Code postal" required={type === "PARTICULIER"} inputProps={{ autoComplete: "postal-code" }} />
            </div>
            <div className="fr-fieldset__element fr-fieldset__element--inline">
              <Champ form={form} name={s("ville")} label="Ville" required={type === "PARTICULIER"} inputProps={{ autoComplete: "address-level2" }} />
            </div>
          </>
        )}
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
