import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { expect, inject, it } from "vitest";
import { applyMigrations } from "@/lib/db/migrations";
import { createDatabase, dropDatabase } from "@/lib/db/scratch";
import { controlerFichiers } from "@/lib/files/controle";
import { deplacerContenus, MIGRATION_CLES, MIGRATION_SANS_CONTENU, migrerBase } from "@/lib/files/migration";
import { cleDe, lireTout, type Stockage, StockageDisque } from "@/lib/files/stockage";

const sha256 = (o: Uint8Array) => createHash("sha256").update(o).digest("hex");

/** A store that fails from its `n`-th write on (the store unreachable in the middle of the move). */
function enPanneApres(s: Stockage, n: number): Stockage {
  let ecritures = 0;
  return new Proxy(s, {
    get(cible, nom, recepteur) {
      if (nom === "ecrire")
        return (...args: Parameters<Stockage["ecrire"]>) => {
          if (++ecritures >= n) return Promise.reject(new Error("stockage injoignable"));
          return cible.ecrire(...args);
        };
      return Reflect.get(cible, nom, recepteur);
    },
  });
}

it("une base dont les fichiers sont en base : « db:migrate » les déplace par lots vers le stockage (en reprenant après une panne), puis supprime la colonne", async () => {
  const url = await createDatabase(inject("serverUrl"), "fichiers_migration");
  const dossier = await mkdtemp(path.join(os.tmpdir(), "portail-migration-fichiers-"));
  const stockage = new StockageDisque(dossier);
  const client = new pg.Client({ connectionString: url });
  try {
    // The database as it was before the files left it, plus the migration that adds the keys.
    await applyMigrations(url, { jusqua: MIGRATION_CLES });
    await client.connect();
    // Rows as the portal wrote them then: the content in the row, no key. (Foreign keys are not checked for these
    // inserts: the pieces and users they name do not matter here.)
    const contenus = Array.from({ length: 10 }, () => randomBytes(1000 + Math.floor(Math.random() * 50_000)));
    const lignes = [...contenus, contenus[0], contenus[1]].map((contenu) => ({ id: randomUUID(), contenu, sha256: sha256(contenu) }));
    // One whose recorded hash is not its content's.
    const faussee = { id: randomUUID(), contenu: randomBytes(3000), sha256: "e".repeat(64) };
    lignes.push(faussee);
    await client.query("SET session_replication_role = replica");
    for (const l of lignes)
      await client.query(
        `INSERT INTO "PieceJointeTravaux" (id, "pieceId", nature, nom, "typeMime", taille, sha256, contenu, "ajouteeParId", "createdAt")
         VALUES ($1, gen_random_uuid(), 'COMPLEMENTAIRE', 'annexe.bin', 'application/zip', $2, $3, $4, gen_random_uuid(), now())`,
        [l.id, l.contenu.length, l.sha256, l.contenu],
      );
    await client.query("SET session_replication_role = DEFAULT");

    // The migration that drops the column refuses while contents are left, with what to do, and changes nothing.
    await expect(applyMigrations(url, { brut: true })).rejects.toThrow(/ont encore leur contenu en base : lancez « npm run files:migrate »/);
    const enBase = async () => (await client.query(`SELECT count(*)::int AS n FROM "PieceJointeTravaux" WHERE contenu IS NOT NULL`)).rows[0].n;
    expect(await enBase()).toBe(lignes.length);

    // The move stops on the store's failure after 4 files: those stay moved, each with its key, its content emptied.
    await expect(deplacerContenus({ databaseUrl: url, stockage: enPanneApres(stockage, 5), lot: 3, parallele: 1 })).rejects.toThrow("stockage injoignable");
    expect(await enBase()).toBe(lignes.length - 4);
    expect((await client.query(`SELECT count(*)::int AS n FROM "PieceJointeTravaux" WHERE cle IS NOT NULL AND contenu IS NULL`)).rows[0].n).toBe(4);
    expect((await client.query(`SELECT count(*)::int AS n FROM "FichierEnAttente"`)).rows[0].n).toBe(0);

    // npm run db:migrate: the rest moved, then the column dropped (its refused attempt above set aside).
    const journal: string[] = [];
    const appliquees = await migrerBase(url, { stockage, journal: (l) => journal.push(l) });
    expect(appliquees).toContain(MIGRATION_SANS_CONTENU);
    expect(journal).toContain(`Fichiers déplacés de la base vers le stockage : ${lignes.length - 4}.`);
    const colonnes = await client.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'PieceJointeTravaux' AND column_name IN ('contenu', 'cle')`,
    );
    expect(colonnes.rows.map((r) => r.column_name)).toEqual(["cle"]);

    // Every file is in the store under its content's key, once per content; the one whose hash was wrong, under its own.
    const { rows } = await client.query<{ id: string; cle: string }>(`SELECT id::text, cle FROM "PieceJointeTravaux"`);
    const cles = new Map(rows.map((r) => [r.id, r.cle]));
    for (const l of lignes) {
      expect(cles.get(l.id)).toBe(cleDe(sha256(l.contenu)));
      expect((await lireTout(stockage, cles.get(l.id)!)).equals(l.contenu)).toBe(true);
    }
    const objets: string[] = [];
    for await (const o of stockage.lister()) objets.push(o.cle);
    expect(objets).toHaveLength(contenus.length + 1);
    // …which the files check reports.
    const controle = await controlerFichiers({ databaseUrl: url, stockage });
    expect(controle.problemes.map((p) => [p.id, p.probleme])).toEqual([[faussee.id, "empreinte"]]);
    expect(controle.controles).toBe(lignes.length);

    // Nothing more to do the next time.
    expect(await migrerBase(url, { stockage })).toEqual([]);
  } finally {
    await client.end().catch(() => {});
    await dropDatabase(url);
    await rm(dossier, { recursive: true, force: true });
  }
}, 120_000);
