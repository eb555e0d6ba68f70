import type { StatutPieceTravaux } from "@/lib/generated/prisma/enums";

/** Chorus Pro's works statuses, as the screens name them. */
export const STATUTS: Record<StatutPieceTravaux, { libelle: string; severite: "info" | "success" | "warning" | "error" | "new" }> = {
  BROUILLON: { libelle: "Brouillon", severite: "new" },
  DEPOSEE: { libelle: "Déposée", severite: "info" },
  A_VALIDER_1: { libelle: "À valider par le titulaire", severite: "info" },
  REFUSEE_1: { libelle: "Refusée par le titulaire", severite: "error" },
  MISE_A_DISPOSITION_MOE: { libelle: "Mise à disposition de la MOE", severite: "info" },
  PRISE_EN_COMPTE_MOE: { libelle: "Prise en compte par la MOE", severite: "success" },
  REFUSEE_MOE: { libelle: "Refusée par la MOE", severite: "error" },
  SUSPENDUE: { libelle: "Suspendue", severite: "warning" },
  TRANSMISE_MOA: { libelle: "Transmise à la MOA", severite: "success" },
  MISE_A_DISPOSITION_MOA: { libelle: "Mise à disposition de la MOA", severite: "info" },
  PRISE_EN_COMPTE_MOA: { libelle: "Prise en compte par la MOA", severite: "success" },
  REFUSEE_MOA: { libelle: "Refusée par la MOA", severite: "error" },
  ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE: { libelle: "Absence de validation de la MOE dans le délai réglementaire", severite: "warning" },
  REMPLACEE_PAR_A22: { libelle: "Remplacée par un projet de décompte général (A22)", severite: "info" },
  MISE_A_DISPOSITION: { libelle: "Mise à disposition du service financier", severite: "info" },
  VALIDEE_1: { libelle: "Signé par le titulaire", severite: "success" },
  ASSOCIEE: { libelle: "Suivie de la pièce de la maîtrise d'ouvrage", severite: "success" },
  A_RECYCLER: { libelle: "À recycler", severite: "warning" },
  ABANDONNEE: { libelle: "Abandonnée", severite: "info" },
  MANDATEE: { libelle: "Mandatée", severite: "success" },
  MISE_EN_PAIEMENT: { libelle: "Mise en paiement", severite: "success" },
  REJETEE: { libelle: "Rejetée par le service financier", severite: "error" },
  DUPLIQUE_APRES_REFUS: { libelle: "Redéposée sous le même numéro après refus", severite: "info" },
};

export const LISTE_STATUTS = Object.keys(STATUTS) as StatutPieceTravaux[];

/**
 * Who makes a transition: the depositing structure, a party of the piece, the paying service of the MOA's
 * structure (a user of it with the « Service financier » habilitation), or the portal itself.
 */
export type ActeurTransition = "DEPOSANT" | "TITULAIRE" | "MOE" | "MOA" | "PAYEUR" | "SYSTEME";

/**
 * The reason a transition requires: a refusal (a code of Chorus Pro's list, plus free text), a suspension, the
 * titulaire's refusal, the paying service's rejection, or a recycling request (free text each).
 */
export type MotifRequis = "REFUS" | "SUSPENSION" | "REFUS_TITULAIRE" | "REJET" | "RECYCLAGE";

export type Transition = {
  de: StatutPieceTravaux | null;
  vers: StatutPieceTravaux;
  par: ActeurTransition;
  action: string;
  libelle: string;
  motif?: MotifRequis;
  /** A completed piece goes back to whoever suspended it. */
  suspenduePar?: "MOE" | "MOA" | "PAYEUR";
};

/** The statuses in which the MOE processes a piece (it may still do so after its 7 days). */
export const MOE_A_TRAITER = [
  "MISE_A_DISPOSITION_MOE",
  "PRISE_EN_COMPTE_MOE",
  "ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE",
] as const satisfies readonly StatutPieceTravaux[];
export const MOA_A_TRAITER = ["MISE_A_DISPOSITION_MOA", "PRISE_EN_COMPTE_MOA"] as const satisfies readonly StatutPieceTravaux[];
/** The refused pieces (by the MOE, the MOA, the titulaire, the paying service): final, unless the refusal freed their number. */
export const REFUSEES = ["REFUSEE_MOE", "REFUSEE_MOA", "REFUSEE_1", "REJETEE"] as const satisfies readonly StatutPieceTravaux[];

/** What the users do on a sent piece: the buttons of the piece's page. */
export const ACTIONS_TRAITEMENT = [
  "PRISE_EN_COMPTE",
  "REFUS",
  "SUSPENSION",
  "COMPLETION",
  "VALIDATION",
  "MISE_EN_RECYCLAGE",
  "MANDATEMENT",
  "MISE_EN_PAIEMENT",
  "REJET",
] as const;
export type ActionTraitement = (typeof ACTIONS_TRAITEMENT)[number];

export const LIBELLES_ACTIONS: Record<string, string> = {
  CREATION: "Création du brouillon",
  DEPOT: "Dépôt",
  MISE_A_DISPOSITION: "Mise à disposition",
  PRISE_EN_COMPTE: "Prise en compte",
  REFUS: "Refus",
  SUSPENSION: "Suspension",
  COMPLETION: "Pièce complétée et renvoyée",
  VALIDATION: "Validation par le titulaire",
  REMPLACEMENT: "Remplacée par le projet de décompte général du titulaire (procédure tacite)",
  DELAI_DEPASSE: "Délai de 7 jours dépassé",
  TRANSMISSION: "Transmise par la pièce suivante",
  DELAI_TACITE_ECHU: "Délai de 10 jours de la maîtrise d'ouvrage écoulé : le décompte général et définitif tacite (A23) peut être déposé",
  MISE_EN_RECYCLAGE: "Mise à recycler (erreur dans les données d'acheminement)",
  RECYCLAGE: "Données d'acheminement corrigées, renvoyée sous le même numéro",
  DEMANDE_RECYCLAGE: "Recyclage de la pièce précédente demandé par la maîtrise d'œuvre",
  ASSOCIATION: "Pièce suivante déposée par la maîtrise d'ouvrage",
  SIGNATURE: "Décompte général signé par le titulaire",
  MANDATEMENT: "Mandatée par le service financier",
  MISE_EN_PAIEMENT: "Mise en paiement",
  REJET: "Rejet par le service financier",
  DUPLICATION: "Numéro repris par une nouvelle pièce après refus",
  RELANCE_TITULAIRE: "Relance du titulaire : demande de paiement à valider",
  DELAI_TITULAIRE_DEPASSE: "Délai de 15 jours du titulaire écoulé sans validation ni refus de la demande de paiement",
};

/**
 * What the history also records without a change of status: the portal's notice to the titulaire that the MOA's
 * 10 days after its A22 have run out (once per piece: the row itself says it was given).
 */
export const EVENEMENT_DELAI_TACITE = "DELAI_TACITE_ECHU";

/** Chorus Pro's refusal reasons. A difference in amount is none of them. */
export const MOTIFS_REFUS = {
  MAUVAISE_MOE: "Mauvaise maîtrise d'œuvre",
  MAUVAISE_MOA: "Mauvaise maîtrise d'ouvrage",
  MAUVAIS_VALIDEUR: "Mauvais valideur",
  AUTRE: "Autre erreur dans les données d'acheminement",
} as const;
export type MotifRefus = keyof typeof MOTIFS_REFUS;

/**
 * Every allowed change of status, and who may make it: the one table the domain checks (`verifierTransition`)
 * and the tests go through cell by cell. The processing of pieces (prise en compte, refus, suspension,
 * délais) adds its rows here.
 */
export const TRANSITIONS: readonly Transition[] = [
  { de: null, vers: "BROUILLON", par: "DEPOSANT", action: "CREATION", libelle: "Création du brouillon" },
  { de: "BROUILLON", vers: "DEPOSEE", par: "DEPOSANT", action: "DEPOT", libelle: "Dépôt de la pièce" },
  { de: "DEPOSEE", vers: "MISE_A_DISPOSITION_MOE", par: "SYSTEME", action: "MISE_A_DISPOSITION", libelle: "Mise à disposition de la maîtrise d'œuvre" },
  { de: "DEPOSEE", vers: "MISE_A_DISPOSITION_MOA", par: "SYSTEME", action: "MISE_A_DISPOSITION", libelle: "Mise à disposition de la maîtrise d'ouvrage" },
  { de: "DEPOSEE", vers: "MISE_A_DISPOSITION", par: "SYSTEME", action: "MISE_A_DISPOSITION", libelle: "Mise à disposition du service financier" },
  { de: "DEPOSEE", vers: "A_VALIDER_1", par: "SYSTEME", action: "MISE_A_DISPOSITION", libelle: "Transmission au titulaire pour validation" },

  // A10 : le titulaire valide la demande de paiement du sous-traitant (attestation de paiement direct jointe), ou la refuse.
  {
    de: "A_VALIDER_1",
    vers: "MISE_A_DISPOSITION_MOE",
    par: "TITULAIRE",
    action: "VALIDATION",
    libelle: "Validation par le titulaire et mise à disposition de la maîtrise d'œuvre",
  },
  { de: "A_VALIDER_1", vers: "REFUSEE_1", par: "TITULAIRE", action: "REFUS", libelle: "Refus par le titulaire", motif: "REFUS_TITULAIRE" },

  // Traitement par la maîtrise d'œuvre (« Synthèse » de la MOE). Une pièce dont le délai de 7 jours est dépassé se traite encore.
  ...(["MISE_A_DISPOSITION_MOE", "ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE"] as const).map((de) => ({
    de,
    vers: "PRISE_EN_COMPTE_MOE" as const,
    par: "MOE" as const,
    action: "PRISE_EN_COMPTE",
    libelle: "Prise en compte par la maîtrise d'œuvre",
  })),
  ...MOE_A_TRAITER.map((de) => ({
    de,
    vers: "REFUSEE_MOE" as const,
    par: "MOE" as const,
    action: "REFUS",
    libelle: "Refus par la maîtrise d'œuvre",
    motif: "REFUS" as const,
  })),
  ...MOE_A_TRAITER.map((de) => ({
    de,
    vers: "SUSPENDUE" as const,
    par: "MOE" as const,
    action: "SUSPENSION",
    libelle: "Suspension par la maîtrise d'œuvre",
    motif: "SUSPENSION" as const,
  })),
  // Le portail : délai de 7 jours dépassé sans validation de la MOE ; pièce suivante envoyée à la MOA.
  {
    de: "MISE_A_DISPOSITION_MOE",
    vers: "ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE",
    par: "SYSTEME",
    action: "DELAI_DEPASSE",
    libelle: "Absence de validation de la MOE dans le délai réglementaire de 7 jours",
  },
  ...MOE_A_TRAITER.map((de) => ({
    de,
    vers: "TRANSMISE_MOA" as const,
    par: "SYSTEME" as const,
    action: "TRANSMISSION",
    libelle: "Transmission à la maîtrise d'ouvrage par la pièce suivante du dossier",
  })),

  // Traitement par la maîtrise d'ouvrage.
  { de: "MISE_A_DISPOSITION_MOA", vers: "PRISE_EN_COMPTE_MOA", par: "MOA", action: "PRISE_EN_COMPTE", libelle: "Prise en compte par la maîtrise d'ouvrage" },
  ...MOA_A_TRAITER.map((de) => ({
    de,
    vers: "REFUSEE_MOA" as const,
    par: "MOA" as const,
    action: "REFUS",
    libelle: "Refus par la maîtrise d'ouvrage",
    motif: "REFUS" as const,
  })),
  ...MOA_A_TRAITER.map((de) => ({
    de,
    vers: "SUSPENDUE" as const,
    par: "MOA" as const,
    action: "SUSPENSION",
    libelle: "Suspension par la maîtrise d'ouvrage",
    motif: "SUSPENSION" as const,
  })),

  // Le service financier de la maîtrise d'ouvrage (« Factures reçues ») : A6, A8 signé, A16, A19, A23.
  { de: "MISE_A_DISPOSITION", vers: "MANDATEE", par: "PAYEUR", action: "MANDATEMENT", libelle: "Mandatement par le service financier" },
  { de: "MANDATEE", vers: "MISE_EN_PAIEMENT", par: "PAYEUR", action: "MISE_EN_PAIEMENT", libelle: "Mise en paiement par le service financier" },
  {
    de: "MISE_A_DISPOSITION",
    vers: "SUSPENDUE",
    par: "PAYEUR",
    action: "SUSPENSION",
    libelle: "Suspension par le service financier",
    motif: "SUSPENSION",
  },
  { de: "MISE_A_DISPOSITION", vers: "REJETEE", par: "PAYEUR", action: "REJET", libelle: "Rejet par le service financier", motif: "REJET" },

  // Recyclage : le destinataire renvoie une pièce mal acheminée ; le déposant corrige l'acheminement et la renvoie sous le même numéro.
  ...MOE_A_TRAITER.map((de) => ({
    de,
    vers: "A_RECYCLER" as const,
    par: "MOE" as const,
    action: "MISE_EN_RECYCLAGE",
    libelle: "Mise à recycler par la maîtrise d'œuvre",
    motif: "RECYCLAGE" as const,
  })),
  ...MOA_A_TRAITER.map((de) => ({
    de,
    vers: "A_RECYCLER" as const,
    par: "MOA" as const,
    action: "MISE_EN_RECYCLAGE",
    libelle: "Mise à recycler par la maîtrise d'ouvrage",
    motif: "RECYCLAGE" as const,
  })),
  {
    de: "MISE_A_DISPOSITION",
    vers: "A_RECYCLER",
    par: "PAYEUR",
    action: "MISE_EN_RECYCLAGE",
    libelle: "Mise à recycler par le service financier",
    motif: "RECYCLAGE",
  },
  ...(["MISE_A_DISPOSITION_MOE", "MISE_A_DISPOSITION_MOA", "MISE_A_DISPOSITION", "A_VALIDER_1"] as const).map((vers) => ({
    de: "A_RECYCLER" as const,
    vers,
    par: "DEPOSANT" as const,
    action: "RECYCLAGE",
    libelle: "Pièce recyclée : données d'acheminement corrigées, renvoyée sous le même numéro",
  })),
  // « Demander le recyclage de la pièce précédente » : la MOE retire sa pièce encore à la MOA et renvoie au déposant la pièce qu'elle avait transmise.
  {
    de: "TRANSMISE_MOA",
    vers: "A_RECYCLER",
    par: "MOE",
    action: "DEMANDE_RECYCLAGE",
    libelle: "Recyclage de la pièce demandé par la maîtrise d'œuvre",
    motif: "RECYCLAGE",
  },
  { de: "MISE_A_DISPOSITION_MOA", vers: "ABANDONNEE", par: "MOE", action: "DEMANDE_RECYCLAGE", libelle: "Pièce retirée par la maîtrise d'œuvre" },

  // La MOA dépose sa pièce suivante (A19 depuis l'A15, A20 depuis l'A17) ; le titulaire signe le décompte général (A18, A20) en déposant son A8.
  { de: "PRISE_EN_COMPTE_MOA", vers: "ASSOCIEE", par: "SYSTEME", action: "ASSOCIATION", libelle: "Pièce suivante déposée par la maîtrise d'ouvrage" },
  { de: "A_VALIDER_1", vers: "VALIDEE_1", par: "SYSTEME", action: "SIGNATURE", libelle: "Décompte général signé par le titulaire (A8 déposé)" },

  // Un refus qui libère le numéro : la nouvelle pièce du déposant le reprend.
  ...REFUSEES.map((de) => ({
    de,
    vers: "DUPLIQUE_APRES_REFUS" as const,
    par: "SYSTEME" as const,
    action: "DUPLICATION",
    libelle: "Numéro repris par une nouvelle pièce du déposant",
  })),

  // Le déposant complète une pièce suspendue : elle retourne à celui qui l'a suspendue (`suspenduePar`).
  {
    de: "SUSPENDUE",
    vers: "MISE_A_DISPOSITION_MOE",
    par: "DEPOSANT",
    action: "COMPLETION",
    libelle: "Pièce complétée et renvoyée à la maîtrise d'œuvre",
    suspenduePar: "MOE",
  },
  {
    de: "SUSPENDUE",
    vers: "MISE_A_DISPOSITION_MOA",
    par: "DEPOSANT",
    action: "COMPLETION",
    libelle: "Pièce complétée et renvoyée à la maîtrise d'ouvrage",
    suspenduePar: "MOA",
  },
  {
    de: "SUSPENDUE",
    vers: "MISE_A_DISPOSITION",
    par: "DEPOSANT",
    action: "COMPLETION",
    libelle: "Pièce complétée et renvoyée au service financier",
    suspenduePar: "PAYEUR",
  },

  // Procédure tacite : le décompte général n'a pas été notifié ; le titulaire envoie son projet de décompte général (A22),
  // qui remplace la pièce du dossier restée en attente chez la MOE (A7) ou la MOA (A17). Puis, 10 jours après l'A22
  // sans réponse de la MOA, le décompte général et définitif tacite (A23) : l'A22 garde alors son statut.
  ...[...MOE_A_TRAITER, ...MOA_A_TRAITER].map((de) => ({
    de,
    vers: "REMPLACEE_PAR_A22" as const,
    par: "SYSTEME" as const,
    action: "REMPLACEMENT",
    libelle: "Remplacée par le projet de décompte général (A22) du titulaire",
  })),
];

export function transition(de: StatutPieceTravaux | null, vers: StatutPieceTravaux, par: ActeurTransition): Transition | undefined {
  return TRANSITIONS.find((t) => t.de === de && t.vers === vers && t.par === par);
}

export class TransitionInterdite extends Error {
  constructor(de: StatutPieceTravaux | null, vers: StatutPieceTravaux, par: ActeurTransition) {
    super(`Transition interdite : ${de ?? "(aucun)"} → ${vers} par ${par}`);
    this.name = "TransitionInterdite";
  }
}

/** The row of the table, or an error: a change of status outside the table is a bug, never a user's mistake. */
export function verifierTransition(de: StatutPieceTravaux | null, vers: StatutPieceTravaux, par: ActeurTransition): Transition {
  const t = transition(de, vers, par);
  if (!t) throw new TransitionInterdite(de, vers, par);
  return t;
}
