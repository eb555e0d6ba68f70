import type { Metadata } from "next";
import { requireActeur } from "@/lib/auth/session";
import { cadreFige } from "@/lib/invoices/cadres";
import { contexteDepot } from "@/lib/invoices/consultation";
import { EnTeteApplication } from "@/components/factures-travaux/en-tete";
import { EtapesDepot } from "@/components/factures-travaux/etapes";
import { FormulaireCadre } from "@/components/factures-travaux/formulaire-cadre";
import { enregistrerCadreAction } from "../../actions";
import { chargerBrouillon } from "../brouillon";

// The title says where one is in the wizard, as the stepper does (RGAA 8.6, 12.x).
export const metadata: Metadata = { title: "Étape 1 sur 3 : Cadre de facturation — Déposer une facture" };

export default async function CadrePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const acteur = await requireActeur(`/factures-travaux/deposer/${id}/cadre`);
  const piece = await chargerBrouillon(acteur, id);
  const contexte = await contexteDepot(acteur);
  return (
    <div className="fr-container fr-my-6w">
      <h1>Déposer une facture</h1>
      <EnTeteApplication acteur={acteur} actif="deposer" />
      <EtapesDepot pieceId={id} courante={1} atteinte={piece.numero ? 3 : piece.moaId ? 3 : 2} />
      <FormulaireCadre
        pieceId={id}
        structure={contexte.structure}
        cadresAutorises={contexte.cadres}
        services={contexte.services}
        valeurs={{ cadre: piece.cadre, serviceDeposantId: piece.serviceDeposantId ?? "" }}
        fige={cadreFige(piece.cadre, piece.piecePrecedente?.cadre)}
        action={enregistrerCadreAction}
      />
    </div>
  );
}
