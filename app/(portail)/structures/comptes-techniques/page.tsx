import type { Metadata } from "next";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { requireActeur } from "@/lib/auth/session";
import { listerComptesTechniques } from "@/lib/api/comptes-techniques";
import { GestionComptesTechniques } from "@/components/structures/gestion-comptes-techniques";
import { GestionWebhooks } from "@/components/structures/gestion-webhooks";
import { STATUTS } from "@/lib/invoices/statuts";
import { listerAbonnements } from "@/lib/webhooks/abonnements";
import { SansStructure } from "@/components/structures/sans-structure";
import {
  creerAbonnementAction,
  creerCompteTechniqueAction,
  desactiverAbonnementAction,
  renouvelerSecretAction,
  revoquerCompteTechniqueAction,
} from "./actions";
import { pageStructure } from "../_lib/page-structure";

export const metadata: Metadata = { title: "Comptes techniques (API)" };

/** « Comptes techniques »: the structure's API credentials (gestionnaires). */
export default async function ComptesTechniquesPage() {
  const acteur = await requireActeur("/structures/comptes-techniques");
  const acces = await pageStructure(acteur, async (structureId) => ({
    comptes: await listerComptesTechniques(acteur, structureId),
    abonnements: await listerAbonnements(acteur, structureId),
  }));
  return (
    <div className="fr-container fr-my-6w">
      <Breadcrumb
        currentPageLabel="Comptes techniques (API)"
        segments={[
          { label: "Structures", linkProps: { href: "/structures" } },
          { label: "Paramètres de la structure", linkProps: { href: "/structures/parametres" } },
        ]}
      />
      <h1>Comptes techniques (API)</h1>
      {!acces.ok ? (
        <SansStructure message={acces.message} />
      ) : (
        <>
          <p>
            Structure : <strong>{acteur.structure!.raisonSociale}</strong> ({acteur.structure!.identifier}). Un compte technique permet à un logiciel (votre
            outil de facturation, de gestion de chantier…) d&apos;utiliser l&apos;<a href="/api/docs">API du portail</a> pour le compte de la structure, avec
            les mêmes règles et les mêmes droits qu&apos;un utilisateur, limité aux portées choisies. Ses actions apparaissent dans l&apos;historique des pièces
            sous son nom.
          </p>
          <GestionComptesTechniques
            comptes={acces.data.comptes.map((c) => ({
              ...c,
              createdAt: c.createdAt.toISOString(),
              renouveleLe: c.renouveleLe?.toISOString() ?? null,
              revoqueLe: c.revoqueLe?.toISOString() ?? null,
              derniereUtilisation: c.derniereUtilisation?.toISOString() ?? null,
            }))}
            actions={{ creer: creerCompteTechniqueAction, renouveler: renouvelerSecretAction, revoquer: revoquerCompteTechniqueAction }}
          />
          <h2 className="fr-mt-6w">Webhooks : être prévenu des changements de statut</h2>
          <GestionWebhooks
            abonnements={acces.data.abonnements.map((a) => ({
              id: a.id,
              url: a.url,
              actif: a.actif,
              createdAt: a.createdAt.toISOString(),
              livraisons: a.livraisons.map((l) => {
                const e = l.evenement as { numero?: string | null; statut?: keyof typeof STATUTS };
                return {
                  id: l.id,
                  le: l.le.toISOString(),
                  statut: l.statut as "EN_ATTENTE" | "LIVREE" | "ECHEC",
                  resume: `Pièce ${e.numero ?? "sans numéro"} : ${e.statut && e.statut in STATUTS ? STATUTS[e.statut].libelle : "changement de statut"}`,
                  tentatives: l.tentatives,
                  dernierCode: l.dernierCode,
                  derniereErreur: l.derniereErreur,
                };
              }),
            }))}
            actions={{ creer: creerAbonnementAction, desactiver: desactiverAbonnementAction }}
          />
        </>
      )}
    </div>
  );
}
