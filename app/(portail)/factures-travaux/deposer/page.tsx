import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { requireActeur } from "@/lib/auth/session";
import { contexteDepot, mesBrouillons } from "@/lib/invoices/consultation";
import { libelleCadre } from "@/lib/invoices/cadres";
import { dateHeureFr } from "@/lib/invoices/format";
import { formaterMontantDevise } from "@/lib/invoices/montants";
import { EnTeteApplication } from "@/components/factures-travaux/en-tete";
import { EtapesDepot } from "@/components/factures-travaux/etapes";
import { FormulaireCadre } from "@/components/factures-travaux/formulaire-cadre";
import { creerBrouillonAction } from "./actions";

export const metadata: Metadata = { title: "Déposer — Factures de travaux" };

/** « Déposer », step 1 of a new piece; the structure's drafts can be resumed from here. */
export default async function DeposerPage() {
  const acteur = await requireActeur("/factures-travaux/deposer");
  if (acteur.structure?.status !== "VALIDEE")
    return (
      <div className="fr-container fr-my-6w">
        <h1>Déposer une facture</h1>
        <EnTeteApplication acteur={acteur} actif="deposer" />
        <Alert
          severity="info"
          title="Rattachement en attente"
          description="Votre rattachement à une structure doit être validé par son gestionnaire avant de pouvoir déposer une facture de travaux."
        />
      </div>
    );
  const [contexte, brouillons] = await Promise.all([contexteDepot(acteur), mesBrouillons(acteur)]);
  return (
    <div className="fr-container fr-my-6w">
      <h1>Déposer une facture</h1>
      <EnTeteApplication acteur={acteur} actif="deposer" />
      {brouillons.length > 0 && (
        <section className="fr-mb-6w" aria-labelledby="brouillons-titre">
          <h2 id="brouillons-titre" className="fr-h4">
            Reprendre un brouillon
          </h2>
          <ul>
            {brouillons.map((b) => (
              <li key={b.id}>
                <Link href={`/factures-travaux/deposer/${b.id}/${b.numero ? "facture" : b.moaId ? "facture" : "parties"}`}>
                  {libelleCadre(b.cadre)} — {b.numero ? `n° ${b.numero}` : "sans numéro"}
                  {b.montantTtc !== null ? ` — ${formaterMontantDevise(b.montantTtc, b.devise)} TTC` : ""}
                </Link>{" "}
                <span className="fr-text--sm">
                  (enregistré le {dateHeureFr(b.updatedAt)} par {b.creePar.firstName} {b.creePar.lastName})
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <h2 className="fr-h4">Nouvelle pièce</h2>
      <EtapesDepot courante={1} />
      <FormulaireCadre structure={contexte.structure} cadresAutorises={contexte.cadres} services={contexte.services} action={creerBrouillonAction} />
    </div>
  );
}
