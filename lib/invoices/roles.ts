import type { CadreFacturation } from "@/lib/generated/prisma/enums";
import { cadre as definitionCadre } from "./cadres";

/**
 * « Votre rôle » in the lists (« Synthèse », « Recherche », the dossier) and on the piece: the roles `rolesSur`
 * (acces.ts) gives the actor's structure on a piece, in the users' words. The depositor is named by its frame: the
 * mandataire of a grouping (A13, A14, deposited for a cotraitant), a subcontractor (A10), else the « Déposant ».
 * Client-safe (no data access).
 */
export function libellesRoles(piece: { cadre: CadreFacturation }, roles: readonly string[]): string[] {
  const role = definitionCadre(piece.cadre).role;
  const libelles: Record<string, string> = {
    DEPOSANT: role === "COTRAITANT" ? "Mandataire" : role === "SOUS_TRAITANT" ? "Sous-traitant" : "Déposant",
    MOE: "MOE",
    MOA: "MOA",
    TITULAIRE: "Titulaire",
    PAYEUR: "Service financier",
    COTRAITANT: "Cotraitant",
  };
  return roles.map((r) => libelles[r] ?? r);
}
