import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";
import { baseIndisponible } from "@/lib/db/indisponible";
import { validerEnv } from "@/lib/env";
import { masquerTexte, TEXTE_MAX } from "@/lib/journal-technique";
import { identifiantRequete } from "@/lib/supervision/identifiant-requete";
import { motifDeRoute } from "@/lib/supervision/suivi";

describe("baseIndisponible : PostgreSQL injoignable, pas une requête fausse", () => {
  it("reconnaît les erreurs de Prisma, de son adaptateur et de node-postgres quand le serveur est arrêté, redémarre ou refuse", () => {
    const injoignable = { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5432 };
    for (const e of [
      { code: "P1001", meta: { driverAdapterError: { name: "DriverAdapterError", cause: injoignable } } },
      { code: "P2010", meta: { driverAdapterError: { name: "DriverAdapterError", cause: injoignable } } },
      {
        code: "P2010",
        meta: { driverAdapterError: { cause: { kind: "postgres", code: "57P01", message: "terminating connection due to administrator command" } } },
      },
      { code: "P2024", message: "Timed out fetching a new connection from the connection pool." },
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED", syscall: "connect", errno: -111 }),
      new AggregateError([Object.assign(new Error("x"), { code: "ECONNREFUSED" })], "connexion impossible"),
      Object.assign(new Error("the database system is starting up"), { code: "57P03", severity: "FATAL" }),
      Object.assign(new Error("sorry, too many clients already"), { code: "53300" }),
      new Error("Connection terminated unexpectedly"),
      new Error("timeout exceeded when trying to connect"),
      new Error("enveloppe", { cause: { kind: "ConnectionClosed" } }),
    ]) {
      expect(baseIndisponible(e), JSON.stringify(e)).toBe(true);
    }
  });

  it("ne confond pas une contrainte violée, une requête fausse ou une erreur ordinaire avec une panne", () => {
    for (const e of [
      { code: "P2002", meta: { target: ["email"] } },
      { code: "P2010", meta: { driverAdapterError: { cause: { kind: "UniqueConstraintViolation" } } } },
      { code: "P2010", meta: { driverAdapterError: { cause: { kind: "postgres", code: "42P01", message: "relation does not exist" } } } },
      Object.assign(new Error("syntax error"), { code: "42601" }),
      new Error("disque plein"),
      null,
      "ECONNREFUSED",
    ]) {
      expect(baseIndisponible(e), JSON.stringify(e)).toBe(false);
    }
  });
});

describe("motifDeRoute : le libellé d'une route dans les métriques", () => {
  it("chaque paramètre devient son nom ; rien d'autre que les segments fixes ne passe", () => {
    const id = "5f0c5d2e-7b8a-4c1e-9d3f-2a6b8c0d1e2f";
    expect(motifDeRoute(`/api/factures-travaux/pieces/${id}/pieces-jointes/abc`, { id, pieceJointeId: "abc" })).toBe(
      "/api/factures-travaux/pieces/[id]/pieces-jointes/[pieceJointeId]",
    );
    expect(motifDeRoute("/api/health", {})).toBe("/api/health");
    expect(motifDeRoute("/api/health", undefined)).toBe("/api/health");
    // Without its params (or with values that do not match), an id never becomes a label.
    expect(motifDeRoute(`/api/factures-travaux/pieces/${id}/facture`, null)).toBe("/api/factures-travaux/pieces/[?]/facture");
    expect(motifDeRoute("/api/x/12345/%E2%82%AC", null)).toBe("/api/x/[?]/[?]");
  });
});

describe("identifiantRequete", () => {
  it("garde l'identifiant du répartiteur s'il en a l'air, en tire un sinon", () => {
    expect(identifiantRequete("0af7651916cd43dd8448eb211c80319c")).toBe("0af7651916cd43dd8448eb211c80319c");
    expect(identifiantRequete(" lb-1:2.3_4 ")).toBe("lb-1:2.3_4");
    for (const v of [null, "", "court", "a b c d e f g h", "x".repeat(129), "<script>alert(1)</script>", "id\nfalsifié-0123456789"]) {
      expect(identifiantRequete(v)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });
});

describe("configuration de la supervision", () => {
  const base = { DATABASE_URL: "postgresql://u:p@localhost:5432/portail" };
  it("METRICS_TOKEN de moins de 32 caractères et LOG_LEVEL inconnu refusés au démarrage ; vides, ils sont absents", () => {
    expect(() => validerEnv({ ...base, METRICS_TOKEN: "court" })).toThrow(/METRICS_TOKEN doit faire au moins 32 caractères/);
    expect(() => validerEnv({ ...base, LOG_LEVEL: "bavard" })).toThrow(/LOG_LEVEL doit valoir fatal, error, warn, info, debug, trace ou silent/);
    const e = validerEnv({ ...base, METRICS_TOKEN: "" });
    expect(e.METRICS_TOKEN).toBeUndefined();
    expect([e.SANTE_COURRIELS_EN_ATTENTE_MAX, e.SANTE_COURRIELS_AGE_MAX_S]).toEqual([1000, 900]);
    expect(validerEnv({ ...base, METRICS_TOKEN: "x".repeat(32), LOG_LEVEL: "warn" })).toMatchObject({ METRICS_TOKEN: "x".repeat(32), LOG_LEVEL: "warn" });
  });
});

describe("proxy.ts : l'identifiant de requête de chaque page, action et route", () => {
  it("celui du répartiteur, ou un nouveau, passé à la requête et renvoyé dans la réponse", () => {
    const avec = proxy(new NextRequest("http://localhost/connexion", { headers: { "x-request-id": "lb-0123456789abcdef" } }));
    expect(avec.headers.get("x-request-id")).toBe("lb-0123456789abcdef");
    // Next hands the request's new headers to the page through this header of the response.
    expect(avec.headers.get("x-middleware-request-x-request-id")).toBe("lb-0123456789abcdef");
    const sans = proxy(new NextRequest("http://localhost/connexion", { headers: { "x-request-id": "pas sain !" } }));
    expect(sans.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(sans.headers.get("x-middleware-request-x-request-id")).toBe(sans.headers.get("x-request-id"));
  });
});

describe("masquerTexte : un texte long ne tient pas le processus", () => {
  // A fuzzed request carrying 200 000 characters without « @ » held the process for minutes while its error was logged
  // (the e-mail pattern retried from each position). Now the text is cut first and every repetition is bounded.
  it("coupe un texte trop long et masque encore ce qu'il garde", () => {
    const long = `contact : jean.dupont@exemple.fr ${"a".repeat(200_000)}`;
    const t = masquerTexte(long);
    expect(t.length).toBeLessThan(TEXTE_MAX + 100);
    expect(t).toContain("[courriel masqué]");
    expect(t).not.toContain("jean.dupont");
    expect(t).toMatch(/caractères coupés\]$/);
  });

  it("masque une adresse au bout d'une longue suite de lettres, sans la laisser en clair", () => {
    const t = masquerTexte(`${"b".repeat(5_000)}@exemple.fr`);
    expect(t).not.toContain("@exemple.fr");
    expect(t).toContain("[courriel masqué]");
  });
});
