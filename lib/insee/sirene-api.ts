import { directoryRowToLookup, normalizeSiret, type DirectoryRow, type SiretLookup } from "./lookup";

/**
 * Adapter for INSEE's live Sirene API (V3.11): `GET {INSEE_API_URL}/siret/{siret}` with the header
 * `X-INSEE-Api-Key-Integration`. Its JSON is mapped to the same answer as the local copy of the directory.
 */

export type SireneApiConfig = {
  apiUrl: string;
  apiKey: string;
  /** Injected in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  timeoutMs?: number;
};

/** The API is unreachable, refused the key or is rate-limited; the message is in French. */
export class SireneApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "SireneApiError";
  }
}

type Str = string | null | undefined;

/** The parts of the API's `etablissement` object this adapter reads. */
export type SireneApiEtablissement = {
  siren?: Str;
  nic?: Str;
  siret?: Str;
  statutDiffusionEtablissement?: Str;
  uniteLegale?: {
    etatAdministratifUniteLegale?: Str;
    statutDiffusionUniteLegale?: Str;
    categorieJuridiqueUniteLegale?: Str;
    denominationUniteLegale?: Str;
    nomUniteLegale?: Str;
    prenom1UniteLegale?: Str;
  } | null;
  adresseEtablissement?: {
    complementAdresseEtablissement?: Str;
    numeroVoieEtablissement?: Str;
    indiceRepetitionEtablissement?: Str;
    typeVoieEtablissement?: Str;
    libelleVoieEtablissement?: Str;
    codePostalEtablissement?: Str;
    libelleCommuneEtablissement?: Str;
    codeCommuneEtablissement?: Str;
    libelleCommuneEtrangerEtablissement?: Str;
    codePaysEtrangerEtablissement?: Str;
    libellePaysEtrangerEtablissement?: Str;
  } | null;
  periodesEtablissement?: Array<{
    dateFin?: Str;
    dateDebut?: Str;
    etatAdministratifEtablissement?: Str;
    enseigne1Etablissement?: Str;
  }> | null;
};

export type SireneApiSiretResponse = { header?: { statut?: number; message?: string }; etablissement?: SireneApiEtablissement | null };

const text = (v: unknown): string | null => (v == null ? null : String(v));

/** Maps the JSON of `GET /siret/{siret}` to the directory's answer. */
export function mapSireneApiEtablissement(json: unknown): SiretLookup {
  const etablissement = (json as SireneApiSiretResponse | null)?.etablissement;
  if (!etablissement) return { status: "INCONNU" };
  const ul = etablissement.uniteLegale ?? {};
  const adresse = etablissement.adresseEtablissement ?? {};
  const periodes = etablissement.periodesEtablissement ?? [];
  // The current period is the one without an end date (INSEE lists it first).
  const periode = periodes.find((p) => p.dateFin == null) ?? periodes[0] ?? {};
  const siren = text(etablissement.siren);
  const siret = text(etablissement.siret) ?? (siren && etablissement.nic ? `${siren}${etablissement.nic}` : null);
  if (!siret || !siren) return { status: "INCONNU" };
  const row: DirectoryRow = {
    siret,
    siren,
    etatAdministratif: text(periode.etatAdministratifEtablissement),
    statutDiffusion: text(etablissement.statutDiffusionEtablissement),
    enseigne: text(periode.enseigne1Etablissement),
    numeroVoie: text(adresse.numeroVoieEtablissement),
    indiceRepetition: text(adresse.indiceRepetitionEtablissement),
    typeVoie: text(adresse.typeVoieEtablissement),
    libelleVoie: text(adresse.libelleVoieEtablissement),
    complementAdresse: text(adresse.complementAdresseEtablissement),
    codePostal: text(adresse.codePostalEtablissement),
    libelleCommune: text(adresse.libelleCommuneEtablissement),
    codeCommune: text(adresse.codeCommuneEtablissement),
    libelleCommuneEtranger: text(adresse.libelleCommuneEtrangerEtablissement),
    libellePaysEtranger: text(adresse.libellePaysEtrangerEtablissement),
    codePaysEtranger: text(adresse.codePaysEtrangerEtablissement),
    denomination: text(ul.denominationUniteLegale),
    nom: text(ul.nomUniteLegale),
    prenom: text(ul.prenom1UniteLegale),
    categorieJuridique: text(ul.categorieJuridiqueUniteLegale),
    statutDiffusionUniteLegale: text(ul.statutDiffusionUniteLegale),
  };
  return directoryRowToLookup(row, "api");
}

/** Asks the live Sirene API about one SIRET. 404 (and 403, as other clients do) → INCONNU; other failures throw a SireneApiError. */
export async function fetchSiretFromSireneApi(input: string, config: SireneApiConfig): Promise<SiretLookup> {
  const siret = normalizeSiret(input);
  if (!siret) return { status: "INCONNU" };
  const doFetch = config.fetch ?? fetch;
  const url = `${config.apiUrl.replace(/\/+$/, "")}/siret/${siret}`;
  let response: Response;
  try {
    response = await doFetch(url, {
      headers: { Accept: "application/json", "X-INSEE-Api-Key-Integration": config.apiKey },
      signal: AbortSignal.timeout(config.timeoutMs ?? 5000),
    });
  } catch (error) {
    throw new SireneApiError(`L'API Sirene de l'INSEE ne répond pas (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (response.status === 404 || response.status === 403) return { status: "INCONNU" };
  if (response.status === 401) throw new SireneApiError("L'API Sirene de l'INSEE refuse la clé INSEE_API_KEY.", 401);
  if (response.status === 429) throw new SireneApiError("L'API Sirene de l'INSEE limite le nombre d'appels : réessayez dans une minute.", 429);
  if (!response.ok) throw new SireneApiError(`L'API Sirene de l'INSEE a répondu ${response.status}.`, response.status);
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new SireneApiError("L'API Sirene de l'INSEE a renvoyé une réponse illisible.", response.status);
  }
  return mapSireneApiEtablissement(json);
}
