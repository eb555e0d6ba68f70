import type { Metadata } from "next";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { requireActeur } from "@/lib/auth/session";
import { mesStructures } from "@/lib/structures/mes-structures";
import { refusLimite } from "@/lib/securite/limites";
import { rechercherStructures } from "@/lib/structures/annuaire";
import { rechercheStructuresSchema } from "@/lib/structures/recherche-schema";
import { ROLE_LABELS, MEMBERSHIP_STATUS_LABELS } from "@/lib/accounts/labels";
import { IDENTIFIER_TYPES } from "@/lib/identifiers";
import { BoutonAction } from "@/components/structures/bouton-action";
import { FormulaireRecherche } from "@/components/structures/formulaire-recherche";
import { ResultatsAnnuaire } from "@/components/structures/resultats-annuaire";
import { changerStructureAction, demanderRattachementAction } from "./actions";
import { Tableau } from "@/components/ui/tableau";

export const metadata: Metadata = { title: "Mes structures" };

const ORDRE = { VALIDEE: 0, EN_COURS_DE_VALIDATION: 1, DESACTIVEE: 2, REFUSEE: 3 } as const;

/** « Mes structures »: the user's attachments, the structure he acts for, and a request to join another one. */
export default async function MesStructuresPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const acteur = await requireActeur("/structures/mes-structures");
  const params = await searchParams;
  const rattachements = (await mesStructures(acteur)).sort((a, b) => ORDRE[a.status] - ORDRE[b.status]);
  const mine = new Map(rattachements.filter((r) => r.status === "VALIDEE" || r.status === "EN_COURS_DE_VALIDATION").map((r) => [r.structureId, r.status]));

  const recherche = rechercheStructuresSchema.safeParse({ q: params.q, siret: params.siret, page: params.page ?? 1, pageSize: 10 });
  const cherche = recherche.success && !!(recherche.data.q || recherche.data.siret);
  // Each search counts against the directory's rate limit (lib/securite/limites.ts).
  const refus = cherche ? await refusLimite("annuaire", { ip: acteur.ip, identifiant: acteur.userId }) : null;
  const resultats = recherche.success && cherche && !refus ? await rechercherStructures(recherche.data) : null;

  return (
    <div className="fr-container fr-my-6w">
      <Breadcrumb currentPageLabel="Mes structures" segments={[{ label: "Structures", linkProps: { href: "/structures" } }]} />
      <h1>Mes structures</h1>
      {rattachements.length === 0 ? (
        <p>Vous n&apos;êtes rattaché à aucune structure.</p>
      ) : (
        <Tableau>
          <caption>Structures auxquelles vous êtes rattaché</caption>
          <thead>
            <tr>
              <th scope="col">Structure</th>
              <th scope="col">Identifiant</th>
              <th scope="col">Rôle</th>
              <th scope="col">Rattachement</th>
              <th scope="col">Structure pour laquelle vous agissez</th>
            </tr>
          </thead>
          <tbody>
            {rattachements.map((r) => {
              const courante = acteur.structure?.id === r.structureId;
              return (
                <tr key={r.id}>
                  <td>
                    {r.structure.raisonSociale}
                    {r.structure.libelle && <span className="fr-text--sm fr-mb-0"> — {r.structure.libelle}</span>}
                  </td>
                  <td>
                    {IDENTIFIER_TYPES[r.structure.identifierType].label} {r.structure.identifier}
                  </td>
                  <td>{ROLE_LABELS[r.role]}</td>
                  <td>
                    <Badge as="span" severity={r.status === "VALIDEE" ? "success" : r.status === "EN_COURS_DE_VALIDATION" ? "info" : "error"} small>
                      {MEMBERSHIP_STATUS_LABELS[r.status]}
                    </Badge>
                    {r.refusalReason && <p className="fr-text--sm fr-mb-0">Motif : {r.refusalReason}</p>}
                  </td>
                  <td>
                    {courante ? (
                      <Badge as="span" severity="new" small>
                        Structure courante
                      </Badge>
                    ) : r.status === "VALIDEE" && r.structure.active ? (
                      <BoutonAction
                        action={changerStructureAction}
                        input={{ structureId: r.structureId }}
                        libelle="Agir pour cette structure"
                        enCours="Changement…"
                        titre={`Agir pour ${r.structure.raisonSociale}`}
                        succes="Vous agissez désormais pour cette structure."
                      />
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </Tableau>
      )}

      <h2 className="fr-mt-6w">Demander un rattachement à une autre structure</h2>
      <p>Cherchez la structure dans l&apos;annuaire du portail, puis demandez votre rattachement : ses gestionnaires la valideront ou la refuseront.</p>
      <FormulaireRecherche
        action="/structures/mes-structures"
        valeurs={params}
        erreurs={recherche.success ? {} : erreursDe(recherche.error)}
        champs={["q", "siret"]}
      />
      {refus && <Alert className="fr-mt-4w" severity="warning" title="Recherche suspendue" description={refus.message} />}
      {resultats && (
        <ResultatsAnnuaire
          resultats={resultats}
          base="/structures/mes-structures"
          params={params}
          action={(s) =>
            mine.has(s.id) ? (
              // Stays after the page refreshes: the confirmation does not vanish with the button.
              <span className="fr-text--sm" role="status">
                {mine.get(s.id) === "EN_COURS_DE_VALIDATION" ? "Demande envoyée à ses gestionnaires. Elle attend leur décision." : "Déjà rattaché"}
              </span>
            ) : (
              <BoutonAction
                action={demanderRattachementAction}
                input={{ structureId: s.id }}
                libelle="Demander le rattachement"
                enCours="Envoi…"
                titre={`Demander le rattachement à ${s.raisonSociale}`}
                succes="Demande envoyée à ses gestionnaires."
              />
            )
          }
        />
      )}
    </div>
  );
}

function erreursDe(error: { issues: { path: PropertyKey[]; message: string }[] }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of error.issues) out[String(i.path[0])] ??= i.message;
  return out;
}
