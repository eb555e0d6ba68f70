import { describe, expect, it } from "vitest";
import pg from "pg";
import { inject } from "vitest";
import { db } from "@/lib/db";
import { envoyer } from "@/lib/invoices/envoi";
import { ajouterPieceJointe } from "@/lib/invoices/pieces-jointes";
import { consulterPiece } from "@/lib/invoices/consultation";
import { brouillonComplet, pdfFacture, scenario, type Scenario } from "./factures-fixtures";

/** Everything a deposit writes, for one piece: after an interrupted deposit, none of it may exist. */
async function traces(s: Scenario, pieceId: string) {
  const piece = await db.pieceTravaux.findUniqueOrThrow({ where: { id: pieceId }, select: { statut: true, dossierId: true, deposeeLe: true } });
  return {
    piece,
    historique: await db.historiquePieceTravaux.findMany({ where: { pieceId }, select: { statutApres: true } }),
    depot: await db.depotPieceTravaux.count({ where: { pieceId } }),
    mails: await db.outboxMail.count({ where: { to: { in: [s.deposant.user.email, s.moeUser.user.email] } } }),
  };
}

const rienDEcrit = { piece: { statut: "BROUILLON", dossierId: null, deposeeLe: null }, historique: [{ statutApres: "BROUILLON" }], depot: 0, mails: 0 };

async function pret() {
  const s = await scenario();
  const { id } = await brouillonComplet(s);
  await ajouterPieceJointe(s.deposant.acteur, id, { nom: "facture.pdf", contenu: await pdfFacture(), nature: "FACTURE" });
  return { s, id };
}

describe("un dépôt interrompu entre ses écritures ne laisse rien à moitié écrit", () => {
  it("quand la dernière écriture (le courriel au destinataire) échoue", async () => {
    const { s, id } = await pret();
    // A dossier left without its piece (other test files create dossiers meanwhile: only orphans are counted).
    const orphelins = () => db.dossierFacturation.count({ where: { pieces: { none: {} } } });
    const dossiers = await orphelins();
    // An address the outbox refuses: the mail to the MOE fails after the piece, dossier, deposit and history rows.
    await db.user.update({ where: { id: s.moeUser.user.id }, data: { contactEmail: "adresse invalide" } });
    await expect(envoyer(s.deposant.acteur, id)).rejects.toThrow(/Adresse électronique de destination invalide/);
    expect(await traces(s, id)).toEqual(rienDEcrit);
    expect(await orphelins()).toBe(dossiers);
    // Once the cause is fixed, the same draft is sent normally.
    await db.user.update({ where: { id: s.moeUser.user.id }, data: { contactEmail: s.moeUser.user.email } });
    expect((await envoyer(s.deposant.acteur, id)).statut).toBe("MISE_A_DISPOSITION_MOE");
  });

  it("quand la connexion à la base est coupée au milieu de la transaction", async () => {
    const { s, id } = await pret();
    const admin = new pg.Client({ connectionString: inject("databaseUrl") });
    await admin.connect();
    const fonction = `bloque_${id.replace(/-/g, "")}`;
    try {
      // The history rows are written after the piece, the dossier and the deposit: hold the transaction there.
      await admin.query(`CREATE FUNCTION ${fonction}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(30); RETURN NEW; END $$`);
      await admin.query(
        `CREATE TRIGGER ${fonction} BEFORE INSERT ON "HistoriquePieceTravaux" FOR EACH ROW WHEN (NEW."pieceId" = '${id}'::uuid) EXECUTE FUNCTION ${fonction}()`,
      );
      const envoi = envoyer(s.deposant.acteur, id).then(
        () => "envoyé",
        (e: Error) => e.message,
      );
      let pid: number | undefined;
      for (let i = 0; i < 100 && !pid; i++) {
        await new Promise((r) => setTimeout(r, 50));
        const { rows } = await admin.query(`SELECT pid FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND query ILIKE '%HistoriquePieceTravaux%'`);
        pid = rows[0]?.pid;
      }
      expect(pid, "la transaction de dépôt n'a pas atteint l'écriture de l'historique").toBeDefined();
      // Meanwhile nobody sees a half-done deposit: the piece is still a draft for everyone else.
      expect((await consulterPiece(s.deposant.acteur, id)).statut).toBe("BROUILLON");
      await admin.query("SELECT pg_terminate_backend($1)", [pid]);
      expect(await envoi).not.toBe("envoyé");
      expect(await traces(s, id)).toEqual(rienDEcrit);
    } finally {
      await admin.query(`DROP TRIGGER IF EXISTS ${fonction} ON "HistoriquePieceTravaux"`);
      await admin.query(`DROP FUNCTION IF EXISTS ${fonction}()`);
      await admin.end();
    }
  });
});
