import type { CadreFacturation, StatutPieceTravaux } from "@/lib/generated/prisma/enums";

/**
 * The billing frames of the « Factures de travaux » application (the guide's list), with Chorus Pro's codes.
 * The code carries the depositor's role; each frame says which parties the piece names and to whom it goes
 * once sent. Client-safe: the wizard shows the same table.
 */
export type RoleDeposant = "FOURNISSEUR" | "MOE" | "SOUS_TRAITANT" | "COTRAITANT";

/** `deposant`: the depositing structure itself is the MOE (its own état d'acompte). */
export type PresenceMoe = "requise" | "facultative" | "deposant" | "aucune";

/** Who processes the piece once sent, and the status that puts it at their disposal. */
export type Destinataire = { partie: "MOE" | "MOA" | "TITULAIRE"; statut: StatutPieceTravaux };

export type DefinitionCadre = {
  code: CadreFacturation;
  /** « A4 », as the guide and the users name it. */
  court: string;
  libelle: string;
  /** The guide's one-line explanation. */
  explication: string;
  role: RoleDeposant;
  moe: PresenceMoe;
  /** A10: the titulaire receives the subcontractor's request; A15/A17: the supplier the MOE's statement is about. */
  titulaire: "requis" | "aucun";
  /**
   * A13, A14: the mandataire deposits for a cotraitant, a structure of the portal, named on the piece (it sees it).
   * A15, A17: the MOE's statement that follows a cotraitant's draft names that cotraitant too (carried over by
   * « Déposer la pièce suivante »), and none otherwise.
   */
  cotraitant?: "requis" | "facultatif";
  destinataire: Destinataire;
};

const MOE: Destinataire = { partie: "MOE", statut: "MISE_A_DISPOSITION_MOE" };
const MOA: Destinataire = { partie: "MOA", statut: "MISE_A_DISPOSITION_MOA" };
const PAYEUR: Destinataire = { partie: "MOA", statut: "MISE_A_DISPOSITION" };

export const CADRES: readonly DefinitionCadre[] = [
  {
    code: "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR",
    court: "A4",
    libelle: "Projet de décompte mensuel",
    explication: "Projet de décompte mensuel s'il y a un MOE et qu'on est en cours de marché",
    role: "FOURNISSEUR",
    moe: "requise",
    titulaire: "aucun",
    destinataire: MOE,
  },
  {
    code: "A5_ETAT_ACOMPTE_FOURNISSEUR",
    court: "A5",
    libelle: "État d'acompte",
    explication: "Etat d'acompte s'il n'y a pas de MOE et qu'on est en cours de marché",
    role: "FOURNISSEUR",
    moe: "aucune",
    titulaire: "aucun",
    destinataire: MOA,
  },
  {
    code: "A6_ETAT_ACOMPTE_VALIDE_FOURNISSEUR",
    court: "A6",
    libelle: "Pièce de facturation transmise au service financier",
    explication: "Pièce de facturation transmise au service financier",
    role: "FOURNISSEUR",
    moe: "aucune",
    titulaire: "aucun",
    destinataire: PAYEUR,
  },
  {
    code: "A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR",
    court: "A7",
    libelle: "Projet de décompte final",
    explication: "Projet de décompte final s'il y a un MOE et qu'on est en fin de marché",
    role: "FOURNISSEUR",
    moe: "requise",
    titulaire: "aucun",
    destinataire: MOE,
  },
  {
    code: "A8_DECOMPTE_GENERAL_DEFINITIF_FOURNISSEUR",
    court: "A8",
    libelle: "Projet de décompte général définitif",
    explication: "Projet de décompte général définitif s'il n'y a pas de MOE et qu'on est en fin de marché",
    role: "FOURNISSEUR",
    moe: "aucune",
    titulaire: "aucun",
    destinataire: MOA,
  },
  {
    code: "A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE",
    court: "A22",
    libelle: "Projet de décompte général (procédure tacite)",
    explication: "Projet de décompte général (cadre procédure tacite)",
    role: "FOURNISSEUR",
    moe: "facultative",
    titulaire: "aucun",
    destinataire: MOA,
  },
  {
    code: "A23_DECOMPTE_GENERAL_DEFINITIF_TACITE_FOURNISSEUR",
    court: "A23",
    libelle: "Projet de décompte général et définitif tacite",
    explication: "Projet de décompte général et définitif tacite",
    role: "FOURNISSEUR",
    moe: "aucune",
    titulaire: "aucun",
    destinataire: PAYEUR,
  },
  {
    code: "A15_ETAT_ACOMPTE_MOE",
    court: "A15",
    libelle: "Projet de décompte mensuel (état d'acompte de la MOE)",
    explication: "Projet de décompte mensuel quand on est en cours de marché",
    role: "MOE",
    moe: "deposant",
    titulaire: "requis",
    cotraitant: "facultatif",
    destinataire: MOA,
  },
  {
    code: "A17_PROJET_DECOMPTE_GENERAL_MOE",
    court: "A17",
    libelle: "Projet de décompte général",
    explication: "Projet de décompte général quand on est en fin de marché",
    role: "MOE",
    moe: "deposant",
    titulaire: "requis",
    cotraitant: "facultatif",
    destinataire: MOA,
  },
  {
    code: "A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT",
    court: "A10",
    libelle: "Demande de paiement (marchés de travaux)",
    explication:
      "Demande de paiement dans le cadre des marchés de travaux. La facture sera transmise au fournisseur titulaire. Attention, une attestation de paiement direct doit être jointe à la facture par celui-ci.",
    role: "SOUS_TRAITANT",
    moe: "requise",
    titulaire: "requis",
    destinataire: { partie: "TITULAIRE", statut: "A_VALIDER_1" },
  },
  {
    code: "A13_PROJET_DECOMPTE_MENSUEL_COTRAITANT",
    court: "A13",
    libelle: "Projet de décompte mensuel (cotraitant)",
    explication: "Projet de décompte mensuel quand on est en cours de marché",
    role: "COTRAITANT",
    moe: "requise",
    titulaire: "aucun",
    cotraitant: "requis",
    destinataire: MOE,
  },
  {
    code: "A14_PROJET_DECOMPTE_FINAL_COTRAITANT",
    court: "A14",
    libelle: "Projet de décompte final (cotraitant)",
    explication: "Projet de décompte final quand on est en fin de marché",
    role: "COTRAITANT",
    moe: "requise",
    titulaire: "aucun",
    cotraitant: "requis",
    destinataire: MOE,
  },
];

const PAR_CODE = new Map(CADRES.map((c) => [c.code, c]));

export function cadre(code: CadreFacturation): DefinitionCadre {
  const c = PAR_CODE.get(code);
  if (!c) throw new Error(`Cadre de facturation inconnu : ${code}`);
  return c;
}

export const estCadre = (value: unknown): value is CadreFacturation => typeof value === "string" && PAR_CODE.has(value as CadreFacturation);

/** « A4 – Projet de décompte mensuel ». */
export const libelleCadre = (code: CadreFacturation) => `${cadre(code).court} – ${cadre(code).libelle}`;

/** The guide's headings of its frame list, in its order. */
export const ROLES_DEPOSANT: Record<RoleDeposant, { titre: string; note?: string }> = {
  FOURNISSEUR: { titre: "Pour les fournisseurs (entreprise titulaire et prestataire intellectuel hors maître d'œuvre)" },
  MOE: { titre: "Pour le maître d'œuvre" },
  SOUS_TRAITANT: { titre: "Pour les sous-traitants", note: "Le mandataire dépose l'ensemble des factures sur le portail." },
  COTRAITANT: { titre: "Pour les cotraitants", note: "Le mandataire dépose l'ensemble des factures sur le portail." },
};

/** What a structure is, as far as depositing works pieces goes. */
export type ProfilStructure = { isPublicBuyer: boolean; worksSpaceOpen: boolean };

/**
 * The roles a structure may deposit as. A public buyer (MOA) deposits nothing from « Déposer »: its pieces
 * follow from the dossier. A private structure that opened its « Factures de travaux » space receives
 * suppliers' pieces: it is a maîtrise d'œuvre, and deposits the MOE's frames. Any other company deposits as
 * titulaire, sous-traitant or cotraitant — the same company can be each on different contracts, and the
 * frame it picks says which.
 */
export function rolesAutorises(s: ProfilStructure): RoleDeposant[] {
  if (s.isPublicBuyer) return [];
  if (s.worksSpaceOpen) return ["MOE"];
  return ["FOURNISSEUR", "SOUS_TRAITANT", "COTRAITANT"];
}

export function cadresAutorises(s: ProfilStructure): DefinitionCadre[] {
  const roles = rolesAutorises(s);
  return CADRES.filter((c) => roles.includes(c.role));
}
