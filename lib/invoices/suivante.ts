import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Acteur } from "@/lib/auth/acteur";
import type { CadreFacturation, StatutPieceTravaux } from "@/lib/generated/prisma/client";
import { rolesSur, structureDe, verifierId, visiblePar } from "./acces";
import { MOE_A_TRAITER, verifierTransition } from "./statuts";
import { a22Possible, a23Possible, echeanceTacite } from "./procedure-tacite";
import { dateHeureFr } from "./format";
import { ligneACreer } from "./historique";

/** The MOE's own piece that follows a supplier's (« Dans la plupart des cas, la MOE établit un état d'acompte »). */
const SUIVANTE_MOE: Partial<Record<CadreFacturation, CadreFacturation>> = {
  A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR: "A15_ETAT_ACOMPTE_MOE",
  A13_PROJET_DECOMPTE_MENSUEL_COTRAITANT: "A15_ETAT_ACOMPTE_MOE",
  A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT: "A15_ETAT_ACOMPTE_MOE",
  A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR: "A17_PROJET_DECOMPTE_GENERAL_MOE",
  A14_PROJET_DECOMPTE_FINAL_COTRAITANT: "A17_PROJET_DECOMPTE_GENERAL_MOE",
};

/**
 * What the piece offers: the MOE its next piece, the depositor of a refused piece its corrected one, the
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
  if (p.roles.includes("MOE") && !p.roles.includes("DEPOSANT") && SUIVANTE_MOE[p.cadre] && (MOE_A_TRAITER as readonly string[]).includes(p.statut)) return true;
  return p.roles.includes("DEPOSANT") && (p.statut === "REFUSEE_MOE" || p.statut === "REFUSEE_MOA" || p.statut === "REFUSEE_1");
}

/**
 * « Déposer la pièce suivante du dossier de facturation »: a draft of the actor's structure following this
 * piece (same dossier once sent), prefilled with it — supplier and MOE known, the MOA as « Destinataire »,
 * currency, VAT type, totals and VAT detail copied. The number and date are the new document's own.
 * From a refused piece, its depositor starts the corrected piece the same way, in the same frame.
 */
export async function deposerPieceSuivante(acteur: Acteur, pieceId: string, o: { now?: Date } = {}): Promise<{ id: string }> {
  const now = o.now ?? new Date();
  const structureId = structureDe(acteur);
  const id = verifierId(pieceId);
  const p = await db.pieceTravaux.findFirst({ where: { id, ...visiblePar(structureId) }, include: { lignesTva: { orderBy: { rang: "asc" } } } });
  if (!p) throw new AppError("INTROUVABLE");
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
  const correction = roles.includes("DEPOSANT") && tacite !== "oui" && !a22;
  const cadre =
    tacite === "oui"
      ? "A23_DECOMPTE_GENERAL_DEFINITIF_TACITE_FOURNISSEUR"
      : a22
        ? "A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE"
        : correction
          ? p.cadre
          : SUIVANTE_MOE[p.cadre]!;
  const t = verifierTransition(null, "BROUILLON", "DEPOSANT");
  return db.pieceTravaux.create({
    data: {
      cadre,
      structureDeposanteId: structureId,
      serviceDeposantId: correction || tacite === "oui" || (a22 && roles.includes("DEPOSANT")) ? p.serviceDeposantId : null,
      creeParId: acteur.userId,
      piecePrecedenteId: p.id,
      moeId: tacite === "oui" ? null : correction || a22 ? p.moeId : structureId,
      titulaireId: tacite === "oui" || a22 ? null : correction ? p.titulaireId : (p.titulaireId ?? p.structureDeposanteId),
      // A corrected piece keeps its cotraitant; so does the MOE's statement following a cotraitant's draft (A13 → A15, A14 → A17).
      cotraitantId: correction || (!a22 && tacite !== "oui") ? p.cotraitantId : null,
      moaId: p.moaId,
      serviceMoaId: p.serviceMoaId,
      devise: p.devise,
      typeTva: p.typeTva,
      montantHt: p.montantHt,
      montantTva: p.montantTva,
      montantTtc: p.montantTtc,
      lignesTva: { create: p.lignesTva.map((l) => ({ rang: l.rang, taux: l.taux, baseHt: l.baseHt, montantTva: l.montantTva })) },
      historique: { create: ligneACreer({ action: t.action, statutAvant: null, statutApres: "BROUILLON", acteur, structureId }) },
    },
    select: { id: true },
  });
}
