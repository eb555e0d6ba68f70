import type { MembershipStatus, StructureRole } from "@/lib/generated/prisma/enums";

export const ROLE_LABELS: Record<StructureRole, string> = {
  GESTIONNAIRE_PRINCIPAL: "Gestionnaire principal",
  GESTIONNAIRE_SECONDAIRE: "Gestionnaire secondaire",
  UTILISATEUR_SIMPLE: "Utilisateur simple",
};

export const MEMBERSHIP_STATUS_LABELS: Record<MembershipStatus, string> = {
  EN_COURS_DE_VALIDATION: "En cours de validation",
  VALIDEE: "Validé",
  REFUSEE: "Refusé",
  DESACTIVEE: "Désactivé",
};
