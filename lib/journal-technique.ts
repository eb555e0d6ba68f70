import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type DestinationStream, type Logger } from "pino";

/**
 * The technical log of the portal: one JSON line per event on the standard output (pino), for the operators — not
 * the business audit trail (lib/audit/journal.ts). Every line carries the request id of the request (or job) that
 * caused it, carried by AsyncLocalStorage from the route or action wrapper (lib/routes.ts, lib/actions.ts) down to
 * the domain call, its SQL errors (lib/db.ts) and the jobs it enqueues (lib/jobs/boss.ts).
 *
 *   journal.info({ pieceId }, "pièce envoyée");
 *   journal.error({ err: error }, "envoi impossible");
 *
 * No personal data and no secret ever reaches a line: every object and message logged goes through `masquer`
 * (values of sensitive keys replaced, e-mail addresses, IBANs, bearer tokens, JWTs, URL credentials and link tokens
 * masked in any text, stack traces included). Log ids (user, piece, outbox), never a name or an address.
 *
 * LOG_LEVEL (fatal, error, warn, info, debug, trace, silent): info by default, silent under Vitest.
 */

// --- Context of the request ------------------------------------------------------------------------------------

export type ContexteRequete = {
  /** The request id (X-Request-Id), or the job's for work started by a job. */
  requestId: string;
};

type Globaux = { __portailContexteRequete?: AsyncLocalStorage<ContexteRequete>; __portailJournal?: Etat };
const globaux = globalThis as typeof globalThis & Globaux;
// One store per process, whatever bundle this module is loaded from.
globaux.__portailContexteRequete ??= new AsyncLocalStorage<ContexteRequete>();
const stockage = globaux.__portailContexteRequete;

/** Runs `f` with this request context: every line it logs, and every job it enqueues, carries its request id. */
export function avecContexte<T>(contexte: ContexteRequete, f: () => T): T {
  return stockage.run(contexte, f);
}

/** The context of the request being served, if any. */
export function contexteCourant(): ContexteRequete | undefined {
  return stockage.getStore();
}

// --- Masking -----------------------------------------------------------------------------------------------------

export const MASQUE = "[masqué]";

/** Keys whose value is never logged (compared lower-case, without `-` and `_`). */
const CLES_SENSIBLES = new Set([
  "password",
  "passwordhash",
  "motdepasse",
  "nouveaumotdepasse",
  "secret",
  "token",
  "jeton",
  "accesstoken",
  "refreshtoken",
  "apikey",
  "authorization",
  "proxyauthorization",
  "cookie",
  "setcookie",
  "email",
  "contactemail",
  "mail",
  "to",
  "from",
  "destinataire",
  "iban",
  "bic",
  "name",
  "nom",
  "prenom",
  "firstname",
  "lastname",
  "acteurnom",
  "telephone",
  "phone",
  "ip",
  "captcha",
]);

// Every repeated part is bounded: an unbounded `[…]+` before a literal that never comes (a long text without « @ »)
// is tried again from each position, quadratic in the text's length — a request carrying a long string would hold the
// process for minutes while its error is logged. Texts are also cut at TEXTE_MAX characters before masking.
const MOTIFS: [RegExp, string][] = [
  // Credentials in a URL (postgresql://user:password@host, smtp://…).
  [/\b([a-z][a-z0-9+.-]{0,31}:\/\/)[^\s/@:]{1,256}:[^\s/@]{1,256}@/gi, `$1${MASQUE}@`],
  // Bearer / Basic credentials.
  [/\b(Bearer|Basic)\s{1,8}[A-Za-z0-9._~+/=-]+/g, `$1 ${MASQUE}`],
  // JSON Web Tokens (session tokens, next-auth's cookie).
  [/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]*)?/g, MASQUE],
  // A link's token (activation, password reset, confirmation).
  [/([?&#](?:token|jeton|code|key|secret|password)=)[^&\s"'<>]+/gi, `$1${MASQUE}`],
  // E-mail addresses (local part ≤ 64 characters, labels ≤ 63, as RFC 5321 allows).
  [/[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}/g, "[courriel masqué]"],
  // IBANs, printed (groups of 4) or electronic.
  [/\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g, "[IBAN masqué]"],
];

/** Longest text logged: beyond, it is cut (a log line is not where a request's body is kept). */
export const TEXTE_MAX = 8_000;

/** A text with its e-mail addresses, IBANs, tokens and credentials masked. */
export function masquerTexte(texte: string): string {
  let t = texte.length > TEXTE_MAX ? `${texte.slice(0, TEXTE_MAX)}… [${texte.length - TEXTE_MAX} caractères coupés]` : texte;
  for (const [motif, remplacement] of MOTIFS) t = t.replace(motif, remplacement);
  return t;
}

const PROFONDEUR_MAX = 8;

function estSensible(cle: string): boolean {
  return CLES_SENSIBLES.has(cle.toLowerCase().replace(/[-_]/g, ""));
}

/** An error as a plain object: its type, message, code and stack, its own fields and its cause, all masked. */
function erreurMasquee(e: Error, vus: WeakSet<object>, profondeur: number): Record<string, unknown> {
  const out: Record<string, unknown> = { type: e.name || e.constructor?.name || "Error", message: masquerTexte(String(e.message ?? "")) };
  if (e.stack) out.stack = masquerTexte(e.stack);
  for (const [cle, v] of Object.entries(e)) {
    if (cle === "message" || cle === "stack" || cle === "name") continue;
    out[cle] = estSensible(cle) ? MASQUE : masquerValeur(v, vus, profondeur + 1);
  }
  if (e.cause !== undefined && !("cause" in out)) out.cause = masquerValeur(e.cause, vus, profondeur + 1);
  if (e instanceof AggregateError) out.errors = masquerValeur(e.errors, vus, profondeur + 1);
  return out;
}

function masquerValeur(v: unknown, vus: WeakSet<object>, profondeur: number): unknown {
  if (typeof v === "string") return masquerTexte(v);
  if (v === null || typeof v !== "object") return typeof v === "bigint" ? v.toString() : v;
  if (vus.has(v)) return "[circulaire]";
  if (profondeur > PROFONDEUR_MAX) return "[…]";
  vus.add(v);
  if (v instanceof Error) return erreurMasquee(v, vus, profondeur);
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return `[${v.byteLength} octets]`;
  if (typeof Headers !== "undefined" && v instanceof Headers) return masquerValeur(Object.fromEntries(v), vus, profondeur);
  if (v instanceof Map) return masquerValeur(Object.fromEntries(v), vus, profondeur);
  if (Array.isArray(v)) return v.slice(0, 50).map((x) => masquerValeur(x, vus, profondeur + 1));
  const out: Record<string, unknown> = {};
  for (const [cle, x] of Object.entries(v)) out[cle] = estSensible(cle) ? MASQUE : masquerValeur(x, vus, profondeur + 1);
  return out;
}

/** Any value as it may be logged: sensitive keys' values replaced, texts masked (`masquerTexte`), errors made plain. */
export function masquer(v: unknown): unknown {
  return masquerValeur(v, new WeakSet(), 0);
}

// --- The logger ----------------------------------------------------------------------------------------------------

const NIVEAUX = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** LOG_LEVEL when valid (lib/env.ts refuses an invalid one at start-up), info by default, silent under Vitest. */
export function niveauParDefaut(source: Record<string, string | undefined> = process.env): string {
  const demande = source.LOG_LEVEL?.trim().toLowerCase();
  if (demande && (NIVEAUX as readonly string[]).includes(demande)) return demande;
  return source.VITEST ? "silent" : "info";
}

type Etat = { journal: Logger; sortie: DestinationStream; capture?: (ligne: string) => void };

function creer(): Etat {
  const stdout = pino.destination({ dest: 1, sync: true });
  const etat = {} as Etat;
  // The lines go to the standard output, or to a test's capture.
  etat.sortie = { write: (ligne: string) => (etat.capture ? etat.capture(ligne) : stdout.write(ligne)) };
  etat.journal = pino(
    {
      level: niveauParDefaut(),
      base: { pid: process.pid },
      messageKey: "msg",
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Errors are made plain (and masked) by `masquer` below: pino's own serializer would only rename them.
      serializers: { err: (e: unknown) => (e instanceof Error ? masquer(e) : e) },
      mixin: () => {
        const c = stockage.getStore();
        return c ? { requestId: c.requestId } : {};
      },
      hooks: {
        // Everything logged is masked first: the object, the message and its interpolated values.
        logMethod(args, methode) {
          const [premier, ...reste] = args as unknown[];
          let objet: unknown = premier;
          let suite = reste;
          if (premier instanceof Error) {
            objet = { err: premier };
            if (suite.length === 0) suite = [premier.message];
          }
          const masques = [
            typeof objet === "string" ? masquerTexte(objet) : masquer(objet),
            ...suite.map((a) => (typeof a === "string" ? masquerTexte(a) : masquer(a))),
          ];
          return methode.apply(this, masques as Parameters<typeof methode>);
        },
      },
    },
    etat.sortie,
  );
  return etat;
}

function etat(): Etat {
  globaux.__portailJournal ??= creer();
  return globaux.__portailJournal;
}

/** The portal's technical logger (one per process). */
export const journal: Logger = new Proxy({} as Logger, {
  get(_, propriete) {
    const cible = etat().journal;
    const valeur = Reflect.get(cible, propriete, cible);
    return typeof valeur === "function" ? valeur.bind(cible) : valeur;
  },
  set(_, propriete, valeur) {
    return Reflect.set(etat().journal, propriete, valeur);
  },
});

/**
 * Tests: the lines logged from now on are given to `capture` instead of the standard output, at `niveau`;
 * the returned function restores the output and the level.
 */
export function capturerJournal(capture: (ligne: string) => void, niveau = "trace"): () => void {
  const e = etat();
  const avant = e.journal.level;
  e.capture = capture;
  e.journal.level = niveau;
  return () => {
    e.capture = undefined;
    e.journal.level = avant;
  };
}
