"use client";

import { useEffect, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { type UseFormReturn, useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { createModal } from "@codegouvfr/react-dsfr/Modal";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { Champ, LibelleRequis } from "@/components/form/champ";
import { GroupeBoutons } from "@/components/ui/groupe-boutons";
import type { ActionResult } from "@/lib/errors";
import type { StructurePartie } from "@/lib/invoices/parties";
import { recyclageSchema, type RecyclageData, type RecyclageForm } from "@/lib/invoices/schemas";
import type { ResultatAnnuaire } from "@/lib/structures/annuaire";
import { modaleRechercheAvancee, RechercheAvancee } from "./recherche-avancee";

const modaleConfirmation = createModal({ id: "confirmer-recyclage", isOpenedByDefault: false });

type Partie = "moe" | "moa";
const CHAMP: Record<Partie, "moeSiret" | "moaSiret"> = { moe: "moeSiret", moa: "moaSiret" };

type Props = {
  pieceId: string;
  numero: string | null;
  /** The frame names an MOE the depositor chooses; `moeRequise`: it must. */
  moeModifiable: boolean;
  moeRequise: boolean;
  /** Who receives the piece once recycled: its MOE, its MOA (or the MOA's paying service), the titulaire. */
  destinataire: "MOE" | "MOA" | "TITULAIRE";
  valeurs: RecyclageForm;
  connues: Partial<Record<Partie, StructurePartie | null>>;
  recycler: (input: unknown) => Promise<ActionResult<{ libelle: string }>>;
  consulter: (input: unknown) => Promise<ActionResult<StructurePartie | null>>;
  rechercher: (input: unknown) => Promise<ActionResult<ResultatAnnuaire>>;
};

/** The controls of step « Parties », shown as soon as a SIRET is typed (the server runs them again). */
function constat(partie: Partie, s: StructurePartie | null | undefined): { ok: boolean; texte: string } | null {
  if (s === undefined) return null;
  if (s === null) return { ok: false, texte: "Aucune structure n'est inscrite sur le portail avec ce numéro SIRET." };
  const nom = `${s.raisonSociale}${s.ville ? ` (${s.ville})` : ""}`;
  if (partie === "moe" && !s.worksSpaceOpen)
    return { ok: false, texte: `${nom} : la maîtrise d'œuvre n'a pas ouvert l'espace « Factures de travaux » pour recevoir votre facture.` };
  if (partie === "moa" && !s.isPublicBuyer) return { ok: false, texte: `${nom} n'est pas une maîtrise d'ouvrage publique.` };
  return { ok: true, texte: nom };
}

/**
 * « Recycler la pièce »: the routing of a piece « À recycler », prefilled with the current one — the MOE (when the
 * frame has one), the MOA and its service, the engagement juridique and the order number — then a dialog that
 * confirms the piece goes again, under the same number, to the recipient named.
 */
export function FormulaireRecyclage({ pieceId, numero, moeModifiable, moeRequise, destinataire, valeurs, connues, recycler, consulter, rechercher }: Props) {
  const router = useRouter();
  const form = useForm<RecyclageForm, unknown, RecyclageData>({ resolver: zodResolver(recyclageSchema), mode: "onTouched", defaultValues: valeurs });
  const champs = form as unknown as UseFormReturn<RecyclageForm>;
  const [structures, setStructures] = useState<Partial<Record<Partie, StructurePartie | null>>>(connues);
  const [cible, setCible] = useState<Partie>("moe");
  const [erreur, setErreur] = useState<{ message: string; details: string[] } | null>(null);
  const [pending, start] = useTransition();
  const serviceMoaId = useWatch({ control: form.control, name: "serviceMoaId" });

  const verifier = async (partie: Partie) => {
    const siret = (form.getValues(CHAMP[partie]) ?? "").replace(/\s/g, "");
    if (!/^\d{14}$/.test(siret)) return setStructures((s) => ({ ...s, [partie]: undefined }));
    const r = await consulter({ siret });
    setStructures((s) => ({ ...s, [partie]: r.ok ? r.data : undefined }));
  };

  const moaServices = structures.moa?.services ?? [];
  useEffect(() => {
    if (serviceMoaId && structures.moa && !moaServices.some((s) => s.id === serviceMoaId)) form.setValue("serviceMoaId", "");
  }, [structures.moa, moaServices, serviceMoaId, form]);

  const ouvrir = form.handleSubmit(() => {
    setErreur(null);
    modaleConfirmation.open();
  });

  const confirmer = () =>
    start(async () => {
      const r = await recycler({ ...form.getValues(), id: pieceId });
      if (r.ok) {
        router.push(`/factures-travaux/pieces/${pieceId}`);
        router.refresh();
        return;
      }
      modaleConfirmation.close();
      for (const [name, message] of Object.entries(r.fieldErrors)) form.setError(name as keyof RecyclageForm, { message });
      setErreur({ message: r.message, details: Object.values(r.fieldErrors) });
    });

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

  const nom = (partie: Partie) => structures[partie]?.raisonSociale;
  const vers =
    destinataire === "MOE"
      ? `la maîtrise d'œuvre${nom("moe") ? ` ${nom("moe")}` : ""}`
      : destinataire === "TITULAIRE"
        ? "le titulaire du marché, pour validation"
        : `la maîtrise d'ouvrage${nom("moa") ? ` ${nom("moa")}` : ""}`;

  return (
    <form onSubmit={ouvrir} noValidate>
      {erreur && (
        <Alert
          className="fr-mb-3w"
          severity="error"
          title="La pièce n'a pas été renvoyée"
          description={
            <>
              {erreur.message}
              {erreur.details.length > 1 && (
                <ul>
                  {erreur.details.map((d) => (
                    <li key={d}>{d}</li>
                  ))}
                </ul>
              )}
            </>
          }
        />
      )}

      {moeModifiable && (
        <fieldset className="fr-fieldset">
          <legend className="fr-fieldset__legend fr-h5">Maîtrise d&apos;œuvre (MOE){moeRequise ? "" : " — facultative"}</legend>
          <div className="fr-fieldset__element">
            <Champ
              form={champs}
              name="moeSiret"
              label="SIRET de la maîtrise d'œuvre"
              hint="Saisissez directement son SIRET (14 chiffres), ou cliquez sur « Recherche avancée »."
              required={moeRequise}
              inputProps={{ inputMode: "numeric", autoComplete: "off", ...decritPar("moe") }}
              onBlur={() => void verifier("moe")}
            />
            {statut("moe")}
            {boutonRecherche("moe", "maîtrise d'œuvre")}
          </div>
        </fieldset>
      )}

      <fieldset className="fr-fieldset">
        <legend className="fr-fieldset__legend fr-h5">Maîtrise d&apos;ouvrage (MOA)</legend>
        <div className="fr-fieldset__element">
          <Champ
            form={champs}
            name="moaSiret"
            label="SIRET de la maîtrise d'ouvrage"
            required
            inputProps={{ inputMode: "numeric", autoComplete: "off", ...decritPar("moa") }}
            onBlur={() => void verifier("moa")}
          />
          {statut("moa")}
          {boutonRecherche("moa", "maîtrise d'ouvrage")}
          <Select
            label={moaServices.length > 0 ? <LibelleRequis>Service</LibelleRequis> : "Service"}
            hint={
              structures.moa
                ? moaServices.length > 0
                  ? "Sélectionnez le service destinataire, par exemple « Département Immobilier »."
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

      <fieldset className="fr-fieldset">
        <legend className="fr-fieldset__legend fr-h5">Références</legend>
        <div className="fr-fieldset__element">
          <Champ
            form={champs}
            name="numeroEngagement"
            label="Numéro d'engagement juridique (EJ)"
            hint="Communiqué par la maîtrise d'ouvrage avec le bon de commande ou le marché. Obligatoire si la maîtrise d'ouvrage l'exige."
            inputProps={{ autoComplete: "off" }}
          />
          <Champ form={champs} name="numeroBonCommande" label="Numéro de bon de commande" inputProps={{ autoComplete: "off" }} />
        </div>
      </fieldset>

      <GroupeBoutons className="fr-btns-group--inline-md">
        <li>
          <Button priority="secondary" iconId="fr-icon-arrow-left-line" linkProps={{ href: `/factures-travaux/pieces/${pieceId}` }}>
            Retour à la pièce
          </Button>
        </li>
        <li>
          <Button type="submit" disabled={pending} iconId="fr-icon-send-plane-line">
            Corriger et renvoyer la pièce
          </Button>
        </li>
      </GroupeBoutons>

      <modaleConfirmation.Component
        title={`Renvoyer la facture ${numero ? `n° ${numero}` : "sans numéro"}`}
        buttons={[
          { children: "Annuler", priority: "secondary", doClosesModal: true },
          { children: pending ? "Envoi en cours…" : "Confirmer et renvoyer", doClosesModal: false, onClick: confirmer, disabled: pending },
        ]}
      >
        <p>La pièce sera mise à la disposition de {vers}, sous le même numéro et dans le même dossier de facturation.</p>
      </modaleConfirmation.Component>

      <RechercheAvancee
        titre={cible === "moa" ? "Rechercher la maîtrise d'ouvrage" : "Rechercher la maîtrise d'œuvre"}
        filtre={cible === "moa" ? { publicBuyer: true } : { worksSpaceOpen: true }}
        action={rechercher}
        onChoix={(s) => {
          form.setValue(CHAMP[cible], s.identifier, { shouldValidate: true });
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
        }}
      />
    </form>
  );
}
