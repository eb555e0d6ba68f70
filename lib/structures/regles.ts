import type { IdentifierType, StructureRole } from "@/lib/generated/prisma/enums";

/**
 * Who may do what on a structure: one table, read by every domain function and tested cell by cell
 * (tests/integration/structures-droits.test.ts). Only a VALIDEE attachment gives any right; a user of
 * another structure has none.
 */
export const DROITS = {
  consulterStructure: ["GESTIONNAIRE_PRINCIPAL", "GESTIONNAIRE_SECONDAIRE", "UTILISATEUR_SIMPLE"],
  gererUtilisateurs: ["GESTIONNAIRE_PRINCIPAL", "GESTIONNAIRE_SECONDAIRE"],
  gererServices: ["GESTIONNAIRE_PRINCIPAL", "GESTIONNAIRE_SECONDAIRE"],
  gererComptesBancaires: ["GESTIONNAIRE_PRINCIPAL", "GESTIONNAIRE_SECONDAIRE"],
  gererServiceFinancier: ["GESTIONNAIRE_PRINCIPAL", "GESTIONNAIRE_SECONDAIRE"],
  modifierParametres: ["GESTIONNAIRE_PRINCIPAL"],
  /** Libellé, contact details, address where the identifier allows it; « Actualiser depuis l'annuaire INSEE ». */
  modifierCoordonnees: ["GESTIONNAIRE_PRINCIPAL"],
  consulterJournal: ["GESTIONNAIRE_PRINCIPAL", "GESTIONNAIRE_SECONDAIRE"],
} as const satisfies Record<string, readonly StructureRole[]>;

export type ActionStructure = keyof typeof DROITS;

export const ROLES_GESTIONNAIRES: readonly StructureRole[] = DROITS.gererUtilisateurs;

export function peut(role: StructureRole, action: ActionStructure): boolean {
  return (DROITS[action] as readonly StructureRole[]).includes(role);
}

/**
 * What a gestionnaire may do to another member: a gestionnaire secondaire neither touches a gestionnaire
 * principal nor makes one; a gestionnaire principal may do both.
 */
export function peutAgirSur(acteurRole: StructureRole, cibleRole: StructureRole, nouveauRole?: StructureRole): boolean {
  if (acteurRole === "GESTIONNAIRE_PRINCIPAL") return true;
  if (acteurRole !== "GESTIONNAIRE_SECONDAIRE") return false;
  return cibleRole !== "GESTIONNAIRE_PRINCIPAL" && nouveauRole !== "GESTIONNAIRE_PRINCIPAL";
}

/** What a gestionnaire principal may type about his structure: everything but its name and identifier. */
export const CHAMPS_COORDONNEES = ["libelle", "email", "phone", "adresse", "complement1", "complement2", "codePostal", "ville", "pays"] as const;
export type ChampCoordonnees = (typeof CHAMPS_COORDONNEES)[number];
const ADRESSE: readonly ChampCoordonnees[] = ["adresse", "complement1", "complement2", "codePostal", "ville", "pays"];

/**
 * The fields of « Identification et coordonnées » the structure's identifier lets its gestionnaire principal change:
 * a SIRET structure's address (and name) are the INSEE directory's, refreshed by « Actualiser depuis l'annuaire INSEE »,
 * never typed; any other identifier's address is its own declaration.
 */
export function champsModifiables(identifierType: IdentifierType): readonly ChampCoordonnees[] {
  return identifierType === "SIRET" ? CHAMPS_COORDONNEES.filter((c) => !ADRESSE.includes(c)) : CHAMPS_COORDONNEES;
}
