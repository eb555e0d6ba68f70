import "server-only";
import { createHash, randomInt } from "node:crypto";
import svgCaptcha from "svg-captcha";
import { db } from "@/lib/db";
import type { Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * The guide's captcha: « reproduisez la suite de caractères » then « Valider le Captcha ».
 * Each challenge is single-use and expires; the answer is checked on the server only.
 * The accessible alternative is a question in words (read by screen readers) with a numeric answer.
 * CAPTCHA_TEST_TEXT (browser tests only) makes every challenge show that text.
 */
export const CAPTCHA_VALIDITY_MINUTES = 10;
// The package's default export renders a given text (its typings only declare create/randomText).
const renderText = svgCaptcha as unknown as (text: string, options: svgCaptcha.ConfigObject) => string;
const CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I look-alikes

export type CaptchaKind = "image" | "question";
export type CaptchaChallengeView = { id: string; kind: CaptchaKind; svg?: string; question?: string };

const NUMBERS = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"];

function normalise(answer: string): string {
  return answer.normalize("NFKC").replace(/\s+/g, "").toUpperCase();
}

function hashAnswer(id: string, answer: string): string {
  return createHash("sha256")
    .update(`${id}:${normalise(answer)}`)
    .digest("hex");
}

export async function nouveauCaptcha(kind: CaptchaKind = "image", now = new Date()): Promise<CaptchaChallengeView> {
  const testText = env().CAPTCHA_TEST_TEXT;
  let answer: string;
  let view: Omit<CaptchaChallengeView, "id">;
  if (kind === "question") {
    const a = randomInt(1, 10);
    const b = randomInt(1, 10);
    answer = testText ?? String(a + b);
    view = {
      kind,
      question: testText
        ? `Recopiez le texte suivant : ${testText.split("").join(" ")}`
        : `Combien font ${NUMBERS[a]} plus ${NUMBERS[b]} ? Répondez en chiffres.`,
    };
  } else {
    answer = testText ?? Array.from({ length: 6 }, () => CHARS[randomInt(CHARS.length)]).join("");
    view = { kind, svg: renderText(answer, { noise: 3, color: false, width: 220, height: 70, fontSize: 64, background: "#f6f6f6" }) };
  }
  const row = await db.captchaChallenge.create({
    data: { answerHash: "", expiresAt: new Date(now.getTime() + CAPTCHA_VALIDITY_MINUTES * 60_000) },
  });
  await db.captchaChallenge.update({ where: { id: row.id }, data: { answerHash: hashAnswer(row.id, answer) } });
  return { id: row.id, ...view };
}

/** « Valider le Captcha »: a wrong or late answer burns the challenge (no second guess on the same image). */
export async function validerCaptcha(id: string, answer: string, now = new Date()): Promise<void> {
  const challenge = await db.captchaChallenge.findUnique({ where: { id } }).catch(() => null);
  if (!challenge || challenge.usedAt || challenge.solvedAt || challenge.expiresAt <= now) throw new AppError("CAPTCHA_EXPIRE");
  if (challenge.answerHash !== hashAnswer(id, answer)) {
    await db.captchaChallenge.updateMany({ where: { id, usedAt: null }, data: { usedAt: now } });
    throw new AppError("CAPTCHA_INVALIDE", { captcha: "La suite de caractères ne correspond pas." });
  }
  const { count } = await db.captchaChallenge.updateMany({
    where: { id, solvedAt: null, usedAt: null, expiresAt: { gt: now } },
    data: { solvedAt: now },
  });
  if (count !== 1) throw new AppError("CAPTCHA_EXPIRE");
}

/** Spends a solved challenge inside the transaction that creates the account: two submissions, one account. */
export async function consommerCaptcha(tx: Tx, id: string, now = new Date()): Promise<void> {
  const { count } = await tx.captchaChallenge.updateMany({
    where: { id, solvedAt: { not: null }, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (count !== 1) throw new AppError("CAPTCHA_NON_VALIDE", { captcha: "Validez le captcha avant de créer votre compte." });
}
