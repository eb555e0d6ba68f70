import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { journal } from "@/lib/journal-technique";
import { lookupSiretLocal, normalizeSiret, type SiretLookup } from "./lookup";
import { fetchSiretFromSireneApi } from "./sirene-api";

export type { AdressePostale, SiretActif, SiretFerme, SiretInconnu, SiretLookup, SiretSource } from "./lookup";
export { normalizeSiret } from "./lookup";

/**
 * The INSEE directory's answer for a SIRET: the portal's own copy first (one query on primary keys);
 * when the SIRET is not there and an INSEE_API_KEY is configured, INSEE's live Sirene API.
 * An unreachable API is logged and reads as INCONNU: the local copy stays the reference.
 */
export async function lookupSiret(input: string): Promise<SiretLookup> {
  const local = await lookupSiretLocal((sql, params) => db.$queryRawUnsafe(sql, ...params), input);
  if (local.status !== "INCONNU") return local;
  const siret = normalizeSiret(input);
  const { INSEE_API_KEY, INSEE_API_URL } = env();
  if (!siret || !INSEE_API_KEY) return local;
  try {
    return await fetchSiretFromSireneApi(siret, { apiUrl: INSEE_API_URL, apiKey: INSEE_API_KEY });
  } catch (error) {
    journal.warn({ siret, err: error }, "INSEE : recherche du SIRET dans l'API Sirene impossible");
    return local;
  }
}
