// npm run test:crash
// Crashes under load, through HTTP, against the production build (`next start`). K virtual users (CRASH_USERS, 16)
// deposit in a loop as browsers do (tests/bench/lib/portail-http.ts `deposer`), retrying with the same data what
// failed for a transient reason (refused connection, 5xx, 429). Meanwhile:
//   1. the app process is killed with SIGKILL at random moments (CRASH_KILLS, 6, at least 5) and restarted at once;
//   2. the PostgreSQL server is stopped and started again under load (CRASH_PG_RESTARTS, 2; down CRASH_PG_DOWN_S, 6 s
//      each): requests must fail with a clear 503 (« service momentanément indisponible ») and the portal recover by
//      itself.
// Then the load stops, the outbox drains (a killed process's mail jobs come back after their expiry: up to
// CRASH_MAIL_WAIT_S, 420 s), and the run is checked:
//   - lost: deposits whose send was acknowledged to the client (the action's success answer) that are missing or
//     incomplete — not sent, no dossier, no deposit record or history, the invoice file absent, its object missing
//     from the store or with another hash, or the certificate not attesting it;
//   - half_written: any piece of the run half-written — sent without its dossier, deposit record, history or files;
//     a draft with a deposit record; a certificate whose file hashes are not those of the piece; a file row whose
//     object is missing or differs (`npm run files:check`'s control); an orphan object older than the grace period
//     left after the sweep;
//   - duplicate_mails: mails received more than once by the SMTP server (counted by Message-ID, which is the outbox
//     id); a mail marked sent that never arrived, or never sent, is reported too.
// Prints last: acknowledged, lost, half_written, duplicate_mails; exits with 1 if one of the last three is not 0, or
// if the load did not resume after each crash, or the portal did not recover after the database came back.
//
// Its own stack: embedded PostgreSQL (.data/crash-pg, port CRASH_PG_PORT, 55524), a fresh database with the
// migrations and the demo data, the files under .data/crash/fichiers, an SMTP server that counts mails. The app on
// CRASH_PORT (4450). Build: BENCH_DIST_DIR, else .next-bench (built when empty), as `npm run bench:http`.
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { dropDatabase } from "../../lib/db/scratch";
import { type RunningPostgres, startEmbeddedPostgres } from "../../scripts/runtime/embedded-pg";
import { startStack } from "../../scripts/runtime/stack";
import {
  type ActionsDepot,
  attendre,
  buildPrete,
  type Depot,
  deposer,
  demarrerInstance,
  Echec,
  fabriquerPdfs,
  idsDesActions,
  type Instance,
  Navigateur,
  preparerDonnees,
  Repartiteur,
  requete,
} from "./lib/portail-http";
import { demarrerSmtpCompteur } from "./lib/smtp-compteur";
import { verifierRun } from "./lib/verifications-crash";

const K = Number(process.env.CRASH_USERS ?? 16);
const KILLS = Math.max(5, Number(process.env.CRASH_KILLS ?? 6));
const PG_RESTARTS = Number(process.env.CRASH_PG_RESTARTS ?? 2);
const PG_DOWN_S = Number(process.env.CRASH_PG_DOWN_S ?? 6);
const MAIL_WAIT_S = Number(process.env.CRASH_MAIL_WAIT_S ?? 420);
const PORT = Number(process.env.CRASH_PORT ?? 4450);
const PG_PORT = Number(process.env.CRASH_PG_PORT ?? 55524);
const PG_DIR = path.join(process.cwd(), ".data", "crash-pg");
const DOSSIER = path.join(process.cwd(), ".data", "crash");
const FICHIERS = path.join(DOSSIER, "fichiers");
const alea = (min: number, max: number) => min + Math.random() * (max - min);
const horodatage = () => new Date().toISOString().slice(11, 23);

type EchecVu = { t: number; etape: string; status?: number; code?: string; message: string };

async function main() {
  console.log(
    `Machine : ${os.cpus().length} cœurs, Node ${process.version} ; charge moyenne : ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
  );
  const dist = await buildPrete();
  const actions = idsDesActions(dist, "app/(portail)/factures-travaux/deposer/actions.ts") as ActionsDepot;
  await rm(FICHIERS, { recursive: true, force: true });
  const smtp = await demarrerSmtpCompteur();
  process.env.SMTP_URL = smtp.url;
  process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
  process.env.FICHIERS_DIR = FICHIERS;
  let serveur: RunningPostgres = await startEmbeddedPostgres({ dir: PG_DIR, port: PG_PORT });
  process.env.DATABASE_URL = serveur.url;
  let databaseUrl: string | undefined;
  let instance: Instance | undefined;
  const problemes: string[] = [];
  try {
    const stack = await startStack({ pgDir: PG_DIR, pgPort: PG_PORT, smtpPort: 0, freshDatabase: true });
    databaseUrl = stack.env.DATABASE_URL;
    const { parties, deposants } = await preparerDonnees(databaseUrl, K, 0);
    // The bench's own Prisma client is not needed any more: the checks read with plain connections.
    await (await import("../../lib/db")).db.$disconnect();
    const pdfs = await fabriquerPdfs(16);
    const envApp = { ...stack.env, APP_URL: `http://localhost:${PORT}`, LIMITES_DEBIT_FACTEUR: "1000", TRUST_PROXY: "1", FICHIERS_DIR: FICHIERS };
    const demarrer = () => demarrerInstance(dist, PORT, envApp, path.join(DOSSIER, `next-${PORT}.log`));
    instance = await demarrer();
    const navigateurs = deposants.map((_, i) => new Navigateur(new Repartiteur([instance!.url]), `10.30.${i >> 8}.${(i & 255) + 1}`));
    for (const [i, n] of navigateurs.entries()) await n.connexion(deposants[i].email, deposants[i].motDePasse);

    // --- The load: every user deposits until told to stop, retrying what failed for a transient reason.
    const acquittes: Depot[] = [];
    const sansAccuse: Depot[] = [];
    const abandons = new Map<string, number>();
    const echecs: EchecVu[] = [];
    let arret = false;
    let numero = 0;
    const charge = Promise.all(
      navigateurs.map(async (nav, i) => {
        while (!arret) {
          const n = numero++;
          try {
            const d = await deposer(nav, actions, parties, deposants[i], `CRASH-${n}`, pdfs[n % pdfs.length], {
              reessayer: true,
              abandonApresMs: 240_000,
              surEchec: (e, etape) => echecs.push({ t: Date.now(), etape, status: e.status, code: e.code, message: e.message }),
            });
            (d.numeroDepot ? acquittes : sansAccuse).push(d);
          } catch (error) {
            const cle = (error instanceof Echec ? error.message : String(error)).replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, "<id>").slice(0, 200);
            abandons.set(cle, (abandons.get(cle) ?? 0) + 1);
          }
        }
      }),
    );
    const progres = async (avant: number, maxS: number): Promise<number | null> => {
      const debut = Date.now();
      while (acquittes.length <= avant) {
        if (Date.now() - debut > maxS * 1000) return null;
        await attendre(50);
      }
      return (Date.now() - debut) / 1000;
    };

    // --- 1. SIGKILL the app process at random moments, restart it at once.
    const tues: number[] = [];
    if ((await progres(0, 120)) === null) throw new Error("Aucun dépôt acquitté en 2 minutes : la charge ne démarre pas.");
    for (let k = 1; k <= KILLS; k++) {
      await attendre(alea(2000, 7000));
      const avant = acquittes.length;
      const tue = Date.now();
      tues.push(tue);
      instance.enfant.kill("SIGKILL");
      await instance.fin;
      await attendre(alea(100, 1500));
      instance = await demarrer();
      const reprise = await progres(acquittes.length, 120);
      console.log(
        `[${horodatage()}] SIGKILL n° ${k} après ${avant} dépôts acquittés ; redémarré en ${((Date.now() - tue) / 1000).toFixed(1)} s ; ` +
          (reprise === null ? "AUCUN dépôt acquitté depuis en 2 minutes" : `dépôts de nouveau acquittés ${reprise.toFixed(1)} s après`),
      );
      if (reprise === null) problemes.push(`la charge n'a pas repris après le SIGKILL n° ${k}`);
    }

    // --- 2. Stop the PostgreSQL server under load, start it again.
    const coupures: { debut: number; fin: number }[] = [];
    for (let r = 1; r <= PG_RESTARTS; r++) {
      await attendre(alea(3000, 6000));
      const debut = Date.now();
      await serveur.stop();
      const sondes: string[] = [];
      // While it is down: what does a client get? A server action (the session is read from the database) and the
      // upload route, by a signed-in user.
      await attendre(1500);
      for (const [nom, f] of [
        [
          "action « Déposer »",
          () => navigateurs[0].action("/factures-travaux/deposer", actions.creerBrouillonAction, { cadre: "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR" }),
        ],
        [
          "route d'envoi de fichier",
          () => navigateurs[0].json("/api/factures-travaux/pieces/00000000-0000-4000-8000-000000000000/pieces-jointes", { method: "POST", corps: "x" }),
        ],
      ] as const) {
        const t = performance.now();
        try {
          await f();
          sondes.push(`${nom} : réussie ?!`);
        } catch (e) {
          sondes.push(`${nom} : ${e instanceof Echec ? `HTTP ${e.status ?? "—"} ${e.code ?? ""}` : String(e)} en ${(performance.now() - t).toFixed(0)} ms`);
        }
      }
      try {
        const sante = await requete(`${instance.url}/api/health/ready`, { timeoutMs: 10_000 });
        sondes.push(`/api/health/ready : HTTP ${sante.status}`);
      } catch (e) {
        sondes.push(`/api/health/ready : ${e}`);
      }
      await attendre(Math.max(0, PG_DOWN_S * 1000 - (Date.now() - debut)));
      serveur = await startEmbeddedPostgres({ dir: PG_DIR, port: PG_PORT });
      const fin = Date.now();
      coupures.push({ debut, fin });
      const reprise = await progres(acquittes.length, 120);
      console.log(
        `[${horodatage()}] PostgreSQL arrêté ${((fin - debut) / 1000).toFixed(1)} s (${sondes.join(" ; ")}) ; ` +
          (reprise === null ? "AUCUN dépôt acquitté depuis en 2 minutes" : `dépôts de nouveau acquittés ${reprise.toFixed(1)} s après son redémarrage`),
      );
      if (reprise === null) problemes.push(`le portail ne s'est pas rétabli après le redémarrage n° ${r} de PostgreSQL`);
    }
    await attendre(3000);
    arret = true;
    await charge;

    // What clients got while the database was down (every failure seen between its stop and its start, + 1 s).
    const pendant = echecs.filter((e) => coupures.some((c) => e.t >= c.debut && e.t <= c.fin + 1000));
    const parGenre = new Map<string, number>();
    for (const e of pendant)
      parGenre.set(
        `HTTP ${e.status ?? "—"} ${e.code ?? "(pas de réponse)"}`,
        (parGenre.get(`HTTP ${e.status ?? "—"} ${e.code ?? "(pas de réponse)"}`) ?? 0) + 1,
      );
    console.log(`\nÉchecs vus par les clients pendant les coupures de PostgreSQL : ${[...parGenre].map(([k, v]) => `${v} × ${k}`).join(", ") || "aucun"}`);
    // Clear: a route answers 503 (with Retry-After), a server action `{ ok: false, code: "SERVICE_INDISPONIBLE" }` (an
    // action's answer is always a 200, its result says what happened). Anything else (500, internal error, no answer) is not.
    const obscurs = pendant.filter((e) => e.status !== 503 && e.code !== "SERVICE_INDISPONIBLE");
    if (obscurs.length) {
      problemes.push(`${obscurs.length} requête(s) en échec autrement que par « service momentanément indisponible » (503) pendant les coupures de PostgreSQL`);
      console.log(`  par exemple : ${obscurs[0].message}`);
    }
    console.log(
      `Charge : ${acquittes.length} dépôts acquittés, ${sansAccuse.length} envoyés sans accusé (réponse perdue, retrouvés envoyés), ` +
        `${echecs.length} échecs transitoires retentés, ${[...abandons.values()].reduce((a, b) => a + b, 0)} dépôts abandonnés` +
        (abandons.size ? ` (${[...abandons].map(([k, v]) => `${v} × ${k}`).join(" ; ")})` : ""),
    );

    // --- Checks.
    const resultat = await verifierRun({
      databaseUrl,
      structures: deposants.map((d) => d.structureId),
      acquittes,
      smtp,
      attenteCourrielsS: MAIL_WAIT_S,
      fichiers: FICHIERS,
      tues,
    });
    problemes.push(...resultat.problemes);
    await instance.arreter();
    instance = undefined;

    console.log(`\n${problemes.length ? `Problèmes :\n  - ${problemes.join("\n  - ")}` : "Aucun problème relevé."}`);
    console.log(`acknowledged: ${acquittes.length}`);
    console.log(`lost: ${resultat.perdus}`);
    console.log(`half_written: ${resultat.demiEcrits}`);
    console.log(`duplicate_mails: ${resultat.doublons}`);
    if (resultat.perdus || resultat.demiEcrits || resultat.doublons || problemes.length) process.exitCode = 1;
  } finally {
    await instance?.arreter("SIGKILL").catch(() => {});
    if (databaseUrl) await dropDatabase(databaseUrl).catch((e) => console.error(`Base non supprimée : ${e}`));
    await serveur.stop().catch(() => {});
    await smtp.stop();
    await rm(FICHIERS, { recursive: true, force: true });
  }
}

main()
  .then(() => process.exit(process.exitCode ?? 0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
