import { db, type Tx } from "@/lib/db";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { consommerCaptcha } from "@/lib/captcha/captcha";
import { queueMail, kickMailDelivery } from "@/lib/mail/outbox";
import type { Prisma } from "@/lib/generated/prisma/client";
import { newToken, LINK_VALIDITY_MINUTES } from "./tokens";
import { resoudreStructure, type StructureSaisie, type StructureResolue } from "./structure-saisie";
import { structureDemandeeDe } from "./structure-demandee";
import { IDENTIFIER_TYPES } from "@/lib/identifiers";

export type CreerCompteInput = {
  email: string;
  firstName: string;
  lastName: string;
  phone: string;
  contactEmail: string;
  acceptTerms: true;
  structure: StructureSaisie;
  captchaId: string;
};

export type RecapitulatifCompte = {
  email: string;
  firstName: string;
  lastName: string;
  phone: string;
  contactEmail: string;
  structure: { typeLabel: string; identifier: string; raisonSociale: string };
  rattachementDemande: boolean;
};

/**
 * « Créer mon compte »: the user, the structure he declares (stored in User.structureDemandee: the structure itself,
 * or the attachment request, is made when he activates his account, not before — structure-demandee.ts), the
 * activation token and the two mails, in one transaction. The summary mail says what was declared. The captcha is
 * spent in the same transaction, and the login e-mail is unique: two submissions of the same form at once create one
 * account. Two accounts declaring the same new structure are both created: the first activated creates it, the other
 * becomes an attachment request.
 */
export async function creerCompte(input: CreerCompteInput, now = new Date()): Promise<RecapitulatifCompte> {
  const resolved = await resoudreStructure(input.structure);
  try {
    const recap = await db.$transaction((tx) => ecrireCompte(tx, input, resolved, now));
    await kickMailDelivery();
    return recap;
  } catch (error) {
    if (isUniqueViolation(error, "User_email_key")) throw new AppError("EMAIL_DEJA_UTILISE", { email: "Un compte existe déjà avec cette adresse." });
    throw error;
  }
}

async function ecrireCompte(tx: Tx, input: CreerCompteInput, resolved: StructureResolue, now: Date): Promise<RecapitulatifCompte> {
  await consommerCaptcha(tx, input.captchaId, now);
  const demandee = structureDemandeeDe(resolved);
  const user = await tx.user.create({
    data: {
      email: input.email,
      firstName: input.firstName,
      lastName: input.lastName,
      phone: input.phone,
      contactEmail: input.contactEmail,
      termsAcceptedAt: now,
      createdAt: now,
      structureDemandee: demandee as unknown as Prisma.InputJsonValue,
    },
  });

  const structure = demandee.data;
  const existing = demandee.existante;
  const { token, hash } = newToken();
  await tx.userToken.create({
    data: { userId: user.id, purpose: "ACTIVATION", tokenHash: hash, expiresAt: new Date(now.getTime() + LINK_VALIDITY_MINUTES * 60_000) },
  });

  const recap: RecapitulatifCompte = {
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    phone: user.phone,
    contactEmail: user.contactEmail,
    structure: {
      typeLabel: IDENTIFIER_TYPES[structure.identifierType].label,
      identifier: structure.identifier,
      raisonSociale: structure.raisonSociale,
    },
    rattachementDemande: existing,
  };
  const structureMail = { typeIdentifiant: recap.structure.typeLabel, identifiant: structure.identifier, raisonSociale: structure.raisonSociale };
  await queueMail(tx, {
    userId: user.id,
    template: "compte-cree",
    data: {
      prenom: user.firstName,
      nom: user.lastName,
      email: user.email,
      telephone: user.phone,
      emailContact: user.contactEmail,
      structure: structureMail,
      demandeRattachement: existing,
    },
  });
  await queueMail(tx, { userId: user.id, adresse: "connexion", template: "activation", data: { prenom: user.firstName, nom: user.lastName, token } });
  // The structure's managers hear of the request when the account is activated (structure-demandee.ts), not before.
  return recap;
}
