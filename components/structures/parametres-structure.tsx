"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { createModal } from "@codegouvfr/react-dsfr/Modal";
import type { ActionResult } from "@/lib/errors";
import { LibelleRequis, erreurDe } from "@/components/form/champ";
import { demandeAcheteurPublicSchema, type DemandeAcheteurPublicForm } from "@/lib/structures/schemas";
import { FAMILLES_ACHETEUR_PUBLIC } from "@/lib/structures/acheteur-public";
import type { SourceAcheteurPublic, StatutDemandeAcheteurPublic } from "@/lib/generated/prisma/enums";

const fermeture = createModal({ id: "confirmer-fermeture-espace", isOpenedByDefault: false });

type Action = (input: unknown) => Promise<ActionResult>;

export type AcheteurPublicVue = {
  isPublicBuyer: boolean;
  source: SourceAcheteurPublic | null;
  categorieJuridique: string | null;
  derniereDemande: { statut: StatutDemandeAcheteurPublic; motif: string; createdAt: Date; decideeLe: Date | null; motifDecision: string | null } | null;
};

/** A public buyer's requirements on the pieces addressed to it, and the delegation of the états d'acompte to the MOE. */
export type ParametresMoa = { codeServiceObligatoire: boolean; engagementObligatoire: boolean; validationDelegueeMoe: boolean };

type Props = {
  modifiable: boolean;
  worksSpaceOpen: boolean;
  acheteurPublic: AcheteurPublicVue;
  parametresMoa: ParametresMoa;
  actions: { modifier: Action; demanderAcheteurPublic: Action };
};

const date = (d: Date) => d.toLocaleDateString("fr-FR", { timeZone: "Europe/Paris" });

/**
 * The « Factures de travaux » space (open, closed — closing asks for a confirmation: deposits are then refused) and
 * the public buyer (MOA) status: shown with where it comes from; never self-declared, only requested (with a reason)
 * by the gestionnaire principal, then granted or refused by a portal administrator.
 */
export function ParametresStructure({ modifiable, worksSpaceOpen, acheteurPublic, parametresMoa, actions }: Props) {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const envoyer = (input: { worksSpaceOpen: boolean }, succes: string) =>
    start(async () => {
      const r = await actions.modifier(input);
      setResult(r.ok ? { ok: true, text: succes } : { ok: false, text: r.message });
    });

  return (
    <>
      <div role="status" className="fr-mb-2w">
        {pending && <p className="fr-text--sm">Enregistrement en cours…</p>}
        {!pending && result && <Alert small severity={result.ok ? "success" : "error"} description={result.text} />}
      </div>
      {!modifiable && <p className="fr-text--sm">Seul le gestionnaire principal de la structure peut modifier ces paramètres.</p>}

      <section className="fr-mb-4w" aria-labelledby="titre-espace">
        <h2 id="titre-espace">Espace « Factures de travaux »</h2>
        <p>
          État :{" "}
          <Badge as="span" severity={worksSpaceOpen ? "success" : "warning"}>
            {worksSpaceOpen ? "Ouvert" : "Fermé"}
          </Badge>
        </p>
        <p className="fr-text--sm">
          Une maîtrise d&apos;œuvre doit avoir ouvert son espace « Factures de travaux » pour recevoir les dépôts des fournisseurs ; tant qu&apos;il est fermé,
          un dépôt qui la désigne est refusé à l&apos;enregistrement.
        </p>
        {modifiable &&
          (worksSpaceOpen ? (
            <Button priority="secondary" disabled={pending} onClick={() => fermeture.open()}>
              Fermer l&apos;espace
            </Button>
          ) : (
            <Button disabled={pending} onClick={() => envoyer({ worksSpaceOpen: true }, "L'espace « Factures de travaux » est ouvert.")}>
              Ouvrir l&apos;espace
            </Button>
          ))}
      </section>

      <AcheteurPublic modifiable={modifiable} etat={acheteurPublic} action={actions.demanderAcheteurPublic} />

      {acheteurPublic.isPublicBuyer && <ExigencesMoa modifiable={modifiable} initial={parametresMoa} action={actions.modifier} />}

      <fermeture.Component
        title="Fermer l'espace « Factures de travaux » ?"
        buttons={[
          { children: "Annuler", priority: "secondary" },
          { children: "Confirmer la fermeture", onClick: () => envoyer({ worksSpaceOpen: false }, "L'espace « Factures de travaux » est fermé.") },
        ]}
      >
        <p>Tant que l&apos;espace est fermé, les fournisseurs ne peuvent plus déposer de facture de travaux à l&apos;attention de la structure.</p>
      </fermeture.Component>
    </>
  );
}

function origine(etat: AcheteurPublicVue): string {
  if (etat.source === "CATEGORIE_JURIDIQUE") {
    const famille = etat.categorieJuridique ? FAMILLES_ACHETEUR_PUBLIC[etat.categorieJuridique[0] as keyof typeof FAMILLES_ACHETEUR_PUBLIC] : undefined;
    return `Statut donné par la catégorie juridique de la structure dans le répertoire de l'INSEE${
      etat.categorieJuridique ? ` (${etat.categorieJuridique}${famille ? ` : ${famille.toLowerCase()}` : ""})` : ""
    }.`;
  }
  return "Statut accordé par un administrateur du portail.";
}

function AcheteurPublic({ modifiable, etat, action }: { modifiable: boolean; etat: AcheteurPublicVue; action: Action }) {
  const demande = etat.derniereDemande;
  const [envoyee, setEnvoyee] = useState(false);
  const enCours = envoyee || demande?.statut === "EN_ATTENTE";
  return (
    <section aria-labelledby="titre-acheteur">
      <h2 id="titre-acheteur">Acheteur public (maîtrise d&apos;ouvrage)</h2>
      <p>
        <Badge as="span" severity={etat.isPublicBuyer ? "success" : "info"}>
          {etat.isPublicBuyer ? "Acheteur public" : "Pas acheteur public"}
        </Badge>
      </p>
      <p className="fr-text--sm">
        Seul un acheteur public peut être désigné comme maîtrise d&apos;ouvrage, destinataire d&apos;une facture de travaux. Une structure est acheteur public
        quand sa catégorie juridique dans le répertoire de l&apos;INSEE est de droit public (familles 4 et 7), ou quand un administrateur du portail lui accorde
        ce statut (par exemple une entreprise sociale pour l&apos;habitat ou une société d&apos;économie mixte).
      </p>
      {etat.isPublicBuyer ? (
        <p>{origine(etat)}</p>
      ) : enCours ? (
        <Alert
          severity="info"
          small
          description={
            demande && !envoyee
              ? `Demande de statut d'acheteur public en cours d'examen par les administrateurs du portail, envoyée le ${date(demande.createdAt)}. Motif indiqué : ${demande.motif}`
              : "Demande de statut d'acheteur public envoyée : elle est en cours d'examen par les administrateurs du portail. Les gestionnaires de la structure recevront leur décision par courriel."
          }
        />
      ) : (
        <>
          {demande?.statut === "REFUSEE" && (
            <Alert
              className="fr-mb-2w"
              severity="warning"
              small
              description={`Votre dernière demande, du ${date(demande.createdAt)}, a été refusée${demande.decideeLe ? ` le ${date(demande.decideeLe)}` : ""}. Motif : ${demande.motifDecision ?? "non précisé"}`}
            />
          )}
          {modifiable ? (
            <FormulaireDemande action={action} onDone={() => setEnvoyee(true)} />
          ) : (
            <p className="fr-text--sm">Seul le gestionnaire principal de la structure peut demander ce statut.</p>
          )}
        </>
      )}
    </section>
  );
}

function FormulaireDemande({ action, onDone }: { action: Action; onDone: () => void }) {
  const form = useForm<DemandeAcheteurPublicForm>({ resolver: zodResolver(demandeAcheteurPublicSchema), defaultValues: { motif: "" } });
  const [erreur, setErreur] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const message = erreurDe(form, "motif");
  const onSubmit = form.handleSubmit((v) =>
    start(async () => {
      const r = await action(v);
      if (r.ok) onDone();
      else setErreur(r.fieldErrors.motif ?? r.message);
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="titre-demande-acheteur">
      <h3 id="titre-demande-acheteur" className="fr-h6">
        Demander le statut d&apos;acheteur public
      </h3>
      {erreur && <Alert className="fr-mb-2w" small severity="error" description={erreur} />}
      <Input
        label={<LibelleRequis>Motif de la demande</LibelleRequis>}
        hintText="Pourquoi la structure est-elle un acheteur public (pouvoir adjudicateur, entité adjudicatrice) ? Ce motif est lu par les administrateurs du portail."
        textArea
        state={message ? "error" : "default"}
        stateRelatedMessage={message}
        nativeTextAreaProps={{ ...form.register("motif"), rows: 4, maxLength: 1000, required: true }}
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Envoi de la demande…" : "Demander le statut d'acheteur public"}
      </Button>
    </form>
  );
}

const LIBELLES_MOA: Record<keyof ParametresMoa, { label: string; hint: string }> = {
  codeServiceObligatoire: {
    label: "Code service obligatoire",
    hint: "Un dépôt qui vous est adressé doit désigner l'un de vos services actifs (« Gérer les services ») ; sans lui, il est refusé.",
  },
  engagementObligatoire: {
    label: "Numéro d'engagement juridique obligatoire",
    hint: "Un dépôt qui vous est adressé doit indiquer le numéro d'engagement juridique (EJ) de la dépense ; sans lui, il est refusé.",
  },
  validationDelegueeMoe: {
    label: "Validation des états d'acompte déléguée à la maîtrise d'œuvre",
    hint: "La maîtrise d'œuvre dépose alors l'état d'acompte validé (A16) et le décompte général (A18), transmis directement à votre service financier, au lieu de l'état d'acompte (A15) et du projet de décompte général (A17).",
  },
};

/** « Maîtrise d'ouvrage » parameters: three boxes, saved together; their state read-only for a member who may not change them. */
function ExigencesMoa({ modifiable, initial, action }: { modifiable: boolean; initial: ParametresMoa; action: Action }) {
  const [valeurs, setValeurs] = useState(initial);
  const [enregistre, setEnregistre] = useState(initial);
  const [pending, start] = useTransition();
  const [resultat, setResultat] = useState<{ ok: boolean; texte: string } | null>(null);
  const cles = Object.keys(LIBELLES_MOA) as (keyof ParametresMoa)[];
  const modifies = cles.filter((k) => valeurs[k] !== enregistre[k]);
  const enregistrer = () =>
    start(async () => {
      const r = await action(Object.fromEntries(modifies.map((k) => [k, valeurs[k]])));
      if (r.ok) setEnregistre(valeurs);
      setResultat(r.ok ? { ok: true, texte: "Les paramètres de la maîtrise d'ouvrage sont enregistrés." } : { ok: false, texte: r.message });
    });
  return (
    <section className="fr-mt-4w" aria-labelledby="titre-exigences-moa">
      <h2 id="titre-exigences-moa">Maîtrise d&apos;ouvrage : pièces qui vous sont adressées</h2>
      {modifiable ? (
        <>
          <Checkbox
            legend="Exigences et délégation"
            options={cles.map((k) => ({
              label: LIBELLES_MOA[k].label,
              hintText: LIBELLES_MOA[k].hint,
              nativeInputProps: { name: k, checked: valeurs[k], onChange: (e) => setValeurs((v) => ({ ...v, [k]: e.target.checked })) },
            }))}
          />
          <div role="status" className="fr-mb-2w">
            {!pending && resultat && <Alert small severity={resultat.ok ? "success" : "error"} description={resultat.texte} />}
          </div>
          <Button disabled={pending || modifies.length === 0} onClick={enregistrer}>
            {pending ? "Enregistrement…" : "Enregistrer les paramètres"}
          </Button>
        </>
      ) : (
        <ul>
          {cles.map((k) => (
            <li key={k}>
              {LIBELLES_MOA[k].label} :{" "}
              <Badge as="span" small severity={initial[k] ? "success" : "info"} noIcon>
                {initial[k] ? "Oui" : "Non"}
              </Badge>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
