import type { DroitService, MembershipStatus, StructureRole } from "@/lib/generated/prisma/client";

/** Who acts: the signed-in user and the structure he acts for (with his role and attachment state there). */
export type Acteur = {
  userId: string;
  email: string;
  name: string;
  structure: {
    id: string;
    raisonSociale: string;
    identifier: string;
    role: StructureRole;
    status: MembershipStatus;
    /** « Service financier » habilitation, for the menus only: the domain reads it again from the membership. */
    serviceFinancier?: boolean;
    /**
     * The services this membership is limited to, with the right on each, read with the actor at the start of the
     * request (`acteurDeLUtilisateur`); null: not limited (a gestionnaire, or no service). Absent (an actor made
     * otherwise): the domain reads it from the database (lib/invoices/acces.ts `limitationDe`).
     */
    limitation?: LimitationServices | null;
  } | null;
  /** « Administrateur du portail » (User.administrateurPortail): read from the database on each request, never from the token. */
  administrateur?: boolean;
  /** The client's address, for the audit trail (lib/securite/ip.ts). */
  ip?: string | null;
};

/** One service a membership is limited to (Chorus Pro's model): its right, and whether its space is open. */
export type DroitSurService = { serviceId: string; code: string; libelle: string; droit: DroitService; ouvert: boolean };
export type LimitationServices = DroitSurService[];
