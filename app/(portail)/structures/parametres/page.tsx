import Link from "next/link";
import type { Metadata } from "next";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { requireActeur } from "@/lib/auth/session";
import { maStructure } from "@/lib/structures/parametres";
import { etatAcheteurPublic } from "@/lib/structures/demandes-acheteur-public";
import { peut } from "@/lib/structures/regles";
import { IDENTIFIER_TYPES } from "@/lib/identifiers";
import { ParametresStructure } from "@/components/structures/parametres-structure";
import { SansStructure } from "@/components/structures/sans-structure";
import { demanderAcheteurPublicAction, modifierParametresAction } from "./actions";
import { pageStructure } from "../_lib/page-structure";

export const metadata: Metadata = { title: "Paramètres de la structure" };

/** The structure the user acts for, and its parameters (changed by its gestionnaire principal). */
export default async function ParametresPage() {
  const acteur = await requireActeur("/structures/parametres");
  const acces = await pageStructure(acteur, async (structureId) => ({
    ...(await maStructure(acteur, structureId)),
    acheteurPublic: await etatAcheteurPublic(acteur, structureId),
  }));
  return (
    <div className="fr-container fr-my-6w">
      <Breadcrumb currentPageLabel="Paramètres de la structure" segments={[{ label: "Structures", linkProps: { href: "/structures" } }]} />
      <h1>Paramètres de la structure</h1>
      {!acces.ok ? (
        <SansStructure message={acces.message} />
      ) : (
        (() => {
          const { structure: s, role, acheteurPublic } = acces.data;
          const a = s.adresse;
          return (
            <>
              <h2>Identification</h2>
              <dl className="fr-mb-4w">
                <dt className="fr-text--bold">Raison sociale</dt>
                <dd>
                  {s.raisonSociale}
                  {s.libelle && ` — ${s.libelle}`}
                </dd>
                <dt className="fr-text--bold">{IDENTIFIER_TYPES[s.identifierType].label}</dt>
                <dd>{s.identifier}</dd>
                <dt className="fr-text--bold">Adresse</dt>
                <dd>
                  {s.diffusionPartielle
                    ? "Adresse non diffusée (diffusion partielle demandée à l'INSEE)"
                    : a && [a.adresse, a.complement1, a.complement2, [a.codePostal, a.ville].filter(Boolean).join(" "), a.pays].filter(Boolean).join(", ")}
                </dd>
                {s.email && (
                  <>
                    <dt className="fr-text--bold">E-mail (informatif)</dt>
                    <dd>{s.email}</dd>
                  </>
                )}
                {s.phone && (
                  <>
                    <dt className="fr-text--bold">Téléphone</dt>
                    <dd>{s.phone}</dd>
                  </>
                )}
              </dl>
              <ParametresStructure
                modifiable={peut(role, "modifierParametres")}
                worksSpaceOpen={s.worksSpaceOpen}
                parametresMoa={{
                  codeServiceObligatoire: s.codeServiceObligatoire,
                  engagementObligatoire: s.engagementObligatoire,
                  validationDelegueeMoe: s.validationDelegueeMoe,
                }}
                acheteurPublic={acheteurPublic}
                actions={{ modifier: modifierParametresAction, demanderAcheteurPublic: demanderAcheteurPublicAction }}
              />
              {peut(role, "gererUtilisateurs") && (
                <section aria-labelledby="parametres-api" className="fr-mt-6w">
                  <h2 id="parametres-api">Comptes techniques (API) et webhooks</h2>
                  <p>
                    Donnez à vos logiciels un accès à l&apos;API du portail, et faites-les prévenir de chaque changement de statut d&apos;une pièce de la
                    structure ; les envois et leurs réponses y sont visibles.
                  </p>
                  <p>
                    <Link className="fr-link fr-icon-arrow-right-line fr-link--icon-right" href="/structures/comptes-techniques">
                      Comptes techniques
                    </Link>
                  </p>
                </section>
              )}
            </>
          );
        })()
      )}
    </div>
  );
}
