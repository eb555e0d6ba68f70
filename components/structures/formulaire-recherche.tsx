// biome-ignore-all lint/a11y/useSemanticElements: DSFR markup: a search form is role="search", a row of fields a labelled role="group" (the <search> element and a nested fieldset would change the DSFR's layout)
"use client";

import { useTransition, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";

const CHAMPS = {
  q: { label: "Raison sociale", hint: "Un ou plusieurs mots, même incomplets, sans se soucier des accents ni des majuscules" },
  siret: { label: "SIRET", hint: "14 chiffres, ou les premiers seulement (le SIREN par exemple)" },
  ville: { label: "Ville", hint: "Le nom ou son début" },
  codePostal: { label: "Code postal", hint: "5 chiffres, ou le département (2 chiffres)" },
} as const;
export type ChampRecherche = keyof typeof CHAMPS;

type Props = {
  /** The page the search goes to (its criteria in the address, so that results can be bookmarked and paged). */
  action: string;
  valeurs: Partial<Record<string, string | undefined>>;
  erreurs: Partial<Record<string, string>>;
  champs?: ChampRecherche[];
};

/** « Recherche avancée »: criteria sent in the page address; the button says when the search is running. */
export function FormulaireRecherche({ action, valeurs, erreurs, champs = ["q", "siret", "ville", "codePostal"] }: Props) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const params = new URLSearchParams();
    for (const name of champs) {
      const v = String(data.get(name) ?? "").trim();
      if (v) params.set(name, v);
    }
    start(() => router.push(`${action}?${params.toString()}`));
  };
  return (
    <form role="search" aria-label="Recherche avancée de structures" onSubmit={onSubmit} action={action} method="get" className="fr-mb-4w">
      <div className="fr-grid-row fr-grid-row--gutters">
        {champs.map((name) => (
          <div key={name} className="fr-col-12 fr-col-md-6 fr-col-lg-3">
            <Input
              label={CHAMPS[name].label}
              hintText={CHAMPS[name].hint}
              state={erreurs[name] ? "error" : "default"}
              stateRelatedMessage={erreurs[name]}
              nativeInputProps={{
                name,
                defaultValue: valeurs[name] ?? "",
                inputMode: name === "siret" || name === "codePostal" ? "numeric" : undefined,
                "aria-invalid": erreurs[name] ? true : undefined,
              }}
            />
          </div>
        ))}
      </div>
      <Button type="submit" iconId="fr-icon-search-line" disabled={pending}>
        {pending ? "Recherche en cours…" : "Rechercher"}
      </Button>
    </form>
  );
}
