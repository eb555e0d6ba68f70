import { unstable_rethrow } from "next/navigation";
import { ZodError, type z, type ZodType } from "zod";
import type { Acteur } from "./auth/acteur";
import { AppError, MESSAGES, type ActionResult } from "./errors";
import { baseIndisponible } from "./db/indisponible";
import { journal } from "./journal-technique";
import type { NomLimite } from "./securite/limites";
import { idRequeteDeNext, lierAction, nomDAction, suivreAction } from "./supervision/suivi";

/** Field errors keyed by their dotted path, as react-hook-form names fields. */
export function zodFieldErrors(error: ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    out[key] ??= issue.message;
  }
  return out;
}

/**
 * The `{ ok: false }` result for any error a server action meets; unexpected ones are logged (lib/journal-technique.ts),
 * not shown. PostgreSQL unreachable is not unexpected: SERVICE_INDISPONIBLE (503 with Retry-After for a route).
 */
export function echec(error: unknown): Extract<ActionResult, { ok: false }> {
  if (error instanceof AppError) return { ok: false, code: error.code, message: error.message, fieldErrors: error.fieldErrors };
  if (error instanceof ZodError) return { ok: false, code: "SAISIE_INVALIDE", message: MESSAGES.SAISIE_INVALIDE, fieldErrors: zodFieldErrors(error) };
  if (baseIndisponible(error)) {
    journal.warn({ err: error }, "base de données injoignable : « service momentanément indisponible »");
    return { ok: false, code: "SERVICE_INDISPONIBLE", message: MESSAGES.SERVICE_INDISPONIBLE, fieldErrors: {} };
  }
  journal.error({ err: error }, "erreur inattendue");
  return { ok: false, code: "ERREUR_INTERNE", message: MESSAGES.ERREUR_INTERNE, fieldErrors: {} };
}

/** Parses the input with the form's schema (server actions are public endpoints: never trust the browser). */
export function parse<S extends ZodType>(schema: S, input: unknown): S["_output"] {
  return schema.parse(input);
}

/**
 * What an endpoint asks of the session: « requise » (NON_CONNECTE without one), « facultative » (the actor or
 * null: the domain call decides), « aucune » (public endpoints: the session is not even read).
 */
export type Session = "requise" | "facultative" | "aucune";

/** The actor the domain call receives, by session mode. */
export type ActeurSelon<S extends Session> = S extends "requise" ? Acteur : S extends "facultative" ? Acteur | null : null;

/** Reads the actor of the request (tests give their own). */
export type LireActeur = () => Promise<Acteur | null>;

/** The session's actor, imported when first needed: this module stays free of next-auth and the database. */
const acteurDeLaSession: LireActeur = async () => (await import("./auth/session")).getActeur();

export async function acteurSelon<S extends Session>(session: S, lireActeur: LireActeur = acteurDeLaSession): Promise<ActeurSelon<S>> {
  if (session === "aucune") return null as ActeurSelon<S>;
  const acteur = await lireActeur();
  if (!acteur && session === "requise") throw new AppError("NON_CONNECTE");
  return acteur as ActeurSelon<S>;
}

/** A domain call that returns nothing gives `{ ok: true }`; otherwise `{ ok: true, data }`. */
// biome-ignore lint/suspicious/noConfusingVoidType: a domain call typed `Promise<void>` is one that returns nothing.
export type ResultatAction<T> = ActionResult<[T] extends [void] ? undefined : T>;

/**
 * The rate limit an endpoint counts against (lib/securite/limites.ts), by name: per client address, and per account
 * — the signed-in user, or `identifiant(input)` for a public form (the address typed in it).
 */
export type LimiteDeclaree<I> = NomLimite | { nom: NomLimite; identifiant?: (input: I) => string | null | undefined };

export type OptionsAction<S extends Session, Z extends ZodType> = {
  session: S;
  /** Mandatory: a server action is a public endpoint, its input is always parsed (`z.unknown()` when it takes none). */
  schema: Z;
  /** Over it: `{ ok: false, code: "TROP_DE_DEMANDES", message: "… réessayez dans N secondes." }`, before any domain call. */
  limite?: LimiteDeclaree<z.output<Z>>;
  /** Its name in the metrics and logs; by default the name it is exported under (Next's manifest of server actions). */
  nom?: string;
};

/** Reads the client's address (tests give their own). */
export type LireIp = () => Promise<string | null>;
const ipDeLaRequete: LireIp = async () => (await import("./securite/ip")).adresseIp();

/**
 * Counts the request against its limit: by address first (before the session and the input are even read), then
 * by account once the actor and the input are known. The limits module (database) is imported when first needed.
 */
async function limiter<I>(limite: LimiteDeclaree<I>, cles: { ip?: string | null; identifiant?: string | null }): Promise<void> {
  const nom = typeof limite === "string" ? limite : limite.nom;
  await (await import("./securite/limites")).exigerLimite(nom, cles);
}

function identifiantDe<I>(limite: LimiteDeclaree<I>, input: I, acteur: Acteur | null): string | null {
  if (typeof limite !== "string" && limite.identifiant) return limite.identifiant(input) ?? null;
  return acteur?.userId ?? null;
}

/** The path of the first string holding a NUL character (PostgreSQL stores none in text nor in jsonb), or null. */
function cheminDUnCaractereNul(v: unknown, chemin: string[] = [], vus = new Set<object>()): string[] | null {
  if (typeof v === "string") return v.includes("\u0000") ? chemin : null;
  if (!v || typeof v !== "object" || vus.has(v)) return null;
  vus.add(v);
  for (const [cle, x] of Object.entries(v)) {
    const c = cheminDUnCaractereNul(x, [...chemin, cle], vus);
    if (c) return c;
  }
  return null;
}

/** An input holding a NUL character is refused as an invalid field: the database would refuse it, as an unexpected error. */
function refuserCaracteresNuls(saisie: unknown): void {
  const chemin = cheminDUnCaractereNul(saisie);
  if (chemin) throw new AppError("SAISIE_INVALIDE", { [chemin.join(".") || "_"]: "Ce champ contient un caractère interdit." });
}

/** `action` with another session reader, and another address reader (tests). */
export function fabriquerAction(lireActeur: LireActeur, lireIp: LireIp = ipDeLaRequete) {
  return function action<S extends Session, Z extends ZodType, T>(
    options: OptionsAction<S, Z>,
    appel: (input: z.output<Z>, acteur: ActeurSelon<S>) => Promise<T>,
  ): (input: unknown) => Promise<ResultatAction<T>> {
    // suivreAction: the request id in the context of the call, the latency by action name and result, one log line.
    const executer = async (input: unknown) =>
      suivreAction(
        () => options.nom ?? nomDAction(executer),
        idRequeteDeNext,
        async () => {
          try {
            const { limite } = options;
            if (limite) await limiter(limite, { ip: await lireIp() });
            const acteur = await acteurSelon(options.session, lireActeur);
            const saisie = await options.schema.parseAsync(input);
            refuserCaracteresNuls(saisie);
            if (limite) await limiter(limite, { identifiant: identifiantDe(limite, saisie, acteur) });
            const data = await appel(saisie, acteur);
            return (data === undefined ? { ok: true } : { ok: true, data }) as ResultatAction<T>;
          } catch (error) {
            // redirect(), notFound()… are Next's control flow, not failures.
            unstable_rethrow(error);
            return echec(error) as ResultatAction<T>;
          }
        },
      );
    return executer;
  };
}

/**
 * Every server action: the session first, then the input parsed with its schema, then the domain call (which
 * checks the actor's rights); any error becomes `{ ok: false, code, message, fieldErrors }` in French,
 * unexpected ones logged once. `revalidatePath` and `redirect` go in the domain call.
 *
 *   export const supprimerAction = action({ session: "requise", schema: avecId }, ({ id }, acteur) => supprimer(acteur, id));
 *
 * `limite` names the rate limit it counts against (`limite: "annuaire"`, or `{ nom: "lien", identifiant: (s) => s.email }`).
 */
export const action = fabriquerAction(acteurDeLaSession);

/**
 * A plain `<form action>` (it works without JavaScript, and no script reads its result): it answers by `redirect`
 * in the domain call; a failure goes to the error page (app/error.tsx), as a thrown error would.
 */
export function formulaire(a: (input: unknown) => Promise<{ ok: true } | Extract<ActionResult, { ok: false }>>): (formData: FormData) => Promise<void> {
  const enveloppe = async (formData: FormData) => {
    const r = await a(formData);
    if (!r.ok) throw new AppError(r.code, r.fieldErrors, r.message);
  };
  // The action's name is the one this enveloppe is exported under.
  lierAction(a, enveloppe);
  return enveloppe;
}
