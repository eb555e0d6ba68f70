import { afterAll, inject } from "vitest";

// Before any module reads it: every integration test talks to this run's own database.
process.env.DATABASE_URL = inject("databaseUrl");
// The files go to this run's own folder (the S3 store is tested against its own server: tests/integration/stockage.test.ts).
process.env.FICHIERS_DIR = inject("fichiersDir");
delete process.env.S3_URL;
process.env.APP_URL ??= "http://localhost:3000";
process.env.AUTH_SECRET ??= "test-secret-integration-0123456789abcdef";
// Webhooks reach the tests' receivers on 127.0.0.1 over http: allowed in every test process (the job workers of any
// test file may deliver another file's webhooks, the database being shared).
process.env.WEBHOOKS_ADRESSES_INTERNES ??= "1";
// The captcha shows this text in tests, as in the browser tests (the server warns when it is set).
process.env.CAPTCHA_TEST_TEXT ??= "TEST42";

// Domain functions kick mail delivery, which starts pg-boss in this process: stop it before the
// run's database is dropped, so that no connection dies under it.
afterAll(async () => {
  const { stopBoss } = await import("@/lib/jobs/boss");
  await stopBoss();
});
