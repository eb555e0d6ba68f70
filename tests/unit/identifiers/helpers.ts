import fc from "fast-check";

/**
 * Luhn check digit of a partial number, written independently of lib/identifiers: weights 2,1,2,1… from the
 * right of the partial number (the check digit will take weight 1).
 */
export function luhnCheckDigit(partial: string): string {
  let sum = 0;
  [...partial].reverse().forEach((c, i) => {
    const product = Number(c) * (i % 2 === 0 ? 2 : 1);
    sum += Math.floor(product / 10) + (product % 10);
  });
  return String((10 - (sum % 10)) % 10);
}

export const digits = (length: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }).map((ds) => ds.join(""));

/** A SIREN passing Luhn, other than La Poste's. */
export const validSiren = digits(8)
  .map((base) => base + luhnCheckDigit(base))
  .filter((siren) => siren !== "356000000");

/** A SIRET passing Luhn, whose SIREN passes Luhn too, outside La Poste. */
export const validSiret = fc.tuple(validSiren, digits(4)).map(([siren, nic]) => siren + nic + luhnCheckDigit(siren + nic));

/** Inserts spaces at random places (what users paste: « 130 005 093 00112 »). */
export const withRandomSpaces = (value: string) =>
  fc.array(fc.boolean(), { minLength: value.length, maxLength: value.length }).map((flags) => [...value].map((c, i) => (flags[i] ? ` ${c}` : c)).join(""));
