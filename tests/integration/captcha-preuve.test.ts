import { solveChallenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/pbkdf2";
import { describe, expect, it } from "vitest";
import { nouveauCaptcha, PREUVE_COMPTEUR_MIN, PREUVE_COUT, validerCaptcha } from "@/lib/captcha/captcha";
import { db } from "@/lib/db";
import { codeDe } from "../support/fixtures";

/** What the browser's widget sends once it has done the work: base64 of `{ challenge, solution }`. */
async function resoudre(challenge: NonNullable<Awaited<ReturnType<typeof nouveauCaptcha>>["preuve"]>) {
  const solution = await solveChallenge({ challenge, deriveKey, timeout: 60_000 });
  expect(solution).not.toBeNull();
  return { solution: solution!, payload: Buffer.from(JSON.stringify({ challenge, solution })).toString("base64") };
}

describe("vérification sans image (preuve de travail ALTCHA)", () => {
  it("demande un vrai travail, signé par le portail, et valide le défi une seule fois", async () => {
    const defi = await nouveauCaptcha("preuve");
    expect(defi.svg).toBeUndefined();
    expect(defi.preuve?.parameters).toMatchObject({ algorithm: "PBKDF2/SHA-256", cost: PREUVE_COUT, data: { id: defi.id } });
    expect(defi.preuve?.signature).toMatch(/^[0-9a-f]{64}$/);

    const { solution, payload } = await resoudre(defi.preuve!);
    // The counter found is the one the server drew: at least PREUVE_COMPTEUR_MIN derivations of PREUVE_COUT iterations.
    expect(solution.counter).toBeGreaterThanOrEqual(PREUVE_COMPTEUR_MIN);

    await validerCaptcha(defi.id, payload);
    expect((await db.captchaChallenge.findUniqueOrThrow({ where: { id: defi.id } })).solvedAt).not.toBeNull();
    expect(await codeDe(validerCaptcha(defi.id, payload))).toBe("CAPTCHA_EXPIRE");
  });

  it("refuse une réponse fabriquée : une autre réponse, un défi allégé par le navigateur, la preuve d'un autre défi", async () => {
    // A made-up answer burns the challenge.
    const a = await nouveauCaptcha("preuve");
    expect(await codeDe(validerCaptcha(a.id, "7"))).toBe("CAPTCHA_INVALIDE");
    expect(await codeDe(validerCaptcha(a.id, Buffer.from("{}").toString("base64")))).toBe("CAPTCHA_EXPIRE");

    // Easing the work (a shorter prefix to find) breaks the server's signature.
    const b = await nouveauCaptcha("preuve");
    const allege = { ...b.preuve!, parameters: { ...b.preuve!.parameters, keyPrefix: b.preuve!.parameters.keyPrefix.slice(0, 2) } };
    const { payload: triche } = await resoudre(allege);
    expect(await codeDe(validerCaptcha(b.id, triche))).toBe("CAPTCHA_INVALIDE");

    // A proof solved once does not validate another challenge.
    const c = await nouveauCaptcha("preuve");
    const d = await nouveauCaptcha("preuve");
    const { payload: deC } = await resoudre(c.preuve!);
    expect(await codeDe(validerCaptcha(d.id, deC))).toBe("CAPTCHA_INVALIDE");
    await validerCaptcha(c.id, deC);
  });

  it("refuse une preuve arrivée après l'expiration du défi", async () => {
    const defi = await nouveauCaptcha("preuve", new Date(Date.now() - 11 * 60_000));
    expect(await codeDe(validerCaptcha(defi.id, "x"))).toBe("CAPTCHA_EXPIRE");
  });
});
