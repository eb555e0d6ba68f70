import { db } from "@/lib/db";
import type { CadreFacturation, StatutPieceTravaux } from "@/lib/generated/prisma/client";
import { kickMailDelivery } from "@/lib/mail/outbox";
import { verifierTransition } from "./statuts";
import { appliquer, chargerPiece, verrouillerPiece } from "./transitions";

/**
 * The portal's deadlines: the MOE's 7 days for the monthly drafts, and the MOA's 10 days of the procédure tacite
 * (its rules and its job are in procedure-tacite.ts). Every screen, mail and job counts with these constants.
 */

export const JOUR_MS = 24 * 3600 * 1000;

/** The MOE processes a monthly draft within 7 days of its reception (`CADRES_DELAI_MOE`). */
export const DELAI_MOE_JOURS = 7;

/** Procédure tacite : la MOA a 10 jours pour notifier le décompte général après le projet du titulaire (A22). */
export const DELAI_MOA_TACITE_JOURS = 10;

/**
 * The frames whose pieces carry the MOE's 7 days — the monthly drafts of a supplier (A4), of a cotraitant (A13), and
 * a subcontractor's payment request (A10) once its titulaire has validated it (the validation puts it at the MOE's
 * disposal and sets its status date, so its 7 days count from the validation): the one list the job, « Pièces à
 * traiter », the piece's page and the MOE's mails (at the deposit, at the titulaire's validation) go by.
 */
export const CADRES_DELAI_MOE: readonly CadreFacturation[] = [
  "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR",
  "A13_PROJET_DECOMPTE_MENSUEL_COTRAITANT",
  "A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT",
];

/** The days the MOE has to process a piece of this frame, or null when it has no deadline. */
export function delaiMoe(cadre: CadreFacturation): number | null {
  return CADRES_DELAI_MOE.includes(cadre) ? DELAI_MOE_JOURS : null;
}

/** The end of the MOE's 7 days for a piece at its disposal whose frame carries them, or null. */
export function echeanceMoe(p: { statut: StatutPieceTravaux; cadre: CadreFacturation; statutLe: Date }): Date | null {
  const delai = delaiMoe(p.cadre);
  return p.statut === "MISE_A_DISPOSITION_MOE" && delai !== null ? new Date(p.statutLe.getTime() + delai * JOUR_MS) : null;
}

/** Days left of the MOE's 7 days for a monthly draft at its disposal (negative: late), from its status date. */
export function joursRestants(p: { statut: StatutPieceTravaux; cadre: CadreFacturation; statutLe: Date }, o: { now?: Date } = {}): number | null {
  const delai = delaiMoe(p.cadre);
  if (p.statut !== "MISE_A_DISPOSITION_MOE" || delai === null) return null;
  const echeance = p.statutLe.getTime() + delai * JOUR_MS;
  return Math.ceil((echeance - (o.now ?? new Date()).getTime()) / JOUR_MS);
}

/**
 * The titulaire's 15 days on its subcontractor's payment request (A10, « À valider par le titulaire »): code de la
 * commande publique, art. R2193-13 — « Lorsque le sous-traitant utilise le portail public de facturation […], il y
 * dépose sa demande de paiement sans autre formalité. Le titulaire dispose de quinze jours à compter de ce dépôt pour
 * accepter ou refuser la demande de paiement sur ce portail. » (art. R2193-12 for a request sent outside the portal).
 * Past them the titulaire is deemed to have accepted it (art. R2193-15), and the subcontractor's payment deadline runs
 * from their end (art. R2193-16); the portal tells both, and the piece stays with the titulaire (nothing in the
 * status table moves it). They count from its reception — its status date in « À valider par le titulaire ».
 */
export const DELAI_TITULAIRE_JOURS = 15;

/** The titulaire is reminded this many days before the end of its 15 days. */
export const RELANCE_TITULAIRE_JOURS_AVANT = 3;

/** The frame whose requests carry the titulaire's 15 days (A_VALIDER_1 is also the titulaire's signature of a DG: no deadline there). */
export const CADRE_DELAI_TITULAIRE: CadreFacturation = "A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT";

/** The end of the titulaire's 15 days for a request it received on `recueLe`. */
export function echeanceTitulaire(recueLe: Date): Date {
  return new Date(recueLe.getTime() + DELAI_TITULAIRE_JOURS * JOUR_MS);
}

/** The titulaire's deadline of a subcontractor's request waiting for it (A10 in A_VALIDER_1), or null. */
export function echeanceTitulaireDe(p: { statut: StatutPieceTravaux; cadre: CadreFacturation; statutLe: Date }): Date | null {
  return p.statut === "A_VALIDER_1" && p.cadre === CADRE_DELAI_TITULAIRE ? echeanceTitulaire(p.statutLe) : null;
}

/** Days left of the titulaire's 15 days (negative or zero: late), or null when the piece does not wait for its validation. */
export function joursRestantsTitulaire(p: { statut: StatutPieceTravaux; cadre: CadreFacturation; statutLe: Date }, o: { now?: Date } = {}): number | null {
  const echeance = echeanceTitulaireDe(p);
  if (!echeance) return null;
  return Math.ceil((echeance.getTime() - (o.now ?? new Date()).getTime()) / JOUR_MS);
}

/**
 * The 7-day rule: every monthly draft still at the MOE's disposal 7 days after it got there becomes
 * « Absence de validation de la MOE dans le délai réglementaire », and its depositor and MOA are told.
 * Idempotent (a conditional change of status, once per piece) and driven by `now`, not the wall clock.
 */
export async function verifierDelais(o: { now?: Date } = {}): Promise<{ pieces: string[] }> {
  const now = o.now ?? new Date();
  const limite = new Date(now.getTime() - DELAI_MOE_JOURS * JOUR_MS);
  const enRetard = await db.pieceTravaux.findMany({
    where: { statut: "MISE_A_DISPOSITION_MOE", cadre: { in: [...CADRES_DELAI_MOE] }, statutLe: { lte: limite } },
    select: { id: true },
    orderBy: { statutLe: "asc" },
    take: 500,
  });
  const traitees: string[] = [];
  for (const { id } of enRetard) {
    const mails = await db.$transaction(async (tx) => {
      const statut = await verrouillerPiece(tx, id);
      const p = await chargerPiece(tx, id);
      // Processed meanwhile, or completed and put back at the MOE's disposal since: nothing to do.
      if (statut !== "MISE_A_DISPOSITION_MOE" || !p) return null;
      const encore = await tx.pieceTravaux.count({ where: { id, statutLe: { lte: limite } } });
      if (!encore) return null;
      return appliquer(tx, p, verifierTransition("MISE_A_DISPOSITION_MOE", "ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE", "SYSTEME"), { now });
    });
    if (mails) {
      traitees.push(id);
      await kickMailDelivery(mails);
    }
  }
  return { pieces: traitees };
}

/**
 * The legal payment deadline of a public buyer (code de la commande publique, art. R2192-10 to R2192-12), in days
 * from the receipt of the payment request by its paying service — the état d'acompte validé (A19, A16, A6) or the
 * décompte général signé (A8, A23) put at its disposal. Read from the INSEE legal category of the MOA's structure:
 *
 * | Acheteur | Catégorie juridique INSEE | Délai |
 * |---|---|---|
 * | État, collectivités territoriales et leurs établissements publics (par défaut) | 7xxx | 30 jours |
 * | Établissements publics de santé, syndicats inter-hospitaliers | 7364, 7365 | 50 jours |
 * | Entreprises publiques, établissements publics industriels et commerciaux | 4xxx | 60 jours |
 *
 * A buyer without a known category (status granted by an administrator) gets the default, 30 days.
 */
export const DELAIS_PAIEMENT: readonly { acheteur: string; categories: (c: string) => boolean; jours: number }[] = [
  { acheteur: "Établissement public de santé", categories: (c) => c === "7364" || c === "7365", jours: 50 },
  { acheteur: "Entreprise publique", categories: (c) => c.startsWith("4"), jours: 60 },
];
export const DELAI_PAIEMENT_DEFAUT_JOURS = 30;

export function delaiPaiementJours(categorieJuridique: string | null | undefined): number {
  const c = categorieJuridique ?? "";
  return DELAIS_PAIEMENT.find((d) => d.categories(c))?.jours ?? DELAI_PAIEMENT_DEFAUT_JOURS;
}

/** The date by which the paying service must pay a piece it received on `recueLe`. */
export function echeancePaiement(recueLe: Date, categorieJuridique: string | null | undefined): Date {
  return new Date(recueLe.getTime() + delaiPaiementJours(categorieJuridique) * JOUR_MS);
}
