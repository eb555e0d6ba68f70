import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Acteur } from "@/lib/auth/acteur";
import type { CadreFacturation, StatutPieceTravaux } from "@/lib/generated/prisma/client";
import { exigerModification, rolesSur, structureDe, verifierId, visiblePar } from "./acces";
import { MOE_A_TRAITER, REFUSEES, verifierTransition } from "./statuts";
import { libelleCadre } from "./cadres";
import { a22Possible, a23Possible, echeanceTacite } from "./procedure-tacite";
import { dateHeureFr } from "./format";
import { ligneACreer } from "./historique";
import { compteChoisiParDeposant } from "./references";
import { compteReporte } from "@/lib/structures/comptes-bancaires";

/** The MOE's own piece that follows a supplier's (« Dans la plupart des cas, la MOE établit un état d'acompte »). */
const SUIVANTE_MOE: Partial<Record<CadreFacturation, CadreFacturation>> = {
  A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR: "A15_ETAT_ACOMPTE_MOE",
  A13_PROJET_DECOMPTE_MENSUEL_COTRAITANT: "A15_ETAT_ACOMPTE_MOE",
  A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT: "A15_ETAT_ACOMPTE_MOE",
  A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR: "A17_PROJET_DECOMPTE_GENERAL_MOE",
  A14_PROJET_DECOMPTE_FINAL_COTRAITANT: "A17_PROJET_DECOMPTE_GENERAL_MOE",
};

/**
 * The same, when the MOA of the dossier delegated the validation to its MOE (`Structure.validationDelegueeMoe`): the
 * état d'acompte validé (A16) goes straight to the paying service, the décompte général (A18) to the titulaire for signature.
 */
const SUIVANTE_MOE_DELEGUEE: Partial<Record<CadreFacturation, CadreFacturation>> = {
  A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR: "A16_ETAT_ACOMPTE_VALIDE_MOE",
  A13_PROJET_DECOMPTE_MENSUEL_COTRAITANT: "A16_ETAT_ACOMPTE_VALIDE_MOE",
  A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT: "A16_ETAT_ACOMPTE_VALIDE_MOE",
  A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR: "A18_DECOMPTE_GENERAL_MOE",
  A14_PROJET_DECOMPTE_FINAL_COTRAITANT: "A18_DECOMPTE_GENERAL_MOE",
};

/** The MOA's own piece that follows the MOE's statement it has taken into account: état d'acompte validé (A19), décompte général (A20). */
export const SUIVANTE_MOA: Partial<Record<CadreFacturation, CadreFacturation>> = {
  A15_ETAT_ACOMPTE_MOE: "A19_ETAT_ACOMPTE_VALIDE_MOA",
  A17_PROJET_DECOMPTE_GENERAL_MOE: "A20_DECOMPTE_GENERAL_MOA",
};

/** The décomptes généraux the titulaire signs (by depositing its A8): the MOA's (A20), the MOE's by delegation (A18). */
export const DECOMPTES_GENERAUX: readonly CadreFacturation[] = ["A20_DECOMPTE_GENERAL_MOA", "A18_DECOMPTE_GENERAL_MOE"];

/** The MOA may deposit its next piece (A19, A20) from this MOE statement (A15, A17) it has taken into account. */
export function suiteMoaPossible(p: { statut: StatutPieceTravaux; cadre: CadreFacturation; roles: string[] }): boolean {
  return !!SUIVANTE_MOA[p.cadre] && p.statut === "PRISE_EN_COMPTE_MOA" && p.roles.includes("MOA") && !p.roles.includes("DEPOSANT");
}

/** The titulaire may sign this décompte général (A18, A20) put at its disposal: « Signer le décompte général » prepares its A8. */
export function signaturePossible(p: { statut: StatutPieceTravaux; cadre: CadreFacturation; roles: string[] }): boolean {
  return DECOMPTES_GENERAUX.includes(p.cadre) && p.statut === "A_VALIDER_1" && p.roles.includes("TITULAIRE");
}

/**
 * What the piece offers: the MOE its next piece, the MOA its own (A19, A20) from the MOE's statement it has taken
 * into account, the titulaire its signed décompte général (A8) from a décompte général (A18, A20) to sign, the depositor of a refused piece its corrected one, the
 * depositor of an A22 the MOA left unprocessed for 10 days its décompte général et définitif tacite (A23), the
 * titulaire of a final draft (A7) or projet de DG (A17) still pending its projet de décompte général (A22,
 * procédure tacite), which replaces that piece when sent.
 */
export function pieceSuivantePossible(
  p: { statut: StatutPieceTravaux; cadre: CadreFacturation; roles: string[]; deposeeLe?: Date | null },
  o: { now?: Date } = {},
): boolean {
  const now = o.now ?? new Date();
  if (a23Possible({ ...p, deposeeLe: p.deposeeLe ?? null }, { now }) === "oui") return true;
  if (a22Possible(p)) return true;
  if (suiteMoaPossible(p) || signaturePossible(p)) return true;
  if (p.roles.includes("MOE") && !p.roles.includes("DEPOSANT") && SUIVANTE_MOE[p.cadre] && (MOE_A_TRAITER as readonly string[]).includes(p.statut)) return true;
  return p.roles.includes("DEPOSANT") && (p.statut === "REFUSEE_MOE" || p.statut === "REFUSEE_MOA" || p.statut === "REFUSEE_1");
}

/**
 * « Déposer la pièce suivante du dossier de facturation »: a draft of the actor's structure following this
 * piece (same dossier once sent), prefilled with it — supplier and MOE known, the MOA as « Destinataire »,
 * currency, VAT type, totals and VAT detail copied. The number and date are the new document's own.
 * From a refused piece, its depositor starts the corrected piece the same way, in the same frame.
 * The MOA's A19 / A20 and the titulaire's A8 (signature of a décompte général) are one per piece: a draft already
 * started is given back rather than a second one made, and once one is sent the piece offers no other.
 */
export async function deposerPieceSuivante(acteur: Acteur, pieceId: string, o: { now?: Date } = {}): Promise<{ id: string }> {
  const now = o.now ?? new Date();
  const structureId = structureDe(acteur);
  const id = verifierId(pieceId);
  const p = await db.pieceTravaux.findFirst({
    where: { id, ...visiblePar(structureId, acteur) },
    include: { lignesTva: { orderBy: { rang: "asc" } }, lignesPoste: { orderBy: { rang: "asc" } }, moa: { select: { validationDelegueeMoe: true } } },
  });
  if (!p) throw new AppError("INTROUVABLE");
  // A user limited to services: « Modification » on the piece's service (lib/invoices/acces.ts).
  await exigerModification(db, acteur, structureId, p);
  const roles = rolesSur(p, structureId);
  const tacite = a23Possible({ ...p, roles }, { now });
  if (tacite === "pas-encore")
    throw new AppError(
      "DELAI_TACITE_NON_ECHU",
      {},
      `La maîtrise d'ouvrage a jusqu'au ${dateHeureFr(echeanceTacite(p.deposeeLe!))} pour notifier le décompte général : le décompte général et définitif tacite (A23) ne peut être déposé qu'ensuite.`,
    );
  if (!pieceSuivantePossible({ statut: p.statut, cadre: p.cadre, roles, deposeeLe: p.deposeeLe }, { now: now }))
    throw new AppError("PIECE_SUIVANTE_IMPOSSIBLE");
  const a22 = tacite !== "oui" && a22Possible({ cadre: p.cadre, statut: p.statut, roles });
  const signature = tacite !== "oui" && !a22 && signaturePossible({ ...p, roles });
  const moa = tacite !== "oui" && !a22 && suiteMoaPossible({ ...p, roles });
  const correction = roles.includes("DEPOSANT") && tacite !== "oui" && !a22;
  // The MOE's own statement (neither a correction nor the titulaire's or the MOA's piece).
  const moe = tacite !== "oui" && !a22 && !signature && !moa && !correction;
  const cadre: CadreFacturation =
    tacite === "oui"
      ? "A23_DECOMPTE_GENERAL_DEFINITIF_TACITE_FOURNISSEUR"
      : a22
        ? "A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE"
        : signature
          ? "A8_DECOMPTE_GENERAL_DEFINITIF_FOURNISSEUR"
          : moa
            ? SUIVANTE_MOA[p.cadre]!
            : correction
              ? p.cadre
              : p.moa?.validationDelegueeMoe && SUIVANTE_MOE_DELEGUEE[p.cadre]
                ? SUIVANTE_MOE_DELEGUEE[p.cadre]!
                : SUIVANTE_MOE[p.cadre]!;
  if (signature || moa) {
    // One live next piece: the draft already started is taken up again; one sent (and not refused) closes the offer.
    const existantes = await db.pieceTravaux.findMany({
      where: { piecePrecedenteId: p.id, structureDeposanteId: structureId, cadre, statut: { notIn: [...REFUSEES] } },
      select: { id: true, statut: true },
      orderBy: { createdAt: "asc" },
    });
    const envoyee = existantes.find((e) => e.statut !== "BROUILLON");
    if (envoyee) throw new AppError("PIECE_SUIVANTE_IMPOSSIBLE", {}, `${libelleCadre(cadre)} : cette pièce a déjà été déposée pour cette pièce du dossier.`);
    if (existantes.length > 0) return { id: existantes[0].id };
  }
  const t = verifierTransition(null, "BROUILLON", "DEPOSANT");
  return db.pieceTravaux.create({
    data: {
      cadre,
      structureDeposanteId: structureId,
      // The MOA's piece comes from the service the MOE's statement was addressed to.
      serviceDeposantId: correction || tacite === "oui" || (a22 && roles.includes("DEPOSANT")) ? p.serviceDeposantId : moa ? p.serviceMoaId : null,
      creeParId: acteur.userId,
      piecePrecedenteId: p.id,
      // The MOA's piece names the MOE of the statement it follows; the titulaire's A8 has none (its frame).
      moeId: tacite === "oui" || signature ? null : correction || a22 || moa ? p.moeId : structureId,
      titulaireId: tacite === "oui" || a22 || signature ? null : correction || moa ? p.titulaireId : (p.titulaireId ?? p.structureDeposanteId),
      // A corrected piece keeps its cotraitant; so does the statement following a cotraitant's draft (A13 → A15 → A19, A14 → A17 → A20).
      cotraitantId: correction || moe || moa ? p.cotraitantId : null,
      // The MOA's own piece: the MOA is itself the « Destinataire », whose paying service receives the A19.
      moaId: p.moaId,
      serviceMoaId: p.serviceMoaId,
      // The contract references and the bank account follow the dossier (lib/structures/comptes-bancaires.ts `compteReporte`).
      numeroMarche: p.numeroMarche,
      numeroEngagement: p.numeroEngagement,
      numeroBonCommande: p.numeroBonCommande,
      compteBancaireId: await compteReporte(db, structureId, p.compteBancaireId, compteChoisiParDeposant(cadre)),
      devise: p.devise,
      // Facture or avoir, VAT, the décompte and its detail: the next piece starts from the amounts it revises (the
      // reason of a revision is its own: lib/invoices/decompte.ts).
      typePiece: p.typePiece,
      typeTva: p.typeTva,
      motifExonerationTva: p.motifExonerationTva,
      travauxCumules: p.travauxCumules,
      travauxCumulesPrecedents: p.travauxCumulesPrecedents,
      travauxPeriode: p.travauxPeriode,
      revisionPrix: p.revisionPrix,
      avanceVersee: p.avanceVersee,
      avanceRemboursee: p.avanceRemboursee,
      montantHt: p.montantHt,
      montantTva: p.montantTva,
      montantTtc: p.montantTtc,
      retenueGarantie: p.retenueGarantie,
      cautionRemplaceRetenue: p.cautionRemplaceRetenue,
      penalites: p.penalites,
      netAPayer: p.netAPayer,
      lignesTva: { create: p.lignesTva.map((l) => ({ rang: l.rang, taux: l.taux, baseHt: l.baseHt, montantTva: l.montantTva })) },
      lignesPoste: {
        create: p.lignesPoste.map((l) => ({
          rang: l.rang,
          reference: l.reference,
          denomination: l.denomination,
          quantite: l.quantite,
          unite: l.unite,
          prixUnitaireHt: l.prixUnitaireHt,
          montantHt: l.montantHt,
          tauxTva: l.tauxTva,
        })),
      },
      historique: { create: ligneACreer({ action: t.action, statutAvant: null, statutApres: "BROUILLON", acteur, structureId }) },
    },
    select: { id: true },
  });
}
