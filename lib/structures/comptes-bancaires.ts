import { db, type Client, type Tx } from "@/lib/db";
import { journaliser } from "@/lib/audit/journal";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { zodFieldErrors } from "@/lib/actions";
import type { Acteur } from "@/lib/auth/acteur";
import { compteBancaireSchema, type CompteBancaireForm } from "./comptes-bancaires-schema";
import { exigerDroit } from "./droits";
import { structureDe } from "@/lib/invoices/acces";
import { peut } from "./regles";

/**
 * « Coordonnées bancaires » of a structure: the accounts on which its pieces are paid, chosen at step « Parties » of a
 * deposit. Gestionnaires add and deactivate them; an account is never deleted (deposited pieces name it) and a
 * deactivated one is no longer offered. The IBAN is stored in its electronic format and shown in full only to the
 * structure's gestionnaires, on this page; everyone else (depositors, recipients, certificates) sees it masked.
 */

/** The electronic format of an IBAN: no spaces, upper case (what the database stores). */
export function ibanElectronique(saisie: string): string {
  return saisie.replace(/[\s-]/g, "").toUpperCase();
}

/** The printed format of an IBAN: groups of four characters (« FR76 3000 6000 0112 3456 7890 189 »). */
export function ibanImprime(iban: string): string {
  return ibanElectronique(iban).replace(/(.{4})(?=.)/g, "$1 ");
}

/**
 * An IBAN as everyone but the structure's gestionnaires sees it: the country code and check digits (first 4
 * characters) and the last 4 characters are kept, every other character becomes « * », in the printed format:
 * « FR76 **** **** **** **** ***0 189 ». An IBAN of 8 characters or fewer (not a real one) is masked entirely
 * but for its first 4 characters.
 */
export function masquerIban(iban: string): string {
  const e = ibanElectronique(iban);
  if (e.length <= 8) return ibanImprime(e.slice(0, 4) + "*".repeat(Math.max(0, e.length - 4)));
  return ibanImprime(e.slice(0, 4) + "*".repeat(e.length - 8) + e.slice(-4));
}

export type CompteBancaireMasque = { id: string; libelle: string; titulaire: string; ibanMasque: string; bic: string };

/**
 * The active bank accounts of a structure, IBAN masked, by label: what a depositor chooses from at step « Parties ».
 * No rights check: the caller has already checked that the actor acts for (or may see) this structure.
 */
export async function comptesActifs(client: Client, structureId: string): Promise<CompteBancaireMasque[]> {
  const comptes = await client.compteBancaire.findMany({
    where: { structureId, active: true },
    select: { id: true, libelle: true, titulaire: true, iban: true, bic: true },
    orderBy: [{ libelle: "asc" }, { createdAt: "asc" }],
  });
  return comptes.map(({ iban, ...c }) => ({ ...c, ibanMasque: masquerIban(iban) }));
}

export type CompteBancaireVue = {
  id: string;
  libelle: string;
  titulaire: string;
  /** Printed format: in full for a gestionnaire, masked for the other members. */
  iban: string;
  bic: string;
  active: boolean;
  createdAt: Date;
};

/** Every member sees the accounts (IBAN masked); gestionnaires see the IBAN in full and change them. */
export async function coordonneesBancaires(acteur: Acteur, structureId: string): Promise<{ gestionnaire: boolean; comptes: CompteBancaireVue[] }> {
  const moi = await exigerDroit(acteur, structureId, "consulterStructure");
  const gestionnaire = peut(moi.role, "gererComptesBancaires");
  const comptes = await db.compteBancaire.findMany({
    where: { structureId },
    select: { id: true, libelle: true, titulaire: true, iban: true, bic: true, active: true, createdAt: true },
    orderBy: [{ active: "desc" }, { libelle: "asc" }, { createdAt: "asc" }],
  });
  return { gestionnaire, comptes: comptes.map((c) => ({ ...c, iban: gestionnaire ? ibanImprime(c.iban) : masquerIban(c.iban) })) };
}

/** What the journal keeps of an account: the IBAN masked (the journal lives forever), the rest as typed. */
const pourJournal = (c: { libelle: string; titulaire: string; iban: string; bic: string; active: boolean }) => ({
  libelle: c.libelle,
  titulaire: c.titulaire,
  iban: masquerIban(c.iban),
  bic: c.bic,
  active: c.active,
});

/**
 * « Ajouter des coordonnées bancaires » (gestionnaires). The IBAN and BIC are checked here too (ibantools), whatever
 * the caller parsed. An IBAN the structure had deactivated is reactivated with the new label, holder and BIC.
 */
export async function ajouterCompteBancaire(acteur: Acteur, structureId: string, saisie: CompteBancaireForm): Promise<{ id: string }> {
  const r = compteBancaireSchema.safeParse(saisie);
  if (!r.success) throw new AppError("SAISIE_INVALIDE", zodFieldErrors(r.error));
  const data = r.data;
  await exigerDroit(acteur, structureId, "gererComptesBancaires");
  try {
    return await db.$transaction(async (tx) => {
      const [ancien] = await tx.$queryRaw<{ id: string; libelle: string; titulaire: string; iban: string; bic: string; active: boolean }[]>`
        SELECT id, libelle, titulaire, iban, bic, active FROM "CompteBancaire"
        WHERE "structureId" = ${structureId}::uuid AND iban = ${data.iban} FOR UPDATE`;
      if (ancien?.active)
        throw new AppError("COMPTE_BANCAIRE_EXISTANT", { iban: "Cet IBAN est déjà enregistré dans les coordonnées bancaires de la structure." });
      const compte = ancien
        ? await tx.compteBancaire.update({ where: { id: ancien.id }, data: { ...data, active: true, creeParId: acteur.userId } })
        : await tx.compteBancaire.create({ data: { ...data, structureId, creeParId: acteur.userId } });
      await journaliser(tx, acteur, {
        action: "COMPTE_BANCAIRE_AJOUTE",
        structureId,
        cible: { type: "CompteBancaire", id: compte.id },
        avant: ancien ? pourJournal(ancien) : null,
        apres: pourJournal(compte),
      });
      return { id: compte.id };
    });
  } catch (error) {
    // Two additions of the same IBAN at once: the unique index holds, the second is told.
    if (isUniqueViolation(error, "CompteBancaire_structureId_iban_key"))
      throw new AppError("COMPTE_BANCAIRE_EXISTANT", { iban: "Cet IBAN est déjà enregistré dans les coordonnées bancaires de la structure." });
    throw error;
  }
}

/**
 * « Désactiver » an account (gestionnaires of its structure): no longer offered at deposit; pieces already deposited
 * keep it. An account of another structure is « introuvable » to its gestionnaire.
 */
export async function desactiverCompteBancaire(acteur: Acteur, compteId: string): Promise<void> {
  const compte = await db.compteBancaire.findUnique({ where: { id: compteId }, select: { structureId: true } });
  if (!compte) throw new AppError("INTROUVABLE");
  await exigerDroit(acteur, compte.structureId, "gererComptesBancaires");
  await db.$transaction(async (tx) => {
    const [avant] = await tx.$queryRaw<{ libelle: string; titulaire: string; iban: string; bic: string; active: boolean }[]>`
      SELECT libelle, titulaire, iban, bic, active FROM "CompteBancaire" WHERE id = ${compteId}::uuid FOR UPDATE`;
    if (!avant?.active) return;
    await tx.compteBancaire.update({ where: { id: compteId }, data: { active: false } });
    await journaliser(tx, acteur, {
      action: "COMPTE_BANCAIRE_DESACTIVE",
      structureId: compte.structureId,
      cible: { type: "CompteBancaire", id: compteId },
      avant: { libelle: avant.libelle, iban: masquerIban(avant.iban), active: true },
      apres: { active: false },
    });
  });
}

/**
 * The account chosen at step « Parties », checked: an active account of the depositing structure. Anything else
 * (another structure's account, a deactivated one, an unknown id) is refused with the same message, under the field.
 */
export async function verifierCompteDeposant(client: Client | Tx, structureId: string, compteId: string): Promise<void> {
  const c = await client.compteBancaire.findFirst({ where: { id: compteId, structureId, active: true }, select: { id: true } });
  if (!c) throw new AppError("COMPTE_BANCAIRE_INVALIDE", { compteBancaireId: "Ces coordonnées bancaires ne sont pas (ou plus) celles de votre structure." });
}

/**
 * The account a next piece carries over from the piece it follows. A piece the depositor is paid on (supplier-side
 * frame: a correction, an A8, A22, A23) keeps the account if it is still an active one of the depositor, else takes
 * the depositor's only active account (none when it has several: it chooses at step « Parties »). The MOE's and the
 * MOA's pieces keep the account as it is: the A15 keeps the titulaire's, so that the payment goes to the titulaire.
 */
export async function compteReporte(client: Client, deposantId: string, compteId: string | null, choisiParDeposant: boolean): Promise<string | null> {
  if (!choisiParDeposant) return compteId;
  const actifs = await client.compteBancaire.findMany({ where: { structureId: deposantId, active: true }, select: { id: true }, take: 50 });
  if (compteId && actifs.some((c) => c.id === compteId)) return compteId;
  return actifs.length === 1 ? actifs[0].id : null;
}

/** Step « Parties »: the active accounts of the structure the actor deposits for (any validated member sees them, masked). */
export async function comptesPourDepot(acteur: Acteur): Promise<CompteBancaireMasque[]> {
  return comptesActifs(db, structureDe(acteur));
}
