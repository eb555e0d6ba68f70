// Webhooks: a structure's endpoint told of every status change of the pieces it is party to, written by the database
// trigger in the change's transaction, planned as pg-boss jobs, POSTed signed to a real HTTP server of the test.
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  // The test's receiver listens on 127.0.0.1 over http: allowed here only.
  process.env.WEBHOOKS_ADRESSES_INTERNES = "1";
});

const { creerAbonnement, desactiverAbonnement, listerAbonnements } = await import("@/lib/webhooks/abonnements");
const { planifierLivraisons } = await import("@/lib/webhooks/distribution");
const { livrerWebhook, EchecLivraison } = await import("@/lib/webhooks/livraison");
const { traiterPiece } = await import("@/lib/invoices/transitions");
const { db } = await import("@/lib/db");
const { depotA4, scenario } = await import("./factures-fixtures");

type Recu = { chemin: string; entetes: IncomingHttpHeaders; corps: string };
const recus: Recu[] = [];
/** Paths that answer 500 (the receiver down). */
const enPanne = new Set<string>();
let serveur: Server;
let base: string;

beforeAll(async () => {
  serveur = createServer((req, res) => {
    let corps = "";
    req.on("data", (m) => {
      corps += m;
    });
    req.on("end", () => {
      recus.push({ chemin: req.url ?? "", entetes: req.headers, corps });
      res.statusCode = enPanne.has(req.url ?? "") ? 500 : 204;
      res.end(enPanne.has(req.url ?? "") ? "indisponible" : undefined);
    });
  });
  await new Promise<void>((r) => serveur.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(serveur.address() as AddressInfo).port}`;
});

afterAll(async () => {
  // The receiver closes: its addresses are deactivated (see api-client.test.ts).
  await db.abonnementWebhook.updateMany({ where: { url: { startsWith: `${base}/` } }, data: { actif: false } });
  await new Promise((r) => serveur.close(r));
});

function verifierSignature(r: Recu, secret: string) {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(r.entetes["signature-webhook"]));
  expect(m).not.toBeNull();
  const attendue = createHmac("sha256", secret).update(`${m![1]}.${r.corps}`).digest("hex");
  expect(m![2]).toBe(attendue);
  expect(Math.abs(Date.now() / 1000 - Number(m![1]))).toBeLessThan(300);
}

async function livrerTout(): Promise<void> {
  await planifierLivraisons();
  const enAttente = await db.livraisonWebhook.findMany({ where: { statut: "EN_ATTENTE" }, select: { id: true } });
  for (const l of enAttente) await livrerWebhook(l.id, { derniere: false }).catch(() => {});
}

describe("webhooks", () => {
  it("chaque changement de statut d'une pièce est envoyé, signé, aux structures parties à la pièce", async () => {
    const s = await scenario();
    const moe = await creerAbonnement(s.moeUser.acteur, s.moe.id, { url: `${base}/moe` });
    const fournisseur = await creerAbonnement(s.deposant.acteur, s.fournisseur.id, { url: `${base}/fournisseur` });
    // A structure with no part in the piece is told nothing.
    await creerAbonnement(s.exterieur.acteur, s.autre.id, { url: `${base}/autre` });

    const { id } = await depotA4(s);
    // Written by the trigger in the deposit's transaction: one delivery per change of status and subscription.
    const ecrites = await db.livraisonWebhook.findMany({ where: { pieceId: id }, include: { abonnement: { select: { structureId: true } } } });
    expect(new Set(ecrites.map((l) => l.abonnement.structureId))).toEqual(new Set([s.moe.id, s.fournisseur.id]));
    await traiterPiece(s.moeUser.acteur, id, "SUSPENSION", { motif: { texte: "Il manque le métré." } });
    await livrerTout();

    const pourMoe = recus.filter((r) => r.chemin === "/moe").map((r) => ({ r, e: JSON.parse(r.corps) }));
    const suspension = pourMoe.find((x) => x.e.pieceId === id && x.e.statut === "SUSPENDUE");
    expect(suspension?.e).toMatchObject({
      type: "piece.statut",
      pieceId: id,
      cadre: "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR",
      motif: expect.stringContaining("métré"),
    });
    verifierSignature(suspension!.r, moe.secret);
    expect(suspension!.r.entetes["webhook-id"]).toBe(suspension!.e.id);
    const pourFournisseur = recus.filter((r) => r.chemin === "/fournisseur").map((r) => JSON.parse(r.corps));
    expect(pourFournisseur.filter((e) => e.pieceId === id).map((e) => e.statut)).toContain("SUSPENDUE");
    for (const r of recus.filter((x) => x.chemin === "/fournisseur")) verifierSignature(r, fournisseur.secret);
    expect(recus.some((r) => r.chemin === "/autre")).toBe(false);

    // « Paramètres »: the deliveries and their answers.
    const [vue] = await listerAbonnements(s.moeUser.acteur, s.moe.id);
    expect(vue.livraisons.length).toBeGreaterThan(0);
    expect(vue.livraisons.every((l) => l.statut === "LIVREE" && l.dernierCode === 204)).toBe(true);
  });

  it("une réponse en erreur est retentée ; la dernière tentative échouée est définitive", async () => {
    // The job workers of other test files (same database) may try these deliveries too: attempts are counted « at least ».
    const s = await scenario();
    enPanne.add("/panne");
    await creerAbonnement(s.moeUser.acteur, s.moe.id, { url: `${base}/panne` });
    const { id } = await depotA4(s);
    const [l] = await db.livraisonWebhook.findMany({ where: { pieceId: id, abonnement: { structureId: s.moe.id } }, take: 1 });
    await expect(livrerWebhook(l.id, { derniere: false })).rejects.toBeInstanceOf(EchecLivraison);
    const apres = await db.livraisonWebhook.findUniqueOrThrow({ where: { id: l.id } });
    expect(apres).toMatchObject({ statut: "EN_ATTENTE", dernierCode: 500, derniereErreur: "Réponse HTTP 500 : indisponible" });
    expect(apres.tentatives).toBeGreaterThanOrEqual(1);
    await expect(livrerWebhook(l.id, { derniere: true })).rejects.toBeInstanceOf(EchecLivraison);
    const echec = await db.livraisonWebhook.findUniqueOrThrow({ where: { id: l.id } });
    expect(echec.statut).toBe("ECHEC");
    expect(echec.tentatives).toBeGreaterThan(apres.tentatives);
    // A final failure is not tried again.
    expect(await livrerWebhook(l.id, { derniere: false })).toBe("ignoree");
    // Back up: the next delivery goes through.
    enPanne.delete("/panne");
    const suivantes = await db.livraisonWebhook.findMany({ where: { pieceId: id, statut: "EN_ATTENTE", abonnement: { structureId: s.moe.id } } });
    for (const x of suivantes) await livrerWebhook(x.id, { derniere: false });
    expect(await db.livraisonWebhook.count({ where: { pieceId: id, statut: "LIVREE", abonnement: { structureId: s.moe.id } } })).toBeGreaterThan(0);
  });

  it("seuls les gestionnaires gèrent les adresses ; une adresse désactivée ne reçoit plus rien ; tout est journalisé", async () => {
    const s = await scenario();
    await expect(creerAbonnement(s.collegue.acteur, s.fournisseur.id, { url: `${base}/x` })).rejects.toMatchObject({ code: "NON_AUTORISE" });
    await expect(creerAbonnement(s.deposant.acteur, s.fournisseur.id, { url: "ftp://exemple.fr/x" })).rejects.toMatchObject({
      code: "SAISIE_INVALIDE",
      fieldErrors: { url: expect.stringContaining("https://") },
    });
    const a = await creerAbonnement(s.deposant.acteur, s.fournisseur.id, { url: `${base}/desactivee` });
    await expect(desactiverAbonnement(s.collegue.acteur, a.id)).rejects.toMatchObject({ code: "NON_AUTORISE" });
    await desactiverAbonnement(s.deposant.acteur, a.id);
    const { id } = await depotA4(s);
    expect(await db.livraisonWebhook.count({ where: { pieceId: id, abonnementId: a.id } })).toBe(0);
    const chiffre = await db.abonnementWebhook.findUniqueOrThrow({ where: { id: a.id } });
    expect(chiffre.secretChiffre).not.toContain(a.secret.slice(6));
    expect(await db.journalAudit.count({ where: { cibleId: a.id, action: { in: ["WEBHOOK_CREE", "WEBHOOK_DESACTIVE"] } } })).toBe(2);
  });

  it("les tâches de fond livrent d'elles-mêmes : la base signale les livraisons, qui sont planifiées puis envoyées", async () => {
    const worker = await import("@/lib/jobs/worker");
    await worker.startWorkers({ sweepIntervalMs: 60_000 });
    try {
      const s = await scenario();
      await creerAbonnement(s.moeUser.acteur, s.moe.id, { url: `${base}/auto` });
      const { id } = await depotA4(s);
      // Each stage waited for on its own, so that a failure says which one: planned (NOTIFY, or the per-minute
      // schedule), delivered (the « webhook.livrer » jobs, after whatever other files left in the shared queue).
      await vi.waitFor(async () => expect(await db.livraisonWebhook.count({ where: { pieceId: id, planifiee: true } })).toBeGreaterThan(0), {
        timeout: 90_000,
        interval: 250,
      });
      await vi.waitFor(async () => expect(await db.livraisonWebhook.count({ where: { pieceId: id, statut: "LIVREE" } })).toBeGreaterThan(0), {
        timeout: 90_000,
        interval: 250,
      });
      expect(recus.some((r) => r.chemin === "/auto" && JSON.parse(r.corps).pieceId === id)).toBe(true);
    } finally {
      await worker.stopWorkers();
    }
  }, 240_000);
});
