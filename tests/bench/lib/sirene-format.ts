/**
 * The official layout of INSEE's Sirene stock files (2025 edition, with the NAF 2025 columns),
 * and CSV / Luhn helpers to write files in that layout (benchmarks, tests).
 */

/** Header of StockUniteLegale_utf8.csv, in INSEE's column order. */
export const UNITE_LEGALE_HEADER = [
  "siren",
  "statutDiffusionUniteLegale",
  "unitePurgeeUniteLegale",
  "dateCreationUniteLegale",
  "sigleUniteLegale",
  "sexeUniteLegale",
  "prenom1UniteLegale",
  "prenom2UniteLegale",
  "prenom3UniteLegale",
  "prenom4UniteLegale",
  "prenomUsuelUniteLegale",
  "pseudonymeUniteLegale",
  "identifiantAssociationUniteLegale",
  "trancheEffectifsUniteLegale",
  "anneeEffectifsUniteLegale",
  "dateDernierTraitementUniteLegale",
  "nombrePeriodesUniteLegale",
  "categorieEntreprise",
  "anneeCategorieEntreprise",
  "dateDebut",
  "etatAdministratifUniteLegale",
  "nomUniteLegale",
  "nomUsageUniteLegale",
  "denominationUniteLegale",
  "denominationUsuelle1UniteLegale",
  "denominationUsuelle2UniteLegale",
  "denominationUsuelle3UniteLegale",
  "categorieJuridiqueUniteLegale",
  "activitePrincipaleUniteLegale",
  "nomenclatureActivitePrincipaleUniteLegale",
  "nicSiegeUniteLegale",
  "economieSocialeSolidaireUniteLegale",
  "societeMissionUniteLegale",
  "caractereEmployeurUniteLegale",
  "activitePrincipaleNAF25UniteLegale",
] as const;

/** Header of StockEtablissement_utf8.csv, in INSEE's column order. */
export const ETABLISSEMENT_HEADER = [
  "siren",
  "nic",
  "siret",
  "statutDiffusionEtablissement",
  "dateCreationEtablissement",
  "trancheEffectifsEtablissement",
  "anneeEffectifsEtablissement",
  "activitePrincipaleRegistreMetiersEtablissement",
  "dateDernierTraitementEtablissement",
  "etablissementSiege",
  "nombrePeriodesEtablissement",
  "complementAdresseEtablissement",
  "numeroVoieEtablissement",
  "indiceRepetitionEtablissement",
  "dernierNumeroVoieEtablissement",
  "indiceRepetitionDernierNumeroVoieEtablissement",
  "typeVoieEtablissement",
  "libelleVoieEtablissement",
  "codePostalEtablissement",
  "libelleCommuneEtablissement",
  "libelleCommuneEtrangerEtablissement",
  "distributionSpecialeEtablissement",
  "codeCommuneEtablissement",
  "codeCedexEtablissement",
  "libelleCedexEtablissement",
  "codePaysEtrangerEtablissement",
  "libellePaysEtrangerEtablissement",
  "identifiantAdresseEtablissement",
  "coordonneeLambertAbscisseEtablissement",
  "coordonneeLambertOrdonneeEtablissement",
  "complementAdresse2Etablissement",
  "numeroVoie2Etablissement",
  "indiceRepetition2Etablissement",
  "typeVoie2Etablissement",
  "libelleVoie2Etablissement",
  "codePostal2Etablissement",
  "libelleCommune2Etablissement",
  "libelleCommuneEtranger2Etablissement",
  "distributionSpeciale2Etablissement",
  "codeCommune2Etablissement",
  "codeCedex2Etablissement",
  "libelleCedex2Etablissement",
  "codePaysEtranger2Etablissement",
  "libellePaysEtranger2Etablissement",
  "dateDebut",
  "etatAdministratifEtablissement",
  "enseigne1Etablissement",
  "enseigne2Etablissement",
  "enseigne3Etablissement",
  "denominationUsuelleEtablissement",
  "activitePrincipaleEtablissement",
  "nomenclatureActivitePrincipaleEtablissement",
  "caractereEmployeurEtablissement",
  "activitePrincipaleNAF25Etablissement",
] as const;

export type UniteLegaleRecord = Partial<Record<(typeof UNITE_LEGALE_HEADER)[number], string>>;
export type EtablissementRecord = Partial<Record<(typeof ETABLISSEMENT_HEADER)[number], string>>;

/** One CSV field as INSEE writes it: bare, or in double quotes when it holds a comma, a quote or a line break. */
export function csvField(value: string | undefined | null): string {
  if (value == null || value === "") return "";
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV line (without its line break) for the given header. */
export function csvLine(header: readonly string[], record: Record<string, string | undefined>): string {
  return header.map((name) => csvField(record[name])).join(",");
}

export { isLuhnValid, withLuhnKey } from "../../../lib/identifiers/siret";
