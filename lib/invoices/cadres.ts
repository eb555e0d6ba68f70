import type { CadreFacturation, StatutPieceTravaux } from "@/lib/generated/prisma/enums";

/**
 * The billing frames of the « Factures de travaux » application (the guide's list), with Chorus Pro's codes.
 * The code carries the depositor's role; each frame says which parties the piece names and to whom it goes
 * once sent. Client-safe: the wizard shows the same table.
 */
export type RoleDeposant = "FOURNISSEUR" | "MOE" | "SOUS_TRAITANT" | "COTRAITANT" | "MOA";

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
  /**
   * Only ever the next piece of a dossier (« Déposer la pièce suivante » on a pending piece), never picked bare in
   * « Déposer »: the MOA's A19 and A20, the MOE's A16 and A18 (validation delegated by the MOA), the procédure
   * tacite's A22 and A23.
   */
  seulementSuite?: true;
  /** Where the piece goes when it follows a piece of this frame, instead of `destinataire` (A8 after a DG: the paying service). */
  destinataireApres?: Partial<Record<CadreFacturation, Destinataire>>;
};

const MOE: Destinataire = { partie: "MOE", statut: "MISE_A_DISPOSITION_MOE" };
const MOA: Destinataire = { partie: "MOA", statut: "MISE_A_DISPOSITION_MOA" };
/** The MOA structure's paying service (« service financier », users with that habilitation): « Factures reçues ». */
const PAYEUR: Destinataire = { partie: "MOA", statut: "MISE_A_DISPOSITION" };
/** The titulaire signs the décompte général (A18, A20): its A8 follows. */
const SIGNATURE_TITULAIRE: Destinataire = { partie: "TITULAIRE", statut: "A_VALIDER_1" };

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
    // Signed décompte général: the titulaire's A8 following the DG of the MOA (A20) or of the MOE (A18) goes to the paying service.
    destinataireApres: { A20_DECOMPTE_GENERAL_MOA: PAYEUR, A18_DECOMPTE_GENERAL_MOE: PAYEUR },
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
    seulementSuite: true,
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
    seulementSuite: true,
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
    code: "A16_ETAT_ACOMPTE_VALIDE_MOE",
    court: "A16",
    libelle: "État d'acompte validé (MOE)",
    explication:
      "État d'acompte validé par la maîtrise d'œuvre, quand la maîtrise d'ouvrage lui a délégué la validation : il est transmis au service financier",
    role: "MOE",
    moe: "deposant",
    titulaire: "requis",
    cotraitant: "facultatif",
    destinataire: PAYEUR,
    seulementSuite: true,
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
    code: "A18_DECOMPTE_GENERAL_MOE",
    court: "A18",
    libelle: "Décompte général (MOE)",
    explication:
      "Décompte général établi par la maîtrise d'œuvre, quand la maîtrise d'ouvrage lui a délégué la validation : il est mis à la disposition du titulaire pour signature",
    role: "MOE",
    moe: "deposant",
    titulaire: "requis",
    cotraitant: "facultatif",
    destinataire: SIGNATURE_TITULAIRE,
    seulementSuite: true,
  },
  {
    code: "A19_ETAT_ACOMPTE_VALIDE_MOA",
    court: "A19",
    libelle: "État d'acompte validé",
    explication: "État d'acompte validé par la maîtrise d'ouvrage à partir de l'état d'acompte de la MOE (A15) : il est transmis au service financier",
    role: "MOA",
    moe: "facultative",
    titulaire: "requis",
    cotraitant: "facultatif",
    destinataire: PAYEUR,
    seulementSuite: true,
  },
  {
    code: "A20_DECOMPTE_GENERAL_MOA",
    court: "A20",
    libelle: "Décompte général",
    explication:
      "Décompte général établi par la maîtrise d'ouvrage à partir du projet de décompte général de la MOE (A17) : il est mis à la disposition du titulaire pour signature",
    role: "MOA",
    moe: "facultative",
    titulaire: "requis",
    cotraitant: "facultatif",
    destinataire: SIGNATURE_TITULAIRE,
    seulementSuite: true,
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

/** Where a piece of this frame goes once sent, given the frame of the piece it follows (if any). */
export function destinataireDe(code: CadreFacturation, cadrePrecedent?: CadreFacturation | null): Destinataire {
  const c = cadre(code);
  return (cadrePrecedent && c.destinataireApres?.[cadrePrecedent]) || c.destinataire;
}

/**
 * A next piece whose frame is what it is to the piece it follows — the frames only reached that way (A16, A18, A19, A20,
 * A22, A23) and the A8 that signs a décompte général: « Cadre » (step 1) shows its frame and does not change it.
 */
export function cadreFige(code: CadreFacturation, cadrePrecedent?: CadreFacturation | null): boolean {
  const c = cadre(code);
  return !!c.seulementSuite || !!(cadrePrecedent && c.destinataireApres?.[cadrePrecedent]);
}

/** « A4 – Projet de décompte mensuel ». */
export const libelleCadre = (code: CadreFacturation) => `${cadre(code).court} – ${cadre(code).libelle}`;

/** The guide's headings of its frame list, in its order. */
export const ROLES_DEPOSANT: Record<RoleDeposant, { titre: string; note?: string }> = {
  FOURNISSEUR: { titre: "Pour les fournisseurs (entreprise titulaire et prestataire intellectuel hors maître d'œuvre)" },
  MOE: { titre: "Pour le maître d'œuvre" },
  SOUS_TRAITANT: { titre: "Pour les sous-traitants", note: "Le mandataire dépose l'ensemble des factures sur le portail." },
  COTRAITANT: { titre: "Pour les cotraitants", note: "Le mandataire dépose l'ensemble des factures sur le portail." },
  MOA: { titre: "Pour la maîtrise d'ouvrage", note: "Ses pièces se déposent depuis une pièce qu'elle a prise en compte, par « Déposer la pièce suivante »." },
};

/** What a structure is, as far as depositing works pieces goes. */
export type ProfilStructure = { isPublicBuyer: boolean; worksSpaceOpen: boolean };

/**
 * The roles a structure may deposit as. A public buyer deposits as MOA, but only next pieces (A19, A20): nothing bare in « Déposer »; its pieces
 * follow from the dossier. A private structure that opened its « Factures de travaux » space receives
 * suppliers' pieces: it is a maîtrise d'œuvre, and deposits the MOE's frames. Any other company deposits as
 * titulaire, sous-traitant or cotraitant — the same company can be each on different contracts, and the
 * frame it picks says which.
 */
export function rolesAutorises(s: ProfilStructure): RoleDeposant[] {
  if (s.isPublicBuyer) return ["MOA"];
  if (s.worksSpaceOpen) return ["MOE"];
  return ["FOURNISSEUR", "SOUS_TRAITANT", "COTRAITANT"];
}

/** The frames a structure may pick bare in « Déposer » (never the ones that only follow a pending piece). */
export function cadresAutorises(s: ProfilStructure): DefinitionCadre[] {
  const roles = rolesAutorises(s);
  return CADRES.filter((c) => roles.includes(c.role) && !c.seulementSuite);
}
