import { baseIndisponible } from "@/lib/db/indisponible";
import { env } from "@/lib/env";
import { etatCourriels } from "./metriques";

/**
 * The readiness of this process (`/api/health/ready`), for the load balancer: can it serve requests now?
 *
 * - `base`: PostgreSQL answers `SELECT 1`;
 * - `stockage`: the object store (or the files' folder) answers (`stockage().verifier()`, lib/files/stockage.ts);
 * - `courriels`: the outbox's depth (mails not sent yet) and the age of the oldest; « dégradé » beyond
 *   SANTE_COURRIELS_EN_ATTENTE_MAX mails or SANTE_COURRIELS_AGE_MAX_S seconds — mail is late (SMTP slow or down,
 *   workers stuck), but the process still serves: it stays in the pool (200), the operator is told.
 *
 * « indisponible » (503) when the database or the store fails or does not answer within DELAI_MS, and from SIGTERM
 * on (lib/processus/arret.ts), so that the load balancer stops sending requests before the process stops. The result
 * is shared for CACHE_MS by every probe: however many probes come, the database sees at most one check per second
 * and per process.
 */

export const DELAI_MS = 2000;
const CACHE_MS = 1000;

export type Verification = { statut: "ok" | "dégradé" | "échec"; dureeMs: number; detail?: string } & Record<string, unknown>;
export type EtatSante = {
  statut: "ok" | "dégradé" | "indisponible";
  arretEnCours?: true;
  verifications: { base: Verification; stockage: Verification; courriels: Verification };
};

class DelaiDepasse extends Error {}

function sousDelai<T>(p: Promise<T>, ms: number): Promise<T> {
  let minuterie: NodeJS.Timeout | undefined;
  const delai = new Promise<never>((_, rejeter) => {
    minuterie = setTimeout(() => rejeter(new DelaiDepasse()), ms);
  });
  return Promise.race([p, delai]).finally(() => clearTimeout(minuterie));
}

/** A short reason, without the error's message (it may name hosts or paths): the operator reads the logs for more. */
function raison(error: unknown): string {
  if (error instanceof DelaiDepasse) return `pas de réponse en ${DELAI_MS} ms`;
  if (baseIndisponible(error)) return "injoignable";
  const code = (error as { code?: unknown; name?: unknown } | null)?.code ?? (error as { name?: unknown } | null)?.name;
  return typeof code === "string" && /^[A-Za-z0-9_.]{1,40}$/.test(code) ? `erreur (${code})` : "erreur";
}

/** Runs one check within DELAI_MS. `f` gives the check once its modules are loaded: their loading (the AWS SDK, Prisma's client) is not timed. */
async function verifier(f: () => Promise<() => Promise<Partial<Verification> | undefined>>): Promise<Verification> {
  let debut = performance.now();
  try {
    const verification = await f();
    debut = performance.now();
    const r = (await sousDelai(verification(), DELAI_MS)) ?? {};
    return { statut: "ok", ...r, dureeMs: Math.round(performance.now() - debut) };
  } catch (error) {
    const { journal } = await import("@/lib/journal-technique");
    journal.warn({ err: error }, "santé : une vérification a échoué");
    return { statut: "échec", dureeMs: Math.round(performance.now() - debut), detail: raison(error) };
  }
}

async function verifierBase() {
  const { db } = await import("@/lib/db");
  return async () => {
    await db.$queryRaw`SELECT 1`;
    return undefined;
  };
}

async function verifierStockage() {
  const { stockage } = await import("@/lib/files/stockage");
  return async () => {
    await stockage().verifier();
    return undefined;
  };
}

async function verifierCourriels() {
  await import("@/lib/db");
  return async (): Promise<Partial<Verification>> => {
    const { enAttente, plusAncienSecondes } = await etatCourriels();
    const { SANTE_COURRIELS_EN_ATTENTE_MAX: max, SANTE_COURRIELS_AGE_MAX_S: ageMax } = env();
    const retard = enAttente > max || plusAncienSecondes > ageMax;
    return {
      statut: retard ? "dégradé" : "ok",
      enAttente,
      plusAncienSecondes: Math.round(plusAncienSecondes),
      ...(retard ? { detail: `au-delà des seuils (${max} courriels, ${ageMax} s)` } : {}),
    };
  };
}

async function arretEnCours(): Promise<boolean> {
  try {
    return (await import("@/lib/processus/arret")).arretEnCours();
  } catch {
    return false;
  }
}

async function evaluer(): Promise<EtatSante> {
  const [base, stockage, courriels, arret] = await Promise.all([
    verifier(verifierBase),
    verifier(verifierStockage),
    verifier(verifierCourriels),
    arretEnCours(),
  ]);
  const verifications = { base, stockage, courriels };
  const statut = arret || base.statut === "échec" || stockage.statut === "échec" ? "indisponible" : courriels.statut === "ok" ? "ok" : "dégradé";
  return { statut, ...(arret ? { arretEnCours: true as const } : {}), verifications };
}

const globaux = globalThis as typeof globalThis & { __portailSante?: { le: number; etat: Promise<EtatSante> } };

/** The readiness now (one evaluation shared by the probes of the same second). */
export function etatSante(o: { cache?: boolean } = {}): Promise<EtatSante> {
  const maintenant = Date.now();
  const dernier = globaux.__portailSante;
  if (o.cache !== false && dernier && maintenant - dernier.le < CACHE_MS) return dernier.etat;
  const etat = evaluer();
  globaux.__portailSante = { le: maintenant, etat };
  return etat;
}
