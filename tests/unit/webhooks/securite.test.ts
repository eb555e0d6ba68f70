import { createHmac } from "node:crypto";
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  // The portal's configuration, as in production: no internal addresses, any public host.
  process.env.DATABASE_URL ??= "postgresql://portail@localhost:5432/portail";
  process.env.AUTH_SECRET ??= "un-secret-de-test-de-trente-deux-caracteres";
  delete process.env.WEBHOOKS_ADRESSES_INTERNES;
});

const { adresseInterne, chiffrer, dechiffrer, lookupVerifie, signer, verifierUrl } = await import("@/lib/webhooks/securite");

describe("adresses des webhooks", () => {
  it("refuse les adresses internes, IPv4 et IPv6, et laisse passer les publiques", () => {
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "fd00::1",
      "fe80::1",
      "::ffff:127.0.0.1",
    ])
      expect(adresseInterne(a), a).toBe(true);
    for (const a of ["8.8.8.8", "51.15.0.1", "2001:4860:4860::8888"]) expect(adresseInterne(a), a).toBe(false);
  });

  it("n'accepte qu'une adresse https, sans identifiants, vers un hôte public", () => {
    expect(verifierUrl("https://erp.exemple.fr/webhooks")).toMatchObject({ ok: true });
    expect(verifierUrl("http://erp.exemple.fr/webhooks")).toMatchObject({ ok: false, message: expect.stringContaining("https://") });
    expect(verifierUrl("https://moi:secret@erp.exemple.fr/")).toMatchObject({ ok: false, message: expect.stringContaining("identifiant") });
    expect(verifierUrl("https://169.254.169.254/latest/meta-data")).toMatchObject({ ok: false, message: expect.stringContaining("interne") });
    expect(verifierUrl("https://[::1]/x")).toMatchObject({ ok: false, message: expect.stringContaining("interne") });
    expect(verifierUrl("https://localhost/x")).toMatchObject({ ok: false });
    expect(verifierUrl("pas une adresse")).toMatchObject({ ok: false, message: expect.stringContaining("adresse complète") });
  });

  it("refuse, au moment de l'appel, un nom d'hôte qui se résout en adresse interne", async () => {
    const erreur = await new Promise<NodeJS.ErrnoException | null>((resolve) => lookupVerifie("localhost", {}, (e) => resolve(e)));
    expect(erreur?.code).toBe("EADRESSEINTERNE");
  });
});

describe("signature et secret", () => {
  it("signe l'horodatage et le corps en HMAC-SHA256, que le destinataire recalcule", () => {
    const corps = JSON.stringify({ id: "x", statut: "SUSPENDUE" });
    const entete = signer("whsec_test", corps, 1_790_000_000);
    expect(entete).toBe(`t=1790000000,v1=${createHmac("sha256", "whsec_test").update(`1790000000.${corps}`).digest("hex")}`);
    expect(signer("whsec_test", `${corps} `, 1_790_000_000)).not.toBe(entete);
  });

  it("garde le secret chiffré, relisible, et refuse un chiffré altéré", () => {
    const c = chiffrer("whsec_abc");
    expect(c).not.toContain("whsec_abc");
    expect(dechiffrer(c)).toBe("whsec_abc");
    const [iv, tag, d] = c.split(".");
    expect(() => dechiffrer([iv, tag, `A${d.slice(1)}`].join("."))).toThrow();
  });
});
