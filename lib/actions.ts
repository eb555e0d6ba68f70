import { ZodError, type ZodType } from "zod";
import { AppError, MESSAGES, type ActionResult } from "./errors";

/** Field errors keyed by their dotted path, as react-hook-form names fields. */
export function zodFieldErrors(error: ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    out[key] ??= issue.message;
  }
  return out;
}

/** The `{ ok: false }` result for any error a server action meets; unexpected ones are logged, not shown. */
export function echec(error: unknown): Extract<ActionResult, { ok: false }> {
  if (error instanceof AppError) return { ok: false, code: error.code, message: error.message, fieldErrors: error.fieldErrors };
  if (error instanceof ZodError) return { ok: false, code: "SAISIE_INVALIDE", message: MESSAGES.SAISIE_INVALIDE, fieldErrors: zodFieldErrors(error) };
  console.error(error);
  return { ok: false, code: "ERREUR_INTERNE", message: MESSAGES.ERREUR_INTERNE, fieldErrors: {} };
}

/** Parses the input with the form's schema (server actions are public endpoints: never trust the browser). */
export function parse<S extends ZodType>(schema: S, input: unknown): S["_output"] {
  return schema.parse(input);
}
