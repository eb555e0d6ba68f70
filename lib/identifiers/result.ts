/** Outcome of every identifier validator: the normalised value, or a French message for the user. */
export type IdentifierResult = { ok: true; value: string } | { ok: false; message: string };

export const ok = (value: string): IdentifierResult => ({ ok: true, value });
export const fail = (message: string): IdentifierResult => ({ ok: false, message });

/** Thrown by the helpers that return a bare string (`horsUeIdentifier`, `frenchVatFromSiren`) on invalid input. */
export class InvalidIdentifierError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidIdentifierError";
  }
}

/** Removes every whitespace character (spaces, tabs, non-breaking and thin spaces typed or pasted by users). */
export const removeWhitespace = (input: string): string => input.replace(/\s+/g, "");
