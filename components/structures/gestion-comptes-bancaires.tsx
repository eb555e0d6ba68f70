"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { createModal } from "@codegouvfr/react-dsfr/Modal";
import { compteBancaireSchema, type CompteBancaireData, type CompteBancaireForm } from "@/lib/structures/comptes-bancaires-schema";
import type { ActionResult } from "@/lib/errors";
import { Champ } from "@/components/form/champ";
import { Tableau } from "@/components/ui/tableau";

export type CompteBancaireLigne = { id: string; libelle: string; titulaire: string; iban: string; bic: string; active: boolean };
type Action = (input: unknown) => Promise<ActionResult>;
type Props = { modifiable: boolean; comptes: CompteBancaireLigne[]; actions: { ajouter: Action; desactiver: Action } };

const confirmation = createModal({ id: "confirmer-desactivation-compte", isOpenedByDefault: false });
const VIDE: CompteBancaireForm = { libelle: "", titulaire: "", iban: "", bic: "" };

/**
 * The structure's bank accounts: the list (IBAN in full for gestionnaires, masked for the other members), « Ajouter des
 * coordonnées bancaires », and « Désactiver » after a confirmation naming the account.
 */
export function GestionComptesBancaires({ modifiable, comptes, actions }: Props) {
  const [cible, setCible] = useState<CompteBancaireLigne | null>(null);
  const [statut, setStatut] = useState<{ ok: boolean; texte: string } | null>(null);
  const [pending, start] = useTransition();

  const desactiver = (c: CompteBancaireLigne) =>
    start(async () => {
      const r = await actions.desactiver({ compteId: c.id });
      setStatut(r.ok ? { ok: true, texte: `Coordonnées bancaires « ${c.libelle} » désactivées.` } : { ok: false, texte: r.message });
    });

  return (
    <>
      <div role="status" className="fr-mb-2w">
        {pending && <p className="fr-text--sm">Enregistrement en cours…</p>}
        {!pending && statut && <Alert small severity={statut.ok ? "success" : "error"} description={statut.texte} />}
      </div>
      {comptes.length === 0 ? (
        <p>Cette structure n&apos;a pas encore de coordonnées bancaires.</p>
      ) : (
        <Tableau>
          <caption className="fr-sr-only">Coordonnées bancaires de la structure</caption>
          <thead>
            <tr>
              <th scope="col">Libellé</th>
              <th scope="col">Titulaire du compte</th>
              <th scope="col">IBAN</th>
              <th scope="col">BIC</th>
              <th scope="col">État</th>
              {modifiable && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {comptes.map((c) => (
              <tr key={c.id}>
                <td>{c.libelle}</td>
                <td>{c.titulaire}</td>
                <td>
                  <span style={{ fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" }}>{c.iban}</span>
                </td>
                <td>{c.bic}</td>
                <td>
                  <Badge as="span" small severity={c.active ? "success" : "error"}>
                    {c.active ? "Actives" : "Désactivées"}
                  </Badge>
                </td>
                {modifiable && (
                  <td>
                    {c.active && (
                      <Button
                        size="small"
                        priority="tertiary"
                        className="bouton-destructif"
                        disabled={pending}
                        title={`Désactiver les coordonnées bancaires « ${c.libelle} »`}
                        onClick={() => {
                          setCible(c);
                          confirmation.open();
                        }}
                      >
                        Désactiver
                      </Button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </Tableau>
      )}

      {modifiable && (
        <section className="fr-mt-4w" aria-labelledby="titre-ajout-compte">
          <h2 id="titre-ajout-compte" className="fr-h4">
            Ajouter des coordonnées bancaires
          </h2>
          <FormulaireCompte action={actions.ajouter} onDone={(libelle) => setStatut({ ok: true, texte: `Coordonnées bancaires « ${libelle} » ajoutées.` })} />
        </section>
      )}

      <confirmation.Component
        title="Désactiver ces coordonnées bancaires ?"
        buttons={[
          { children: "Annuler", priority: "secondary" },
          {
            children: "Confirmer la désactivation",
            onClick: () => {
              if (cible) desactiver(cible);
            },
          },
        ]}
      >
        {cible && (
          <p>
            Les coordonnées bancaires <strong>« {cible.libelle} »</strong> ({cible.titulaire}, IBAN {cible.iban}) ne seront plus proposées lors d&apos;un dépôt.
            Les pièces déjà déposées sur ce compte le gardent. Pour les proposer de nouveau, ajoutez le même IBAN.
          </p>
        )}
      </confirmation.Component>
    </>
  );
}

function FormulaireCompte({ action, onDone }: { action: Action; onDone: (libelle: string) => void }) {
  const form = useForm<CompteBancaireForm, unknown, CompteBancaireData>({
    resolver: zodResolver(compteBancaireSchema),
    mode: "onTouched",
    defaultValues: VIDE,
  });
  const [erreur, setErreur] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const onSubmit = form.handleSubmit((v) =>
    start(async () => {
      setErreur(null);
      const r = await action(v);
      if (r.ok) {
        form.reset(VIDE);
        onDone(v.libelle);
        return;
      }
      setErreur(r.message);
      for (const [champ, message] of Object.entries(r.fieldErrors)) form.setError(champ as keyof CompteBancaireForm, { message });
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="titre-ajout-compte">
      {erreur && <Alert small severity="error" description={erreur} className="fr-mb-2w" />}
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <Champ form={form} name="libelle" label="Libellé" required hint="Pour le reconnaître lors d'un dépôt, par exemple « Compte principal »." />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Champ form={form} name="titulaire" label="Titulaire du compte" required hint="Tel qu'il figure sur le relevé d'identité bancaire." />
        </div>
        <div className="fr-col-12 fr-col-md-8">
          <Champ
            form={form}
            name="iban"
            label="IBAN"
            required
            hint="Avec ou sans espaces, par exemple FR76 3000 6000 0112 3456 7890 189."
            inputProps={{ autoComplete: "off", spellCheck: false, autoCapitalize: "characters" }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Champ
            form={form}
            name="bic"
            label="BIC"
            required
            hint="8 ou 11 caractères, par exemple BNPAFRPP."
            inputProps={{ autoComplete: "off", spellCheck: false, autoCapitalize: "characters" }}
          />
        </div>
      </div>
      <Button type="submit" disabled={pending} className="fr-mt-3w">
        {pending ? "Enregistrement…" : "Ajouter les coordonnées bancaires"}
      </Button>
    </form>
  );
}
