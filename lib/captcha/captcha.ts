import "server-only";
import { createHash, randomBytes, randomInt, randomUUID } from "node:crypto";
import { createChallenge, verifySolution, type Challenge, type Solution } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/pbkdf2";
import svgCaptcha from "svg-captcha";
import { db } from "@/lib/db";
import type { Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * The guide's captcha: « reproduisez la suite de caractères » then « Valider le Captcha ».
 * Each challenge is single-use and expires; the answer is checked on the server only.
 * The accessible alternative, for whoever cannot read the image, asks no reading at all: a proof of work
 * (ALTCHA: the browser searches, a few seconds long, the number that makes a PBKDF2 key start with a given
 * prefix; the server checks it in one derivation). A script can still solve it, but each account costs it
 * that work, where a question in words ("combien font trois plus quatre ?") is answered in one line.
 * CAPTCHA_TEST_TEXT (browser tests only, loopback APP_URL) makes every image show that text.
 */
export const CAPTCHA_VALIDITY_MINUTES = 10;
// The package's default export renders a given text (its typings only declare create/randomText).
const renderText = svgCaptcha as unknown as (text: string, options: svgCaptcha.ConfigObject) => string;
const CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I look-alikes

export type CaptchaKind = "image" | "preuve";
/** `preuve`: the ALTCHA challenge the widget solves (its parameters are signed: the browser cannot ease them). */
export type CaptchaChallengeView = { id: string; kind: CaptchaKind; svg?: string; preuve?: Challenge };

/**
 * The work asked: PBKDF2-SHA-256 with `PREUVE_COUT` iterations, tried for each counter up to one drawn in
 * [PREUVE_COMPTEUR_MIN, 2 × PREUVE_COMPTEUR_MIN) — about 2 to 4 million iterations, one to a few seconds in
 * a browser's workers.
 */
export const PREUVE_COUT = 1_000;
export const PREUVE_COMPTEUR_MIN = 2_000;

/** The row of a proof-of-work challenge: no answer to hash. */
const PREUVE = "preuve";

const secretDeSecours = randomBytes(32).toString("hex");
/** The HMAC key that signs the challenges: derived from AUTH_SECRET (a random one per process without it, in development). */
function secretPreuve(): string {
  const base = env().AUTH_SECRET ?? secretDeSecours;
  return createHash("sha256").update(`altcha:${base}`).digest("hex");
}

function normalise(answer: string): string {
  return answer.normalize("NFKC").replace(/\s+/g, "").toUpperCase();
}

function hashAnswer(id: string, answer: string): string {
  return createHash("sha256")
    .update(`${id}:${normalise(answer)}`)
    .digest("hex");
}

export async function nouveauCaptcha(kind: CaptchaKind = "image", now = new Date()): Promise<CaptchaChallengeView> {
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + CAPTCHA_VALIDITY_MINUTES * 60_000);
  if (kind === "preuve") {
    // The answer is the work itself: nothing to compare; the row keeps the challenge single-use.
    const secret = secretPreuve();
    const preuve = await createChallenge({
      algorithm: "PBKDF2/SHA-256",
      cost: PREUVE_COUT,
      counter: randomInt(PREUVE_COMPTEUR_MIN, 2 * PREUVE_COMPTEUR_MIN),
      deriveKey,
      data: { id },
      expiresAt,
      hmacSignatureSecret: secret,
      hmacKeySignatureSecret: secret,
    });
    await db.captchaChallenge.create({ data: { id, answerHash: PREUVE, expiresAt } });
    return { id, kind, preuve };
  }
  const answer = env().CAPTCHA_TEST_TEXT ?? Array.from({ length: 6 }, () => CHARS[randomInt(CHARS.length)]).join("");
  const svg = renderText(answer, { noise: 3, color: false, width: 220, height: 70, fontSize: 64, background: "#f6f6f6" });
  await db.captchaChallenge.create({ data: { id, answerHash: hashAnswer(id, answer), expiresAt } });
  return { id, kind, svg };
}

/** « Valider le Captcha »: a wrong or late answer burns the challenge (no second guess on the same image). */
export async function validerCaptcha(id: string, answer: string, now = new Date()): Promise<void> {
  const challenge = await db.captchaChallenge.findUnique({ where: { id } }).catch(() => null);
  if (!challenge || challenge.usedAt || challenge.solvedAt || challenge.expiresAt <= now) throw new AppError("CAPTCHA_EXPIRE");
  const juste = challenge.answerHash === PREUVE ? await preuveJuste(id, answer) : challenge.answerHash === hashAnswer(id, answer);
  if (!juste) {
    await db.captchaChallenge.updateMany({ where: { id, usedAt: null }, data: { usedAt: now } });
    throw challenge.answerHash === PREUVE
      ? new AppError(
          "CAPTCHA_INVALIDE",
          { captcha: "La vérification n'a pas abouti." },
          "La vérification automatique n'a pas abouti. Une nouvelle vérification vous est proposée.",
        )
      : new AppError("CAPTCHA_INVALIDE", { captcha: "La suite de caractères ne correspond pas." });
  }
  const { count } = await db.captchaChallenge.updateMany({
    where: { id, solvedAt: null, usedAt: null, expiresAt: { gt: now } },
    data: { solvedAt: now },
  });
  if (count !== 1) throw new AppError("CAPTCHA_EXPIRE");
}

/** The widget's payload (base64 of `{ challenge, solution }`): signed by us, for this row, and solved. */
async function preuveJuste(id: string, payload: string): Promise<boolean> {
  let lu: { challenge?: Challenge; solution?: Solution };
  try {
    lu = JSON.parse(Buffer.from(payload, "base64").toString("utf8"));
  } catch {
    return false;
  }
  if (!lu?.challenge?.parameters || !lu.solution || lu.challenge.parameters.data?.id !== id) return false;
  const secret = secretPreuve();
  const r = await verifySolution({
    challenge: lu.challenge,
    solution: lu.solution,
    deriveKey,
    hmacSignatureSecret: secret,
    hmacKeySignatureSecret: secret,
  }).catch(() => null);
  return r?.verified === true;
}

/** Spends a solved challenge inside the transaction that creates the account: two submissions, one account. */
export async function consommerCaptcha(tx: Tx, id: string, now = new Date()): Promise<void> {
  const { count } = await tx.captchaChallenge.updateMany({
    where: { id, solvedAt: { not: null }, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (count !== 1) throw new AppError("CAPTCHA_NON_VALIDE", { captcha: "Validez le captcha avant de créer votre compte." });
}
