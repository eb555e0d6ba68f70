import { z } from "zod";
import type { Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { IDENTIFIER_TYPES } from "@/lib/identifiers";
import { journaliser } from "@/lib/audit/journal";
import type { Acteur } from "@/lib/auth/acteur";
import { annoncerDemandeRattachement } from "@/lib/structures/gestionnaires";
import type { StructureData, StructureResolue } from "./structure-saisie";

/**
 * « A structure is created when its creator's account is activated, not before. » « Créer mon compte » only stores
 * the structure the user declared (User.structureDemandee); the activation, in its transaction, creates it (the
 * creator its gestionnaire principal) or, when it exists by then, asks to be attached to it (its managers are
 * mailed). An account never activated leaves nothing behind but itself, deleted after 7 days (purge.ts).
 */

/** What User.structureDemandee holds: the structure as resolved when the account was created. */
export type StructureDemandee = {
  /** The structure's data (SIRET: from the INSEE directory, legal category included), to create it at activation. */
  data: StructureData;
  /** It was already on the portal when the account was created: an attachment request is what the user asked. */
  existante: boolean;
};

const texte = z.string().nullable();
const structureDemandeeSchema = z.object({
  existante: z.boolean(),
  data: z.object({
    identifierType: z.enum(Object.keys(IDENTIFIER_TYPES) as [keyof typeof IDENTIFIER_TYPES, ...(keyof typeof IDENTIFIER_TYPES)[]]),
    identifier: z.string().min(1),
    countryCode: texte,
    raisonSociale: z.string().min(1),
    libelle: texte,
    adresse: texte,
    complement1: texte,
    complement2: texte,
    codePostal: texte,
    ville: texte,
    pays: texte,
    diffusionPartielle: z.boolean(),
    categorieJuridique: texte.default(null),
    isPublicBuyer: z.boolean().default(false),
    acheteurPublicSource: z.enum(["CATEGORIE_JURIDIQUE", "ADMINISTRATEUR"]).nullable().default(null),
  }),
});

/** The JSON stored at account creation. */
export function structureDemandeeDe(resolue: StructureResolue): StructureDemandee {
  if (resolue.kind === "nouvelle") return { data: resolue.data, existante: false };
  const s = resolue.structure;
  return {
    existante: true,
    data: {
      identifierType: s.identifierType,
      identifier: s.identifier,
      countryCode: s.countryCode,
      raisonSociale: s.raisonSociale,
      libelle: s.libelle,
      adresse: s.adresse,
      complement1: s.complement1,
      complement2: s.complement2,
      codePostal: s.codePostal,
      ville: s.ville,
      pays: s.pays,
      diffusionPartielle: s.diffusionPartielle,
      categorieJuridique: s.categorieJuridique,
      isPublicBuyer: s.isPublicBuyer,
      acheteurPublicSource: s.acheteurPublicSource,
    },
  };
}

/** Reads the stored JSON (null when absent or not of this shape: nothing to create). */
export function lireStructureDemandee(json: unknown): StructureDemandee | null {
  if (json == null) return null;
  const r = structureDemandeeSchema.safeParse(json);
  return r.success ? r.data : null;
}

export type ResultatActivation =
  | { kind: "aucune" }
  | { kind: "creee"; structureId: string }
  | { kind: "rattachement"; structureId: string }
  | { kind: "inactive" };

/**
 * At activation, in the activation's transaction: the declared structure is created, its creator its gestionnaire
 * principal; or, when it is on the portal by then (declared existing, or created meanwhile by another account
 * activated first: two accounts declaring the same new SIRET), an attachment request is made and its managers
 * mailed. The insert skips an existing row (ON CONFLICT DO NOTHING): should another activation insert the same
 * structure at the same moment, this one waits for it and becomes the attachment request.
 */
export async function etablirStructureDemandee(tx: Tx, userId: string, now: Date): Promise<ResultatActivation> {
  const user = await tx.user.findUniqueOrThrow({ where: { id: userId } });
  const demandee = lireStructureDemandee(user.structureDemandee);
  await tx.user.update({ where: { id: userId }, data: { structureDemandee: Prisma.DbNull } });
  if (!demandee) return { kind: "aucune" };
  const { data } = demandee;
  const acteur: Acteur = { userId, email: user.email, name: `${user.firstName} ${user.lastName}`, structure: null };

  const { count } = await tx.structure.createMany({ data: [{ ...data, createdAt: now }], skipDuplicates: true });
  const structure = await tx.structure.findUniqueOrThrow({
    where: { identifierType_identifier: { identifierType: data.identifierType, identifier: data.identifier } },
  });

  if (count === 1) {
    const membership = await tx.membership.create({
      data: { userId, structureId: structure.id, role: "GESTIONNAIRE_PRINCIPAL", status: "VALIDEE", decidedAt: now },
    });
    await tx.user.update({ where: { id: userId }, data: { currentStructureId: structure.id } });
    await journaliser(
      tx,
      {
        ...acteur,
        structure: {
          id: structure.id,
          raisonSociale: structure.raisonSociale,
          identifier: structure.identifier,
          role: membership.role,
          status: membership.status,
        },
      },
      {
        action: "STRUCTURE_CREEE",
        structureId: structure.id,
        cible: { type: "Structure", id: structure.id },
        apres: {
          identifier: structure.identifier,
          raisonSociale: structure.raisonSociale,
          gestionnairePrincipal: `${acteur.name} (${acteur.email})`,
          categorieJuridique: structure.categorieJuridique,
          isPublicBuyer: structure.isPublicBuyer,
        },
      },
      { now },
    );
    return { kind: "creee", structureId: structure.id };
  }

  // On the portal already. A deactivated structure takes no request (as « Demander le rattachement » refuses it).
  if (!structure.active) return { kind: "inactive" };
  const membership = await tx.membership.create({
    data: { userId, structureId: structure.id, role: "UTILISATEUR_SIMPLE", status: "EN_COURS_DE_VALIDATION", createdAt: now },
  });
  await tx.user.update({ where: { id: userId }, data: { currentStructureId: structure.id } });
  await journaliser(
    tx,
    acteur,
    {
      action: "RATTACHEMENT_DEMANDE",
      structureId: structure.id,
      cible: { type: "Membership", id: membership.id },
      apres: { status: membership.status, role: membership.role },
    },
    { now },
  );
  await annoncerDemandeRattachement(tx, structure, user);
  return { kind: "rattachement", structureId: structure.id };
}
