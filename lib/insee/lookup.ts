/**
 * The directory's answer for one SIRET, shared by the local copy (lib/insee/directory.ts) and
 * INSEE's live Sirene API (lib/insee/sirene-api.ts). No database client here: callers pass a query function,
 * so that scripts and benchmarks run the very same query outside Next.js.
 */

export type AdressePostale = {
  /** Number, repetition index, street type and name, e.g. « 13 PLACE VENDOME ». */
  ligne1: string | null;
  complement: string | null;
  codePostal: string | null;
  ville: string | null;
  pays: string;
};

export type SiretSource = "annuaire" | "api";

export type SiretInconnu = { status: "INCONNU" };
export type SiretFerme = {
  status: "FERME";
  siret: string;
  siren: string;
  /** null when INSEE does not release it (diffusion partielle of an individual entrepreneur). */
  raisonSociale: string | null;
  diffusionPartielle: boolean;
  source: SiretSource;
};
export type SiretActif = {
  status: "ACTIF";
  siret: string;
  siren: string;
  /** `denominationUniteLegale`, or « prénom nom » for an individual entrepreneur; null when masked by INSEE. */
  raisonSociale: string | null;
  /** null when the establishment is in diffusion partielle (address, postal code, city and country masked). */
  adresse: AdressePostale | null;
  diffusionPartielle: boolean;
  categorieJuridique: string | null;
  source: SiretSource;
};
export type SiretLookup = SiretInconnu | SiretFerme | SiretActif;

/** One establishment joined with its legal unit, with the column names of insee_etablissement. */
export type DirectoryRow = {
  siret: string;
  siren: string;
  etatAdministratif: string | null;
  statutDiffusion: string | null;
  enseigne: string | null;
  numeroVoie: string | null;
  indiceRepetition: string | null;
  typeVoie: string | null;
  libelleVoie: string | null;
  complementAdresse: string | null;
  codePostal: string | null;
  libelleCommune: string | null;
  codeCommune: string | null;
  libelleCommuneEtranger: string | null;
  libellePaysEtranger: string | null;
  codePaysEtranger: string | null;
  denomination: string | null;
  nom: string | null;
  prenom: string | null;
  categorieJuridique: string | null;
  statutDiffusionUniteLegale: string | null;
};

/** The one query of a lookup: primary key of the establishment, joined on the legal unit's primary key. */
export const LOOKUP_SIRET_SQL = `SELECT e."siret", e."siren", e."etatAdministratif", e."statutDiffusion", e."enseigne",
  e."numeroVoie", e."indiceRepetition", e."typeVoie", e."libelleVoie", e."complementAdresse", e."codePostal",
  e."libelleCommune", e."codeCommune", e."libelleCommuneEtranger", e."libellePaysEtranger", e."codePaysEtranger",
  u."denomination", u."nom", u."prenom", u."categorieJuridique", u."statutDiffusion" AS "statutDiffusionUniteLegale"
FROM insee_etablissement e LEFT JOIN insee_unite_legale u ON u."siren" = e."siren"
WHERE e."siret" = $1`;

export type QueryRows = (sql: string, params: unknown[]) => Promise<unknown[]>;

/** « 130 005 093 00112 » → « 13000509300112 »; null when it is not 14 digits. */
export function normalizeSiret(input: string): string | null {
  const siret = input.replace(/[\s\u00a0\u202f.-]/g, "");
  return /^\d{14}$/.test(siret) ? siret : null;
}

/** Looks a SIRET up in the local copy of the directory. */
export async function lookupSiretLocal(query: QueryRows, input: string): Promise<SiretLookup> {
  const siret = normalizeSiret(input);
  if (!siret) return { status: "INCONNU" };
  const rows = (await query(LOOKUP_SIRET_SQL, [siret])) as DirectoryRow[];
  return rows.length ? directoryRowToLookup(rows[0], "annuaire") : { status: "INCONNU" };
}

/** A value as shown to users: absent, blank and INSEE's mask « [ND] » all read as null. */
export function visible(value: string | null | undefined): string | null {
  if (value == null) return null;
  const v = value.trim();
  return v === "" || v === "[ND]" ? null : v;
}

/** Individual entrepreneur (« Entrepreneur individuel », catégorie juridique 1000). */
export const CATEGORIE_ENTREPRENEUR_INDIVIDUEL = "1000";

export function raisonSociale(row: Pick<DirectoryRow, "denomination" | "nom" | "prenom" | "categorieJuridique" | "enseigne">): string | null {
  const person = [visible(row.prenom), visible(row.nom)].filter(Boolean).join(" ") || null;
  const name = row.categorieJuridique === CATEGORIE_ENTREPRENEUR_INDIVIDUEL ? person : (visible(row.denomination) ?? person);
  return name ?? visible(row.enseigne);
}

/** INSEE's street type codes (typeVoieEtablissement) and the words they stand for. */
const TYPES_VOIE: Record<string, string> = {
  ALL: "ALLEE",
  AV: "AVENUE",
  BD: "BOULEVARD",
  CAR: "CARREFOUR",
  CHE: "CHEMIN",
  CHS: "CHAUSSEE",
  CITE: "CITE",
  COR: "CORNICHE",
  CRS: "COURS",
  DOM: "DOMAINE",
  DSC: "DESCENTE",
  ECA: "ECART",
  ESP: "ESPLANADE",
  FG: "FAUBOURG",
  GR: "GRANDE RUE",
  HAM: "HAMEAU",
  HLE: "HALLE",
  IMP: "IMPASSE",
  LD: "LIEU-DIT",
  LOT: "LOTISSEMENT",
  MAR: "MARCHE",
  MTE: "MONTEE",
  PAS: "PASSAGE",
  PL: "PLACE",
  PLN: "PLAINE",
  PLT: "PLATEAU",
  PRO: "PROMENADE",
  PRV: "PARVIS",
  QUA: "QUARTIER",
  QUAI: "QUAI",
  RES: "RESIDENCE",
  RLE: "RUELLE",
  ROC: "ROCADE",
  RPT: "ROND-POINT",
  RTE: "ROUTE",
  RUE: "RUE",
  SEN: "SENTIER",
  SQ: "SQUARE",
  TPL: "TERRE-PLEIN",
  TRA: "TRAVERSE",
  VLA: "VILLA",
  VLGE: "VILLAGE",
};
const INDICES_REPETITION: Record<string, string> = { B: "BIS", T: "TER", Q: "QUATER", C: "QUINQUIES" };

export function adresseLigne1(row: Pick<DirectoryRow, "numeroVoie" | "indiceRepetition" | "typeVoie" | "libelleVoie">): string | null {
  const indice = visible(row.indiceRepetition);
  const type = visible(row.typeVoie);
  const parts = [
    visible(row.numeroVoie),
    indice && (INDICES_REPETITION[indice.toUpperCase()] ?? indice),
    type && (TYPES_VOIE[type.toUpperCase()] ?? type),
    visible(row.libelleVoie),
  ].filter(Boolean);
  return parts.length ? parts.join(" ") : null;
}

export function adressePostale(row: DirectoryRow): AdressePostale {
  const paysEtranger = visible(row.libellePaysEtranger);
  const etranger = paysEtranger !== null || visible(row.codePaysEtranger) !== null;
  return {
    ligne1: adresseLigne1(row),
    complement: visible(row.complementAdresse),
    codePostal: visible(row.codePostal),
    ville: etranger ? visible(row.libelleCommuneEtranger) : visible(row.libelleCommune),
    pays: etranger ? (paysEtranger ?? visible(row.codePaysEtranger) ?? "") : "FRANCE",
  };
}

export function directoryRowToLookup(row: DirectoryRow, source: SiretSource): SiretFerme | SiretActif {
  const diffusionPartielle = row.statutDiffusion === "P" || row.statutDiffusionUniteLegale === "P";
  const common = { siret: row.siret, siren: row.siren, raisonSociale: raisonSociale(row), diffusionPartielle };
  if (row.etatAdministratif === "F") return { status: "FERME", ...common, source };
  return {
    status: "ACTIF",
    ...common,
    adresse: diffusionPartielle ? null : adressePostale(row),
    categorieJuridique: visible(row.categorieJuridique),
    source,
  };
}
