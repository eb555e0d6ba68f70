// biome-ignore-all lint/a11y/useSemanticElements: DSFR markup: a search form is role="search", a row of fields a labelled role="group" (the <search> element and a nested fieldset would change the DSFR's layout)
"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import { type UseFormReturn, useFieldArray, useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { RadioButtons } from "@codegouvfr/react-dsfr/RadioButtons";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { Champ, erreurDe, focaliserPremiereErreur, LibelleRequis } from "@/components/form/champ";
import type { ActionResult } from "@/lib/errors";
import { CODES_DEVISES, libelleDevise } from "@/lib/invoices/devises";
import {
  analyserQuantite,
  LIBELLE_CAUTION,
  LIBELLES_DECOMPTE,
  montantHtCalcule,
  montantTtcCalcule,
  montantPoste,
  montantsRevises,
  netAPayerCalcule,
  travauxPeriodeCalcules,
  TYPES_PIECE,
} from "@/lib/invoices/decompte";
import { analyserMontant, formaterMontant, formaterMontantDevise } from "@/lib/invoices/montants";
import { factureSchema, TYPES_TVA, type FactureData, type FactureForm } from "@/lib/invoices/schemas";
import { ConfirmerEnvoi } from "./confirmer-envoi";
import { ImportFactureElectronique } from "./import-facture-electronique";
import { GroupeBoutons } from "@/components/ui/groupe-boutons";

/** The piece this one follows (A15–A20 revise its amounts): its name and amounts, in cents. */
export type PiecePrecedenteRevisee = { libelle: string; devise: string; montantHt: number | null; montantTtc: number | null; netAPayer: number | null };

type Props = {
  pieceId: string;
  valeurs: FactureForm;
  resumeEnvoi: string;
  nombrePiecesJointes: number;
  factureJointe: boolean;
  /** A suspended piece: its fields are corrected here, then sent back from its page (« Compléter et renvoyer »). */
  correction?: boolean;
  /** The MOE's or the MOA's piece following another: changed amounts need a reason. */
  precedente?: PiecePrecedenteRevisee | null;
  enregistrer: (input: unknown) => Promise<ActionResult>;
  envoyer: (input: unknown) => Promise<ActionResult<{ numeroDepot: string }>>;
};

/** Cents of a typed amount; an empty optional line counts as 0 (`vide`), an unreadable one as unknown (null). */
function centimes(saisie: string | null | undefined, vide: number | null = 0): number | null {
  if (!saisie || saisie.trim() === "") return vide;
  const r = analyserMontant(saisie);
  return r.ok ? r.valeur : null;
}
const texteMontant = (c: number) => formaterMontant(c).replace(/[\u00a0\u202f]/g, " ");

/**
 * Step 3: number and date, currency, facture or avoir, VAT type (and exemption reason), the décompte in the CCAG's order
 * with the net à payer computed as the user types, the optional « Détail TVA » and « Postes ou prestations », and the
 * reason of a revision of the previous piece's amounts; save, attachments, send.
 */
export function FormulaireFacture({ pieceId, valeurs, resumeEnvoi, nombrePiecesJointes, factureJointe, correction, precedente, enregistrer, envoyer }: Props) {
  // The first field in error takes the focus in reading order (react-hook-form's own order is that of registration, where
  // this form's selects and radios come before the fields its <Champ> children register).
  const form = useForm<FactureForm, unknown, FactureData>({
    resolver: zodResolver(factureSchema),
    mode: "onTouched",
    defaultValues: valeurs,
    shouldFocusError: false,
  });
  const formulaire = useRef<HTMLFormElement>(null);
  const champs = form as unknown as UseFormReturn<FactureForm>; // Champ reads the raw (input) values
  const lignes = useFieldArray({ control: form.control, name: "lignesTva" });
  const postes = useFieldArray({ control: form.control, name: "lignesPoste" });
  const [retour, setRetour] = useState<{ ok: boolean; message: string } | null>(null);
  const [pending, start] = useTransition();
  const [typePiece, typeTva, caution] = useWatch({ control: form.control, name: ["typePiece", "typeTva", "cautionRemplaceRetenue"] });
  const sansTva = typeTva === "EXONERATION" || typeTva === "SANS_TVA";
  const exonere = typeTva === "EXONERATION";
  const [cumules, precedents, periode, revision, avanceVersee, avanceRemboursee, ht, tva, ttc, retenue, penalites] = useWatch({
    control: form.control,
    name: [
      "travauxCumules",
      "travauxCumulesPrecedents",
      "travauxPeriode",
      "revisionPrix",
      "avanceVersee",
      "avanceRemboursee",
      "montantHt",
      "montantTva",
      "montantTtc",
      "retenueGarantie",
      "penalites",
    ],
  });
  const lignesPoste = useWatch({ control: form.control, name: "lignesPoste" }) ?? [];

  // « Exonéré » (and « sans TVA », reverse charge) make every VAT amount zero, as the guide says; exonéré, every poste's rate too.
  useEffect(() => {
    if (!sansTva) return;
    form.setValue("montantTva", "0,00");
    lignes.fields.forEach((_, i) => {
      form.setValue(`lignesTva.${i}.montantTva`, "0,00");
      if (exonere) form.setValue(`lignesTva.${i}.taux`, "0");
    });
  }, [sansTva, exonere, lignes.fields, form]);
  useEffect(() => {
    if (!exonere) return;
    for (let i = 0; i < postes.fields.length; i++) form.setValue(`lignesPoste.${i}.tauxTva`, "0");
  }, [exonere, postes.fields, form]);
  // A caution replaces the retenue de garantie: nil.
  useEffect(() => {
    if (caution) form.setValue("retenueGarantie", "0,00");
  }, [caution, form]);

  // The décompte as it stands, line by line (null: not computable from what is typed yet).
  const cumulesC = centimes(cumules, null);
  const precedentsC = centimes(precedents, 0);
  const periodeCalculee =
    cumulesC !== null && precedentsC !== null ? travauxPeriodeCalcules({ travauxCumules: cumulesC, travauxCumulesPrecedents: precedentsC }) : null;
  const periodeC = centimes(periode, periodeCalculee);
  const [revisionC, verseeC, rembourseeC, retenueC, penalitesC] = [revision, avanceVersee, avanceRemboursee, retenue, penalites].map((v) => centimes(v));
  const htCalcule =
    periodeC !== null && revisionC !== null && verseeC !== null && rembourseeC !== null
      ? montantHtCalcule({ travauxPeriode: periodeC, revisionPrix: revisionC, avanceVersee: verseeC, avanceRemboursee: rembourseeC })
      : null;
  const htC = centimes(ht, null);
  const tvaC = centimes(tva, null);
  const ttcC = centimes(ttc, null);
  const ttcCalcule = htC !== null && tvaC !== null ? montantTtcCalcule({ montantHt: htC, montantTva: tvaC }) : null;
  const net =
    ttcC !== null && retenueC !== null && penalitesC !== null ? netAPayerCalcule({ montantTtc: ttcC, retenueGarantie: retenueC, penalites: penalitesC }) : null;
  const netTexte = net === null ? "" : texteMontant(net);

  // The net à payer is computed, shown and sent as the user types (the server checks it again).
  useEffect(() => {
    if (form.getValues("netAPayer") !== netTexte) form.setValue("netAPayer", netTexte);
  }, [netTexte, form]);

  // Each poste's amount is quantity × unit price, computed as well.
  const montantsPostes = lignesPoste.map((l) => {
    const q = analyserQuantite(l?.quantite ?? "");
    const pu = centimes(l?.prixUnitaireHt, null);
    const m = q.ok && pu !== null ? montantPoste(q.valeur, pu) : null;
    return m === null || Number.isNaN(m) ? "" : texteMontant(m);
  });
  const clesPostes = montantsPostes.join("|");
  useEffect(() => {
    clesPostes.split("|").forEach((m, i) => {
      if (i < postes.fields.length && form.getValues(`lignesPoste.${i}.montantHt`) !== m) form.setValue(`lignesPoste.${i}.montantHt`, m);
    });
  }, [clesPostes, postes.fields.length, form]);

  const revises = precedente && htC !== null && ttcC !== null ? montantsRevises(precedente, { montantHt: htC, montantTtc: ttcC, netAPayer: net }) : [];
  const avantRevision = (v: number | null | undefined) =>
    precedente && v !== null && v !== undefined ? ` Pièce précédente : ${formaterMontantDevise(v, precedente.devise)}.` : "";

  const appliquerErreurs = (fieldErrors: Record<string, string>) => {
    for (const [name, message] of Object.entries(fieldErrors))
      if (name in form.getValues() || name.startsWith("lignesTva") || name.startsWith("lignesPoste")) form.setError(name as keyof FactureForm, { message });
  };

  const onEnregistrer = form.handleSubmit(
    () =>
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
    () => focaliserPremiereErreur(formulaire.current),
  );

  const readOnlyTva = sansTva ? { readOnly: true, "aria-readonly": true } : {};
  const calcule = { readOnly: true, "aria-readonly": true } as const;
  const montant = { inputMode: "decimal", autoComplete: "off" } as const;
  const erreurListe = (nom: "lignesTva" | "lignesPoste") => {
    const e = form.formState.errors[nom] as { message?: string; root?: { message?: string } } | undefined;
    return [e?.message, e?.root?.message].filter(Boolean).map((m) => (
      <p key={m} className="fr-message fr-message--error fr-fieldset__element" role="alert">
        {m}
      </p>
    ));
  };
  const motifErreur = (nom: "motifExonerationTva" | "motifRevision") => erreurDe(champs, nom);

  return (
    <>
      {!correction && <ImportFactureElectronique pieceId={pieceId} form={champs} remplacerLignesTva={(l) => lignes.replace(l ?? [])} />}
      <form ref={formulaire} onSubmit={onEnregistrer} noValidate>
        {retour && (
          <Alert className="fr-mb-3w" severity={retour.ok ? "success" : "error"} small description={retour.message} role={retour.ok ? "status" : "alert"} />
        )}
        <RadioButtons
          legend={<LibelleRequis>Facture ou avoir</LibelleRequis>}
          hintText="Un avoir annule ou réduit une facture : ses montants sont négatifs."
          orientation="horizontal"
          state={form.formState.errors.typePiece ? "error" : "default"}
          stateRelatedMessage={form.formState.errors.typePiece?.message}
          options={Object.entries(TYPES_PIECE).map(([code, libelle]) => ({
            label: libelle,
            nativeInputProps: { ...form.register("typePiece"), value: code },
          }))}
        />
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
          {exonere && (
            <div className="fr-col-12">
              <Input
                textArea
                label={<LibelleRequis>Motif d&apos;exonération de TVA</LibelleRequis>}
                hintText="Par exemple : « TVA non applicable, article 293 B du CGI ». Détaillez aussi la facture en postes ou prestations ci-dessous."
                state={motifErreur("motifExonerationTva") ? "error" : "default"}
                stateRelatedMessage={motifErreur("motifExonerationTva")}
                nativeTextAreaProps={{
                  ...form.register("motifExonerationTva"),
                  required: true,
                  maxLength: 1000,
                  rows: 2,
                  "aria-invalid": motifErreur("motifExonerationTva") ? true : undefined,
                }}
              />
            </div>
          )}
        </div>

        <fieldset className="fr-fieldset fr-mt-2w" aria-describedby="decompte-aide">
          <legend className="fr-fieldset__legend fr-h5">Décompte</legend>
          <div id="decompte-aide" className="fr-fieldset__element">
            <p className="fr-hint-text fr-mb-1w">
              Les lignes du décompte, dans l&apos;ordre du CCAG Travaux, en unités de la devise avec deux décimales au plus (par exemple 12 345,67). Laissez
              vides les cumuls si votre pièce n&apos;en comporte pas, et à zéro les lignes qui ne la concernent pas.
            </p>
            {typePiece === "AVOIR" && (
              <p className="fr-hint-text fr-mb-1w">Un avoir porte des montants négatifs : saisissez-les précédés du signe moins, par exemple -1 200,00.</p>
            )}
          </div>
          {precedente && (
            <div className="fr-fieldset__element">
              <Alert
                small
                severity="info"
                description={`Montants de la pièce précédente (${precedente.libelle}) : HT ${formaterMontantDevise(precedente.montantHt, precedente.devise)}, TTC ${formaterMontantDevise(precedente.montantTtc, precedente.devise)}, net à payer ${formaterMontantDevise(precedente.netAPayer ?? precedente.montantTtc, precedente.devise)}. Si vous les modifiez, indiquez le motif de la révision.`}
              />
            </div>
          )}
          <div className="fr-fieldset__element fr-grid-row fr-grid-row--gutters">
            <div className="fr-col-12 fr-col-md-4">
              <Champ form={champs} name="travauxCumules" label={LIBELLES_DECOMPTE.travauxCumules} hint="Depuis le début du marché." inputProps={montant} />
            </div>
            <div className="fr-col-12 fr-col-md-4">
              <Champ
                form={champs}
                name="travauxCumulesPrecedents"
                label={LIBELLES_DECOMPTE.travauxCumulesPrecedents}
                hint="Vide ou zéro pour le premier décompte."
                inputProps={montant}
              />
            </div>
            <div className="fr-col-12 fr-col-md-4">
              <Champ
                form={champs}
                name="travauxPeriode"
                label={LIBELLES_DECOMPTE.travauxPeriode}
                hint={periodeCalculee !== null ? `Cumul − cumul précédent = ${formaterMontant(periodeCalculee)}` : "Cumul − cumul précédent."}
                inputProps={montant}
              />
            </div>
            <div className="fr-col-12 fr-col-md-4">
              <Champ form={champs} name="revisionPrix" label={LIBELLES_DECOMPTE.revisionPrix} hint="Négative en cas de baisse." inputProps={montant} />
            </div>
            <div className="fr-col-12 fr-col-md-4">
              <Champ form={champs} name="avanceVersee" label={LIBELLES_DECOMPTE.avanceVersee} inputProps={montant} />
            </div>
            <div className="fr-col-12 fr-col-md-4">
              <Champ form={champs} name="avanceRemboursee" label={LIBELLES_DECOMPTE.avanceRemboursee} hint="À déduire." inputProps={montant} />
            </div>
            <div className="fr-col-12 fr-col-md-4">
              <Champ
                form={champs}
                name="montantHt"
                label="Montant total HT"
                required
                hint={`${htCalcule !== null ? `Travaux de la période + révision + avance versée − remboursement = ${formaterMontant(htCalcule)}.` : ""}${avantRevision(precedente?.montantHt)}`}
                inputProps={montant}
              />
            </div>
            <div className="fr-col-12 fr-col-md-4">
              <Champ
                form={champs}
                name="montantTva"
                label="Montant total TVA"
                required
                hint={sansTva ? `Nul : ${TYPES_TVA[typeTva as "EXONERATION" | "SANS_TVA"].toLowerCase()}.` : undefined}
                inputProps={{ ...montant, ...readOnlyTva }}
              />
            </div>
            <div className="fr-col-12 fr-col-md-4">
              <Champ
                form={champs}
                name="montantTtc"
                label="Montant total TTC"
                required
                hint={`${ttcCalcule !== null ? `HT + TVA = ${formaterMontant(ttcCalcule)}.` : ""}${avantRevision(precedente?.montantTtc)}`}
                inputProps={montant}
              />
            </div>
            <div className="fr-col-12 fr-col-md-4">
              <Champ
                form={champs}
                name="retenueGarantie"
                label={LIBELLES_DECOMPTE.retenueGarantie}
                hint={caution ? "Nulle : remplacée par une caution." : "À déduire."}
                inputProps={{ ...montant, ...(caution ? { readOnly: true, "aria-readonly": true } : {}) }}
              />
            </div>
            <div className="fr-col-12 fr-col-md-4">
              <Champ form={champs} name="penalites" label={LIBELLES_DECOMPTE.penalites} hint="À déduire." inputProps={montant} />
            </div>
            <div className="fr-col-12 fr-col-md-4">
              <Champ
                form={champs}
                name="netAPayer"
                label={LIBELLES_DECOMPTE.netAPayer}
                hint={`Calculé : montant TTC − retenue de garantie − pénalités.${avantRevision(precedente ? (precedente.netAPayer ?? precedente.montantTtc) : null)}`}
                inputProps={{ ...montant, ...calcule }}
              />
            </div>
          </div>
          <div className="fr-fieldset__element">
            <Checkbox small options={[{ label: LIBELLE_CAUTION, nativeInputProps: { ...form.register("cautionRemplaceRetenue") } }]} />
          </div>
        </fieldset>

        {precedente && (
          <Input
            textArea
            className="fr-mt-2w"
            label={revises.length ? <LibelleRequis>Motif de la révision du montant</LibelleRequis> : "Motif de la révision du montant"}
            hintText={
              revises.length
                ? `Vous modifiez ${revises.map((c) => LIBELLES_DECOMPTE[c].toLowerCase()).join(", ")} de la pièce précédente : indiquez pourquoi.`
                : "Obligatoire si vous modifiez le montant HT, TTC ou le net à payer de la pièce précédente."
            }
            state={motifErreur("motifRevision") ? "error" : "default"}
            stateRelatedMessage={motifErreur("motifRevision")}
            nativeTextAreaProps={{
              ...form.register("motifRevision"),
              required: revises.length > 0,
              maxLength: 1000,
              rows: 2,
              "aria-invalid": motifErreur("motifRevision") ? true : undefined,
            }}
          />
        )}

        <fieldset className="fr-fieldset fr-mt-2w" aria-describedby="detail-tva-aide">
          <legend className="fr-fieldset__legend fr-h5">Détail TVA (facultatif)</legend>
          <p id="detail-tva-aide" className="fr-hint-text fr-fieldset__element">
            Une ligne par taux de TVA. Ces données ne sont pas obligatoires : le détail de votre facture figure sur le PDF et ses pièces jointes. La somme des
            lignes doit égaler les totaux.
          </p>
          {erreurListe("lignesTva")}
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
                  inputProps={{ inputMode: "decimal", ...(exonere ? { readOnly: true } : {}) }}
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
              onClick={() => lignes.append({ taux: exonere ? "0" : "20", baseHt: "", montantTva: sansTva ? "0,00" : "" })}
            >
              Ajouter une ligne de TVA
            </Button>
          </div>
        </fieldset>

        <fieldset className="fr-fieldset fr-mt-2w" aria-describedby="postes-aide">
          <legend className="fr-fieldset__legend fr-h5">
            {exonere ? <LibelleRequis>Postes ou prestations</LibelleRequis> : "Postes ou prestations (facultatif)"}
          </legend>
          <p id="postes-aide" className="fr-hint-text fr-fieldset__element">
            {exonere
              ? "Exonéré de TVA : détaillez la facture en postes ou prestations, une ligne au moins ; leur taux de TVA est nul. "
              : "Le détail des travaux facturés, si vous le souhaitez. "}
            Le montant HT de chaque ligne est la quantité multipliée par le prix unitaire HT ; la somme des lignes égale les travaux de la période augmentés de
            la révision des prix.
          </p>
          {erreurListe("lignesPoste")}
          {postes.fields.map((f, i) => (
            <div
              key={f.id}
              className="fr-fieldset__element fr-grid-row fr-grid-row--gutters fr-grid-row--bottom"
              role="group"
              aria-label={`Poste ou prestation ${i + 1}`}
            >
              <div className="fr-col-12 fr-col-md-6">
                <Champ
                  form={champs}
                  name={`lignesPoste.${i}.denomination`}
                  label={`Dénomination — poste ${i + 1}`}
                  required
                  inputProps={{ maxLength: 200, autoComplete: "off" }}
                />
              </div>
              <div className="fr-col-12 fr-col-md-3">
                <Champ
                  form={champs}
                  name={`lignesPoste.${i}.reference`}
                  label={`Référence — poste ${i + 1}`}
                  inputProps={{ maxLength: 50, autoComplete: "off" }}
                />
              </div>
              <div className="fr-col-12 fr-col-md-3">
                <Champ
                  form={champs}
                  name={`lignesPoste.${i}.unite`}
                  label={`Unité — poste ${i + 1}`}
                  hint="m², m³, h, forfait…"
                  inputProps={{ maxLength: 20, autoComplete: "off" }}
                />
              </div>
              <div className="fr-col-12 fr-col-md-2">
                <Champ form={champs} name={`lignesPoste.${i}.quantite`} label={`Quantité — poste ${i + 1}`} required inputProps={montant} />
              </div>
              <div className="fr-col-12 fr-col-md-3">
                <Champ form={champs} name={`lignesPoste.${i}.prixUnitaireHt`} label={`Prix unitaire HT — poste ${i + 1}`} required inputProps={montant} />
              </div>
              <div className="fr-col-12 fr-col-md-2">
                <Champ
                  form={champs}
                  name={`lignesPoste.${i}.tauxTva`}
                  label={`Taux de TVA (%) — poste ${i + 1}`}
                  required
                  inputProps={{ inputMode: "decimal", ...(exonere ? { readOnly: true, "aria-readonly": true } : {}) }}
                />
              </div>
              <div className="fr-col-12 fr-col-md-3">
                <Champ
                  form={champs}
                  name={`lignesPoste.${i}.montantHt`}
                  label={`Montant HT — poste ${i + 1}`}
                  hint="Calculé : quantité × prix unitaire HT."
                  inputProps={{ ...montant, ...calcule }}
                />
              </div>
              <div className="fr-col-12 fr-col-md-2 fr-mb-3w">
                <Button
                  type="button"
                  priority="tertiary"
                  size="small"
                  iconId="fr-icon-delete-line"
                  onClick={() => {
                    postes.remove(i);
                    document.getElementById("ajouter-poste")?.focus();
                  }}
                  title={`Supprimer le poste ${i + 1}`}
                  nativeButtonProps={{ "aria-label": `Supprimer le poste ${i + 1}` }}
                >
                  Supprimer
                </Button>
              </div>
            </div>
          ))}
          <div className="fr-fieldset__element">
            <Button
              id="ajouter-poste"
              type="button"
              priority="secondary"
              size="small"
              iconId="fr-icon-add-line"
              onClick={() =>
                postes.append(
                  { denomination: "", reference: "", unite: "", quantite: "1", prixUnitaireHt: "", montantHt: "", tauxTva: exonere ? "0" : "20" },
                  { focusName: `lignesPoste.${postes.fields.length}.denomination` },
                )
              }
            >
              Ajouter un poste ou une prestation
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
          avantOuverture={async () => {
            const valide = await form.trigger();
            if (!valide) focaliserPremiereErreur(formulaire.current);
            return valide;
          }}
          envoyer={() => envoyer({ id: pieceId, facture: form.getValues() })}
          surErreurs={appliquerErreurs}
        />
      )}
    </>
  );
}
