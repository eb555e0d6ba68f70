import { describe, expect, it } from "vitest";
import { estBoucleLocale, validerEnv } from "@/lib/env";

const base = { DATABASE_URL: "postgresql://portail:secret@localhost:5432/portail", NODE_ENV: "test" };

describe("CAPTCHA_TEST_TEXT au démarrage", () => {
  it.each(["http://localhost:3000", "http://localhost", "http://127.0.0.1:3100", "http://127.1.2.3", "http://[::1]:3000", "http://portail.localhost:3000"])(
    "est accepté quand APP_URL est locale (%s)",
    (APP_URL) => {
      expect(validerEnv({ ...base, APP_URL, CAPTCHA_TEST_TEXT: "TEST42" }).CAPTCHA_TEST_TEXT).toBe("TEST42");
    },
  );

  it("est accepté sans APP_URL (le portail est alors http://localhost:$PORT)", () => {
    expect(validerEnv({ ...base, CAPTCHA_TEST_TEXT: "TEST42" }).APP_URL).toBe("http://localhost:3000");
  });

  it.each([
    "https://factures-travaux.example.gouv.fr",
    "http://10.0.0.5:3000",
    "http://192.168.1.10",
    "http://localhost.example.com",
    "http://127.0.0.1.nip.io",
    "http://0.0.0.0:3000",
  ])("arrête le démarrage, en français et en anglais, quand APP_URL ne l'est pas (%s)", (APP_URL) => {
    expect(() => validerEnv({ ...base, APP_URL, CAPTCHA_TEST_TEXT: "TEST42" })).toThrow(
      /CAPTCHA_TEST_TEXT est refusé quand APP_URL n'est pas une adresse locale[\s\S]*only allowed when APP_URL is a loopback address/,
    );
  });

  it("en production aussi : l'URL publique du portail n'admet jamais le texte fixe", () => {
    const prod = { ...base, NODE_ENV: "production", SMTP_URL: "smtp://mail:25", AUTH_SECRET: "x".repeat(40) };
    expect(() => validerEnv({ ...prod, APP_URL: "https://factures-travaux.example.gouv.fr", CAPTCHA_TEST_TEXT: "TEST42" })).toThrow(/CAPTCHA_TEST_TEXT/);
    expect(validerEnv({ ...prod, APP_URL: "https://factures-travaux.example.gouv.fr" }).CAPTCHA_TEST_TEXT).toBeUndefined();
  });

  it("estBoucleLocale ne se laisse pas tromper par une adresse mal formée", () => {
    expect(estBoucleLocale("pas une url")).toBe(false);
    expect(estBoucleLocale("http://127.0.0.1@evil.example")).toBe(false);
  });
});

describe("TRUST_PROXY et LIMITES_DEBIT_FACTEUR", () => {
  it("ont leurs valeurs par défaut et refusent une valeur invalide", () => {
    const e = validerEnv(base);
    expect([e.TRUST_PROXY, e.LIMITES_DEBIT_FACTEUR]).toEqual(["1", 1]);
    expect(validerEnv({ ...base, LIMITES_DEBIT_FACTEUR: "20" }).LIMITES_DEBIT_FACTEUR).toBe(20);
    expect(() => validerEnv({ ...base, TRUST_PROXY: "oui" })).toThrow(/TRUST_PROXY/);
    expect(() => validerEnv({ ...base, LIMITES_DEBIT_FACTEUR: "0" })).toThrow(/LIMITES_DEBIT_FACTEUR/);
  });
});
