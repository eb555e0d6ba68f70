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
import { compteTechniqueSchema, PORTEES, type CompteTechniqueForm } from "@/lib/api/comptes-techniques-schema";
import type { ActionResult } from "@/lib/errors";
import type { PorteeApi } from "@/lib/generated/prisma/enums";
import { Champ } from "@/components/form/champ";
import { GroupeBoutons } from "@/components/ui/groupe-boutons";
import { Tableau } from "@/components/ui/tableau";

export type CompteTechniqueLigne = {
  id: string;
  nom: string;
  portees: PorteeApi[];
  secretFin: string;
  creePar: string;
  createdAt: string;
  renouveleLe: string | null;
  revoqueLe: string | null;
  derniereUtilisation: string | null;
};
type Action<T = undefined> = (input: unknown) => Promise<ActionResult<T>>;
type Props = {
  comptes: CompteTechniqueLigne[];
  actions: { creer: Action<{ id: string; secret: string }>; renouveler: Action<{ id: string; secret: string }>; revoquer: Action };
};

const confirmationRevocation = createModal({ id: "confirmer-revocation-compte-technique", isOpenedByDefault: false });
const confirmationRenouvellement = createModal({ id: "confirmer-renouvellement-secret", isOpenedByDefault: false });
const dateHeure = new Intl.DateTimeFormat("fr-FR", { dateStyle: "short", timeStyle: "short", timeZone: "Europe/Paris" });
const LISTE_PORTEES = Object.keys(PORTEES) as PorteeApi[];

/**
 * The structure's technical accounts: the list (scopes, the secret's last characters, last use, state), « Créer un
 * compte technique », « Renouveler le secret » and « Révoquer » after a confirmation. A new secret is shown once.
 */
export function GestionComptesTechniques({ comptes, actions }: Props) {
  const [cible, setCible] = useState<CompteTechniqueLigne | null>(null);
  const [statut, setStatut] = useState<{ ok: boolean; texte: string } | null>(null);
  const [secret, setSecret] = useState<{ nom: string; id: string; secret: string } | null>(null);
  const [pending, start] = useTransition();

  const revoquer = (c: CompteTechniqueLigne) =>
    start(async () => {
      const r = await actions.revoquer({ compteId: c.id });
      setSecret(null);
      setStatut(r.ok ? { ok: true, texte: `Le compte technique « ${c.nom} » est révoqué : ses appels sont refusés.` } : { ok: false, texte: r.message });
    });
  const renouveler = (c: CompteTechniqueLigne) =>
    start(async () => {
      const r = await actions.renouveler({ compteId: c.id });
      if (r.ok) {
        setStatut(null);
        setSecret({ nom: c.nom, ...r.data });
      } else setStatut({ ok: false, texte: r.message });
    });

  return (
    <>
      <div role="status" className="fr-mb-2w">
        {pending && <p className="fr-text--sm">Enregistrement en cours…</p>}
        {!pending && statut && <Alert small severity={statut.ok ? "success" : "error"} description={statut.texte} />}
      </div>
      {secret && <SecretAffiche {...secret} onFermer={() => setSecret(null)} />}
      {comptes.length === 0 ? (
        <p>Cette structure n&apos;a pas encore de compte technique.</p>
      ) : (
        <Tableau className="fr-table--no-caption">
          <caption>Comptes techniques de la structure</caption>
          <thead>
            <tr>
              <th scope="col">Nom</th>
              <th scope="col">Portées</th>
              <th scope="col">Secret</th>
              <th scope="col">Créé</th>
              <th scope="col">Dernière utilisation</th>
              <th scope="col">État</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {comptes.map((c) => (
              <tr key={c.id}>
                <td>
                  {c.nom}
                  <br />
                  <span className="fr-text--xs">Identifiant : {c.id}</span>
                </td>
                <td>{c.portees.map((p) => PORTEES[p].libelle).join(", ")}</td>
                <td>
                  <span className="fr-sr-only">se termine par </span>…{c.secretFin}
                </td>
                <td>
                  {dateHeure.format(new Date(c.createdAt))} par {c.creePar}
                  {c.renouveleLe && (
                    <>
                      <br />
                      <span className="fr-text--xs">Secret renouvelé le {dateHeure.format(new Date(c.renouveleLe))}</span>
                    </>
                  )}
                </td>
                <td>{c.derniereUtilisation ? dateHeure.format(new Date(c.derniereUtilisation)) : "Jamais utilisé"}</td>
                <td>
                  <Badge as="span" small severity={c.revoqueLe ? "error" : "success"}>
                    {c.revoqueLe ? "Révoqué" : "Actif"}
                  </Badge>
                </td>
                <td>
                  {!c.revoqueLe && (
                    <GroupeBoutons className="fr-btns-group--sm fr-btns-group--inline-md">
                      <li>
                        <Button
                          size="small"
                          priority="secondary"
                          disabled={pending}
                          title={`Renouveler le secret du compte technique « ${c.nom} »`}
                          onClick={() => {
                            setCible(c);
                            confirmationRenouvellement.open();
                          }}
                        >
                          Renouveler le secret
                        </Button>
                      </li>
                      <li>
                        <Button
                          size="small"
                          priority="tertiary"
                          className="bouton-destructif"
                          disabled={pending}
                          title={`Révoquer le compte technique « ${c.nom} »`}
                          onClick={() => {
                            setCible(c);
                            confirmationRevocation.open();
                          }}
                        >
                          Révoquer
                        </Button>
                      </li>
                    </GroupeBoutons>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Tableau>
      )}

      <section className="fr-mt-4w" aria-labelledby="titre-creation-compte-technique">
        <h2 id="titre-creation-compte-technique" className="fr-h4">
          Créer un compte technique
        </h2>
        <FormulaireCompteTechnique
          action={actions.creer}
          onDone={(nom, r) => {
            setStatut(null);
            setSecret({ nom, ...r });
          }}
        />
      </section>

      <confirmationRevocation.Component
        title="Révoquer ce compte technique ?"
        buttons={[
          { children: "Annuler", priority: "secondary" },
          { children: "Confirmer la révocation", onClick: () => cible && revoquer(cible) },
        ]}
      >
        {cible && (
          <p>
            Le compte technique <strong>« {cible.nom} »</strong> ne pourra plus appeler l&apos;API : son secret et ses jetons sont refusés dès maintenant. La
            révocation est définitive ; son historique reste dans les pièces et le journal.
          </p>
        )}
      </confirmationRevocation.Component>
      <confirmationRenouvellement.Component
        title="Renouveler le secret ?"
        buttons={[
          { children: "Annuler", priority: "secondary" },
          { children: "Renouveler le secret", onClick: () => cible && renouveler(cible) },
        ]}
      >
        {cible && (
          <p>
            Le secret actuel du compte <strong>« {cible.nom} »</strong> et les jetons obtenus avec lui cessent aussitôt de fonctionner. Le nouveau secret
            s&apos;affiche une seule fois : reportez-le dans votre logiciel.
          </p>
        )}
      </confirmationRenouvellement.Component>
    </>
  );
}

/** The secret, once: with the account's id (`client_id`) for the token endpoint. */
function SecretAffiche({ nom, id, secret, onFermer }: { nom: string; id: string; secret: string; onFermer: () => void }) {
  const [copie, setCopie] = useState(false);
  return (
    <Alert
      className="fr-mb-4w"
      severity="warning"
      title={`Secret du compte technique « ${nom} »`}
      description={
        <>
          <p>Copiez ce secret maintenant : il ne sera plus jamais affiché. Conservez-le comme un mot de passe.</p>
          <Input label="Identifiant du compte (client_id)" nativeInputProps={{ readOnly: true, value: id, spellCheck: false }} />
          <Input label="Secret (client_secret, ou jeton Bearer)" nativeInputProps={{ readOnly: true, value: secret, spellCheck: false, autoComplete: "off" }} />
          <Button
            size="small"
            priority="secondary"
            onClick={async () => {
              await navigator.clipboard?.writeText(secret);
              setCopie(true);
            }}
          >
            Copier le secret
          </Button>
          <Button size="small" priority="tertiary" className="fr-ml-2w" onClick={onFermer}>
            J'ai noté le secret
          </Button>
          <span role="status" className="fr-ml-2w fr-text--sm">
            {copie ? "Secret copié dans le presse-papiers." : ""}
          </span>
        </>
      }
    />
  );
}

function FormulaireCompteTechnique({
  action,
  onDone,
}: {
  action: Props["actions"]["creer"];
  onDone: (nom: string, r: { id: string; secret: string }) => void;
}) {
  const VIDE: CompteTechniqueForm = { nom: "", portees: ["DEPOT", "LECTURE"] };
  const form = useForm<CompteTechniqueForm>({ resolver: zodResolver(compteTechniqueSchema) as never, mode: "onTouched", defaultValues: VIDE });
  const [erreur, setErreur] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const onSubmit = form.handleSubmit((v) =>
    start(async () => {
      setErreur(null);
      const r = await action(v);
      if (r.ok) {
        form.reset(VIDE);
        onDone(v.nom.trim(), r.data);
        return;
      }
      setErreur(r.message);
      for (const [champ, message] of Object.entries(r.fieldErrors)) form.setError(champ as keyof CompteTechniqueForm, { message });
    }),
  );
  const erreurPortees = form.formState.errors.portees?.message;
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="titre-creation-compte-technique">
      {erreur && <Alert small severity="error" description={erreur} className="fr-mb-2w" />}
      <Champ
        form={form}
        name="nom"
        label="Nom du compte"
        required
        hint="Pour le reconnaître dans l'historique des pièces, par exemple « Logiciel de facturation »."
      />
      <Checkbox
        legend="Portées"
        hintText="Ce que le logiciel pourra faire au nom de la structure, dans la limite de ses droits."
        state={erreurPortees ? "error" : "default"}
        stateRelatedMessage={erreurPortees}
        options={LISTE_PORTEES.map((p) => ({
          label: PORTEES[p].libelle,
          hintText: PORTEES[p].description,
          nativeInputProps: { value: p, ...form.register("portees") },
        }))}
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Création…" : "Créer le compte technique"}
      </Button>
    </form>
  );
}
