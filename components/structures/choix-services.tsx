"use client";

import { Select } from "@codegouvfr/react-dsfr/Select";

export type ServiceChoisissable = { id: string; code: string; libelle: string };
export type Droit = "CONSULTATION" | "MODIFICATION";
/** serviceId → right; a service absent from the map is not given. */
export type Choix = Record<string, Droit>;

export const LIBELLES_DROIT: Record<Droit, string> = { CONSULTATION: "Consultation", MODIFICATION: "Modification" };

export const versListe = (choix: Choix) => Object.entries(choix).map(([serviceId, droit]) => ({ serviceId, droit }));

/**
 * Per service of the structure, the right given: « Aucun accès », « Consultation » (sees its pieces) or « Modification »
 * (also acts on them). No service given: the whole structure.
 */
export function ChoixServices({
  idPrefixe,
  services,
  choix,
  onChange,
  disabled,
}: {
  idPrefixe: string;
  services: ServiceChoisissable[];
  choix: Choix;
  onChange: (c: Choix) => void;
  disabled?: boolean;
}) {
  const limite = Object.keys(choix).length > 0;
  return (
    <fieldset className="fr-fieldset" aria-describedby={`${idPrefixe}-aide`}>
      <legend className="fr-fieldset__legend fr-text--regular">Services et droits</legend>
      <p id={`${idPrefixe}-aide`} className="fr-hint-text fr-fieldset__element">
        Sans aucun service, l&apos;utilisateur voit toutes les pièces de la structure et agit sur elles. Avec des services, il ne voit que les pièces déposées
        par ces services ou qui leur sont adressées, et n&apos;agit que sur celles des services où il a le droit « Modification ».
      </p>
      {services.map((s) => (
        <div key={s.id} className="fr-fieldset__element">
          <Select
            label={`${s.libelle} (${s.code})`}
            className="fr-mb-1w"
            nativeSelectProps={{
              id: `${idPrefixe}-${s.id}`,
              value: choix[s.id] ?? "",
              disabled,
              onChange: (e) => {
                const v = e.target.value as Droit | "";
                const suivant = { ...choix };
                if (v) suivant[s.id] = v;
                else delete suivant[s.id];
                onChange(suivant);
              },
            }}
          >
            <option value="">Aucun accès</option>
            <option value="CONSULTATION">Consultation</option>
            <option value="MODIFICATION">Modification</option>
          </Select>
        </div>
      ))}
      <p className="fr-fieldset__element fr-text--sm fr-mb-0" aria-live="polite">
        {limite ? `Limité à ${Object.keys(choix).length} service${Object.keys(choix).length > 1 ? "s" : ""}.` : "Toute la structure."}
      </p>
    </fieldset>
  );
}
