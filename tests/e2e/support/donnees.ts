import { randomBytes, randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, type Page } from "@playwright/test";
import pg from "pg";
import { E2E_CONTEXT_FILE, SAMPLE } from "./context";

// Browser tests build their own users and structures directly in the test server's database (never through a
// public route), so that they neither depend on nor change the demo data other specs use.

export async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const { databaseUrl } = JSON.parse(readFileSync(E2E_CONTEXT_FILE, "utf8")) as { databaseUrl: string };
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export const suffix = () => randomBytes(3).toString("hex").toUpperCase();

/** An active account with the demo password (its hash copied from a demo user). */
export async function utilisateur(prenom: string, nom: string): Promise<{ id: string; email: string; nom: string }> {
  const local = `${prenom}.${nom}-${suffix()}`
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[^A-Za-z0-9.-]+/g, "-");
  const email = `${local}@exemple.fr`.toLowerCase();
  const [row] = await sql<{ id: string }>(
    `INSERT INTO "User" (id, email, "firstName", "lastName", phone, "contactEmail", "contactEmailConfirmeLe", "passwordHash", status, "termsAcceptedAt", "activatedAt", "updatedAt")
     SELECT gen_random_uuid(), $1, $2, $3, '+33 1 23 45 67 89', $1, now(), "passwordHash", 'ACTIF', now(), now(), now() FROM "User" WHERE email = $4
     RETURNING id`,
    [email, prenom, nom, SAMPLE.fournisseurDemo.gestionnaire],
  );
  return { id: row.id, email, nom: `${prenom} ${nom}` };
}

export async function structure(raisonSociale: string, o: { diffusionPartielle?: boolean; ville?: string; codePostal?: string } = {}) {
  const siret = String(randomInt(10 ** 13, 10 ** 14));
  const [row] = await sql<{ id: string }>(
    `INSERT INTO "Structure" (id, "identifierType", identifier, "countryCode", "raisonSociale", adresse, "codePostal", ville, pays, "diffusionPartielle", "updatedAt")
     VALUES (gen_random_uuid(), 'SIRET', $1, 'FR', $2, '3 RUE DES LILAS', $3, $4, 'FRANCE', $5, now()) RETURNING id`,
    [siret, raisonSociale, o.codePostal ?? "35000", o.ville ?? "RENNES", o.diffusionPartielle ?? false],
  );
  // « Coordonnées bancaires »: one active account, which step « Parties » preselects (mandatory to send a supplier's piece).
  await sql(
    `INSERT INTO "CompteBancaire" (id, "structureId", libelle, titulaire, iban, bic, "updatedAt")
     VALUES (gen_random_uuid(), $1, 'Compte principal', $2, 'FR7630006000011234567890189', 'AGRIFRPP', now())`,
    [row.id, raisonSociale],
  );
  return { id: row.id, siret, raisonSociale };
}

export async function rattacher(userId: string, structureId: string, role: string, status = "VALIDEE") {
  await sql(
    `INSERT INTO "Membership" (id, "userId", "structureId", role, status, "updatedAt") VALUES (gen_random_uuid(), $1, $2, $3::"StructureRole", $4::"MembershipStatus", now())`,
    [userId, structureId, role, status],
  );
  await sql(`UPDATE "User" SET "currentStructureId" = coalesce("currentStructureId", $2) WHERE id = $1`, [userId, structureId]);
}

export async function seConnecter(page: Page, email: string) {
  await page.goto(`/connexion?email=${encodeURIComponent(email)}`);
  await page.getByLabel("Mot de passe").fill(SAMPLE.demoPassword);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mon compte" })).toBeVisible();
}
