"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { coordonneesSchema, type CoordonneesForm } from "@/lib/structures/coordonnees-schema";
import type { ChampCoordonnees } from "@/lib/structures/regles";
import type { ActionResult } from "@/lib/errors";
import { Champ } from "@/components/form/champ";
import { Tableau } from "@/components/ui/tableau";

type Adresse = {
  adresse: string | null;
  complement1: string | null;
  complement2: string | null;
  codePostal: string | null;
  ville: string | null;
  pays: string | null;
};
type Changement = { champ: string; libelle: string; avant: string | boolean | null; apres: string | boolean | null };

type Props = {
  structure: {
    raisonSociale: string;
    identifierLabel: string;
    identifier: string;
    siret: boolean;
    diffusionPartielle: boolean;
    libelle: string | null;
    email: string | null;
    phone: string | null;
    adresse: Adresse | null;
  };
  /** Empty: the actor only reads (not gestionnaire principal). */
  modifiables: ChampCoordonnees[];
  actions: {
    modifier: (input: unknown) => Promise<ActionResult<{ modifie: boolean }>>;
    actualiser: (input: unknown) => Promise<ActionResult<{ changements: Changement[] }>>;
  };
};

const LIBELLES: Record<ChampCoordonnees, string> = {
  libelle: "Libellé (nom d'usage)",
  email: "E-mail de la structure (informatif)",
  phone: "Téléphone",
  adresse: "Adresse",
  complement1: "Complément d'adresse",
  complement2: "Complément d'adresse (suite)",
  codePostal: "Code postal",
  ville: "Ville",
  pays: "Pays",
};

const valeur = (v: string | boolean | null) => (v === null || v === "" ? "—" : v === true ? "Oui" : v === false ? "Non" : v);

/** « Identification et coordonnées »: what the structure is, what its gestionnaire principal may change, and the INSEE refresh. */
export function CoordonneesStructure({ structure: s, modifiables, actions }: Props) {
  const a = s.adresse;
  const form = useForm<CoordonneesForm>({
    resolver: zodResolver(coordonneesSchema),
    mode: "onTouched",
    defaultValues: Object.fromEntries(modifiables.map((c) => [c, (c in (a ?? {}) ? a?.[c as keyof Adresse] : s[c as "libelle" | "email" | "phone"]) ?? ""])),
  });
  const [message, setMessage] = useState<{ severity: "success" | "error" | "info"; texte: string } | null>(null);
  const [insee, setInsee] = useState<{ severity: "success" | "error" | "info"; texte: string; changements: Changement[] } | null>(null);
  const [pending, start] = useTransition();

  const enregistrer = form.handleSubmit((values) =>
    start(async () => {
      setMessage(null);
      const r = await actions.modifier(values);
      if (!r.ok) {
        for (const [champ, texte] of Object.entries(r.fieldErrors)) form.setError(champ as keyof CoordonneesForm, { message: texte });
        return setMessage({ severity: "error", texte: r.message });
      }
      setMessage(
        r.data.modifie
          ? { severity: "success", texte: "Les coordonnées de la structure sont enregistrées." }
          : { severity: "info", texte: "Aucune modification." },
      );
    }),
  );

  const actualiser = () =>
    start(async () => {
      setInsee(null);
      const r = await actions.actualiser({});
      if (!r.ok) return setInsee({ severity: "error", texte: r.message, changements: [] });
      setInsee(
        r.data.changements.length
          ? { severity: "success", texte: "La structure a été actualisée depuis l'annuaire INSEE. Ce qui a changé :", changements: r.data.changements }
          : { severity: "info", texte: "La structure est déjà à jour : l'annuaire INSEE ne donne rien de nouveau.", changements: [] },
      );
    });

  return (
    <>
      <h2>Identification</h2>
      <dl className="fr-mb-4w">
        <dt className="fr-text--bold">Raison sociale</dt>
        <dd>{s.raisonSociale}</dd>
        <dt className="fr-text--bold">{s.identifierLabel}</dt>
        <dd>{s.identifier}</dd>
        <dt className="fr-text--bold">Adresse</dt>
        <dd>
          {s.diffusionPartielle
            ? "Adresse non diffusée (diffusion partielle demandée à l'INSEE)"
            : a && [a.adresse, a.complement1, a.complement2, [a.codePostal, a.ville].filter(Boolean).join(" "), a.pays].filter(Boolean).join(", ")}
        </dd>
        <dt className="fr-text--bold">Libellé</dt>
        <dd>{s.libelle ?? "—"}</dd>
        <dt className="fr-text--bold">E-mail (informatif)</dt>
        <dd>{s.email ?? "—"}</dd>
        <dt className="fr-text--bold">Téléphone</dt>
        <dd>{s.phone ?? "—"}</dd>
      </dl>

      {s.siret && (
        <section className="fr-mb-6w" aria-labelledby="titre-insee">
          <h2 id="titre-insee">Annuaire INSEE</h2>
          <p>
            La raison sociale et l&apos;adresse d&apos;une structure identifiée par son SIRET viennent du répertoire Sirene de l&apos;INSEE : elles ne se
            saisissent pas ici.{" "}
            {modifiables.length > 0 ? "Reprenez-les de l'annuaire si elles ont changé." : "Seul le gestionnaire principal peut les actualiser."}
          </p>
          {modifiables.length > 0 && (
            <Button priority="secondary" iconId="fr-icon-refresh-line" onClick={actualiser} disabled={pending}>
              Actualiser depuis l&apos;annuaire INSEE
            </Button>
          )}
          <div aria-live="polite">
            {insee && <Alert className="fr-mt-3w" small severity={insee.severity} description={insee.texte} />}
            {insee && insee.changements.length > 0 && (
              <Tableau className="fr-mt-2w">
                <caption>Changements repris de l&apos;annuaire INSEE</caption>
                <thead>
                  <tr>
                    <th scope="col">Donnée</th>
                    <th scope="col">Avant</th>
                    <th scope="col">Après</th>
                  </tr>
                </thead>
                <tbody>
                  {insee.changements.map((c) => (
                    <tr key={c.champ}>
                      <th scope="row">{c.libelle}</th>
                      <td>{valeur(c.avant)}</td>
                      <td>{valeur(c.apres)}</td>
                    </tr>
                  ))}
                </tbody>
              </Tableau>
            )}
          </div>
        </section>
      )}

      {modifiables.length > 0 ? (
        <section aria-labelledby="titre-coordonnees">
          <h2 id="titre-coordonnees">Modifier les coordonnées</h2>
          <form onSubmit={enregistrer} noValidate>
            <div aria-live="polite">
              {message && (
                <Alert
                  className="fr-mb-3w"
                  small
                  severity={message.severity}
                  description={message.texte}
                  title={message.severity === "error" ? "Les coordonnées n'ont pas été enregistrées" : undefined}
                />
              )}
            </div>
            {modifiables.map((c) => (
              <Champ
                key={c}
                form={form}
                name={c}
                label={LIBELLES[c]}
                inputProps={c === "email" ? { type: "email", autoComplete: "email" } : c === "phone" ? { type: "tel", autoComplete: "tel" } : undefined}
              />
            ))}
            <Button type="submit" disabled={pending}>
              {pending ? "Enregistrement…" : "Enregistrer les coordonnées"}
            </Button>
          </form>
        </section>
      ) : (
        <p className="fr-text--sm">Seul un gestionnaire principal de la structure peut modifier ses coordonnées.</p>
      )}
    </>
  );
}
