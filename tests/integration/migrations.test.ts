import { inject, expect, it } from "vitest";
import { pendingSchemaChanges } from "@/lib/db/migrations";

it("les migrations committées correspondent exactement à prisma/schema.prisma", async () => {
  const drift = await pendingSchemaChanges(inject("serverUrl"));
  expect(drift, "Lancez `npm run db:migration -- <nom>` pour créer la migration manquante").toBe("");
}, 60_000);
