"use client";

import { useState, useTransition } from "react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { createModal } from "@codegouvfr/react-dsfr/Modal";
import type { ActionResult } from "@/lib/errors";
import type { ResultatAnnuaire, StructureAnnuaire } from "@/lib/structures/annuaire";
import { Tableau } from "@/components/ui/tableau";

export const modaleRechercheAvancee = createModal({ id: "recherche-avancee-structure", isOpenedByDefault: false });

type Props = {
  titre: string;
  filtre: { publicBuyer?: boolean; worksSpaceOpen?: boolean };
  action: (input: unknown) => Promise<ActionResult<ResultatAnnuaire>>;
  onChoix: (s: StructureAnnuaire) => void;
};

/** « Recherche avancée » in the directory: one or more criteria, then pick a structure among the results. */
export function RechercheAvancee({ titre, filtre, action, onChoix }: Props) {
  const [criteres, setCriteres] = useState({ q: "", siret: "", ville: "", codePostal: "" });
  const [resultat, setResultat] = useState<ResultatAnnuaire | null>(null);
  const [erreur, setErreur] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const rechercher = (page = 1) =>
    start(async () => {
      setErreur(null);
      const r = await action({ ...criteres, page, pageSize: 10, filtre });
      if (r.ok) setResultat(r.data);
      else setErreur(Object.values(r.fieldErrors)[0] ?? r.message);
    });

  const champ = (name: keyof typeof criteres, label: string, hint?: string) => (
    <div className="fr-col-12 fr-col-md-6">
      <Input
        label={label}
        hintText={hint}
        nativeInputProps={{ value: criteres[name], onChange: (e) => setCriteres({ ...criteres, [name]: e.target.value }) }}
      />
    </div>
  );

  return (
    <modaleRechercheAvancee.Component title={titre} size="large">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          rechercher();
        }}
      >
        <p className="fr-text--sm">Renseignez un ou plusieurs critères de recherche, validez, puis sélectionnez la structure dans les résultats.</p>
        <div className="fr-grid-row fr-grid-row--gutters">
          {champ("q", "Raison sociale")}
          {champ("siret", "Numéro SIRET", "14 chiffres, ou les premiers chiffres")}
          {champ("ville", "Ville")}
          {champ("codePostal", "Code postal")}
        </div>
        <Button type="submit" disabled={pending} iconId="fr-icon-search-line">
          Rechercher
        </Button>
      </form>
      {erreur && <Alert className="fr-mt-2w" small severity="error" description={erreur} />}
      {resultat && (
        <div className="fr-mt-3w" aria-live="polite">
          <p className="fr-text--sm">
            {resultat.total === 0
              ? "Aucune structure ne correspond à ces critères."
              : `${resultat.total} structure${resultat.total > 1 ? "s" : ""} trouvée${resultat.total > 1 ? "s" : ""}.`}
          </p>
          {resultat.results.length > 0 && (
            <Tableau className="fr-table--sm">
              <caption className="fr-sr-only">Résultats de la recherche</caption>
              <thead>
                <tr>
                  <th scope="col">Raison sociale</th>
                  <th scope="col">SIRET</th>
                  <th scope="col">Ville</th>
                  <th scope="col">Choix</th>
                </tr>
              </thead>
              <tbody>
                {resultat.results.map((s) => (
                  <tr key={s.id}>
                    <td>{s.raisonSociale}</td>
                    <td>{s.identifier}</td>
                    <td>{s.ville ?? "—"}</td>
                    <td>
                      <Button
                        size="small"
                        priority="secondary"
                        title={`Sélectionner ${s.raisonSociale}`}
                        onClick={() => {
                          onChoix(s);
                          modaleRechercheAvancee.close();
                        }}
                      >
                        Sélectionner
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </Tableau>
          )}
          {resultat.total > resultat.page * resultat.pageSize && (
            <Button size="small" priority="tertiary" onClick={() => rechercher(resultat.page + 1)} disabled={pending}>
              Résultats suivants
            </Button>
          )}
        </div>
      )}
    </modaleRechercheAvancee.Component>
  );
}
