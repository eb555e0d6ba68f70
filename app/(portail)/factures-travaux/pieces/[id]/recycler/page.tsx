import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { requireActeur } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { structureParSiret } from "@/lib/invoices/parties";
import { routageARecycler } from "@/lib/invoices/recyclage";
import { EnTeteApplication } from "@/components/factures-travaux/en-tete";
import { FormulaireRecyclage } from "@/components/factures-travaux/formulaire-recyclage";
import { ouIntrouvable } from "../../../charger";
import { consulterStructureAction, rechercheAvanceeAction } from "../../../deposer/actions";
import { recyclerAction } from "./actions";

export const metadata: Metadata = { title: "Recycler la pièce — Factures de travaux" };

/** « Recycler la pièce »: the depositor of a piece « À recycler » corrects its routing and sends it again under the same number. */
export default async function RecyclerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const acteur = await requireActeur(`/factures-travaux/pieces/${id}/recycler`);
  const r = await ouIntrouvable(
    routageARecycler(acteur, id).catch((e: unknown) => {
      // Another structure on the piece, or a piece no longer « À recycler »: its page says what it is now.
      if (e instanceof AppError && (e.code === "NON_AUTORISE" || e.code === "ACTION_IMPOSSIBLE")) return null;
      throw e;
    }),
  );
  if (!r) redirect(`/factures-travaux/pieces/${id}`);
  const [moe, moa] = await Promise.all([
    r.moeModifiable && r.moe ? structureParSiret(r.moe.identifier) : Promise.resolve(undefined),
    r.moa ? structureParSiret(r.moa.identifier) : Promise.resolve(undefined),
  ]);
  return (
    <div className="fr-container fr-my-6w">
      <h1>Recycler la facture n° {r.numero ?? "(sans numéro)"}</h1>
      <EnTeteApplication acteur={acteur} />
      <p>
        Cadre de facturation : <strong>{r.libelleCadre}</strong>. Corrigez les données d&apos;acheminement de la pièce : son destinataire, le service de la
        maîtrise d&apos;ouvrage, le numéro d&apos;engagement juridique ou de bon de commande. Le reste de la pièce (numéro, montants, pièces jointes) ne change
        pas : elle est renvoyée sous le même numéro, dans le même dossier de facturation.
      </p>
      {r.motif && <Alert className="fr-mb-3w" severity="warning" small title="Erreur signalée par le destinataire" description={r.motif} />}
      <FormulaireRecyclage
        pieceId={r.id}
        numero={r.numero}
        moeModifiable={r.moeModifiable}
        moeRequise={r.moeRequise}
        destinataire={r.destinataire}
        valeurs={r.valeurs}
        connues={{ moe, moa }}
        recycler={recyclerAction}
        consulter={consulterStructureAction}
        rechercher={rechercheAvanceeAction}
      />
    </div>
  );
}
