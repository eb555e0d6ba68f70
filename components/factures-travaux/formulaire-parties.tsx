"use client";

import { useEffect, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { type UseFormReturn, useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { Champ, LibelleRequis } from "@/components/form/champ";
import type { ActionResult } from "@/lib/errors";
import { cadre as definitionCadre } from "@/lib/invoices/cadres";
import type { StructurePartie } from "@/lib/invoices/parties";
import { partiesSchema, type PartiesData, type PartiesForm } from "@/lib/invoices/schemas";
import type { ResultatAnnuaire } from "@/lib/structures/annuaire";
import type { CadreFacturation } from "@/lib/generated/prisma/enums";
import { modaleRechercheAvancee, RechercheAvancee } from "./recherche-avancee";
import { GroupeBoutons } from "@/components/ui/groupe-boutons";
import type { CompteBancaireMasque } from "@/lib/structures/comptes-bancaires";

type Props = {
  pieceId: string;
  cadre: CadreFacturation;
  valeurs: PartiesForm;
  /** Supplier-side frames: the depositing structure's active accounts to choose from; otherwise null. */
  comptes: CompteBancaireMasque[] | null;
  /** Other frames: the account carried over from the piece it follows (the titulaire's), shown, not chosen. */
  compteReporte: CompteBancaireMasque | null;
  /** The user may add accounts (a gestionnaire): the empty list links to « Coordonnées bancaires ». */
  gestionnaire: boolean;
  connues: Partial<Record<"moe" | "titulaire" | "cotraitant" | "moa", StructurePartie | null>>;
  enregistrer: (input: unknown) => Promise<ActionResult>;
  consulter: (input: unknown) => Promise<ActionResult<StructurePartie | null>>;
  rechercher: (input: unknown) => Promise<ActionResult<ResultatAnnuaire>>;
};

type Partie = "moe" | "titulaire" | "cotraitant" | "moa";
const CHAMP: Record<Partie, "moeSiret" | "titulaireSiret" | "cotraitantSiret" | "moaSiret"> = {
  moe: "moeSiret",
  titulaire: "titulaireSiret",
  cotraitant: "cotraitantSiret",
  moa: "moaSiret",
};

/** The guide's controls, shown as soon as the SIRET is typed (and enforced again by the server). */
function constat(partie: Partie, s: StructurePartie | null | undefined): { ok: boolean; texte: string } | null {
  if (s === undefined) return null;
  if (s === null) return { ok: false, texte: "Aucune structure n'est inscrite sur le portail avec ce numéro SIRET." };
  const nom = `${s.raisonSociale}${s.ville ? ` (${s.ville})` : ""}`;
  if (partie === "moe" && !s.worksSpaceOpen)
    return { ok: false, texte: `${nom} : la maîtrise d'œuvre n'a pas ouvert l'espace « Factures de travaux » pour recevoir votre facture.` };
  if (partie === "moa" && !s.isPublicBuyer) return { ok: false, texte: `${nom} n'est pas une maîtrise d'ouvrage publique.` };
  return { ok: true, texte: nom };
}

/** Step 2: the MOE (SIRET or « Recherche avancée »), the titulaire when the frame has one, the MOA and its service. */
export function FormulaireParties({ pieceId, cadre, valeurs, comptes, compteReporte, gestionnaire, connues, enregistrer, consulter, rechercher }: Props) {
  const router = useRouter();
  const c = definitionCadre(cadre);
  const form = useForm<PartiesForm, unknown, PartiesData>({ resolver: zodResolver(partiesSchema), mode: "onTouched", defaultValues: valeurs });
  const champs = form as unknown as UseFormReturn<PartiesForm>; // Champ reads the raw (input) values
  const [structures, setStructures] = useState<Partial<Record<Partie, StructurePartie | null>>>(connues);
  const [cible, setCible] = useState<Partie>("moe");
  const [erreur, setErreur] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const serviceMoaId = useWatch({ control: form.control, name: "serviceMoaId" });

  const verifier = async (partie: Partie) => {
    const siret = (form.getValues(CHAMP[partie]) ?? "").replace(/\s/g, "");
    if (!/^\d{14}$/.test(siret)) return setStructures((s) => ({ ...s, [partie]: undefined }));
    const r = await consulter({ siret });
    if (r.ok) setStructures((s) => ({ ...s, [partie]: r.data }));
    else setStructures((s) => ({ ...s, [partie]: undefined }));
  };

  const moaServices = structures.moa?.services ?? [];
  const exigences = structures.moa?.exigences;
  useEffect(() => {
    if (serviceMoaId && structures.moa && !moaServices.some((s) => s.id === serviceMoaId)) form.setValue("serviceMoaId", "");
  }, [structures.moa, moaServices, serviceMoaId, form]);

  const onSubmit = form.handleSubmit(() =>
    start(async () => {
      setErreur(null);
      const r = await enregistrer({ ...form.getValues(), id: pieceId });
      if (!r.ok) {
        setErreur(r.message);
        for (const [name, message] of Object.entries(r.fieldErrors)) form.setError(name as keyof PartiesForm, { message });
        return;
      }
      router.push(`/factures-travaux/deposer/${pieceId}/facture`);
    }),
  );

  /** The lookup's finding (structure found, or why it cannot receive the piece) is the SIRET field's description. */
  const decritPar = (partie: Partie) => (constat(partie, structures[partie]) ? { "aria-describedby": `${partie}-constat` } : {});

  const statut = (partie: Partie) => {
    const k = constat(partie, structures[partie]);
    if (!k) return null;
    return (
      <p className={`fr-message ${k.ok ? "fr-message--valid" : "fr-message--error"} fr-mb-2w`} aria-live="polite" id={`${partie}-constat`}>
        {k.texte}
      </p>
    );
  };

  const boutonRecherche = (partie: Partie, label: string) => (
    <Button
      type="button"
      priority="secondary"
      size="small"
      iconId="fr-icon-search-line"
      className="fr-mb-3w"
      nativeButtonProps={modaleRechercheAvancee.buttonProps}
      onClick={() => setCible(partie)}
      title={`Recherche avancée : ${label}`}
    >
      Recherche avancée
    </Button>
  );

  return (
    <form onSubmit={onSubmit} noValidate>
      {erreur && <Alert className="fr-mb-3w" severity="error" title="Les parties n'ont pas été enregistrées" description={erreur} />}
      <input type="hidden" {...form.register("cadre")} />

      {c.moe === "deposant" && (
        <p>
          <strong>Maîtrise d&apos;œuvre (MOE) :</strong> votre structure, qui dépose la pièce.
        </p>
      )}
      {(c.moe === "requise" || c.moe === "facultative") && (
        <fieldset className="fr-fieldset">
          <legend className="fr-fieldset__legend fr-h5">Maîtrise d&apos;œuvre (MOE){c.moe === "facultative" ? " — facultative" : ""}</legend>
          <div className="fr-fieldset__element">
            <Champ
              form={champs}
              name="moeSiret"
              label="SIRET de la maîtrise d'œuvre"
              hint="Saisissez directement son SIRET (14 chiffres), ou cliquez sur « Recherche avancée »."
              required={c.moe === "requise"}
              inputProps={{ inputMode: "numeric", autoComplete: "off", ...decritPar("moe") }}
              onBlur={() => void verifier("moe")}
            />
            {statut("moe")}
            {boutonRecherche("moe", "maîtrise d'œuvre")}
          </div>
        </fieldset>
      )}

      {c.titulaire === "requis" && (
        <fieldset className="fr-fieldset">
          <legend className="fr-fieldset__legend fr-h5">
            {c.role === "SOUS_TRAITANT" ? "Titulaire du marché (la demande lui est transmise)" : "Fournisseur titulaire du marché"}
          </legend>
          <div className="fr-fieldset__element">
            <Champ
              form={champs}
              name="titulaireSiret"
              label="SIRET du titulaire"
              required
              inputProps={{ inputMode: "numeric", autoComplete: "off", ...decritPar("titulaire") }}
              onBlur={() => void verifier("titulaire")}
            />
            {statut("titulaire")}
          </div>
        </fieldset>
      )}

      {c.cotraitant === "facultatif" && (
        <fieldset className="fr-fieldset">
          <legend className="fr-fieldset__legend fr-h5">Cotraitant — facultatif</legend>
          <div className="fr-fieldset__element">
            <Champ
              form={champs}
              name="cotraitantSiret"
              label="SIRET du cotraitant"
              hint="Quand la pièce fait suite au projet de décompte d'un cotraitant (A13, A14) : il verra la pièce et son traitement. Laissez vide sinon."
              inputProps={{ inputMode: "numeric", autoComplete: "off", ...decritPar("cotraitant") }}
              onBlur={() => void verifier("cotraitant")}
            />
            {statut("cotraitant")}
          </div>
        </fieldset>
      )}

      {c.cotraitant === "requis" && (
        <fieldset className="fr-fieldset">
          <legend className="fr-fieldset__legend fr-h5">Cotraitant (le mandataire dépose la pièce pour lui)</legend>
          <div className="fr-fieldset__element">
            <Champ
              form={champs}
              name="cotraitantSiret"
              label="SIRET du cotraitant"
              hint="Le cotraitant doit être une structure inscrite sur le portail : il verra la pièce et son traitement."
              required
              inputProps={{ inputMode: "numeric", autoComplete: "off", ...decritPar("cotraitant") }}
              onBlur={() => void verifier("cotraitant")}
            />
            {statut("cotraitant")}
            {boutonRecherche("cotraitant", "cotraitant")}
          </div>
        </fieldset>
      )}

      <fieldset className="fr-fieldset">
        <legend className="fr-fieldset__legend fr-h5">Maîtrise d&apos;ouvrage (MOA)</legend>
        <div className="fr-fieldset__element">
          {c.role === "MOA" ? (
            // The MOA's own piece (A19, A20): the MOA is the depositing structure; its service is chosen below.
            <p>
              <input type="hidden" {...form.register("moaSiret")} />
              Votre structure, qui dépose la pièce{structures.moa ? ` : ${structures.moa.raisonSociale} (SIRET ${structures.moa.identifier})` : ""}.
            </p>
          ) : (
            <>
              <Champ
                form={champs}
                name="moaSiret"
                label="SIRET de la maîtrise d'ouvrage"
                hint="Par exemple 13000509300112 pour le Secrétariat général du ministère de la Justice."
                required
                inputProps={{ inputMode: "numeric", autoComplete: "off", ...decritPar("moa") }}
                onBlur={() => void verifier("moa")}
              />
              {statut("moa")}
              {boutonRecherche("moa", "maîtrise d'ouvrage")}
            </>
          )}
          <Select
            label={moaServices.length > 0 || exigences?.codeServiceObligatoire ? <LibelleRequis>Service</LibelleRequis> : "Service"}
            hint={
              structures.moa
                ? moaServices.length > 0
                  ? "Sélectionnez le service destinataire, par exemple « Département Immobilier »."
                  : exigences?.codeServiceObligatoire
                    ? "Cette maîtrise d'ouvrage exige le code de son service destinataire, mais n'a aucun service actif : contactez-la avant de déposer."
                    : "Cette maîtrise d'ouvrage n'a pas de service."
                : "Saisissez d'abord le SIRET de la maîtrise d'ouvrage."
            }
            disabled={moaServices.length === 0}
            state={form.formState.errors.serviceMoaId ? "error" : "default"}
            stateRelatedMessage={form.formState.errors.serviceMoaId?.message}
            nativeSelectProps={{ ...form.register("serviceMoaId"), required: moaServices.length > 0 }}
          >
            <option value="">Sélectionnez un service</option>
            {moaServices.map((s) => (
              <option key={s.id} value={s.id}>
                {s.libelle} ({s.code})
              </option>
            ))}
          </Select>
        </div>
      </fieldset>

      <fieldset className="fr-fieldset" aria-describedby="references-aide">
        <legend className="fr-fieldset__legend fr-h5">Références</legend>
        <p id="references-aide" className="fr-fieldset__element fr-text--sm fr-mb-1w">
          Les références du marché permettent à la maîtrise d&apos;ouvrage et à son service financier de rapprocher la pièce de son marché et de la payer. Elles
          sont reprises sur les pièces suivantes du dossier.
        </p>
        <div className="fr-fieldset__element">
          <Champ form={champs} name="numeroMarche" label="Numéro de marché" hint="Tel qu'il figure sur l'acte d'engagement, par exemple 2026-TRAV-014." />
        </div>
        <div className="fr-fieldset__element">
          <Champ
            form={champs}
            name="numeroEngagement"
            label="Numéro d'engagement juridique (EJ)"
            required={!!exigences?.engagementObligatoire}
            hint={
              exigences?.engagementObligatoire
                ? `${structures.moa?.raisonSociale ?? "La maîtrise d'ouvrage"} exige ce numéro : il figure sur le bon de commande ou la notification du marché.`
                : "Communiqué par la maîtrise d'ouvrage (bon de commande, notification du marché)."
            }
          />
        </div>
        <div className="fr-fieldset__element">
          <Champ form={champs} name="numeroBonCommande" label="Numéro de bon de commande" />
        </div>
      </fieldset>

      {comptes && (
        <fieldset className="fr-fieldset">
          <legend className="fr-fieldset__legend fr-h5">Coordonnées bancaires</legend>
          <div className="fr-fieldset__element">
            {comptes.length === 0 ? (
              <Alert
                severity="warning"
                small
                description={
                  gestionnaire ? (
                    <>
                      Votre structure n&apos;a pas encore de coordonnées bancaires : ajoutez-les dans{" "}
                      <a href="/structures/coordonnees-bancaires">« Structures » → « Coordonnées bancaires »</a>, puis revenez à cette étape. Elles sont
                      obligatoires pour envoyer la pièce.
                    </>
                  ) : (
                    "Votre structure n'a pas encore de coordonnées bancaires : demandez à l'un de ses gestionnaires de les ajouter (« Structures » → « Coordonnées bancaires »). Elles sont obligatoires pour envoyer la pièce."
                  )
                }
              />
            ) : (
              <Select
                label={<LibelleRequis>Compte sur lequel la pièce sera payée</LibelleRequis>}
                hint="Les coordonnées bancaires de votre structure ; l'IBAN est masqué. Obligatoire pour envoyer la pièce."
                state={form.formState.errors.compteBancaireId ? "error" : "default"}
                stateRelatedMessage={form.formState.errors.compteBancaireId?.message}
                nativeSelectProps={{ ...form.register("compteBancaireId"), required: true }}
              >
                <option value="">Sélectionnez un compte</option>
                {comptes.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.libelle} — {c.titulaire} — {c.ibanMasque} — {c.bic}
                  </option>
                ))}
              </Select>
            )}
          </div>
        </fieldset>
      )}
      {!comptes && compteReporte && (
        <fieldset className="fr-fieldset">
          <legend className="fr-fieldset__legend fr-h5">Coordonnées bancaires</legend>
          <p className="fr-fieldset__element">
            La pièce sera payée sur le compte repris de la pièce précédente : <strong>{compteReporte.titulaire}</strong>, IBAN {compteReporte.ibanMasque}, BIC{" "}
            {compteReporte.bic}.
          </p>
        </fieldset>
      )}

      <GroupeBoutons className="fr-btns-group--inline-md">
        <li>
          <Button priority="secondary" iconId="fr-icon-arrow-left-line" linkProps={{ href: `/factures-travaux/deposer/${pieceId}/cadre` }}>
            Étape précédente
          </Button>
        </li>
        <li>
          <Button type="submit" disabled={pending} iconId="fr-icon-arrow-right-line" iconPosition="right">
            Enregistrer et continuer
          </Button>
        </li>
      </GroupeBoutons>

      <RechercheAvancee
        titre={cible === "moa" ? "Rechercher la maîtrise d'ouvrage" : cible === "cotraitant" ? "Rechercher le cotraitant" : "Rechercher la maîtrise d'œuvre"}
        filtre={cible === "moa" ? { publicBuyer: true } : cible === "cotraitant" ? { publicBuyer: false } : { worksSpaceOpen: true }}
        action={rechercher}
        onChoix={(s) => {
          const champ = CHAMP[cible];
          form.setValue(champ, s.identifier, { shouldValidate: true });
          setStructures((x) => ({
            ...x,
            [cible]: {
              id: s.id,
              identifier: s.identifier,
              raisonSociale: s.raisonSociale,
              ville: s.ville,
              isPublicBuyer: s.isPublicBuyer,
              worksSpaceOpen: s.worksSpaceOpen,
              services: s.services,
            },
          }));
          // The MOA's parameters (mandatory service code, EJ) are not in the directory: read them as for a typed SIRET.
          if (cible === "moa") void verifier("moa");
        }}
      />
    </form>
  );
}
