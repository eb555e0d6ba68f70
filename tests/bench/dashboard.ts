// npm run bench:dashboard
// « Tableau de bord » on a portal holding 1 000 000 sent pieces (BENCH_DASHBOARD_PIECES), written by SQL
// (INSERT … SELECT generate_series) into a database of its own: 2 000 suppliers, 20 MOEs and 10 MOAs, and three
// large structures measured — a supplier with 2,2 % of the pieces (22 000), an MOE with 5 % (50 000) and an MOA with
// 27,5 % (275 000, over 40 services); each piece with its history (deposit, put at the disposal, decision), deposit
// dates over 13 months, every status of the circuit. Then each role's dashboard (`tableauDeBord`, all its queries)
// computed 7 times; the median is printed.
// Prints last, one per line:
//   pieces: N                 pieces in the database
//   load_avg_1m: N            the machine's load when the measures started
//   dashboard_supplier_ms: N  median time of the supplier's dashboard
//   dashboard_moe_ms: N       … of the MOE's
//   dashboard_moa_ms: N       … of the MOA's
// Database: a scratch database on DATABASE_URL's server when set, else on an embedded PostgreSQL under
// .data/bench-dashboard-pg (port 54432, BENCH_DASHBOARD_PG_PORT). The scratch database is dropped at the end.
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "../../lib/db/migrations";
import { createDatabase, dropDatabase } from "../../lib/db/scratch";
import { startEmbeddedPostgres, type RunningPostgres } from "../../scripts/runtime/embedded-pg";
import type { Acteur } from "../../lib/auth/acteur";

const PIECES = Number(process.env.BENCH_DASHBOARD_PIECES ?? 1_000_000);
/** BENCH_DASHBOARD_EXPLAIN=1: prints the plan of every query of the dashboards (EXPLAIN ANALYZE), to tune the indexes. */
const EXPLAIN = process.env.BENCH_DASHBOARD_EXPLAIN === "1";
const requetes: { text: string; values: unknown[] }[] = [];
if (EXPLAIN) {
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const a = args[0] as { text?: string; values?: unknown[] } | string;
    if (typeof a === "object" && a?.text && /^\s*SELECT/i.test(a.text) && a.text.includes("PieceTravaux"))
      requetes.push({ text: a.text, values: a.values ?? [] });
    return (query as (...x: unknown[]) => unknown).apply(this, args);
  } as typeof query;
}
const MESURES = 7;
const nf = new Intl.NumberFormat("fr-FR");

/** The pieces, their history, and the many other structures they belong to, in a few INSERT … SELECT. */
async function remplir(databaseUrl: string, o: { fournisseurId: string; moeId: string; moaId: string; userId: string }) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const etape = async (libelle: string, sql: string, params: unknown[] = []) => {
    const debut = performance.now();
    await client.query(sql, params);
    console.log(`  ${libelle} : ${nf.format(Math.round((performance.now() - debut) / 100) / 10)} s`);
  };
  try {
    await etape(
      "autres structures",
      `INSERT INTO "Structure" (id, "identifierType", identifier, "countryCode", "raisonSociale", adresse, "codePostal", ville, pays, "updatedAt")
       SELECT gen_random_uuid(), 'SIRET', lpad((70000000000000 + g)::text, 14, '0'), 'FR', 'STRUCTURE BANC ' || g, '1 RUE DU CHANTIER', '31000', 'TOULOUSE', 'FRANCE', now()
       FROM generate_series(1, 2030) g`,
    );
    await client.query(
      `CREATE TEMP TABLE banc_structures AS SELECT id, row_number() OVER (ORDER BY identifier) - 1 AS n FROM "Structure" WHERE "raisonSociale" LIKE 'STRUCTURE BANC %'`,
    );
    await client.query(
      `CREATE TEMP TABLE banc_services AS SELECT id, row_number() OVER (ORDER BY code) - 1 AS n FROM "Service" WHERE "structureId" = $1::uuid`,
      [o.moaId],
    );
    await client.query("ANALYZE banc_structures; ANALYZE banc_services");
    // Supplier: the measured one for g % 50 = 0 (A4) and g % 500 = 7 (A6), else one of 2 000. MOE: the measured one for g % 20 = 0 (half
    // of the measured supplier's drafts among them), else one of 20. MOA: the measured one for g % 4 = 0 and g % 40 = 7 (A6), else one of 10.
    // One piece in 10 is an A6 sent straight to the paying service (no MOE). Deposits over the last 400 days.
    await etape(
      "pièces",
      `INSERT INTO "PieceTravaux" (id, statut, "statutLe", cadre, "structureDeposanteId", "creeParId", "moeId", "moaId", "serviceMoaId", numero, "numeroReserve",
                                  "dateFacture", "anneeFacture", devise, "typeTva", "montantHt", "montantTva", "montantTtc", "paiementMontant", "paiementLe",
                                  "deposeeLe", "createdAt", "updatedAt")
       SELECT gen_random_uuid(), x.statut::"StatutPieceTravaux", least(now(), x.depot + (x.g % 15) * interval '1 day'),
              x.cadre::"CadreFacturation", x.deposant, $4::uuid, x.moe, x.moa, x.service,
              'BANC-' || x.g, 'BANC-' || x.g, x.depot::date, extract(year FROM x.depot)::int, 'EUR', 'TVA_SUR_DEBIT',
              (x.g % 100000) * 100, (x.g % 100000) * 20, (x.g % 100000) * 120,
              CASE WHEN x.statut = 'MISE_EN_PAIEMENT' THEN (x.g % 100000) * 115 END,
              CASE WHEN x.statut = 'MISE_EN_PAIEMENT' THEN least(now(), x.depot + (x.g % 15) * interval '1 day')::date END,
              x.depot, x.depot, least(now(), x.depot + (x.g % 15) * interval '1 day')
       FROM (
         SELECT g,
                now() - (g % 400) * interval '1 day' - (g % 1440) * interval '1 minute' AS depot,
                CASE WHEN g % 10 = 7 THEN 'A6_ETAT_ACOMPTE_VALIDE_FOURNISSEUR' ELSE 'A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR' END AS cadre,
                CASE WHEN g % 10 = 7 THEN (ARRAY['MISE_A_DISPOSITION','MANDATEE','MISE_EN_PAIEMENT','MISE_EN_PAIEMENT','REJETEE'])[1 + (g / 10) % 5]
                     ELSE (ARRAY['MISE_A_DISPOSITION_MOE','MISE_A_DISPOSITION_MOE','PRISE_EN_COMPTE_MOE','TRANSMISE_MOA','TRANSMISE_MOA','TRANSMISE_MOA',
                                 'REFUSEE_MOE','SUSPENDUE','ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE','TRANSMISE_MOA'])[1 + (g / 10) % 10] END AS statut,
                CASE WHEN g % 50 = 0 OR g % 500 = 7 THEN $1::uuid ELSE sd.id END AS deposant,
                CASE WHEN g % 10 = 7 THEN NULL WHEN g % 20 = 0 THEN $2::uuid ELSE sm.id END AS moe,
                CASE WHEN g % 4 = 0 OR g % 40 = 7 THEN $3::uuid ELSE sa.id END AS moa,
                CASE WHEN g % 4 = 0 OR g % 40 = 7 THEN sv.id END AS service
         FROM generate_series(1, $5::int) g
         JOIN banc_structures sd ON sd.n = g % 2000
         JOIN banc_structures sm ON sm.n = 2000 + g % 20
         JOIN banc_structures sa ON sa.n = 2020 + g % 10
         JOIN banc_services sv ON sv.n = (g / 4) % 40
       ) x`,
      [o.fournisseurId, o.moeId, o.moaId, o.userId, PIECES],
    );
    // Its history: the deposit, the putting at the disposal, and the decision that gave its status (when it is one).
    await etape(
      "historique",
      `INSERT INTO "HistoriquePieceTravaux" (id, "pieceId", action, "statutAvant", "statutApres", "acteurUserId", "createdAt")
       SELECT gen_random_uuid(), p.id, 'DEPOT', 'BROUILLON'::"StatutPieceTravaux", 'DEPOSEE'::"StatutPieceTravaux", p."creeParId", p."deposeeLe" FROM "PieceTravaux" p
       UNION ALL
       SELECT gen_random_uuid(), p.id, 'MISE_A_DISPOSITION', 'DEPOSEE'::"StatutPieceTravaux",
              CASE WHEN p."moeId" IS NULL THEN 'MISE_A_DISPOSITION' ELSE 'MISE_A_DISPOSITION_MOE' END::"StatutPieceTravaux", NULL, p."deposeeLe" + interval '1 millisecond'
       FROM "PieceTravaux" p
       UNION ALL
       SELECT gen_random_uuid(), p.id, 'DECISION', CASE WHEN p."moeId" IS NULL THEN 'MISE_A_DISPOSITION' ELSE 'MISE_A_DISPOSITION_MOE' END::"StatutPieceTravaux",
              p.statut, NULL, p."statutLe"
       FROM "PieceTravaux" p WHERE p.statut NOT IN ('MISE_A_DISPOSITION', 'MISE_A_DISPOSITION_MOE')`,
    );
    await etape("VACUUM ANALYZE", "VACUUM ANALYZE");
  } finally {
    await client.end();
  }
}

function mediane(valeurs: number[]): number {
  const v = [...valeurs].sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)];
}

async function main() {
  const cpus = os.cpus();
  console.log(`Machine : ${cpus.length} cœurs (${cpus[0]?.model ?? "?"}), ${Math.round(os.totalmem() / 2 ** 30)} Go de mémoire, Node ${process.version}`);
  let embedded: RunningPostgres | undefined;
  let databaseUrl: string | undefined;
  let fermer: (() => Promise<void>) | undefined;
  try {
    let serverUrl = process.env.DATABASE_URL;
    if (!serverUrl) {
      embedded = await startEmbeddedPostgres({
        dir: path.join(process.cwd(), ".data", "bench-dashboard-pg"),
        port: Number(process.env.BENCH_DASHBOARD_PG_PORT ?? 54432),
      });
      serverUrl = embedded.url;
    }
    databaseUrl = await createDatabase(serverUrl, "bench_dashboard");
    await applyMigrations(databaseUrl);
    console.log(
      `Base de test : ${new URL(databaseUrl).pathname.slice(1)} (${process.env.DATABASE_URL ? "DATABASE_URL" : "PostgreSQL embarqué, .data/bench-dashboard-pg"})`,
    );
    Object.assign(process.env, { DATABASE_URL: databaseUrl, NODE_ENV: "production" });
    process.env.APP_URL ??= "http://localhost:3000";
    process.env.AUTH_SECRET ??= "bench-dashboard-secret-0123456789abcdef";
    // Required in production; nothing is sent here.
    process.env.SMTP_URL ??= "smtp://127.0.0.1:2599";

    const { db } = await import("../../lib/db");
    fermer = () => db.$disconnect();
    const { seedStructure, seedUser } = await import("../../prisma/seed/factories");
    const { tableauDeBord } = await import("../../lib/invoices/tableau-de-bord");

    const services = Array.from({ length: 40 }, (_, i) => ({ code: `SERVICE-${String(i).padStart(2, "0")}`, libelle: `Service ${i + 1}` }));
    const moa = await seedStructure({ categorieJuridique: "7120", worksSpaceOpen: true, raisonSociale: "MINISTERE DU BANC", services });
    const moe = await seedStructure({ worksSpaceOpen: true, raisonSociale: "MAITRISE D'OEUVRE DU BANC" });
    const fournisseur = await seedStructure({ raisonSociale: "FOURNISSEUR DU BANC" });
    const acteurs: Record<string, Acteur> = {};
    for (const [role, s] of [
      ["supplier", fournisseur],
      ["moe", moe],
      ["moa", moa],
    ] as const) {
      const user = await seedUser({ structureId: s.id, role: "GESTIONNAIRE_PRINCIPAL" });
      acteurs[role] = {
        userId: user.id,
        email: user.email,
        name: "Banc",
        structure: { id: s.id, raisonSociale: s.raisonSociale, identifier: s.identifier, role: "GESTIONNAIRE_PRINCIPAL", status: "VALIDEE" },
      };
    }
    console.log(`Remplissage : ${nf.format(PIECES)} pièces`);
    const debut = performance.now();
    await remplir(databaseUrl, { fournisseurId: fournisseur.id, moeId: moe.id, moaId: moa.id, userId: acteurs.supplier.userId });
    console.log(`  total : ${nf.format(Math.round((performance.now() - debut) / 1000))} s`);
    const [{ pieces }] = await db.$queryRaw<{ pieces: number }[]>`SELECT count(*)::int AS pieces FROM "PieceTravaux"`;

    const charge = os.loadavg()[0];
    const resultats: Record<string, number> = {};
    for (const role of ["supplier", "moe", "moa"] as const) {
      const temps: number[] = [];
      let resume = "";
      for (let i = 0; i < MESURES + 1; i++) {
        const t0 = performance.now();
        const t = await tableauDeBord(acteurs[role]);
        // The first run warms the caches (and the prepared statements): not counted.
        if (i > 0) temps.push(performance.now() - t0);
        if (i === 0)
          resume =
            role === "supplier"
              ? `${nf.format(t.fournisseur?.mois.reduce((s, m) => s + m.deposees, 0) ?? 0)} pièces déposées sur 12 mois, ${nf.format(t.fournisseur?.totaux.enCoursNombre ?? 0)} en cours`
              : role === "moe"
                ? `${nf.format(t.moe?.aTraiter ?? 0)} à traiter, ${nf.format(t.moe?.mois.reduce((s, m) => s + m.traitees, 0) ?? 0)} traitées sur 12 mois`
                : `${nf.format(t.moa?.totaux.recues ?? 0)} reçues sur 12 mois, ${t.moa?.services.length ?? 0} services, ${nf.format(t.moa?.totaux.retardPaiement ?? 0)} en retard de paiement`;
      }
      resultats[role] = mediane(temps);
      if (EXPLAIN) {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        const vues = new Set<string>();
        for (const r of requetes.splice(0)) {
          if (vues.has(r.text)) continue;
          vues.add(r.text);
          const plan = await client.query({ text: `EXPLAIN (ANALYZE, BUFFERS) ${r.text}`, values: r.values });
          console.log(`--- ${role}\n${r.text.replace(/\s+/g, " ").slice(0, 300)}\n${plan.rows.map((x) => x["QUERY PLAN"]).join("\n")}`);
        }
        await client.end();
      }
      console.log(`${role} : ${resume} — ${temps.map((x) => Math.round(x)).join(", ")} ms`);
    }
    console.log(`pieces: ${pieces}`);
    console.log(`load_avg_1m: ${charge.toFixed(2)}`);
    console.log(`dashboard_supplier_ms: ${Math.round(resultats.supplier)}`);
    console.log(`dashboard_moe_ms: ${Math.round(resultats.moe)}`);
    console.log(`dashboard_moa_ms: ${Math.round(resultats.moa)}`);
  } finally {
    await fermer?.().catch(() => {});
    if (databaseUrl) await dropDatabase(databaseUrl).catch((e) => console.error(`Base non supprimée : ${e}`));
    await embedded?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
