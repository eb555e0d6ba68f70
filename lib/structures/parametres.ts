import { db } from "@/lib/db";
import { champsModifies, journaliser } from "@/lib/audit/journal";
import { AppError } from "@/lib/errors";
import type { Acteur } from "@/lib/auth/acteur";
import type { Structure } from "@/lib/generated/prisma/client";
import { exigerDroit } from "./droits";

/** The address of a structure as anyone may see it: null when INSEE confidentiality (diffusion partielle) masks it. */
export function adresseVisible(s: Pick<Structure, "diffusionPartielle" | "adresse" | "complement1" | "complement2" | "codePostal" | "ville" | "pays">) {
  if (s.diffusionPartielle) return null;
  return { adresse: s.adresse, complement1: s.complement1, complement2: s.complement2, codePostal: s.codePostal, ville: s.ville, pays: s.pays };
}

/** The structure as its members see it (confidential address masked, even for them: it is masked everywhere). */
export async function maStructure(acteur: Acteur, structureId: string) {
  const moi = await exigerDroit(acteur, structureId, "consulterStructure");
  const s = await db.structure.findUniqueOrThrow({ where: { id: structureId } });
  return {
    role: moi.role,
    structure: {
      id: s.id,
      identifierType: s.identifierType,
      identifier: s.identifier,
      raisonSociale: s.raisonSociale,
      libelle: s.libelle,
      email: s.email,
      phone: s.phone,
      diffusionPartielle: s.diffusionPartielle,
      adresse: adresseVisible(s),
      isPublicBuyer: s.isPublicBuyer,
      worksSpaceOpen: s.worksSpaceOpen,
      active: s.active,
    },
  };
}

/**
 * « Paramètres de la structure »: open or close its « Factures de travaux » space (an MOE must have it open to
 * receive deposits). Gestionnaire principal only. The public-buyer status is not a parameter: it follows from the
 * INSEE legal category or an administrator's grant (acheteur-public.ts, demandes-acheteur-public.ts).
 */
export async function modifierParametres(acteur: Acteur, structureId: string, input: { worksSpaceOpen?: boolean }) {
  await exigerDroit(acteur, structureId, "modifierParametres");
  if (typeof input.worksSpaceOpen !== "boolean") throw new AppError("SAISIE_INVALIDE");
  const data = { worksSpaceOpen: input.worksSpaceOpen };
  return db.$transaction(async (tx) => {
    const select = { worksSpaceOpen: true } as const;
    const [avant] = await tx.$queryRaw<{ worksSpaceOpen: boolean }[]>`
      SELECT "worksSpaceOpen" FROM "Structure" WHERE id = ${structureId}::uuid FOR UPDATE`;
    const s = await tx.structure.update({ where: { id: structureId }, data, select });
    const changes = avant ? champsModifies(avant, s) : null;
    if (changes) await journaliser(tx, acteur, { action: "PARAMETRES_MODIFIES", structureId, cible: { type: "Structure", id: structureId }, ...changes });
    return s;
  });
}
