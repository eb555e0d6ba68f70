import { createHash } from "node:crypto";
import { isIP } from "node:net";
import { Pool } from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "@/lib/env";
import { compterRefusLimite } from "@/lib/supervision/metriques";
import { journal } from "@/lib/journal-technique";
import { TropDeDemandes, delaiEnMots } from "./trop-de-demandes";

/**
 * The portal's rate limits, shared by every instance: the counters live in PostgreSQL (table `limite_debit`,
 * rate-limiter-flexible), not in one process's memory. Each limit has a name, and a budget per client address
 * (`ip`) and per account or identifier (`identifiant`: the signed-in user's id, or the address typed in a public
 * form). An endpoint names its limit — `action({ …, limite: "annuaire" })`, `route({ …, limite: "envoiFichier" })`,
 * or `exigerLimite("annuaire", …)` in a page — and a request over it gets TROP_DE_DEMANDES (429 with `Retry-After`
 * for a route) with the wait in French.
 *
 * LIMITES_DEBIT_FACTEUR multiplies every budget (the browser tests, which sign in hundreds of times from one
 * address, run with 20). Sign-in has its own rule per account on top of its budget: see `tentativeConnexion`.
 */

/** A budget: `points` requests per `duree` seconds. */
export type Budget = { points: number; duree: number };
export type Regle = { libelle: string; ip?: Budget; identifiant?: Budget };

export const LIMITES = {
  connexion: { libelle: "Connexion", ip: { points: 30, duree: 60 } },
  creationCompte: { libelle: "Création de compte", ip: { points: 10, duree: 3600 }, identifiant: { points: 3, duree: 3600 } },
  captcha: { libelle: "Nouveau captcha", ip: { points: 60, duree: 600 } },
  lien: { libelle: "Demande de lien d'activation ou de réinitialisation", ip: { points: 10, duree: 900 }, identifiant: { points: 3, duree: 900 } },
  siret: { libelle: "Recherche d'un SIRET (création de compte)", ip: { points: 60, duree: 60 } },
  envoiFichier: { libelle: "Envoi de fichier", ip: { points: 300, duree: 600 }, identifiant: { points: 200, duree: 600 } },
  annuaire: { libelle: "Recherche dans l'annuaire des structures", ip: { points: 120, duree: 60 }, identifiant: { points: 60, duree: 60 } },
  export: { libelle: "Exports et téléchargements groupés (CSV, XLSX, ZIP)", ip: { points: 60, duree: 600 }, identifiant: { points: 30, duree: 600 } },
  invitation: { libelle: "Invitation d'un utilisateur par courriel", ip: { points: 30, duree: 3600 }, identifiant: { points: 20, duree: 3600 } },
  api: { libelle: "Autres requêtes (routes de l'API)", ip: { points: 600, duree: 60 }, identifiant: { points: 300, duree: 60 } },
} as const satisfies Record<string, Regle>;

export type NomLimite = keyof typeof LIMITES;
type Dimension = "ip" | "identifiant";

// --- Store -------------------------------------------------------------------------------------------------------

const globalLimites = globalThis as unknown as { poolLimites?: Pool };
/** A small pool of its own (the same database as lib/db.ts): a counter never waits behind the application's queries. */
function pool(): Pool {
  if (!globalLimites.poolLimites) {
    const p = new Pool({ connectionString: env().DATABASE_URL, max: 4, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5_000 });
    // An idle connection that PostgreSQL closes (restart, failover) is dropped by the pool, which opens another when
    // needed; without this listener its error would end the process.
    p.on("error", (error) => journal.warn({ err: error }, "limites de débit : connexion inactive perdue, le pool en ouvrira une autre"));
    globalLimites.poolLimites = p;
  }
  return globalLimites.poolLimites;
}

const instances = new Map<string, RateLimiterPostgres>();
let nettoyeur = false;
/** One limiter per name, budget and dimension; the first one also deletes the rows expired an hour ago (every 5 minutes). */
function limiteur(prefixe: string, budget: Budget): RateLimiterPostgres {
  const id = `${prefixe}/${budget.points}/${budget.duree}`;
  let l = instances.get(id);
  if (!l) {
    l = new RateLimiterPostgres({
      storeClient: pool(),
      storeType: "pool",
      tableName: "limite_debit",
      tableCreated: true,
      keyPrefix: prefixe,
      points: budget.points,
      duration: budget.duree,
      clearExpiredByTimeout: !nettoyeur,
    });
    nettoyeur = true;
    instances.set(id, l);
  }
  return l;
}

/** Graceful shutdown (lib/processus/arret.ts): closes the counters' pool; a later use of a limit opens another. */
export async function fermerLimites(): Promise<void> {
  const p = globalLimites.poolLimites;
  globalLimites.poolLimites = undefined;
  instances.clear();
  nettoyeur = false;
  await p?.end();
}

// --- Budgets -------------------------------------------------------------------------------------------------------

let remplacements: Partial<Record<NomLimite, Partial<Record<Dimension, Budget>>>> = {};

/** Tests: other budgets for some limits (short windows, few points); `{}` restores the portal's own. */
export function remplacerBudgets(budgets: Partial<Record<NomLimite, Partial<Record<Dimension, Budget>>>>): void {
  remplacements = budgets;
}

function facteur(): number {
  return env().LIMITES_DEBIT_FACTEUR;
}

export function budget(nom: NomLimite, dimension: Dimension): Budget | undefined {
  const propre = remplacements[nom]?.[dimension];
  if (propre) return propre;
  const b = (LIMITES[nom] as Regle)[dimension];
  return b && { points: Math.max(1, Math.round(b.points * facteur())), duree: b.duree };
}

// --- Keys ----------------------------------------------------------------------------------------------------------

/**
 * The counter key of an address: IPv4 as is (also when written as IPv6, `::ffff:a.b.c.d`), IPv6 by its /64 prefix
 * (one subscriber's whole network, which he can spread his requests over). Null when unknown (no trusted proxy,
 * tests, scripts): no per-address limit then, the per-account ones still apply.
 */
export function cleIp(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const v4 = ip.replace(/^::ffff:/i, "");
  if (isIP(v4) === 4) return v4;
  if (isIP(ip) !== 6) return null;
  const [tete, queue = ""] = ip.toLowerCase().split("::");
  const gauche = tete ? tete.split(":") : [];
  const droite = queue ? queue.split(":") : [];
  const groupes = ip.includes("::") ? [...gauche, ...Array(8 - gauche.length - droite.length).fill("0"), ...droite] : gauche;
  return `${groupes
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

/** Identifiers (addresses typed in a form, user ids) are counted by their hash: the table holds no address in clear. */
function cleIdentifiant(identifiant: string): string {
  return createHash("sha256").update(identifiant.trim().toLowerCase()).digest("base64url").slice(0, 32);
}

// --- Consumption ---------------------------------------------------------------------------------------------------

export type Cles = { ip?: string | null; identifiant?: string | null };

function secondes(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

async function consommerUne(nom: NomLimite, dimension: Dimension, cle: string | null | undefined): Promise<void> {
  const k = dimension === "ip" ? cleIp(cle) : cle ? cleIdentifiant(cle) : null;
  if (!k) return;
  const b = budget(nom, dimension);
  if (!b) return;
  try {
    await limiteur(`${nom}.${dimension}`, b).consume(k);
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      compterRefusLimite(nom, dimension);
      throw new TropDeDemandes(secondes(error));
    }
    throw error;
  }
}

/**
 * Counts one request against the limit `nom`, for the client's address and for the account or identifier; throws
 * `TropDeDemandes` (TROP_DE_DEMANDES, with the wait) when one of them is over its budget. A key that is unknown or
 * absent is not counted (nothing to count it by).
 */
export async function exigerLimite(nom: NomLimite, cles: Cles): Promise<void> {
  await consommerUne(nom, "ip", cles.ip);
  await consommerUne(nom, "identifiant", cles.identifiant);
}

/** For a page: `null` when the request is within the limit, else the French message to show instead of the results. */
export async function refusLimite(nom: NomLimite, cles: Cles): Promise<{ message: string; secondes: number } | null> {
  try {
    await exigerLimite(nom, cles);
    return null;
  } catch (error) {
    if (error instanceof TropDeDemandes) return { message: error.message, secondes: error.secondes };
    throw error;
  }
}

// --- Sign-in, per account ------------------------------------------------------------------------------------------

/** Failures in a row on one identifier before the first wait. */
export const ECHECS_AVANT_ATTENTE = 5;
/** Waits after the 5th, 6th… 9th failure in a row, in seconds; from the 10th on, the account is locked. */
export const ATTENTES_CONNEXION = [30, 60, 120, 240, 480] as const;
export const ECHECS_AVANT_VERROUILLAGE = ECHECS_AVANT_ATTENTE + ATTENTES_CONNEXION.length;
/** The lock, in minutes: it expires by itself (and « Mot de passe oublié » lifts it). */
export const VERROUILLAGE_MINUTES = 15;
/** The failures are forgotten one day after the first one (and at once on a successful sign-in or a new password). */
const MEMOIRE_ECHECS_SECONDES = 24 * 3600;

/** The wait imposed after the `rang`-th failure in a row (0: none). */
export function attenteApresEchec(rang: number): number {
  if (rang < ECHECS_AVANT_ATTENTE) return 0;
  return ATTENTES_CONNEXION[rang - ECHECS_AVANT_ATTENTE] ?? VERROUILLAGE_MINUTES * 60;
}

const echecs = () => limiteur("connexion.echecs", { points: 1_000_000, duree: MEMOIRE_ECHECS_SECONDES });
/** The wait between two attempts (1 point: a second attempt inside the window is refused). */
const pas = () => limiteur("connexion.pas", { points: 1, duree: VERROUILLAGE_MINUTES * 60 });

function attendre(s: number): TropDeDemandes {
  // A sign-in refused before its password is checked: the account's wait after failures in a row.
  compterRefusLimite("connexion", "compte");
  return new TropDeDemandes(
    s,
    `Trop de tentatives de connexion infructueuses pour ce compte : réessayez dans ${delaiEnMots(s)}, ou utilisez « Mot de passe oublié ».`,
  );
}

/**
 * Before a password is checked for this identifier (the typed address, whether or not an account has it: an
 * attacker learns nothing by the waits). The first failures cost nothing; after ECHECS_AVANT_ATTENTE failures in a
 * row each attempt must wait (ATTENTES_CONNEXION, doubling), then the account is locked for VERROUILLAGE_MINUTES,
 * a lock that expires: a user whose address an attacker hammers is slowed, never shut out for good. Returns the
 * attempt's rank among the failures in a row (counted before the check, so that parallel attempts cannot slip
 * past: past the free ones, only one attempt at a time is checked).
 */
export async function tentativeConnexion(identifiant: string): Promise<number> {
  const k = cleIdentifiant(identifiant);
  const attente = await pas().get(k);
  if (attente && attente.consumedPoints >= 1 && attente.msBeforeNext > 0) throw attendre(secondes(attente));
  const rang = (await echecs().consume(k)).consumedPoints;
  if (rang > ECHECS_AVANT_ATTENTE) {
    try {
      await pas().consume(k, 1, { customDuration: attenteApresEchec(rang) });
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      // Refused without a check: not a failure.
      await echecs().reward(k);
      throw attendre(secondes(error));
    }
  }
  return rang;
}

/** The attempt of rank `rang` failed: the wait it imposes before the next one (0 while the failures are free), in seconds. */
export async function echecConnexion(identifiant: string, rang: number): Promise<number> {
  const attente = attenteApresEchec(rang);
  if (attente > 0) await pas().block(cleIdentifiant(identifiant), attente);
  return attente;
}

/** A successful sign-in, or a new password: the failures and waits of this identifier are forgotten. */
export async function oublierEchecsConnexion(identifiant: string): Promise<void> {
  const k = cleIdentifiant(identifiant);
  await Promise.all([echecs().delete(k), pas().delete(k)]);
}

/**
 * Mails about sign-in attempts (lock, attempt on a deactivated or not-activated account) are at most one per
 * account every VERROUILLAGE_MINUTES: an attacker cannot flood the owner's mailbox. True when this one may go.
 */
export async function alertePermise(userId: string): Promise<boolean> {
  try {
    await limiteur("connexion.alerte", { points: 1, duree: VERROUILLAGE_MINUTES * 60 }).consume(cleIdentifiant(userId));
    return true;
  } catch (error) {
    if (error instanceof RateLimiterRes) return false;
    throw error;
  }
}
