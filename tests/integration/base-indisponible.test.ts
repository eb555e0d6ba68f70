// PostgreSQL down, then back: requests are answered « Le service est momentanément indisponible » (503, Retry-After)
// rather than an internal error, the readiness probe takes the process out of the load balancer while the liveness
// probe keeps it alive, and the pools (Prisma's, the rate limits') reconnect by themselves once the server is back.
// The integration tests' server is shared by every file: this one starts a PostgreSQL server of its own (embedded,
// on a free port), stops it and starts it again.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { applyMigrations } from "@/lib/db/migrations";
import { createDatabase } from "@/lib/db/scratch";
import { MESSAGES } from "@/lib/errors";
import { type RunningPostgres, startEmbeddedPostgres } from "@/scripts/runtime/embedded-pg";
import { unusedPort } from "../support/smtp";

const port = await unusedPort();
const dossier = path.join(process.cwd(), ".data", `test-pg-indisponible-${process.env.TEST_PG_PORT ?? 54330}`);
let serveur: RunningPostgres;
let url = "";

const demarrer = () => startEmbeddedPostgres({ dir: dossier, port });

beforeAll(async () => {
  serveur = await demarrer();
  url = await createDatabase(serveur.url, "indisponible");
  await applyMigrations(url);
  // This file's processes talk to this server only (read when the database client is first used).
  process.env.DATABASE_URL = url;
}, 120_000);

afterAll(async () => {
  const { db } = await import("@/lib/db");
  await db.$disconnect().catch(() => {});
  const { fermerLimites } = await import("@/lib/securite/limites");
  await fermerLimites().catch(() => {});
  await serveur?.stop();
});

const sansParams = { params: Promise.resolve({}) };
const requete = () => new Request("http://localhost/api/essai", { headers: { "x-forwarded-for": "198.51.100.90" } });

async function endpoints() {
  const { route } = await import("@/lib/routes");
  const { fabriquerAction } = await import("@/lib/actions");
  const { db } = await import("@/lib/db");
  const { GET: pret } = await import("@/app/api/health/ready/route");
  const { GET: sante } = await import("@/app/api/health/route");
  return {
    // A route counting against the « api » limit (its counters: the rate limits' own pg pool), then reading through Prisma.
    limitee: route({ session: "aucune", params: z.unknown(), query: z.unknown() }, async () => Response.json({ comptes: await db.user.count() })),
    // A route reading through Prisma only (in a transaction).
    prisma: route({ session: "aucune", params: z.unknown(), query: z.unknown(), limite: null }, async () =>
      Response.json({ comptes: await db.$transaction((tx) => tx.user.count()) }),
    ),
    action: fabriquerAction(
      async () => null,
      async () => "198.51.100.91",
    )({ session: "aucune", schema: z.unknown(), limite: "api" }, async () => db.structure.count()),
    pret,
    sante,
  };
}

describe("la base de données s'arrête, puis revient", () => {
  it("503 « momentanément indisponible » avec Retry-After pendant l'arrêt, rétablissement seul au retour", async () => {
    const e = await endpoints();
    expect((await e.limitee(requete(), sansParams)).status).toBe(200);
    expect((await e.prisma(requete(), sansParams)).status).toBe(200);
    expect(await e.action(undefined)).toEqual({ ok: true, data: 0 });
    expect((await e.pret(new Request("http://localhost/api/health/ready"), sansParams)).status).toBe(200);

    await serveur.stop();

    for (const r of [await e.limitee(requete(), sansParams), await e.prisma(requete(), sansParams)]) {
      expect(r.status).toBe(503);
      expect(r.headers.get("retry-after")).toBe("5");
      expect(await r.json()).toEqual({ ok: false, code: "SERVICE_INDISPONIBLE", message: MESSAGES.SERVICE_INDISPONIBLE });
    }
    expect(MESSAGES.SERVICE_INDISPONIBLE).toBe("Le service est momentanément indisponible, réessayez dans quelques instants.");
    expect(await e.action(undefined)).toEqual({ ok: false, code: "SERVICE_INDISPONIBLE", message: MESSAGES.SERVICE_INDISPONIBLE, fieldErrors: {} });
    // The load balancer takes the process out (readiness), but does not restart it (liveness).
    await new Promise((r) => setTimeout(r, 1100)); // past the shared result of the previous probe
    const pret = await e.pret(new Request("http://localhost/api/health/ready"), sansParams);
    expect(pret.status).toBe(503);
    expect(await pret.json()).toMatchObject({ statut: "indisponible", verifications: { base: { statut: "échec", detail: "injoignable" } } });
    expect((await e.sante(new Request("http://localhost/api/health"), sansParams)).status).toBe(200);

    serveur = await demarrer();

    // The first requests after the restart are served: no stale connection is handed out, nothing to restart.
    expect((await e.limitee(requete(), sansParams)).status).toBe(200);
    expect((await e.prisma(requete(), sansParams)).status).toBe(200);
    expect(await e.action(undefined)).toEqual({ ok: true, data: 0 });
    await new Promise((r) => setTimeout(r, 1100));
    expect((await e.pret(new Request("http://localhost/api/health/ready"), sansParams)).status).toBe(200);
  });
});
