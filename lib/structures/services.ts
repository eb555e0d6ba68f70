import { db, type Tx } from "@/lib/db";
import { champsModifies, journaliser } from "@/lib/audit/journal";
import { AppError, isUniqueViolation } from "@/lib/errors";
import type { Acteur } from "@/lib/auth/acteur";
import { exigerDroit } from "./droits";

/**
 * « Gérer les services » of a structure (code, libellé, actif ou non). A service is never deleted: pieces
 * already deposited keep naming it; a deactivated one is no longer offered to depositors.
 */

/** Every member sees the services (a depositor picks one); only gestionnaires change them. */
export async function servicesDeStructure(acteur: Acteur, structureId: string) {
  await exigerDroit(acteur, structureId, "consulterStructure");
  return db.service.findMany({ where: { structureId }, orderBy: [{ active: "desc" }, { code: "asc" }] });
}

const codeDejaUtilise = (error: unknown) =>
  isUniqueViolation(error, "Service_structureId_code_key")
    ? new AppError("CODE_SERVICE_DEJA_UTILISE", { code: "Ce code est déjà utilisé par un autre service de la structure." })
    : error;

export async function creerService(acteur: Acteur, structureId: string, input: { code: string; libelle: string }) {
  await exigerDroit(acteur, structureId, "gererServices");
  try {
    return await db.$transaction(async (tx) => {
      const service = await tx.service.create({ data: { structureId, code: input.code, libelle: input.libelle } });
      await journaliser(tx, acteur, {
        action: "SERVICE_CREE",
        structureId,
        cible: { type: "Service", id: service.id },
        apres: { code: service.code, libelle: service.libelle, active: service.active },
      });
      return service;
    });
  } catch (error) {
    throw codeDejaUtilise(error);
  }
}

/** The service is looked up by its id and the structure it belongs to, so an id from elsewhere finds nothing. */
async function serviceGere(acteur: Acteur, serviceId: string) {
  const service = await db.service.findUnique({ where: { id: serviceId } });
  if (!service) throw new AppError("INTROUVABLE");
  await exigerDroit(acteur, service.structureId, "gererServices");
  return service;
}

/** The service as it is now, its row locked until the end of the transaction: the journal's « before » is exact. */
async function verrouillerService(tx: Tx, serviceId: string) {
  await tx.$queryRaw`SELECT id FROM "Service" WHERE id = ${serviceId}::uuid FOR UPDATE`;
  return tx.service.findUniqueOrThrow({ where: { id: serviceId } });
}

export async function modifierService(acteur: Acteur, serviceId: string, input: { code: string; libelle: string }) {
  const service = await serviceGere(acteur, serviceId);
  try {
    return await db.$transaction(async (tx) => {
      const avant = await verrouillerService(tx, service.id);
      const apres = await tx.service.update({ where: { id: service.id }, data: { code: input.code, libelle: input.libelle } });
      const changes = champsModifies({ code: avant.code, libelle: avant.libelle }, { code: apres.code, libelle: apres.libelle });
      if (changes)
        await journaliser(tx, acteur, { action: "SERVICE_MODIFIE", structureId: service.structureId, cible: { type: "Service", id: service.id }, ...changes });
      return apres;
    });
  } catch (error) {
    throw codeDejaUtilise(error);
  }
}

export async function changerEtatService(acteur: Acteur, serviceId: string, active: boolean) {
  const service = await serviceGere(acteur, serviceId);
  return db.$transaction(async (tx) => {
    const avant = await verrouillerService(tx, service.id);
    if (avant.active === active) return avant;
    const apres = await tx.service.update({ where: { id: service.id }, data: { active } });
    await journaliser(tx, acteur, {
      action: active ? "SERVICE_REACTIVE" : "SERVICE_DESACTIVE",
      structureId: service.structureId,
      cible: { type: "Service", id: service.id },
      avant: { active: avant.active },
      apres: { active },
    });
    return apres;
  });
}
