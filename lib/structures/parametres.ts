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
      codeServiceObligatoire: s.codeServiceObligatoire,
      engagementObligatoire: s.engagementObligatoire,
      validationDelegueeMoe: s.validationDelegueeMoe,
      active: s.active,
    },
  };
}

/** The parameters of a public buyer (MOA): what it requires of the pieces addressed to it, and the delegation to the MOE. */
export const PARAMETRES_MOA = ["codeServiceObligatoire", "engagementObligatoire", "validationDelegueeMoe"] as const;
const PARAMETRES = ["worksSpaceOpen", ...PARAMETRES_MOA] as const;
type Parametre = (typeof PARAMETRES)[number];

/**
 * « Paramètres de la structure »: open or close its « Factures de travaux » space (an MOE must have it open to
 * receive deposits); for a public buyer (MOA), « Code service obligatoire » and « Numéro d'engagement juridique
 * obligatoire » (a deposit addressed to it without them is refused, lib/invoices/references.ts) and « Validation des
 * états d'acompte déléguée à la maîtrise d'œuvre » (the MOE then deposits the A16 and A18, lib/invoices/suivante.ts).
 * Gestionnaire principal only; each change is journaled with the fields before and after. The public-buyer status is
 * not a parameter: it follows from the INSEE legal category or an administrator's grant (acheteur-public.ts,
 * demandes-acheteur-public.ts).
 */
export async function modifierParametres(acteur: Acteur, structureId: string, input: Partial<Record<Parametre, boolean>>) {
  await exigerDroit(acteur, structureId, "modifierParametres");
  const data: Partial<Record<Parametre, boolean>> = {};
  for (const cle of PARAMETRES) {
    const valeur = (input as Record<string, unknown>)[cle];
    if (valeur === undefined) continue;
    if (typeof valeur !== "boolean") throw new AppError("SAISIE_INVALIDE");
    data[cle] = valeur;
  }
  if (Object.keys(data).length === 0) throw new AppError("SAISIE_INVALIDE");
  return db.$transaction(async (tx) => {
    const select = { worksSpaceOpen: true, codeServiceObligatoire: true, engagementObligatoire: true, validationDelegueeMoe: true } as const;
    const [avant] = await tx.$queryRaw<(Record<Parametre, boolean> & { isPublicBuyer: boolean })[]>`
      SELECT "worksSpaceOpen", "codeServiceObligatoire", "engagementObligatoire", "validationDelegueeMoe", "isPublicBuyer"
      FROM "Structure" WHERE id = ${structureId}::uuid FOR UPDATE`;
    if (!avant) throw new AppError("INTROUVABLE");
    if (!avant.isPublicBuyer && PARAMETRES_MOA.some((cle) => data[cle] !== undefined))
      throw new AppError("SAISIE_INVALIDE", {}, "Ces paramètres ne concernent qu'une maîtrise d'ouvrage : la structure n'est pas un acheteur public.");
    const s = await tx.structure.update({ where: { id: structureId }, data, select });
    const { isPublicBuyer: _, ...valeursAvant } = avant;
    const changes = champsModifies(valeursAvant, s);
    if (changes) await journaliser(tx, acteur, { action: "PARAMETRES_MODIFIES", structureId, cible: { type: "Structure", id: structureId }, ...changes });
    return s;
  });
}
