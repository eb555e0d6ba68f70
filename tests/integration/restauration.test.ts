import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { exerciceRestauration, resumeExercice } from "@/lib/db/restauration";
import { depotA4, scenario } from "./factures-fixtures";

// The restore drill on this run's database, filled through the domain: a copy that comes back identical passes,
// a copy altered after its restore (a certificate's fingerprint, a lost file row, a changed user) fails and says where.

async function sur<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const basesDeTravail = () =>
  sur(inject("serverUrl"), async (c) =>
    (await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'restauration\\_%'")).rows.map((r) => r.datname),
  );

// A drill replays every migration and copies the whole database: longer than the suite's default 30 s on a busy machine.
describe("exercice de restauration", { timeout: 120_000 }, () => {
  it("restaure une copie identique de la base : lignes, contenus, numéros et certificats", async () => {
    const s = await scenario();
    const a = await depotA4(s);
    const b = await depotA4(s);
    const url = process.env.DATABASE_URL as string;
    const avant = await basesDeTravail();

    const r = await exerciceRestauration(url);

    expect(r.differences).toEqual([]);
    expect(r.ok).toBe(true);
    const ligne = (table: string) => r.tables.find((t) => t.table === table);
    const depots = await sur(url, async (c) => Number((await c.query(`SELECT count(*) FROM "DepotPieceTravaux"`)).rows[0].count));
    expect(ligne("DepotPieceTravaux")).toEqual({ table: "DepotPieceTravaux", source: depots, restauree: depots });
    expect(depots).toBeGreaterThanOrEqual(2);
    for (const cle of ["User", "PieceTravaux", "PieceJointeTravaux", "DossierFacturation", "DepotPieceTravaux"]) {
      const somme = r.sommes.find((x) => x.table === cle);
      expect(somme?.lignes, cle).toBeGreaterThan(0);
      expect(somme?.restauree, cle).toBe(somme?.source);
    }
    // The deposit numbers go on where they were: the next deposit does not reuse one.
    const numeros = r.sequences.find((x) => x.sequence.includes("DepotPieceTravaux"));
    expect(numeros?.conforme).toBe(true);
    const plusGrand = await sur(url, async (c) => Number((await c.query(`SELECT max(numero) AS m FROM "DepotPieceTravaux"`)).rows[0].m));
    expect(Number(numeros?.restauree)).toBeGreaterThan(plusGrand);
    expect(r.certificats.verifies).toBe(depots);
    // Every file of the copy is found in the store (the files check, run on the restored database).
    expect(r.fichiers.controles).toBeGreaterThanOrEqual(4);
    expect(a.envoi).toBeTruthy();
    expect(b.envoi).toBeTruthy();
    const resume = resumeExercice(r);
    expect(resume.at(-1)).toBe("restore_drill: ok");
    expect(resume.join("\n")).toContain("La copie restaurée est identique à la base sauvegardée.");
    // The scratch database is gone.
    expect(await basesDeTravail()).toEqual(avant);
  });

  it("échoue quand la copie restaurée diffère, et dit où", async () => {
    const s = await scenario();
    const { id } = await depotA4(s);
    const url = process.env.DATABASE_URL as string;
    const numero = await sur(
      url,
      async (c) => (await c.query<{ numero: number }>(`SELECT numero FROM "DepotPieceTravaux" WHERE "pieceId" = $1`, [id])).rows[0].numero,
    );

    const r = await exerciceRestauration(url, {
      apresRestauration: (copie) =>
        sur(copie, async (c) => {
          // A certificate whose printed fingerprint no longer matches, a file that did not come back, a user changed.
          await c.query(`UPDATE "DepotPieceTravaux" SET empreinte = repeat('0', 64) WHERE "pieceId" = $1`, [id]);
          await c.query(`DELETE FROM "PieceJointeTravaux" WHERE "pieceId" = $1 AND nature = 'COMPLEMENTAIRE'`, [id]);
          await c.query(`UPDATE "User" SET email = 'quelquun@ailleurs.fr' WHERE id = $1`, [s.exterieur.user.id]);
          // The invoice's row now names an object that the store does not have.
          await c.query(`UPDATE "PieceJointeTravaux" SET cle = $2 WHERE "pieceId" = $1 AND nature = 'FACTURE'`, [id, `sha256/ab/${"ab".repeat(32)}`]);
          // The deposit numbers rewound: the next deposit would take a number already given.
          await c.query(`SELECT setval(pg_get_serial_sequence('"DepotPieceTravaux"', 'numero'), 1)`);
        }),
    });

    expect(r.ok).toBe(false);
    const texte = r.differences.join("\n");
    expect(texte).toContain("Table PieceJointeTravaux : ");
    expect(texte).toMatch(/Table User : le contenu diffère/);
    expect(texte).toMatch(/Table DepotPieceTravaux : le contenu diffère/);
    expect(texte).toContain(`Dépôt n° ${numero} : le certificat ne donne plus son empreinte`);
    expect(texte).toContain(`Dépôt n° ${numero} : le fichier « situation.csv »`);
    expect(texte).toMatch(/Fichiers : pièce jointe .* objet manquant/);
    expect(texte).toMatch(/Séquence DepotPieceTravaux_numero_seq : la copie reprendrait à 2, .* DepotPieceTravaux\.numero y va déjà jusqu'à \d+/);
    expect(resumeExercice(r).at(-1)).toBe("restore_drill: échec");
  });
});
