import { describe, expect, it } from "vitest";
import { validerEnv } from "@/lib/env";

const base = { DATABASE_URL: "postgresql://portail:secret@localhost:5432/portail", NODE_ENV: "test" };

describe("ARRET_DELAI_MS et DELAIS_FACTURES_CRON au démarrage", () => {
  it("l'arrêt sur SIGTERM laisse 20 s par défaut, ou le délai donné", () => {
    expect(validerEnv(base).ARRET_DELAI_MS).toBe(20_000);
    expect(validerEnv({ ...base, ARRET_DELAI_MS: "5000" }).ARRET_DELAI_MS).toBe(5_000);
  });

  it.each(["abc", "500", "1.5", "3600000"])("un délai d'arrêt invalide (%s) arrête le démarrage en le nommant", (ARRET_DELAI_MS) => {
    expect(() => validerEnv({ ...base, ARRET_DELAI_MS })).toThrow(/ARRET_DELAI_MS/);
  });

  it("le contrôle des délais garde sa planification sans DELAIS_FACTURES_CRON, en prend une autre avec", () => {
    expect(validerEnv(base).DELAIS_FACTURES_CRON).toBeUndefined();
    expect(validerEnv({ ...base, DELAIS_FACTURES_CRON: "* * * * *" }).DELAIS_FACTURES_CRON).toBe("* * * * *");
  });

  it("une planification qui n'est pas une expression cron arrête le démarrage en la nommant", () => {
    expect(() => validerEnv({ ...base, DELAIS_FACTURES_CRON: "chaque minute" })).toThrow(/DELAIS_FACTURES_CRON doit être une expression cron/);
  });
});
