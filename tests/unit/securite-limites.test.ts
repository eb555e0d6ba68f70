import { describe, expect, it } from "vitest";
import { changementMotDePasseSchema, connexionSchema, motDePasseSchema } from "@/lib/accounts/schemas";
import { checkPassword, motDePasseTropLong, PASSWORD_MAX_LENGTH } from "@/lib/accounts/password";
import { hashPassword } from "@/lib/accounts/mot-de-passe";
import { MESSAGES } from "@/lib/errors";
import { ATTENTES_CONNEXION, ECHECS_AVANT_ATTENTE, ECHECS_AVANT_VERROUILLAGE, VERROUILLAGE_MINUTES, attenteApresEchec, cleIp } from "@/lib/securite/limites";
import { TropDeDemandes, delaiEnMots } from "@/lib/securite/trop-de-demandes";

describe("clé d'adresse des limites de débit", () => {
  it("compte une IPv4 telle quelle, même écrite en IPv6", () => {
    expect(cleIp("203.0.113.7")).toBe("203.0.113.7");
    expect(cleIp("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });

  it("compte une IPv6 par son préfixe /64 : un abonné ne se disperse pas sur son réseau", () => {
    expect(cleIp("2001:db8:85a3:12::8a2e:370:7334")).toBe("2001:db8:85a3:12::/64");
    expect(cleIp("2001:db8:85a3:12:ffff:ffff:ffff:1")).toBe("2001:db8:85a3:12::/64");
    expect(cleIp("2001:0DB8:0000:0001::1")).toBe("2001:db8:0:1::/64");
    expect(cleIp("::1")).toBe("0:0:0:0::/64");
  });

  it("ne compte pas une adresse inconnue (sans proxy de confiance, tests, scripts)", () => {
    for (const v of ["inconnue", "", null, undefined, "1.2.3", "evil.example", "1.2.3.4, 5.6.7.8"]) expect(cleIp(v)).toBeNull();
  });
});

describe("attente progressive à la connexion", () => {
  it("les premiers échecs sont libres, puis l'attente double, puis le compte est verrouillé 15 minutes, pas davantage", () => {
    const attentes = Array.from({ length: 14 }, (_, i) => attenteApresEchec(i + 1));
    expect(attentes.slice(0, ECHECS_AVANT_ATTENTE - 1)).toEqual([0, 0, 0, 0]);
    expect(attentes.slice(ECHECS_AVANT_ATTENTE - 1, ECHECS_AVANT_VERROUILLAGE - 1)).toEqual([...ATTENTES_CONNEXION]);
    expect(ATTENTES_CONNEXION.every((a, i) => i === 0 || a === 2 * ATTENTES_CONNEXION[i - 1])).toBe(true);
    expect(new Set(attentes.slice(ECHECS_AVANT_VERROUILLAGE - 1))).toEqual(new Set([VERROUILLAGE_MINUTES * 60]));
  });

  it("dit l'attente en mots", () => {
    expect(delaiEnMots(1)).toBe("1 seconde");
    expect(delaiEnMots(0.2)).toBe("1 seconde");
    expect(delaiEnMots(45)).toBe("45 secondes");
    expect(delaiEnMots(900)).toBe("15 minutes");
    const e = new TropDeDemandes(12);
    expect([e.code, e.secondes, e.message]).toEqual(["TROP_DE_DEMANDES", 12, "Trop de demandes en peu de temps : réessayez dans 12 secondes."]);
  });
});

describe("mots de passe de plus de 128 caractères", () => {
  const long = `Aa1!${"x".repeat(PASSWORD_MAX_LENGTH - 3)}`;
  const limite = `Aa1!${"x".repeat(PASSWORD_MAX_LENGTH - 4)}`;

  it("128 caractères passent, 129 non (comptés en caractères, pas en unités UTF-16)", () => {
    expect([...limite]).toHaveLength(128);
    expect(motDePasseTropLong(limite)).toBe(false);
    expect(motDePasseTropLong(long)).toBe(true);
    expect(motDePasseTropLong("🔒".repeat(128))).toBe(false);
    expect(motDePasseTropLong("🔒".repeat(129))).toBe(true);
    expect(checkPassword(limite).ok).toBe(true);
    expect(checkPassword(long).ok).toBe(false);
  });

  it("sont refusés par les formulaires, avec leur message", () => {
    for (const r of [
      motDePasseSchema.safeParse({ password: long, confirmation: long }),
      connexionSchema.safeParse({ email: "a@exemple.fr", password: long }),
      changementMotDePasseSchema.safeParse({ actuel: "x", password: long, confirmation: long }),
      connexionSchema.safeParse({ email: "a@exemple.fr", password: "x".repeat(1_000_000) }),
    ]) {
      expect(r.success).toBe(false);
      expect(r.error?.issues.map((i) => i.message)).toContain(MESSAGES.MOT_DE_PASSE_TROP_LONG);
    }
    expect(motDePasseSchema.safeParse({ password: limite, confirmation: limite }).success).toBe(true);
  });

  it("et par le serveur avant tout hachage", async () => {
    const debut = performance.now();
    await expect(hashPassword("x".repeat(10_000_000))).rejects.toMatchObject({ code: "MOT_DE_PASSE_TROP_LONG" });
    expect(performance.now() - debut).toBeLessThan(50);
  });
});
