// biome-ignore-all lint/a11y/useSemanticElements: DSFR markup: a search form is role="search", a row of fields a labelled role="group" (the <search> element and a nested fieldset would change the DSFR's layout)
"use client";

import { useEffect, useState, useTransition } from "react";
import { type UseFormReturn, useFieldArray, useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { Champ, LibelleRequis } from "@/components/form/champ";
import type { ActionResult } from "@/lib/errors";
import { CODES_DEVISES, libelleDevise } from "@/lib/invoices/devises";
import { analyserMontant, formaterMontant } from "@/lib/invoices/montants";
import { factureSchema, TYPES_TVA, type FactureData, type FactureForm } from "@/lib/invoices/schemas";
import { ConfirmerEnvoi } from "./confirmer-envoi";
import { GroupeBoutons } from "@/components/ui/groupe-boutons";

type Props = {
  pieceId: string;
  valeurs: FactureForm;
  resumeEnvoi: string;
  nombrePiecesJointes: number;
  factureJointe: boolean;
  /** A suspended piece: its fields are corrected here, then sent back from its page (« Compléter et renvoyer »). */
  correction?: boolean;
  enregistrer: (input: unknown) => Promise<ActionResult>;
  envoyer: (input: unknown) => Promise<ActionResult<{ numeroDepot: string }>>;
};

/** Step 3: number and date, currency, VAT type, totals and the optional « Détail TVA »; save, attachments, send. */
export function FormulaireFacture({ pieceId, valeurs, resumeEnvoi, nombrePiecesJointes, factureJointe, correction, enregistrer, envoyer }: Props) {
  const form = useForm<FactureForm, unknown, FactureData>({ resolver: zodResolver(factureSchema), mode: "onTouched", defaultValues: valeurs });
  const champs = form as unknown as UseFormReturn<FactureForm>; // Champ reads the raw (input) values
  const lignes = useFieldArray({ control: form.control, name: "lignesTva" });
  const [retour, setRetour] = useState<{ ok: boolean; message: string } | null>(null);
  const [pending, start] = useTransition();
  const typeTva = useWatch({ control: form.control, name: "typeTva" });
  const [ht, tva] = useWatch({ control: form.control, name: ["montantHt", "montantTva"] });
  const sansTva = typeTva === "EXONERATION" || typeTva === "SANS_TVA";

  // « Exonéré » (and « sans TVA », reverse charge) make every VAT amount zero, as the guide says.
  useEffect(() => {
    if (!sansTva) return;
    form.setValue("montantTva", "0,00");
    lignes.fields.forEach((_, i) => {
      form.setValue(`lignesTva.${i}.montantTva`, "0,00");
      if (typeTva === "EXONERATION") form.setValue(`lignesTva.${i}.taux`, "0");
    });
  }, [sansTva, typeTva, lignes.fields, form]);

  const htC = analyserMontant(ht ?? "");
  const tvaC = analyserMontant(tva ?? "");
  const ttcCalcule = htC.ok && tvaC.ok ? formaterMontant(htC.valeur + tvaC.valeur) : null;

  const appliquerErreurs = (fieldErrors: Record<string, string>) => {
    for (const [name, message] of Object.entries(fieldErrors))
      if (name in form.getValues() || name.startsWith("lignesTva")) form.setError(name as keyof FactureForm, { message });
  };

  const onEnregistrer = form.handleSubmit(() =>
    start(async () => {
      setRetour(null);
      const r = await enregistrer({ id: pieceId, facture: form.getValues() });
      if (r.ok)
        setRetour({
          ok: true,
          message: correction
            ? "Vos corrections sont enregistrées. Revenez à la pièce pour ajouter les pièces jointes manquantes et cliquer sur « Compléter et renvoyer »."
            : "Le brouillon est enregistré. Vous pouvez ajouter les pièces jointes puis envoyer la facture.",
        });
      else {
        appliquerErreurs(r.fieldErrors);
        setRetour({ ok: false, message: r.fieldErrors.numero ? `${r.message} ${r.fieldErrors.numero}` : r.message });
      }
    }),
  );

  const readOnlyTva = sansTva ? { readOnly: true, "aria-readonly": true } : {};

  return (
    <>
      <form onSubmit={onEnregistrer} noValidate>
        {retour && (
          <Alert className="fr-mb-3w" severity={retour.ok ? "success" : "error"} small description={retour.message} role={retour.ok ? "status" : "alert"} />
        )}
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-6">
            <Champ
              form={champs}
              name="numero"
              label="Numéro"
              hint="Unique pour votre structure sur l'année de la facture."
              required
              inputProps={{ maxLength: 35, autoComplete: "off" }}
            />
          </div>
          <div className="fr-col-12 fr-col-md-6">
            <Champ form={champs} name="dateFacture" label="Date" required inputProps={{ type: "date" }} />
          </div>
          <div className="fr-col-12 fr-col-md-6">
            <Select
              label={<LibelleRequis>Devise</LibelleRequis>}
              state={form.formState.errors.devise ? "error" : "default"}
              stateRelatedMessage={form.formState.errors.devise?.message}
              nativeSelectProps={{ ...form.register("devise"), required: true }}
            >
              {CODES_DEVISES.map((c) => (
                <option key={c} value={c}>
                  {libelleDevise(c)}
                </option>
              ))}
            </Select>
          </div>
          <div className="fr-col-12 fr-col-md-6">
            <Select
              label={<LibelleRequis>Type de TVA</LibelleRequis>}
              hint="En cas d'auto-liquidation de la TVA, choisissez « Sans TVA »."
              state={form.formState.errors.typeTva ? "error" : "default"}
              stateRelatedMessage={form.formState.errors.typeTva?.message}
              nativeSelectProps={{ ...form.register("typeTva"), required: true }}
            >
              <option value="">Sélectionnez le type de TVA</option>
              {Object.entries(TYPES_TVA).map(([code, libelle]) => (
                <option key={code} value={code}>
                  {libelle}
                </option>
              ))}
            </Select>
          </div>
        </div>

        <h2 className="fr-h5 fr-mt-2w">Montants totaux</h2>
        <p className="fr-hint-text">Montants en unités de la devise, avec deux décimales au plus : par exemple 12 345,67.</p>
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-4">
            <Champ form={champs} name="montantHt" label="Montant total HT" required inputProps={{ inputMode: "decimal", autoComplete: "off" }} />
          </div>
          <div className="fr-col-12 fr-col-md-4">
            <Champ
              form={champs}
              name="montantTva"
              label="Montant total TVA"
              required
              hint={sansTva ? `Nul : ${TYPES_TVA[typeTva as "EXONERATION" | "SANS_TVA"].toLowerCase()}.` : undefined}
              inputProps={{ inputMode: "decimal", autoComplete: "off", ...readOnlyTva }}
            />
          </div>
          <div className="fr-col-12 fr-col-md-4">
            <Champ
              form={champs}
              name="montantTtc"
              label="Montant total TTC"
              required
              hint={ttcCalcule ? `HT + TVA = ${ttcCalcule}` : undefined}
              inputProps={{ inputMode: "decimal", autoComplete: "off" }}
            />
          </div>
        </div>

        <fieldset className="fr-fieldset fr-mt-2w" aria-describedby="detail-tva-aide">
          <legend className="fr-fieldset__legend fr-h5">Détail TVA (facultatif)</legend>
          <p id="detail-tva-aide" className="fr-hint-text fr-fieldset__element">
            Une ligne par taux de TVA. Ces données ne sont pas obligatoires : le détail de votre facture figure sur le PDF et ses pièces jointes. La somme des
            lignes doit égaler les totaux.
          </p>
          {form.formState.errors.lignesTva?.message && (
            <p className="fr-message fr-message--error fr-fieldset__element" role="alert">
              {form.formState.errors.lignesTva.message}
            </p>
          )}
          {form.formState.errors.lignesTva?.root?.message && (
            <p className="fr-message fr-message--error fr-fieldset__element" role="alert">
              {form.formState.errors.lignesTva.root.message}
            </p>
          )}
          {lignes.fields.map((f, i) => (
            <div
              key={f.id}
              className="fr-fieldset__element fr-grid-row fr-grid-row--gutters fr-grid-row--bottom"
              role="group"
              aria-label={`Ligne de TVA ${i + 1}`}
            >
              <div className="fr-col-12 fr-col-md-3">
                <Champ
                  form={champs}
                  name={`lignesTva.${i}.taux`}
                  label={`Taux (%) — ligne ${i + 1}`}
                  required
                  inputProps={{ inputMode: "decimal", ...(typeTva === "EXONERATION" ? { readOnly: true } : {}) }}
                />
              </div>
              <div className="fr-col-12 fr-col-md-4">
                <Champ form={champs} name={`lignesTva.${i}.baseHt`} label={`Base HT — ligne ${i + 1}`} required inputProps={{ inputMode: "decimal" }} />
              </div>
              <div className="fr-col-12 fr-col-md-3">
                <Champ
                  form={champs}
                  name={`lignesTva.${i}.montantTva`}
                  label={`Montant TVA — ligne ${i + 1}`}
                  required
                  inputProps={{ inputMode: "decimal", ...readOnlyTva }}
                />
              </div>
              <div className="fr-col-12 fr-col-md-2 fr-mb-3w">
                <Button
                  type="button"
                  priority="tertiary"
                  size="small"
                  iconId="fr-icon-delete-line"
                  onClick={() => lignes.remove(i)}
                  title={`Supprimer la ligne de TVA ${i + 1}`}
                >
                  Supprimer
                </Button>
              </div>
            </div>
          ))}
          <div className="fr-fieldset__element">
            <Button
              type="button"
              priority="secondary"
              size="small"
              iconId="fr-icon-add-line"
              onClick={() => lignes.append({ taux: typeTva === "EXONERATION" ? "0" : "20", baseHt: "", montantTva: sansTva ? "0,00" : "" })}
            >
              Ajouter une ligne de TVA
            </Button>
          </div>
        </fieldset>

        <GroupeBoutons className="fr-btns-group--inline-md fr-mt-3w">
          <li>
            <Button
              priority="tertiary"
              iconId="fr-icon-arrow-left-line"
              linkProps={{ href: correction ? `/factures-travaux/pieces/${pieceId}` : `/factures-travaux/deposer/${pieceId}/parties` }}
            >
              {correction ? "Retour à la pièce" : "Étape précédente"}
            </Button>
          </li>
          <li>
            <Button type="submit" priority="secondary" disabled={pending} iconId="fr-icon-save-line">
              Enregistrer
            </Button>
          </li>
          {!correction && (
            <li>
              <Button priority="secondary" iconId="fr-icon-attachment-line" linkProps={{ href: `/factures-travaux/deposer/${pieceId}/pieces-jointes` }}>
                {`Gestion des pièces jointes (${nombrePiecesJointes})`}
              </Button>
            </li>
          )}
        </GroupeBoutons>
      </form>
      {!correction && !factureJointe && (
        <Alert
          className="fr-mb-3w"
          severity="info"
          small
          description="Avant d'envoyer, joignez la facture elle-même au format PDF depuis « Gestion des pièces jointes »."
        />
      )}
      {!correction && (
        <ConfirmerEnvoi
          pieceId={pieceId}
          resume={resumeEnvoi}
          avantOuverture={() => form.trigger()}
          envoyer={() => envoyer({ id: pieceId, facture: form.getValues() })}
          surErreurs={appliquerErreurs}
        />
      )}
    </>
  );
}
