import { inject } from "vitest";

// Before any module reads it: every integration test talks to this run's own database.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.APP_URL ??= "http://localhost:3000";
process.env.AUTH_SECRET ??= "test-secret-integration-0123456789abcdef";
