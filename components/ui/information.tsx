/** One line of a description list (`<dl>`): the label, then its value beside it on a wide screen, below on a phone. */
export function Information({ libelle, valeur }: { libelle: string; valeur: string | null | undefined }) {
  if (!valeur) return null;
  return (
    <div className="fr-grid-row fr-mb-1w">
      <dt className="fr-col-12 fr-col-md-4">
        <strong>{libelle}</strong>
      </dt>
      <dd className="fr-col-12 fr-col-md-8 fr-m-0">{valeur}</dd>
    </div>
  );
}
