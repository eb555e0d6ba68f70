"use client";

import { useTransition } from "react";
import { useWatch, type FieldValues, type UseFormReturn } from "react-hook-form";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Input } from "@codegouvfr/react-dsfr/Input";
import type { ApercuStructure, StructureSaisie } from "@/lib/accounts/structure-saisie";
import type { ActionResult } from "@/lib/errors";
import { IDENTIFIER_TYPE_OPTIONS, EU_COUNTRY_OPTIONS, COUNTRY_OPTIONS, horsUeIdentifierPreview } from "@/lib/identifiers/options";
import { Champ, Liste } from "@/components/form/champ";

type FormStructure = { structure: StructureSaisie };

export type ChampsStructureProps<T extends FieldValues> = {
  /** A form whose values hold the structure under `structure` (« Créer un compte », « Créer une structure »). */
  form: UseFormReturn<T>;
  /** Looks the identifier up when the user leaves the field (server action: portal, then INSEE directory). */
  rechercher: (saisie: unknown) => Promise<ActionResult<ApercuStructure>>;
  apercu: ApercuStructure | null;
  onApercu: (apercu: ApercuStructure | null) => void;
  /** What to say of a new structure, and of one already on the portal. */
  messages: { nouvelle: string; existante: string };
};

const IDENTIFIANT_LABEL = {
  SIRET: "Identifiant SIRET",
  UE_HORS_FRANCE: "Numéro de TVA intracommunautaire",
  RIDET: "Numéro RIDET",
  TAHITI: "Numéro TAHITI",
  PARTICULIER: "Identifiant",
  HORS_UE: "Identifiant",
} as const;

const IDENTIFIANT_AIDE = {
  SIRET: "14 chiffres, sans espace",
  RIDET: "9 ou 10 caractères : RID (7 chiffres, ou 6 sans le zéro initial) et rang de l'établissement (3 chiffres)",
  TAHITI: "9 caractères : 6 pour l'entreprise (chiffres, ou une lettre et 5 chiffres) et 3 chiffres pour l'établissement",
  PARTICULIER: "10 caractères : sexe (1 ou 2), année (2 chiffres), mois (2 chiffres), code INSEE du lieu de naissance (5 caractères)",
  UE_HORS_FRANCE: "Préfixe du pays suivi du numéro, par exemple DE123456789",
  HORS_UE: "",
} as const;

/**
 * « Type d'identifiant », « Identifiant » and the fields each type needs (guide: « Créer une structure »): the page
 * updates when the user leaves the identifier field — INSEE prefill for a SIRET, the identifier a « Structure hors
 * UE » will get, or the notice that the structure is already on the portal. Shared by both forms that create one.
 */
export function ChampsStructure<T extends FieldValues>({ form: anyForm, rechercher: lookup, apercu, onApercu, messages }: ChampsStructureProps<T>) {
  const form = anyForm as unknown as UseFormReturn<FormStructure>;
  const [lookupPending, startLookup] = useTransition();
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
      const result = await lookup(saisie);
      if (result.ok) {
        onApercu(result.data);
      } else {
        onApercu(null);
        const message = result.fieldErrors["structure.identifier"] ?? result.fieldErrors.identifier ?? result.message;
        form.setError("structure.identifier", { message });
      }
    });

  const s = (name: keyof StructureSaisie) => `structure.${name}` as const;
  const adresseLue = apercu?.adresse;
  const showInsee = type === "SIRET" && apercu;

  return (
    <>
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
            options={
              type === "UE_HORS_FRANCE"
                ? EU_COUNTRY_OPTIONS
                : COUNTRY_OPTIONS.filter((c) => type !== "HORS_UE" || (!EU_COUNTRY_OPTIONS.some((e) => e.value === c.value) && c.value !== "FR"))
            }
          />
        </div>
      )}

      {type && type !== "HORS_UE" && (
        <div className="fr-fieldset__element">
          <Champ
            form={form}
            name={s("identifier")}
            label={IDENTIFIANT_LABEL[type]}
            hint={IDENTIFIANT_AIDE[type]}
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
          <Alert severity="info" small description={messages.nouvelle} />
        </div>
      )}
      {existante && (
        <div className="fr-fieldset__element" role="status">
          <Alert severity="warning" small description={messages.existante} />
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
      {type && type !== "SIRET" && !existante && (
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
    </>
  );
}
