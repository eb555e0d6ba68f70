/** The guide's security rules: at least 12 characters and 3 of the 4 kinds. Shared by the live checklist and the server. */
export const PASSWORD_MIN_LENGTH = 12;
/** Longer passwords are refused before any hashing (a megabyte « password » would cost argon2 for nothing). */
export const PASSWORD_MAX_LENGTH = 128;

export function motDePasseTropLong(password: string): boolean {
  // A character is one or two UTF-16 units: the length alone settles most cases without counting.
  if (password.length <= PASSWORD_MAX_LENGTH) return false;
  return password.length > 2 * PASSWORD_MAX_LENGTH || [...password].length > PASSWORD_MAX_LENGTH;
}

export const PASSWORD_KINDS = [
  { key: "majuscule", label: "une majuscule", test: (s: string) => /\p{Lu}/u.test(s) },
  { key: "minuscule", label: "une minuscule", test: (s: string) => /\p{Ll}/u.test(s) },
  { key: "chiffre", label: "un chiffre", test: (s: string) => /\p{Nd}/u.test(s) },
  { key: "special", label: "un caractère spécial", test: (s: string) => /[^\p{L}\p{Nd}]/u.test(s) },
] as const;

export type PasswordCheck = { longEnough: boolean; kinds: Record<(typeof PASSWORD_KINDS)[number]["key"], boolean>; kindCount: number; ok: boolean };

export function checkPassword(password: string): PasswordCheck {
  const kinds = Object.fromEntries(PASSWORD_KINDS.map((k) => [k.key, k.test(password)])) as PasswordCheck["kinds"];
  const kindCount = Object.values(kinds).filter(Boolean).length;
  const longEnough = [...password].length >= PASSWORD_MIN_LENGTH;
  return { longEnough, kinds, kindCount, ok: longEnough && kindCount >= 3 && !motDePasseTropLong(password) };
}
