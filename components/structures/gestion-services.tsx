"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { serviceSchema, type ServiceForm } from "@/lib/structures/schemas";
import type { ActionResult } from "@/lib/errors";
import { Champ } from "@/components/form/champ";
import { GroupeBoutons } from "@/components/ui/groupe-boutons";
import { Tableau } from "@/components/ui/tableau";

/** `espaceTravauxOuvert`: the « Factures de travaux » space open to the users limited to this service. */
export type ServiceVue = { id: string; code: string; libelle: string; active: boolean; espaceTravauxOuvert?: boolean };
type Action = (input: unknown) => Promise<ActionResult>;
type Props = { modifiable: boolean; services: ServiceVue[]; actions: { creer: Action; modifier: Action; changerEtat: Action; changerEspace?: Action } };

/** The structure's services: list, « Ajouter un service », « Modifier » in place, « Désactiver » / « Réactiver ». */
export function GestionServices({ modifiable, services, actions }: Props) {
  const [edition, setEdition] = useState<string | null>(null);
  const [statut, setStatut] = useState<string | null>(null);
  return (
    <>
      <p role="status" className="fr-sr-only">
        {statut}
      </p>
      {services.length === 0 ? (
        <p>Cette structure n&apos;a pas de service.</p>
      ) : (
        <Tableau>
          <caption className="fr-sr-only">Services de la structure</caption>
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Libellé</th>
              <th scope="col">État</th>
              <th scope="col">Espace « Factures de travaux »</th>
              {modifiable && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {services.map((s) =>
              edition === s.id ? (
                <tr key={s.id}>
                  <td colSpan={5}>
                    <FormulaireService
                      titre={`Modifier le service ${s.code}`}
                      initial={{ code: s.code, libelle: s.libelle }}
                      bouton="Enregistrer"
                      onSubmit={(v) => actions.modifier({ serviceId: s.id, ...(v as ServiceForm) })}
                      onDone={() => {
                        setEdition(null);
                        setStatut(`Service ${s.code} modifié.`);
                      }}
                      onCancel={() => setEdition(null)}
                    />
                  </td>
                </tr>
              ) : (
                <tr key={s.id}>
                  <td>{s.code}</td>
                  <td>{s.libelle}</td>
                  <td>
                    <Badge as="span" small severity={s.active ? "success" : "error"}>
                      {s.active ? "Actif" : "Désactivé"}
                    </Badge>
                  </td>
                  <td>
                    <Badge as="span" small severity={s.espaceTravauxOuvert === false ? "warning" : "success"}>
                      {s.espaceTravauxOuvert === false ? "Fermé" : "Ouvert"}
                    </Badge>
                  </td>
                  {modifiable && (
                    <td>
                      <GroupeBoutons className="fr-btns-group--inline fr-btns-group--sm">
                        <li>
                          <Button size="small" priority="tertiary" title={`Modifier le service ${s.code}`} onClick={() => setEdition(s.id)}>
                            Modifier
                          </Button>
                        </li>
                        <li>
                          <EtatService service={s} action={actions.changerEtat} onDone={setStatut} />
                        </li>
                        {actions.changerEspace && (
                          <li>
                            <EspaceService service={s} action={actions.changerEspace} onDone={setStatut} />
                          </li>
                        )}
                      </GroupeBoutons>
                    </td>
                  )}
                </tr>
              ),
            )}
          </tbody>
        </Tableau>
      )}
      {modifiable && (
        <section className="fr-mt-4w">
          <h2 className="fr-h4">Ajouter un service</h2>
          <FormulaireService
            titre="Ajouter un service"
            initial={{ code: "", libelle: "" }}
            bouton="Ajouter le service"
            onSubmit={actions.creer}
            onDone={() => setStatut("Service ajouté.")}
            reset
          />
        </section>
      )}
    </>
  );
}

function EtatService({ service, action, onDone }: { service: ServiceVue; action: Action; onDone: (m: string) => void }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <Button
        size="small"
        priority="secondary"
        disabled={pending}
        title={`${service.active ? "Désactiver" : "Réactiver"} le service ${service.code}`}
        onClick={() =>
          start(async () => {
            const r = await action({ serviceId: service.id, active: !service.active });
            if (r.ok) onDone(`Service ${service.code} ${service.active ? "désactivé" : "réactivé"}.`);
            else setError(r.message);
          })
        }
      >
        {pending ? "Enregistrement…" : service.active ? "Désactiver" : "Réactiver"}
      </Button>
      {error && <p className="fr-error-text fr-mt-1v">{error}</p>}
    </>
  );
}

/** Opens or closes the service's « Factures de travaux » space for the users limited to it. */
function EspaceService({ service, action, onDone }: { service: ServiceVue; action: Action; onDone: (m: string) => void }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const ouvert = service.espaceTravauxOuvert !== false;
  return (
    <>
      <Button
        size="small"
        priority="tertiary"
        disabled={pending}
        title={`${ouvert ? "Fermer" : "Ouvrir"} l'espace « Factures de travaux » du service ${service.code}`}
        onClick={() =>
          start(async () => {
            const r = await action({ serviceId: service.id, ouvert: !ouvert });
            if (r.ok) onDone(`Espace « Factures de travaux » ${ouvert ? "fermé" : "ouvert"} pour le service ${service.code}.`);
            else setError(r.message);
          })
        }
      >
        {pending ? "Enregistrement…" : ouvert ? "Fermer l'espace" : "Ouvrir l'espace"}
      </Button>
      {error && <p className="fr-error-text fr-mt-1v">{error}</p>}
    </>
  );
}

type FormProps = {
  titre: string;
  initial: ServiceForm;
  bouton: string;
  onSubmit: Action;
  onDone: () => void;
  onCancel?: () => void;
  reset?: boolean;
};

function FormulaireService({ titre, initial, bouton, onSubmit, onDone, onCancel, reset }: FormProps) {
  const form = useForm<ServiceForm>({ resolver: zodResolver(serviceSchema), mode: "onTouched", defaultValues: initial });
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const submit = form.handleSubmit((values) =>
    start(async () => {
      setError(null);
      const r = await onSubmit(values);
      if (r.ok) {
        if (reset) form.reset(initial);
        onDone();
        return;
      }
      setError(r.message);
      for (const [field, message] of Object.entries(r.fieldErrors)) form.setError(field as keyof ServiceForm, { message });
    }),
  );
  return (
    <form onSubmit={submit} noValidate aria-label={titre}>
      {error && <Alert small severity="error" description={error} className="fr-mb-2w" />}
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-4">
          <Champ form={form} name="code" label="Code du service" required hint="Par exemple DEPT-IMMO" />
        </div>
        <div className="fr-col-12 fr-col-md-8">
          <Champ form={form} name="libelle" label="Libellé du service" required hint="Par exemple Département Immobilier" />
        </div>
      </div>
      <GroupeBoutons className="fr-btns-group--inline fr-btns-group--sm">
        <li>
          <Button type="submit" size="small" disabled={pending}>
            {pending ? "Enregistrement…" : bouton}
          </Button>
        </li>
        {onCancel && (
          <li>
            <Button type="button" size="small" priority="tertiary" onClick={onCancel} disabled={pending}>
              Annuler
            </Button>
          </li>
        )}
      </GroupeBoutons>
    </form>
  );
}
