// Setup of the fuzz suite (tests/fuzz): each test file gets its own copy of the run's migrated database, with a
// change log fed by triggers (tests/fuzz/empreinte.ts), and the few Next.js request APIs the endpoints touch
// replaced so that they can be called outside a request. The database is never mocked.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject, vi } from "vitest";
import { withDatabaseName } from "@/lib/db/scratch";
import { installerJournalDesChangements } from "./empreinte";

const modele = inject("databaseUrl");
const nom = `${inject("prefixeFuzz")}_${randomBytes(4).toString("hex")}`;
{
  const client = new pg.Client({ connectionString: withDatabaseName(modele, "postgres") });
  await client.connect();
  try {
    // A copy of the migrated database. Two files copying it at once: one waits for the other (55006, template in use).
    for (let essai = 0; ; essai++) {
      try {
        await client.query(`CREATE DATABASE "${nom}" TEMPLATE "${new URL(modele).pathname.slice(1)}"`);
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== "55006" || essai >= 100) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await client.end();
  }
}
const url = withDatabaseName(modele, nom);
await installerJournalDesChangements(url);

// Before any module reads them.
process.env.DATABASE_URL = url;
process.env.FICHIERS_DIR = inject("fichiersDir");
delete process.env.S3_URL;
process.env.APP_URL ??= "http://localhost:3000";
process.env.AUTH_SECRET ??= "test-secret-integration-0123456789abcdef";
process.env.CAPTCHA_TEST_TEXT ??= "TEST42";
// Rate limits twenty times wider (as in the browser tests): a thousand calls a minute still meet some, but not all.
process.env.LIMITES_DEBIT_FACTEUR ??= "20";

// The session: the actor of the role being fuzzed (tests/fuzz/requete.ts), read as lib/auth/session.ts reads it.
vi.mock("@/lib/auth/session", async () => {
  const { requete } = await import("./requete");
  const { redirect } = await import("next/navigation");
  return {
    getActeur: async () => requete.acteur,
    requireActeur: async (from?: string) => {
      if (!requete.acteur) redirect(from ? `/connexion?retour=${encodeURIComponent(from)}` : "/connexion");
      return requete.acteur;
    },
  };
});

// Outside a request, Next's headers() and cookies() throw: the fuzzed request's own are given instead.
vi.mock("next/headers", async () => {
  const { requete } = await import("./requete");
  return {
    headers: async () => requete.entetes(),
    cookies: async () => requete.biscuits,
    draftMode: async () => ({ isEnabled: false, enable() {}, disable() {} }),
  };
});

// Cache revalidation needs Next's static generation store: nothing to revalidate outside a request.
vi.mock("next/cache", async (original) => ({
  ...(await original<typeof import("next/cache")>()),
  revalidatePath: () => {},
  revalidateTag: () => {},
  updateTag: () => {},
  refresh: () => {},
}));

// The database itself is dropped at the end of the run (tests/fuzz/global-setup.ts), when no pool holds it any more.
afterAll(async () => {
  const { stopBoss } = await import("@/lib/jobs/boss");
  await stopBoss();
  const { db } = await import("@/lib/db");
  await db.$disconnect();
  const { fermerJournal } = await import("./empreinte");
  await fermerJournal();
});
