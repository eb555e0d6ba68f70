import type { Metadata } from "next";
import { requireActeur } from "@/lib/auth/session";
import { libelleCadre } from "@/lib/invoices/cadres";
import { structureParSiret } from "@/lib/invoices/parties";
import { compteChoisiParDeposant } from "@/lib/invoices/references";
import { comptesPourDepot } from "@/lib/structures/comptes-bancaires";
import { peut } from "@/lib/structures/regles";
import { EnTeteApplication } from "@/components/factures-travaux/en-tete";
import { EtapesDepot } from "@/components/factures-travaux/etapes";
import { FormulaireParties } from "@/components/factures-travaux/formulaire-parties";
import { consulterStructureAction, enregistrerPartiesAction, rechercheAvanceeAction } from "../../actions";
import { chargerBrouillon } from "../brouillon";

export const metadata: Metadata = { title: "Étape 2 sur 3 : Maîtrise d'œuvre et maîtrise d'ouvrage — Déposer une facture" };

export default async function PartiesPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const acteur = await requireActeur(`/factures-travaux/deposer/${id}/parties`);
  const piece = await chargerBrouillon(acteur, id);
  const [moe, titulaire, cotraitant, moa] = await Promise.all(
    [piece.moe, piece.titulaire, piece.cotraitant, piece.moa].map((s) => (s ? structureParSiret(s.identifier) : Promise.resolve(undefined))),
  );
  // A supplier-side frame chooses among its structure's accounts (the only one preselected); others show the one carried over.
  const comptes = compteChoisiParDeposant(piece.cadre) ? await comptesPourDepot(acteur) : null;
  const compteBancaireId = piece.compteBancaireId ?? (comptes?.length === 1 ? comptes[0].id : "");
  const c = piece.compteBancaire;
  return (
    <div className="fr-container fr-my-6w">
      <h1>Déposer une facture</h1>
      <EnTeteApplication acteur={acteur} actif="deposer" />
      <EtapesDepot pieceId={id} courante={2} atteinte={piece.moaId ? 3 : 2} />
      <p>
        Cadre de facturation : <strong>{libelleCadre(piece.cadre)}</strong>. Identifiez la maîtrise d&apos;œuvre (MOE) et la maîtrise d&apos;ouvrage (MOA), les
        références du marché et les coordonnées bancaires de paiement.
      </p>
      <FormulaireParties
        pieceId={id}
        cadre={piece.cadre}
        valeurs={{
          cadre: piece.cadre,
          moeSiret: piece.moe && piece.moe.id !== piece.structureDeposanteId ? piece.moe.identifier : "",
          titulaireSiret: piece.titulaire?.identifier ?? "",
          cotraitantSiret: piece.cotraitant?.identifier ?? "",
          moaSiret: piece.moa?.identifier ?? "",
          serviceMoaId: piece.serviceMoaId ?? "",
          numeroMarche: piece.numeroMarche ?? "",
          numeroEngagement: piece.numeroEngagement ?? "",
          numeroBonCommande: piece.numeroBonCommande ?? "",
          compteBancaireId: comptes?.some((x) => x.id === compteBancaireId) ? compteBancaireId : "",
        }}
        comptes={comptes}
        compteReporte={c ? { id: "", libelle: c.libelle, titulaire: c.titulaire, ibanMasque: c.iban, bic: c.bic } : null}
        gestionnaire={peut(acteur.structure!.role, "gererComptesBancaires")}
        connues={{ moe: piece.moe?.id === piece.structureDeposanteId ? undefined : moe, titulaire, cotraitant, moa }}
        enregistrer={enregistrerPartiesAction}
        consulter={consulterStructureAction}
        rechercher={rechercheAvanceeAction}
      />
    </div>
  );
}
