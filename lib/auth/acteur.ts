import type { MembershipStatus, StructureRole } from "@/lib/generated/prisma/client";

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
  } | null;
  /** « Administrateur du portail » (User.administrateurPortail): read from the database on each request, never from the token. */
  administrateur?: boolean;
  /** The client's address, for the audit trail (lib/securite/ip.ts). */
  ip?: string | null;
};
