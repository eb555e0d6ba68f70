import { fail, ok, removeWhitespace, type IdentifierResult } from "./result";

export type ParticulierOptions = {
  /**
   * Checks a birthplace commune code against the official list. The list (tens of thousands of codes) stays on the
   * server: pass `isKnownCommuneCode` from `@/lib/identifiers/communes.server` there; without it only the shape
   * of the code is checked.
   */
  communeCodeExists?: (code: string) => boolean;
};

export const normaliseParticulier = (input: string): string => removeWhitespace(input).toUpperCase();

/**
 * Department part of a commune code: 01–95, 2A/2B (Corsica), or 97x/98x (overseas, 3-digit department).
 * 20 is among them: Corsica's codes before 1976, still the birthplace of people born there then, and listed
 * by the Code officiel géographique as former codes (20004 → 2A004 Ajaccio).
 */
const COMMUNE_CODE = /^((0[1-9]|[1-8]\d|9[0-5]|2[AB])\d{3}|9[78]\d{3})$/;

const PLACE_MESSAGE =
  "Les caractères 6 à 10 doivent être le code officiel géographique (INSEE) de la commune de naissance, ou 99 suivi du code INSEE du pays pour une naissance à l'étranger.";

/**
 * « Particulier »: 10 characters — the first 10 of the NIR.
 * 1: sex (1 man, 2 woman); 2–3: last two digits of the birth year; 4–5: birth month (01–12);
 * 6–10: INSEE geographic code of the birthplace: a commune (Corsica 2A/2B, or 20 before 1976; former codes of
 * merged communes accepted), or 99 + the INSEE code of the
 * country for people born abroad. No npm package ships INSEE's country codes, so any 99101–99999 is accepted
 * (99100 is France itself in that list: people born in France give their commune).
 */
export function validateParticulier(input: string, options: ParticulierOptions = {}): IdentifierResult {
  const id = normaliseParticulier(input);
  if (id === "") return fail("L'identifiant du particulier est obligatoire.");
  if (id.length !== 10) return fail("L'identifiant d'un particulier doit comporter 10 caractères.");
  if (!/^[12]$/.test(id[0])) return fail("Le 1er caractère doit être 1 (homme) ou 2 (femme).");
  if (!/^\d{2}$/.test(id.slice(1, 3))) {
    return fail("Les caractères 2 et 3 doivent être les deux derniers chiffres de l'année de naissance.");
  }
  if (!/^(0[1-9]|1[0-2])$/.test(id.slice(3, 5))) {
    return fail("Les caractères 4 et 5 doivent être le mois de naissance, de 01 à 12.");
  }
  const place = id.slice(5);
  if (place.startsWith("99")) {
    return /^99\d{3}$/.test(place) && Number(place.slice(2)) >= 101
      ? ok(id)
      : fail("Pour une naissance à l'étranger, les caractères 6 à 10 doivent être 99 suivi du code INSEE du pays (3 chiffres, de 101 à 999).");
  }
  if (!COMMUNE_CODE.test(place)) return fail(PLACE_MESSAGE);
  if (options.communeCodeExists && !options.communeCodeExists(place)) {
    return fail(`Le code ${place} ne correspond à aucune commune du code officiel géographique de l'INSEE.`);
  }
  return ok(id);
}
