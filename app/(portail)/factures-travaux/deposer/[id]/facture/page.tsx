import type { Metadata } from "next";
import { cache } from "react";
import { redirect } from "next/navigation";
import { requireActeur } from "@/lib/auth/session";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { cadre, destinataireDe, libelleCadre } from "@/lib/invoices/cadres";
import { signeDecompteGeneral } from "@/lib/invoices/fin-de-marche";
import { dateIso } from "@/lib/invoices/format";
import { formaterMontant, formaterTaux } from "@/lib/invoices/montants";
import { EnTeteApplication } from "@/components/factures-travaux/en-tete";
import { EtapesDepot } from "@/components/factures-travaux/etapes";
import { FormulaireFacture, type PiecePrecedenteRevisee } from "@/components/factures-travaux/formulaire-facture";
import { formaterQuantite, revisionMotivee } from "@/lib/invoices/decompte";
import { enregistrerFactureAction, envoyerAction } from "../../actions";
import { chargerBrouillon } from "../brouillon";
import type { FactureForm } from "@/lib/invoices/schemas";

/** The draft (or the suspended piece being corrected), read once for the title and the page. */
const charger = cache(async (id: string) => {
  const acteur = await requireActeur(`/factures-travaux/deposer/${id}/facture`);
  return { acteur, p: await chargerBrouillon(acteur, id, { suspendue: true }) };
});

/** The title says where one is: step 3 of the wizard, or the correction of a suspended piece (no steps). */
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { p } = await charger((await params).id);
  return {
    title:
      p.statut === "SUSPENDUE" ? "Correction de la pièce suspendue — Factures de travaux" : "Étape 3 sur 3 : Informations de la facture — Déposer une facture",
  };
}

export default async function FacturePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { acteur, p } = await charger(id);
  const correction = p.statut === "SUSPENDUE";
  if (!p.moaId) redirect(`/factures-travaux/deposer/${id}/parties`);
  const m = (v: bigint | null) => (v === null ? "" : formaterMontant(v).replace(/\u00a0/g, " "));
  // The lines of the décompte a new draft has not filled yet show 0 (révision, avances, retenue, pénalités).
  const z = (v: bigint | null) => m(v ?? 0n);
  const valeurs: FactureForm = {
    numero: p.numero ?? "",
    dateFacture: dateIso(p.dateFacture),
    devise: (p.devise as FactureForm["devise"]) ?? "EUR",
    typePiece: p.typePiece,
    typeTva: (p.typeTva ?? "") as FactureForm["typeTva"],
    motifExonerationTva: p.motifExonerationTva ?? "",
    travauxCumules: m(p.travauxCumules),
    travauxCumulesPrecedents: m(p.travauxCumulesPrecedents),
    travauxPeriode: m(p.travauxPeriode),
    revisionPrix: z(p.revisionPrix),
    avanceVersee: z(p.avanceVersee),
    avanceRemboursee: z(p.avanceRemboursee),
    montantHt: m(p.montantHt),
    montantTva: m(p.montantTva),
    montantTtc: m(p.montantTtc),
    retenueGarantie: z(p.retenueGarantie),
    cautionRemplaceRetenue: p.cautionRemplaceRetenue,
    penalites: z(p.penalites),
    netAPayer: m(p.netAPayer),
    lignesTva: p.lignesTva.map((l) => ({ taux: formaterTaux(l.taux), baseHt: m(l.baseHt), montantTva: m(l.montantTva) })),
    lignesPoste: p.lignesPoste.map((l) => ({
      reference: l.reference ?? "",
      denomination: l.denomination,
      quantite: formaterQuantite(l.quantite).replace(/\u00a0/g, " "),
      unite: l.unite ?? "",
      prixUnitaireHt: m(l.prixUnitaireHt),
      montantHt: m(l.montantHt),
      tauxTva: formaterTaux(l.tauxTva),
    })),
    motifRevision: p.motifRevision ?? "",
  };
  // A15–A20 following another piece: its amounts, shown beside the fields; changing them needs a reason.
  const prec = p.piecePrecedente;
  const precedente: PiecePrecedenteRevisee | null =
    prec && revisionMotivee(p.cadre)
      ? {
          libelle: `${cadre(prec.cadre).court} n° ${prec.numero ?? "(sans numéro)"}`,
          devise: prec.devise,
          montantHt: prec.montantHt === null ? null : Number(prec.montantHt),
          montantTtc: prec.montantTtc === null ? null : Number(prec.montantTtc),
          netAPayer: prec.netAPayer === null ? null : Number(prec.netAPayer),
        }
      : null;
  // Where the piece goes, given the piece it follows (the A8 signing a décompte général: the paying service).
  const dest = destinataireDe(p.cadre, p.piecePrecedente?.cadre);
  const destinataire =
    dest.statut === "MISE_A_DISPOSITION"
      ? `au service financier de la maîtrise d'ouvrage ${p.moa?.raisonSociale}`
      : dest.partie === "MOE"
        ? `à la maîtrise d'œuvre ${p.moe?.raisonSociale}`
        : dest.partie === "TITULAIRE"
          ? `au titulaire ${p.titulaire?.raisonSociale}${p.cadre.startsWith("A10_") ? "" : ", pour signature"}`
          : `à la maîtrise d'ouvrage ${p.moa?.raisonSociale}`;
  const signature = signeDecompteGeneral(p.cadre, p.piecePrecedente?.cadre);
  return (
    <div className="fr-container fr-my-6w">
      <h1>Déposer une facture</h1>
      <EnTeteApplication acteur={acteur} actif="deposer" />
      {correction ? (
        <p className="fr-text--lead">Correction de la pièce suspendue : enregistrez vos corrections, puis revenez à la pièce pour « Compléter et renvoyer ».</p>
      ) : (
        <EtapesDepot pieceId={id} courante={3} />
      )}
      {signature && (
        <Alert
          className="fr-mb-3w"
          small
          severity="info"
          description={`Vous signez le décompte général${p.piecePrecedente?.numero ? ` n° ${p.piecePrecedente.numero}` : ""} : « J'accepte le décompte général » ou « J'accepte avec réserves » (le motif et votre mémoire en réclamation) se choisit à l'étape « Gestion des pièces jointes », avant l'envoi. ${p.signatureAvecReserves ? "Votre choix actuel : avec réserves." : "Votre choix actuel : sans réserves."}`}
        />
      )}
      <p>
        {libelleCadre(p.cadre)} — MOA : {p.moa?.raisonSociale}
        {p.serviceMoa ? ` (${p.serviceMoa.libelle})` : ""}
        {p.moe && p.moe.id !== p.structureDeposanteId ? ` — MOE : ${p.moe.raisonSociale}` : ""}
      </p>
      <FormulaireFacture
        pieceId={id}
        valeurs={valeurs}
        resumeEnvoi={`Vous allez envoyer votre pièce « ${libelleCadre(p.cadre)} » ${destinataire}.`}
        nombrePiecesJointes={p.piecesJointes.length}
        factureJointe={p.piecesJointes.some((f) => f.nature === "FACTURE")}
        correction={correction}
        precedente={precedente}
        enregistrer={enregistrerFactureAction}
        envoyer={envoyerAction}
      />
    </div>
  );
}
