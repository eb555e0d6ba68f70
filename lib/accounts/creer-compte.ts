import { db, type Tx } from "@/lib/db";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { consommerCaptcha } from "@/lib/captcha/captcha";
import { queueMail, kickMailDelivery } from "@/lib/mail/outbox";
import { destinatairesDe } from "@/lib/mail/destinataires";
import { newToken, LINK_VALIDITY_MINUTES } from "./tokens";
import { resoudreStructure, type StructureSaisie, type StructureResolue } from "./structure-saisie";
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
 * « Créer mon compte »: the user, its structure (new: created, the user its gestionnaire principal;
 * existing: an attachment request), the activation token and the two mails, in one transaction.
 * The captcha is spent in the same transaction, and the login e-mail is unique: two submissions
 * of the same form at once create one account.
 */
export async function creerCompte(input: CreerCompteInput, now = new Date()): Promise<RecapitulatifCompte> {
  for (let attempt = 1; ; attempt++) {
    const resolved = await resoudreStructure(input.structure);
    try {
      const recap = await db.$transaction((tx) => ecrireCompte(tx, input, resolved, now));
      await kickMailDelivery();
      return recap;
    } catch (error) {
      // Someone created the same structure meanwhile: resolve again, it is now an attachment request.
      if (attempt < 3 && isUniqueViolation(error, "Structure_identifierType_identifier_key")) continue;
      if (isUniqueViolation(error, "User_email_key")) throw new AppError("EMAIL_DEJA_UTILISE", { email: "Un compte existe déjà avec cette adresse." });
      throw error;
    }
  }
}

async function ecrireCompte(tx: Tx, input: CreerCompteInput, resolved: StructureResolue, now: Date): Promise<RecapitulatifCompte> {
  await consommerCaptcha(tx, input.captchaId, now);
  const user = await tx.user.create({
    data: {
      email: input.email,
      firstName: input.firstName,
      lastName: input.lastName,
      phone: input.phone,
      contactEmail: input.contactEmail,
      termsAcceptedAt: now,
    },
  });

  const existing = resolved.kind === "existante";
  const structure = existing ? resolved.structure : await tx.structure.create({ data: resolved.data });
  await tx.membership.create({
    data: existing
      ? { userId: user.id, structureId: structure.id, role: "UTILISATEUR_SIMPLE", status: "EN_COURS_DE_VALIDATION" }
      : { userId: user.id, structureId: structure.id, role: "GESTIONNAIRE_PRINCIPAL", status: "VALIDEE", decidedAt: now },
  });
  await tx.user.update({ where: { id: user.id }, data: { currentStructureId: structure.id } });

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

  if (existing) {
    const managers = await destinatairesDe(tx, [structure.id], { roles: ["GESTIONNAIRE_PRINCIPAL", "GESTIONNAIRE_SECONDAIRE"] });
    for (const m of managers) {
      await queueMail(tx, {
        userId: m.id,
        template: "demande-rattachement",
        data: { demandeur: { prenom: user.firstName, nom: user.lastName, email: user.email }, structure: structureMail },
      });
    }
  }
  return recap;
}
