import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { requireActeur } from "@/lib/auth/session";
import { contexteDepot, mesBrouillons } from "@/lib/invoices/consultation";
import { libelleCadre } from "@/lib/invoices/cadres";
import { dateFr, dateHeureFr } from "@/lib/invoices/format";
import { formaterMontantDevise } from "@/lib/invoices/montants";
import { EnTeteApplication } from "@/components/factures-travaux/en-tete";
import { EtapesDepot } from "@/components/factures-travaux/etapes";
import { FormulaireCadre } from "@/components/factures-travaux/formulaire-cadre";
import { SuitesMoa } from "@/components/factures-travaux/suites-moa";
import { creerBrouillonAction } from "./actions";
import { pieceSuivanteAction } from "../pieces/[id]/actions";

export const metadata: Metadata = { title: "Déposer — Factures de travaux" };

/**
 * « Déposer », step 1 of a new piece; the structure's drafts can be resumed from here. A maîtrise d'ouvrage sees instead the
 * pieces it may continue now (its A19 from an A15, its A20 from an A17, taken into account).
 */
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
      {contexte.suitesMoa ? (
        // A maîtrise d'ouvrage picks no frame bare: its pieces follow the MOE's statements it has taken into account.
        <section aria-labelledby="suites-moa-titre">
          <h2 id="suites-moa-titre" className="fr-h4">
            Déposer la pièce suivante d&apos;un dossier de facturation
          </h2>
          <p>
            En tant que maîtrise d&apos;ouvrage, vous déposez l&apos;état d&apos;acompte validé (A19), transmis à votre service financier, à partir d&apos;un
            état d&apos;acompte (A15) de la maîtrise d&apos;œuvre, et le décompte général (A20), mis à la disposition du titulaire pour signature, à partir
            d&apos;un projet de décompte général (A17) — une fois la pièce de la maîtrise d&apos;œuvre prise en compte.
          </p>
          <SuitesMoa
            total={contexte.suitesMoa.total}
            pieces={contexte.suitesMoa.pieces.map((p) => {
              const a19 = p.suivante === "A19_ETAT_ACOMPTE_VALIDE_MOA";
              return {
                id: p.id,
                cadre: libelleCadre(p.cadre),
                numero: p.numero,
                dossier: p.dossier,
                fournisseur: p.fournisseur,
                moe: p.moe,
                montant: formaterMontantDevise(p.montantTtc, p.devise),
                dateFacture: dateFr(p.dateFacture),
                priseEnCompteLe: dateHeureFr(p.statutLe),
                action: a19 ? "Déposer l'état d'acompte validé (A19)" : "Déposer le décompte général (A20)",
                reprise: a19 ? "Reprendre l'état d'acompte validé (A19)" : "Reprendre le décompte général (A20)",
                brouillon: p.brouillonId !== null,
              };
            })}
            suivante={pieceSuivanteAction}
          />
        </section>
      ) : (
        <>
          <h2 className="fr-h4">Nouvelle pièce</h2>
          <EtapesDepot courante={1} />
          <FormulaireCadre structure={contexte.structure} cadresAutorises={contexte.cadres} services={contexte.services} action={creerBrouillonAction} />
        </>
      )}
    </div>
  );
}
