// What operators see of a running process: the health routes a load balancer probes, the Prometheus metrics a scraper
// reads (through the real route, with its token), and the request id carried from a request to its log lines, its SQL
// errors and the mail jobs it causes. The routes are the exported handlers, called as Next calls them.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Acteur } from "@/lib/auth/acteur";

// Before anything reads the environment: the scraper's token, and a low age threshold for the outbox's « dégradé ».
const JETON = "jeton-des-metriques-0123456789abcdef0123";
process.env.METRICS_TOKEN = JETON;
process.env.SANTE_COURRIELS_AGE_MAX_S = "60";

// The session of the request: the download route reads its actor through it (the rest is the real route, domain and database).
let acteurCourant: Acteur | null = null;
vi.mock("@/lib/auth/session", () => ({ getActeur: async () => acteurCourant }));

const { GET: sante } = await import("@/app/api/health/route");
const { GET: pret } = await import("@/app/api/health/ready/route");
const { GET: metriquesGET } = await import("@/app/api/metrics/route");
const { GET: telechargerFacture } = await import("@/app/api/factures-travaux/pieces/[id]/facture/route");
const { db } = await import("@/lib/db");
const { fabriquerAction } = await import("@/lib/actions");
const { route } = await import("@/lib/routes");
const { capturerJournal } = await import("@/lib/journal-technique");
const { ecrireHistorique } = await import("@/lib/invoices/historique");
const { kickMailDelivery, queueMails } = await import("@/lib/mail/outbox");
const { deliverOutboxMail } = await import("@/lib/mail/deliver");
const { ajouterPieceJointe } = await import("@/lib/invoices/pieces-jointes");
const { configurerFil, arreterFil } = await import("@/lib/pdf/fil");
const { remplacerBudgets } = await import("@/lib/securite/limites");
const { unusedPort } = await import("../support/smtp");
const { pdfArbreDePages } = await import("../support/pdf-hostile");
const { brouillonComplet, depotA4, scenario } = await import("./factures-fixtures");

const sansParams = { params: Promise.resolve({}) };

/** GET /api/metrics with the token: the text a scraper reads. */
async function scrape(): Promise<string> {
  const r = await metriquesGET(new Request("http://localhost/api/metrics", { headers: { authorization: `Bearer ${JETON}` } }), sansParams);
  expect(r.status).toBe(200);
  return r.text();
}

/** The value of one sample in the exposition text (0 when absent), its labels given in any order. */
function valeur(texte: string, nom: string, labels: Record<string, string> = {}): number {
  for (const ligne of texte.split("\n")) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(ligne);
    if (!m || m[1] !== nom) continue;
    const lus = Object.fromEntries([...(m[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => lus[k] === v)) return Number(m[3]);
  }
  return 0;
}

/** The log lines written while `f` runs, parsed. */
async function journalDe<T>(f: () => Promise<T>, niveau = "debug"): Promise<{ resultat: T; lignes: Record<string, unknown>[] }> {
  const brutes: string[] = [];
  const fin = capturerJournal((l) => brutes.push(l), niveau);
  try {
    const resultat = await f();
    return { resultat, lignes: brutes.map((l) => JSON.parse(l)) };
  } finally {
    fin();
  }
}

afterEach(() => {
  remplacerBudgets({});
});

describe("les sondes du répartiteur de charge", () => {
  it("/api/health répond que le processus vit, sans rien lire d'autre, et renvoie l'identifiant de requête du répartiteur", async () => {
    const r = await sante(new Request("http://localhost/api/health", { headers: { "x-request-id": "lb-0123456789abcdef" } }), sansParams);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ statut: "ok", depuisSecondes: expect.any(Number) });
    expect(r.headers.get("x-request-id")).toBe("lb-0123456789abcdef");
    // A header that does not look like an id is replaced by one of the portal's.
    const autre = await sante(new Request("http://localhost/api/health", { headers: { "x-request-id": "<script>x</script>" } }), sansParams);
    expect(autre.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("/api/health/ready détaille chaque vérification et sa durée ; un courriel en retard la rend « dégradé » sans sortir le processus (200)", async () => {
    // A started process has loaded its database client (the workers' first outbox sweep does): on a loaded test machine
    // its first load alone can take longer than a check's 2 seconds.
    await db.$queryRaw`SELECT 1`;
    const r = await pret(new Request("http://localhost/api/health/ready"), sansParams);
    const corps = await r.json();
    expect(r.status, JSON.stringify(corps)).toBe(200);
    expect(corps.verifications.base).toEqual({ statut: "ok", dureeMs: expect.any(Number) });
    expect(corps.verifications.stockage).toEqual({ statut: "ok", dureeMs: expect.any(Number) });
    expect(corps.verifications.courriels).toMatchObject({ dureeMs: expect.any(Number), enAttente: expect.any(Number), plusAncienSecondes: expect.any(Number) });

    // A mail waiting for 2 minutes (beyond SANTE_COURRIELS_AGE_MAX_S=60): the outbox is late.
    const id = crypto.randomUUID();
    await db.outboxMail.create({ data: { id, to: "retard@exemple.invalid", subject: "Retard", template: "x", createdAt: new Date(Date.now() - 120_000) } });
    try {
      await new Promise((r) => setTimeout(r, 1100)); // past the shared result of the previous probe
      const d = await pret(new Request("http://localhost/api/health/ready"), sansParams);
      const e = await d.json();
      expect(d.status).toBe(200);
      expect(e.statut).toBe("dégradé");
      expect(e.verifications.courriels).toMatchObject({ statut: "dégradé", plusAncienSecondes: expect.any(Number) });
      expect(e.verifications.courriels.plusAncienSecondes).toBeGreaterThanOrEqual(119);
      expect(JSON.stringify(e)).not.toContain("retard@exemple.invalid");
    } finally {
      await db.outboxMail.delete({ where: { id } });
    }
  });

  it("les sondes ne comptent contre aucune limite de débit : un répartiteur qui sonde sans arrêt n'est jamais refusé", async () => {
    remplacerBudgets({ api: { ip: { points: 1, duree: 60 } } });
    const depuis = { headers: { "x-forwarded-for": "198.51.100.77" } };
    for (let i = 0; i < 5; i++) expect((await sante(new Request("http://localhost/api/health", depuis), sansParams)).status).toBe(200);
  });
});

describe("/api/metrics", () => {
  it("401 sans le jeton ou avec un autre ; 404 quand METRICS_TOKEN n'est pas défini", async () => {
    expect((await metriquesGET(new Request("http://localhost/api/metrics"), sansParams)).status).toBe(401);
    const faux = await metriquesGET(
      new Request("http://localhost/api/metrics", { headers: { authorization: "Bearer pas-le-bon-jeton-0123456789abcdef" } }),
      sansParams,
    );
    expect(faux.status).toBe(401);
    expect(faux.headers.get("www-authenticate")).toContain("Bearer");
    expect(await scrape()).toContain("# TYPE process_cpu_user_seconds_total counter");

    const avant = process.env.METRICS_TOKEN;
    delete process.env.METRICS_TOKEN;
    vi.resetModules();
    try {
      const { GET } = await import("@/app/api/metrics/route");
      const r = await GET(new Request("http://localhost/api/metrics", { headers: { authorization: `Bearer ${JETON}` } }), sansParams);
      expect(r.status).toBe(404);
    } finally {
      process.env.METRICS_TOKEN = avant;
    }
  });

  it("la durée des routes par motif (jamais l'adresse avec ses identifiants), et celle des actions par nom et résultat", async () => {
    const s = await scenario();
    const { id } = await depotA4(s);
    acteurCourant = s.deposant.acteur;
    expect(
      (await telechargerFacture(new Request(`http://localhost/api/factures-travaux/pieces/${id}/facture`), { params: Promise.resolve({ id }) })).status,
    ).toBe(200);
    acteurCourant = s.exterieur.acteur;
    expect(
      (await telechargerFacture(new Request(`http://localhost/api/factures-travaux/pieces/${id}/facture`), { params: Promise.resolve({ id }) })).status,
    ).toBe(404);

    // An action named by the export Next registered it under (its id in Next's manifest of server actions), and one named by hand.
    const a = fabriquerAction(async () => null)({ session: "aucune", schema: z.object({ n: z.number() }) }, async ({ n }) => n * 2);
    const idNext = "7f00aa11bb22cc33dd44ee55ff66778899aabbccdd";
    Object.defineProperty(a, "$$id", { value: idNext });
    (globalThis as Record<symbol, unknown>)[Symbol.for("next.server.manifests")] = {
      serverActionsManifest: { node: { [idNext]: { exportedName: "doublerAction" } } },
    };
    expect(await a({ n: 2 })).toEqual({ ok: true, data: 4 });
    expect(await a({ n: "x" })).toMatchObject({ ok: false, code: "SAISIE_INVALIDE" });
    const nommee = fabriquerAction(async () => null)({ session: "requise", schema: z.unknown(), nom: "essaiAction" }, async () => 1);
    expect(await nommee(undefined)).toMatchObject({ ok: false, code: "NON_CONNECTE" });

    const texte = await scrape();
    const motif = "/api/factures-travaux/pieces/[id]/facture";
    expect(valeur(texte, "portail_http_requete_duree_secondes_count", { route: motif, methode: "GET", statut: "200" })).toBe(1);
    expect(valeur(texte, "portail_http_requete_duree_secondes_count", { route: motif, methode: "GET", statut: "404" })).toBe(1);
    expect(texte).not.toContain(id);
    expect(valeur(texte, "portail_action_duree_secondes_count", { action: "doublerAction", resultat: "ok" })).toBe(1);
    expect(valeur(texte, "portail_action_duree_secondes_count", { action: "doublerAction", resultat: "SAISIE_INVALIDE" })).toBe(1);
    expect(valeur(texte, "portail_action_duree_secondes_count", { action: "essaiAction", resultat: "NON_CONNECTE" })).toBe(1);
  });

  it("dépôts et changements de statut par cadre et statut, comptés une fois la transaction validée (rien pour une transaction annulée)", async () => {
    const cadre = "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR";
    const avant = await scrape();
    const s = await scenario();
    const { id } = await depotA4(s);
    const apres = await scrape();
    expect(valeur(apres, "portail_depots_total", { cadre }) - valeur(avant, "portail_depots_total", { cadre })).toBe(1);
    for (const statut of ["DEPOSEE", "MISE_A_DISPOSITION_MOE"]) {
      expect(valeur(apres, "portail_changements_statut_total", { cadre, statut }) - valeur(avant, "portail_changements_statut_total", { cadre, statut })).toBe(
        1,
      );
    }

    // A change written in a transaction that then fails is not counted; the same change committed is.
    const ligne = { action: "ESSAI", statutAvant: "MISE_A_DISPOSITION_MOE", statutApres: "PRISE_EN_COMPTE_MOE", le: new Date(), cadre } as const;
    await expect(
      db.$transaction(async (tx) => {
        await ecrireHistorique(tx, id, ligne);
        throw new Error("annulée");
      }),
    ).rejects.toThrow("annulée");
    const annulee = await scrape();
    const prise = { cadre, statut: "PRISE_EN_COMPTE_MOE" };
    expect(valeur(annulee, "portail_changements_statut_total", prise)).toBe(valeur(apres, "portail_changements_statut_total", prise));
    await db.$transaction((tx) => ecrireHistorique(tx, id, ligne));
    expect(valeur(await scrape(), "portail_changements_statut_total", prise)).toBe(valeur(apres, "portail_changements_statut_total", prise) + 1);
  });

  it("refus des limites de débit par nom, échecs d'envoi de courriel, profondeur de la boîte d'envoi et attente des files pg-boss", async () => {
    const avant = await scrape();
    // Over the « api » limit by address: 429, counted.
    remplacerBudgets({ api: { ip: { points: 1, duree: 60 } } });
    const GET = route({ session: "aucune", params: z.unknown(), query: z.unknown() }, async () => Response.json({ ok: true }));
    const depuis = () => new Request("http://localhost/api/essai", { headers: { "x-forwarded-for": "198.51.100.78" } });
    expect((await GET(depuis(), sansParams)).status).toBe(200);
    expect((await GET(depuis(), sansParams)).status).toBe(429);

    // A mail whose SMTP server does not answer: a failed attempt (not the last one).
    const s = await scenario();
    const [{ id: outboxId }] = await db.$transaction((tx) =>
      queueMails(tx, [{ userId: s.deposant.user.id, template: "activation", data: { prenom: "Jeanne", nom: "Martin", token: "t" } }]),
    );
    await expect(deliverOutboxMail(outboxId, { smtpUrl: `smtp://127.0.0.1:${await unusedPort()}` })).rejects.toThrow(/Échec de l'envoi/);
    await kickMailDelivery([outboxId]);

    const texte = await scrape();
    expect(
      valeur(texte, "portail_limites_debit_refus_total", { limite: "api", dimension: "ip" }) -
        valeur(avant, "portail_limites_debit_refus_total", { limite: "api", dimension: "ip" }),
    ).toBe(1);
    expect(
      valeur(texte, "portail_courriels_echecs_envoi_total", { definitif: "non" }) - valeur(avant, "portail_courriels_echecs_envoi_total", { definitif: "non" }),
    ).toBe(1);
    expect(valeur(texte, "portail_courriels_en_attente")).toBeGreaterThanOrEqual(1);
    expect(texte).toContain("# TYPE portail_courriel_plus_ancien_en_attente_secondes gauge");
    // The mail's job waits in pg-boss's queue: no worker runs in this process.
    expect(texte).toMatch(/^portail_file_taches_prets\{file="mail\.deliver"\} [1-9]/m);
    expect(texte).toMatch(/^portail_file_taches_attente_secondes\{file="mail\.deliver"\} \d/m);
    await db.outboxMail.update({ where: { id: outboxId }, data: { status: "ECHEC" } });
  });

  describe("fil de travail PDF", () => {
    beforeAll(() => configurerFil({ taille: 1, delaiMs: 500 }));
    afterAll(async () => {
      await configurerFil({});
      await arreterFil();
    });

    it("une tâche PDF arrêtée pour son temps est comptée ; la file d'attente et les tâches en cours sont exposées", async () => {
      const avant = await scrape();
      const s = await scenario();
      const { id } = await brouillonComplet(s);
      await expect(
        ajouterPieceJointe(s.deposant.acteur, id, { nom: "piege.pdf", contenu: pdfArbreDePages(40), nature: "COMPLEMENTAIRE" }),
      ).rejects.toMatchObject({
        code: "FICHIER_REFUSE",
      });
      const texte = await scrape();
      expect(
        valeur(texte, "portail_pdf_taches_arretees_total", { raison: "delai" }) - valeur(avant, "portail_pdf_taches_arretees_total", { raison: "delai" }),
      ).toBe(1);
      expect(texte).toMatch(/^portail_pdf_taches_en_attente 0$/m);
      expect(texte).toMatch(/^portail_pdf_taches_en_cours 0$/m);
    });
  });
});

describe("l'identifiant de requête suit la requête", () => {
  it("dans chaque ligne de journal de la requête, dans l'erreur SQL qu'elle cause et dans les travaux de courriel qu'elle met en file", async () => {
    const s = await scenario();
    let outboxId = "";
    const GET = route({ session: "aucune", params: z.unknown(), query: z.unknown() }, async () => {
      const [m] = await db.$transaction((tx) =>
        queueMails(tx, [{ userId: s.deposant.user.id, template: "activation", data: { prenom: "Jeanne", nom: "Martin", token: "t" } }]),
      );
      outboxId = m.id;
      await kickMailDelivery([m.id]);
      await db.$queryRawUnsafe("SELECT * FROM table_qui_n_existe_pas");
      return Response.json({ ok: true });
    });
    const requestId = "essai-requete-0123456789";
    const { resultat, lignes } = await journalDe(() => GET(new Request("http://localhost/api/essai", { headers: { "x-request-id": requestId } }), sansParams));
    expect(resultat.status).toBe(500);
    expect(resultat.headers.get("x-request-id")).toBe(requestId);

    // The SQL error, with Prisma's code and the driver's SQLSTATE (42P01: no such table).
    const sql = lignes.find((l) => l.msg === "erreur inattendue") as { level: string; requestId: string; err: { code: string } };
    expect(sql).toMatchObject({ level: "error", requestId, err: { code: "P2010" } });
    expect(JSON.stringify(sql.err)).toContain("42P01");
    expect(lignes.find((l) => l.msg === "route")).toMatchObject({ level: "info", requestId, route: "/api/essai", statut: "500", dureeMs: expect.any(Number) });
    expect(lignes.find((l) => l.msg === "courriels : envois mis en file")).toMatchObject({ requestId, outboxIds: [outboxId] });

    const [job] = await db.$queryRawUnsafe<{ data: { outboxId: string; requestId?: string } }[]>("SELECT data FROM pgboss.job WHERE id = $1::uuid", outboxId);
    expect(job.data).toEqual({ outboxId, requestId });
    await db.outboxMail.update({ where: { id: outboxId }, data: { status: "ECHEC" } });
  });
});
