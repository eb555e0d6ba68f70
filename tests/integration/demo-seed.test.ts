import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { applyMigrations } from "@/lib/db/migrations";
import { createDatabase, dropDatabase } from "@/lib/db/scratch";
import { DEMO_MARQUEUR, DEMO_PIECES } from "@/prisma/seed/demo-pieces";

// `npm run db:seed` on a database of its own (the demo uses fixed SIRETs and addresses), run twice as a newcomer would.

let url: string;
let fichiersDir: string;

async function seed(): Promise<{ ms: number; sortie: string }> {
  const debut = performance.now();
  const { stdout } = await promisify(execFile)(path.join("node_modules", ".bin", "tsx"), ["prisma/seed.ts"], {
    env: { ...process.env, DATABASE_URL: url, FICHIERS_DIR: fichiersDir, S3_URL: "" },
    timeout: 120_000,
  });
  return { ms: performance.now() - debut, sortie: stdout };
}

async function requete<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

const compter = async () =>
  Object.fromEntries(
    await Promise.all(
      [
        "PieceTravaux",
        "DepotPieceTravaux",
        "PieceJointeTravaux",
        "HistoriquePieceTravaux",
        "Notification",
        "OutboxMail",
        "JournalAudit",
        "User",
        "Structure",
      ].map(async (t) => {
        const [r] = await requete<{ n: string }>(`SELECT count(*) AS n FROM "${t}"`).catch(() => [{ n: "absent" }]);
        return [t, r.n] as const;
      }),
    ),
  );

beforeAll(async () => {
  url = await createDatabase(inject("serverUrl"), "demo");
  await applyMigrations(url);
  fichiersDir = await mkdtemp(path.join(os.tmpdir(), "portail-demo-"));
}, 120_000);

afterAll(async () => {
  await dropDatabase(url).catch(() => {});
  await rm(fichiersDir, { recursive: true, force: true });
});

it("la démonstration crée des dossiers à chaque étape, par le domaine, et une seconde exécution ne change rien", async () => {
  const premier = await seed();
  // Printed for the README: the seed's own duration (INSEE sample import included), then the process's.
  expect(premier.sortie).toMatch(/Données de démonstration en place \(\d+[.,]\d s\)/);
  console.log(premier.sortie.trim(), `— processus : ${Math.round(premier.ms)} ms`);

  const statuts = await requete<{ numero: string; statut: string; fichiers: number; depots: number; historique: number }>(
    `SELECT p.numero, p.statut::text AS statut,
       (SELECT count(*)::int FROM "PieceJointeTravaux" j WHERE j."pieceId" = p.id) AS fichiers,
       (SELECT count(*)::int FROM "DepotPieceTravaux" d WHERE d."pieceId" = p.id) AS depots,
       (SELECT count(*)::int FROM "HistoriquePieceTravaux" h WHERE h."pieceId" = p.id) AS historique
     FROM "PieceTravaux" p WHERE p.numero LIKE 'DEMO-%'`,
  );
  const statut = (numero: string) => statuts.find((s) => s.numero === numero)?.statut;
  expect(statut(DEMO_PIECES.brouillon)).toBe("BROUILLON");
  for (const n of DEMO_PIECES.aTraiter) expect(statut(n)).toBe("MISE_A_DISPOSITION_MOE");
  expect(statut(DEMO_PIECES.suspendue)).toBe("SUSPENDUE");
  expect(statut(DEMO_PIECES.refusee)).toBe("REFUSEE_MOE");
  expect(statut("DEMO-A4-0007")).toBe("TRANSMISE_MOA");
  expect(statut(DEMO_PIECES.aLaMoa)).toBe("MISE_A_DISPOSITION_MOA");
  expect(statut(DEMO_PIECES.priseEnCompteMoa)).toBe("PRISE_EN_COMPTE_MOA");
  expect(statut(DEMO_PIECES.mandatee)).toBe("MANDATEE");
  expect(statut(DEMO_PIECES.payee)).toBe("MISE_EN_PAIEMENT");
  expect(statut(DEMO_PIECES.a10)).toBe("A_VALIDER_1");
  expect(statut(DEMO_PIECES.decompteGeneral)).toBe("VALIDEE_1");
  expect(statut(DEMO_MARQUEUR)).not.toBe("BROUILLON");
  // Every sent piece has its invoice file, its deposit (the certificate's record) and its history; the draft has none.
  for (const p of statuts.filter((s) => s.statut !== "BROUILLON")) {
    expect(p.fichiers, p.numero).toBeGreaterThanOrEqual(1);
    expect(p.depots, p.numero).toBe(1);
    expect(p.historique, p.numero).toBeGreaterThanOrEqual(1);
  }
  // The MOE's days left: deposited 1, 3 and 5 days ago.
  const delais = await requete<{ numero: string; jours: number }>(
    `SELECT numero, round(extract(epoch FROM now() - "statutLe") / 86400)::int AS jours FROM "PieceTravaux" WHERE numero = ANY($1) ORDER BY numero`,
    [DEMO_PIECES.aTraiter],
  );
  expect(delais.map((d) => d.jours)).toEqual([1, 3, 5]);
  // Notifications and mails, as the domain writes them, for the demo users.
  const [{ notifications }] = await requete<{ notifications: number }>(
    `SELECT count(*)::int AS notifications FROM "Notification" n JOIN "User" u ON u.id = n."userId" WHERE u.email LIKE '%@demo.factures-travaux.fr'`,
  );
  expect(notifications).toBeGreaterThan(10);

  const avant = await compter();
  const second = await seed();
  console.log(second.sortie.trim(), `— processus : ${Math.round(second.ms)} ms`);
  expect(await compter()).toEqual(avant);
}, 240_000);
