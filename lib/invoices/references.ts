import type { CadreFacturation } from "@/lib/generated/prisma/enums";
import { cadre as definitionCadre, type RoleDeposant } from "./cadres";

/**
 * Contract references (numéro de marché, engagement juridique, bon de commande), the MOA's parameters that make some
 * of them mandatory (Chorus Pro's « code service obligatoire », « EJ obligatoire »), and the bank account a piece is
 * paid on. Client-safe: the wizard shows the same rules the server enforces.
 */

/**
 * The depositors who are paid: a supplier-side piece (titulaire, sous-traitant, mandataire for a cotraitant) names the
 * depositing structure's bank account, chosen at step « Parties ». The MOE's and the MOA's pieces keep the account
 * carried over from the piece they follow (the A15 keeps the titulaire's: the payment goes to the titulaire).
 */
export const ROLES_PAYES: readonly RoleDeposant[] = ["FOURNISSEUR", "SOUS_TRAITANT", "COTRAITANT"];

export function compteChoisiParDeposant(code: CadreFacturation): boolean {
  return ROLES_PAYES.includes(definitionCadre(code).role);
}

export const MESSAGE_COMPTE_OBLIGATOIRE =
  "Choisissez les coordonnées bancaires sur lesquelles la pièce sera payée (étape 2 « Maîtrise d'œuvre et maîtrise d'ouvrage »).";

/** What the MOA requires of the pieces addressed to it. */
export type ExigencesMoa = { raisonSociale: string; codeServiceObligatoire: boolean; engagementObligatoire: boolean };

/**
 * The references the MOA's parameters make mandatory and the piece lacks, field by field, with a message that names
 * the MOA and the step. A piece the MOA deposits itself (A19, A20) is not « addressed to » it: nothing is required.
 */
export function referencesManquantes(
  moa: (ExigencesMoa & { id: string }) | null | undefined,
  p: { structureDeposanteId: string; serviceMoaId: string | null | undefined; numeroEngagement: string | null | undefined },
): Record<string, string> {
  const m: Record<string, string> = {};
  if (!moa || moa.id === p.structureDeposanteId) return m;
  if (moa.codeServiceObligatoire && !p.serviceMoaId)
    m.serviceMoaId = `La maîtrise d'ouvrage ${moa.raisonSociale} exige le code de son service destinataire : sélectionnez-le à l'étape 2 « Maîtrise d'œuvre et maîtrise d'ouvrage ».`;
  if (moa.engagementObligatoire && !p.numeroEngagement?.trim())
    m.numeroEngagement = `La maîtrise d'ouvrage ${moa.raisonSociale} exige un numéro d'engagement juridique : renseignez-le à l'étape 2 « Maîtrise d'œuvre et maîtrise d'ouvrage ».`;
  return m;
}

/** « Coordonnées bancaires de paiement » as the piece's screens print them (the IBAN given already masked). */
export function libelleCompte(c: { titulaire: string; iban: string; bic: string } | null | undefined): string | null {
  return c ? `${c.titulaire} — IBAN ${c.iban} — BIC ${c.bic}` : null;
}
