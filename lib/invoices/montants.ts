/**
 * Amounts as users type them (« 1 234,56 », « 1234.5 », « -12 ») to integer cents, and back.
 * Never through floating point: the digits are handled as text, then as BigInt.
 */

/** 999 999 999 999,99: enough for any works contract, and safe as a JavaScript number of cents. */
export const MONTANT_MAX_CENTIMES = 99_999_999_999_999;

const ESPACES = /[\s\u00a0\u202f\u2009']/g;

export type Analyse<T> = { ok: true; valeur: T } | { ok: false; message: string };

/** « 1 234,56 » → 123456. Spaces, non-breaking spaces and apostrophes group thousands; comma or point before the cents. */
export function analyserMontant(saisie: string): Analyse<number> {
  let s = saisie.replace(ESPACES, "");
  if (s === "") return { ok: false, message: "Le montant est obligatoire." };
  if (s.includes(",")) s = s.replace(/\./g, "").replace(",", ".");
  else if ((s.match(/\./g) ?? []).length > 1) s = s.replace(/\./g, "");
  const m = /^([+-]?)(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return { ok: false, message: "Saisissez un montant en euros, par exemple 1 234,56 (deux décimales au plus)." };
  const cents = BigInt(m[2]) * 100n + BigInt((m[3] ?? "").padEnd(2, "0") || "0");
  if (cents > BigInt(MONTANT_MAX_CENTIMES)) return { ok: false, message: "Le montant ne peut dépasser 999 999 999 999,99." };
  return { ok: true, valeur: Number(m[1] === "-" ? -cents : cents) };
}

/** 123456 → « 1 234,56 » (with non-breaking spaces, which the certificate's PDF font also has). */
export function formaterMontant(centimes: number | bigint | null | undefined): string {
  if (centimes === null || centimes === undefined) return "";
  const v = BigInt(centimes);
  const negatif = v < 0n;
  const abs = negatif ? -v : v;
  const entiers = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
  const decimales = (abs % 100n).toString().padStart(2, "0");
  return `${negatif ? "-" : ""}${entiers},${decimales}`;
}

export function formaterMontantDevise(centimes: number | bigint | null | undefined, devise: string): string {
  if (centimes === null || centimes === undefined) return "";
  return `${formaterMontant(centimes)}\u00a0${devise === "EUR" ? "€" : devise}`;
}

/** VAT rates in hundredths of a percent: « 5,5 » → 550, « 20 » → 2000. */
export function analyserTaux(saisie: string): Analyse<number> {
  const s = saisie.replace(ESPACES, "").replace("%", "").replace(",", ".");
  if (s === "") return { ok: false, message: "Le taux est obligatoire." };
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return { ok: false, message: "Saisissez un taux en pourcentage, par exemple 20 ou 5,5." };
  const v = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0") || "0");
  if (v > 10_000) return { ok: false, message: "Le taux ne peut dépasser 100 %." };
  return { ok: true, valeur: v };
}

/** 550 → « 5,5 ». */
export function formaterTaux(centiemes: number): string {
  const entier = Math.trunc(centiemes / 100);
  const reste = centiemes % 100;
  return reste === 0 ? String(entier) : `${entier},${String(reste).padStart(2, "0").replace(/0$/, "")}`;
}

/** The VAT of a base at a rate, rounded half away from zero to the cent. */
export function tvaAttendue(baseCentimes: number, tauxCentiemes: number): number {
  const produit = BigInt(baseCentimes) * BigInt(tauxCentiemes);
  const signe = produit < 0n ? -1n : 1n;
  const abs = produit * signe;
  return Number(((abs + 5_000n) / 10_000n) * signe);
}
