import type { SourceAcheteurPublic, StatutDemandeAcheteurPublic } from "@/lib/generated/prisma/enums";

/**
 * Who is a public buyer (« acheteur public »: may be named maître d'ouvrage, recipient of works invoices).
 *
 * Never the structure itself. A structure is a public buyer:
 * - when its INSEE legal category says so (`categorieJuridiqueUniteLegale` of its legal unit, read from the INSEE
 *   directory when the structure is created: lib/insee). The public-law families of the INSEE nomenclature
 *   « Catégories juridiques » (niveau I, https://www.insee.fr/fr/information/2028129) are:
 *     - 4 — « Personne morale de droit public soumise au droit commercial » (EPIC: 4110 établissement public
 *       national à caractère industriel ou commercial doté d'un comptable public, 4140 EPIC local, 4160 institution
 *       Banque de France…);
 *     - 7 — « Personne morale et organisme soumis au droit administratif » (71 administration de l'État, 72
 *       collectivités territoriales, 73 établissements publics administratifs, 74 autres personnes morales de droit
 *       public administratif…);
 *   every 4-digit code of those two families makes a public buyer, no other does (5xxx sociétés commerciales,
 *   1000 entrepreneur individuel, 9xxx associations… are not);
 * - or when a portal administrator grants it (private contracting authorities: social housing companies, semi-public
 *   companies…), after a request of its gestionnaire principal, with a reason; an administrator may withdraw it.
 */
export const FAMILLES_ACHETEUR_PUBLIC = {
  "4": "Personne morale de droit public soumise au droit commercial",
  "7": "Personne morale et organisme soumis au droit administratif",
} as const;

export const SOURCE_NOMENCLATURE = "INSEE, nomenclature « Catégories juridiques », niveau I (https://www.insee.fr/fr/information/2028129)";

/** True for a legal category (4 digits) of the families 4 and 7. */
export function estCategoriePublique(categorie: string | null | undefined): boolean {
  return !!categorie && /^[47]\d{3}$/.test(categorie.trim());
}

/** The public-buyer fields a new structure gets from its legal category. */
export function acheteurPublicDeCategorie(categorie: string | null | undefined): {
  categorieJuridique: string | null;
  isPublicBuyer: boolean;
  acheteurPublicSource: SourceAcheteurPublic | null;
} {
  const c = categorie?.trim() || null;
  const publique = estCategoriePublique(c);
  return { categorieJuridique: c && /^\d{4}$/.test(c) ? c : null, isPublicBuyer: publique, acheteurPublicSource: publique ? "CATEGORIE_JURIDIQUE" : null };
}

/** A request's state, in words. */
export const LIBELLES_STATUT_DEMANDE: Record<StatutDemandeAcheteurPublic, string> = { EN_ATTENTE: "En attente", ACCORDEE: "Accordée", REFUSEE: "Refusée" };
