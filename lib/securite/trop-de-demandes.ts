import { AppError } from "@/lib/errors";

/** « dans 45 secondes », « dans 15 minutes »: the wait, in the words a user reads. */
export function delaiEnMots(secondes: number): string {
  const s = Math.max(1, Math.ceil(secondes));
  if (s < 90) return `${s} seconde${s > 1 ? "s" : ""}`;
  const m = Math.ceil(s / 60);
  return `${m} minutes`;
}

/**
 * A request over one of the portal's rate limits (lib/securite/limites.ts): the code TROP_DE_DEMANDES, a French
 * message that says how long to wait, and that wait in seconds (a route answers 429 with `Retry-After`).
 */
export class TropDeDemandes extends AppError {
  constructor(
    readonly secondes: number,
    message = `Trop de demandes en peu de temps : réessayez dans ${delaiEnMots(secondes)}.`,
  ) {
    super("TROP_DE_DEMANDES", {}, message);
    this.name = "TropDeDemandes";
  }
}
