import { db } from "@/lib/db";
import { journaliser } from "@/lib/audit/journal";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { resoudreStructure, type StructureSaisie } from "@/lib/accounts/structure-saisie";
import type { Acteur } from "@/lib/auth/acteur";

export type CreerStructureInput = { structure: StructureSaisie; email?: string; phone?: string };

/** The structure the portal already has under that identifier: the form then offers an attachment request only. */
export class StructureDejaPresente extends AppError {
  constructor(readonly structureId: string) {
    super("STRUCTURE_DEJA_PRESENTE", { "structure.identifier": "Cette structure est déjà présente sur le portail." });
  }
}

/**
 * « Créer une structure » by a signed-in user, who becomes its gestionnaire principal. SIRET: it must be in the
 * INSEE directory and active (resoudreStructure refuses unknown and closed ones; a confidential one keeps its
 * address, masked wherever it is shown). Already present → StructureDejaPresente. The unique identifier makes two
 * creations at once create one structure: the second one finds it present.
 * The e-mail is informative only (notifications go to the users).
 */
export async function creerStructure(acteur: Acteur, input: CreerStructureInput, now = new Date()) {
  const resolved = await resoudreStructure(input.structure);
  if (resolved.kind === "existante") throw new StructureDejaPresente(resolved.structure.id);
  try {
    return await db.$transaction(async (tx) => {
      const structure = await tx.structure.create({ data: { ...resolved.data, email: input.email ?? null, phone: input.phone ?? null } });
      await tx.membership.create({
        data: { userId: acteur.userId, structureId: structure.id, role: "GESTIONNAIRE_PRINCIPAL", status: "VALIDEE", decidedAt: now },
      });
      // A user without a structure to act for acts for this one at once.
      await tx.user.updateMany({ where: { id: acteur.userId, currentStructureId: null }, data: { currentStructureId: structure.id } });
      await journaliser(
        tx,
        acteur,
        {
          action: "STRUCTURE_CREEE",
          structureId: structure.id,
          cible: { type: "Structure", id: structure.id },
          apres: {
            identifier: structure.identifier,
            raisonSociale: structure.raisonSociale,
            email: structure.email,
            phone: structure.phone,
            gestionnairePrincipal: `${acteur.name} (${acteur.email})`,
            categorieJuridique: structure.categorieJuridique,
            isPublicBuyer: structure.isPublicBuyer,
          },
        },
        { now },
      );
      return structure;
    });
  } catch (error) {
    if (isUniqueViolation(error, "Structure_identifierType_identifier_key")) {
      const existing = await db.structure.findUniqueOrThrow({
        where: { identifierType_identifier: { identifierType: resolved.data.identifierType, identifier: resolved.data.identifier } },
      });
      throw new StructureDejaPresente(existing.id);
    }
    throw error;
  }
}
