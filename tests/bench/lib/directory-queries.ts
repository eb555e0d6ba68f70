import type { RechercheStructuresInput } from "../../../lib/structures/recherche-schema";
import { prng, sansAccents, type StructureGeneree } from "./directory-generator";

/**
 * Typical « Recherche avancée » searches, typed as users type them (lower case, often without accents,
 * words cut short), drawn from rows that are in the directory.
 */
export type Recherche = { kind: string; label: string; input: RechercheStructuresInput };

const MOTS_VIDES = new Set(["de", "du", "des", "la", "le", "les", "et", "d", "l", "sarl", "sas", "sasu", "eurl", "sa", "sci", "snc", "scop"]);

export function construireRecherches(sample: StructureGeneree[], perKind: number, seed: number): Recherche[] {
  const rnd = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const typed = (s: string) => (rnd() < 0.7 ? sansAccents(s) : s).toLowerCase();
  const words = (s: StructureGeneree) => s.raisonSociale.split(/[\s'-]+/).filter((w) => w.length >= 3 && !MOTS_VIDES.has(w.toLowerCase()));
  const withWords = sample.filter((s) => words(s).length >= 2 && !s.isPublicBuyer);
  const accented = withWords.filter((s) => /[À-ÿ]/.test(s.raisonSociale));
  const located = sample.filter((s) => !s.diffusionPartielle && s.ville && s.codePostal && words(s).length >= 1);
  const buyers = sample.filter((s) => s.isPublicBuyer);
  const page = () => ({ page: 1, pageSize: 20 });
  const make: Record<string, () => Recherche["input"]> = {
    "début de deux mots": () => {
      const w = words(pick(withWords));
      return { q: typed(`${w[0].slice(0, 3 + Math.floor(rnd() * 3))} ${w[w.length - 1].slice(0, 4 + Math.floor(rnd() * 3))}`), ...page() };
    },
    "raison sociale complète": () => ({ q: typed(pick(withWords).raisonSociale), ...page() }),
    "avec accents": () => {
      const w = words(pick(accented));
      return { q: `${w[0]} ${w[1]}`.toLowerCase(), ...page() };
    },
    "un seul mot (nom, métier)": () => ({ q: typed(pick(words(pick(withWords)))), ...page() }),
    "ville seule": () => ({ ville: typed(pick(located).ville!), ...page() }),
    "mot + ville": () => {
      const s = pick(located);
      return { q: typed(words(s)[0].slice(0, 5)), ville: typed(s.ville!), ...page() };
    },
    "code postal seul": () => ({ codePostal: pick(located).codePostal!, ...page() }),
    "mot + département (2 chiffres)": () => {
      const s = pick(located);
      return { q: typed(words(s)[0]), codePostal: s.codePostal!.slice(0, 2), ...page() };
    },
    "SIRET complet": () => ({ siret: pick(sample).siret!, ...page() }),
    "SIREN dans la raison sociale": () => ({ q: pick(sample).siret!.slice(0, 9), ...page() }),
    "acheteur public (filtre)": () => {
      const s = pick(buyers);
      return { q: typed(s.raisonSociale.split(" ").slice(-2).join(" ")), filtre: { publicBuyer: true }, ...page() };
    },
  };
  const out: Recherche[] = [];
  for (const [kind, f] of Object.entries(make)) {
    for (let i = 0; i < perKind; i++) {
      const input = f();
      out.push({ kind, label: [input.q, input.siret, input.ville, input.codePostal].filter(Boolean).join(" / "), input });
    }
  }
  // Kinds interleaved, as they would come from many users.
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
