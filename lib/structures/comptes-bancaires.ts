import type { Client } from "@/lib/db";

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
