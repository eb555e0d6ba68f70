// Reusable seed functions: the demo seed and the tests build their data with them,
// each test with its own unique identifiers so that suites run in parallel and in any order.
import { randomBytes, randomInt } from "node:crypto";
import { db } from "../../lib/db";
import { hashPassword } from "../../lib/accounts/mot-de-passe";
import { withLuhnKey } from "../../lib/identifiers/siret";
import { acheteurPublicDeCategorie } from "../../lib/structures/acheteur-public";
import type { IdentifierType, MembershipStatus, SourceAcheteurPublic, StructureRole } from "../../lib/generated/prisma/client";

export const DEMO_PASSWORD = "Factures-Travaux-2026!";

let passwordHashOnce: Promise<string> | undefined;
/** argon2 is slow on purpose: hash the shared demo password once per process. */
function demoPasswordHash(password: string): Promise<string> {
  if (password !== DEMO_PASSWORD) return hashPassword(password);
  passwordHashOnce ??= hashPassword(DEMO_PASSWORD);
  return passwordHashOnce;
}

export function uniqueSuffix(): string {
  return randomBytes(4).toString("hex");
}

/** A Luhn-valid SIRET (and SIREN) that no sample uses: SIREN starting with 9, random digits. */
export function randomSiret(): string {
  const siren = withLuhnKey(`9${Array.from({ length: 7 }, () => randomInt(10)).join("")}`);
  return withLuhnKey(siren + Array.from({ length: 4 }, () => randomInt(10)).join(""));
}

/**
 * A valid French IBAN (RIB key and IBAN check digits computed), random unless the bank, branch and account are given:
 * test and demo bank accounts pass the same ibantools checks as a typed one.
 */
export function ibanDeTest(o: { banque?: string; guichet?: string; compte?: string } = {}): string {
  const chiffres = (n: number) => Array.from({ length: n }, () => randomInt(10)).join("");
  const banque = o.banque ?? `3${chiffres(4)}`;
  const guichet = o.guichet ?? chiffres(5);
  const compte = o.compte ?? chiffres(11);
  const cle = 97n - ((89n * BigInt(banque) + 15n * BigInt(guichet) + 3n * BigInt(compte)) % 97n);
  const bban = `${banque}${guichet}${compte}${String(cle).padStart(2, "0")}`;
  // IBAN check digits: the BBAN, then « FR00 » with its letters as numbers (F = 15, R = 27), mod 97.
  const controle = 98n - (BigInt(`${bban}152700`) % 97n);
  return `FR${String(controle).padStart(2, "0")}${bban}`;
}

/** A bank account of a structure (active unless said), as « Coordonnées bancaires » would record it; idempotent per IBAN. */
export async function seedCompteBancaire(
  structureId: string,
  c: { libelle?: string; titulaire?: string; iban?: string; bic?: string; active?: boolean; creeParId?: string } = {},
) {
  const iban = c.iban ?? ibanDeTest();
  return db.compteBancaire.upsert({
    where: { structureId_iban: { structureId, iban } },
    update: {},
    create: {
      structureId,
      libelle: c.libelle ?? "Compte principal",
      titulaire: c.titulaire ?? "TITULAIRE DE TEST",
      iban,
      bic: c.bic ?? "BNPAFRPPXXX",
      active: c.active ?? true,
      creeParId: c.creeParId ?? null,
    },
  });
}

export type StructureSeed = {
  identifierType?: IdentifierType;
  identifier?: string;
  raisonSociale?: string;
  /** INSEE legal category: 4xxx and 7xxx make a public buyer (lib/structures/acheteur-public.ts), as at a real creation. */
  categorieJuridique?: string;
  /** Test data may set the status directly (source ADMINISTRATEUR unless said, or the legal category's). */
  isPublicBuyer?: boolean;
  acheteurPublicSource?: SourceAcheteurPublic;
  worksSpaceOpen?: boolean;
  diffusionPartielle?: boolean;
  adresse?: string;
  codePostal?: string;
  ville?: string;
  services?: { code: string; libelle: string }[];
};

export async function seedStructure(s: StructureSeed = {}) {
  const identifierType = s.identifierType ?? "SIRET";
  const identifier = s.identifier ?? randomSiret();
  const parCategorie = acheteurPublicDeCategorie(s.categorieJuridique);
  const isPublicBuyer: boolean = s.isPublicBuyer ?? parCategorie.isPublicBuyer;
  const acheteurPublicSource: SourceAcheteurPublic | null = isPublicBuyer
    ? (s.acheteurPublicSource ?? parCategorie.acheteurPublicSource ?? "ADMINISTRATEUR")
    : null;
  const data = {
    identifierType,
    identifier,
    countryCode: "FR",
    raisonSociale: s.raisonSociale ?? `STRUCTURE DE TEST ${uniqueSuffix().toUpperCase()}`,
    categorieJuridique: parCategorie.categorieJuridique,
    isPublicBuyer,
    acheteurPublicSource,
    worksSpaceOpen: s.worksSpaceOpen ?? false,
    diffusionPartielle: s.diffusionPartielle ?? false,
    adresse: s.adresse ?? "1 RUE DE LA PAIX",
    codePostal: s.codePostal ?? "75002",
    ville: s.ville ?? "PARIS",
    pays: "FRANCE",
  };
  const structure = await db.structure.upsert({
    where: { identifierType_identifier: { identifierType, identifier } },
    update: {},
    create: data,
  });
  for (const service of s.services ?? []) {
    await db.service.upsert({
      where: { structureId_code: { structureId: structure.id, code: service.code } },
      update: {},
      create: { structureId: structure.id, ...service },
    });
  }
  return structure;
}

export type UserSeed = {
  email?: string;
  firstName?: string;
  lastName?: string;
  password?: string | null;
  status?: "ACTIF" | "EN_ATTENTE_ACTIVATION" | "DESACTIVE";
  structureId?: string;
  role?: StructureRole;
  membershipStatus?: MembershipStatus;
  /** « Administrateur du portail » (in real life given by `npm run admin:create`). */
  administrateur?: boolean;
  /** The « Service financier » habilitation of his membership (in real life granted by a gestionnaire of the structure). */
  serviceFinancier?: boolean;
};

export async function seedUser(u: UserSeed = {}) {
  const email = (u.email ?? `utilisateur-${uniqueSuffix()}@exemple.fr`).toLowerCase();
  const password = u.password === undefined ? DEMO_PASSWORD : u.password;
  const status = u.status ?? (password ? "ACTIF" : "EN_ATTENTE_ACTIVATION");
  const user = await db.user.upsert({
    where: { email },
    update: {},
    create: {
      email,
      firstName: u.firstName ?? "Camille",
      lastName: u.lastName ?? "Martin",
      phone: "+33 1 23 45 67 89",
      contactEmail: email,
      passwordHash: password ? await demoPasswordHash(password) : null,
      status,
      activatedAt: status === "ACTIF" ? new Date() : null,
      // The contact address is the sign-in address: confirmed by the activation, as the portal does.
      contactEmailConfirmeLe: status === "ACTIF" ? new Date() : null,
      termsAcceptedAt: new Date(),
      currentStructureId: u.structureId ?? null,
      administrateurPortail: u.administrateur ?? false,
    },
  });
  if (u.structureId) {
    await db.membership.upsert({
      where: { userId_structureId: { userId: user.id, structureId: u.structureId } },
      update: {},
      create: {
        userId: user.id,
        structureId: u.structureId,
        role: u.role ?? "UTILISATEUR_SIMPLE",
        status: u.membershipStatus ?? "VALIDEE",
        decidedAt: (u.membershipStatus ?? "VALIDEE") === "VALIDEE" ? new Date() : null,
        serviceFinancier: u.serviceFinancier ?? false,
      },
    });
  }
  return user;
}
