// The checks of `npm run test:crash` (tests/bench/crash.ts), once the load has stopped: what was acknowledged is there
// and whole, nothing is half-written, no orphan object outlives the sweep, every mail went out exactly once.
import { createHash } from "node:crypto";
import pg from "pg";
import { balayerFichiersOrphelins, DELAI_GRACE_FICHIERS_MS } from "../../../lib/files/balayage";
import { controlerFichiers } from "../../../lib/files/controle";
import { creerStockage, lireTout, type Stockage } from "../../../lib/files/stockage";
import { attendre, type Depot } from "./portail-http";
import type { SmtpCompteur } from "./smtp-compteur";

export type Verification = { perdus: number; demiEcrits: number; doublons: number; problemes: string[] };

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const numeroDe = (numeroDepot: string) => Number(numeroDepot.replace(/^FT/, ""));

type Ligne = {
  id: string;
  statut: string;
  dossierId: string | null;
  depot: number | null;
  certificat: { fichiers?: { sha256: string; nature: string }[] } | null;
  certificatCle: string | null;
  historiques: number;
  fichiers: { id: string; sha256: string; nature: string; cle: string | null; taille: number; retiree: string | null }[] | null;
};

async function pieces(client: pg.Client, condition: string, valeurs: unknown[]): Promise<Ligne[]> {
  const { rows } = await client.query<Ligne>(
    `SELECT p.id, p.statut, p."dossierId", d.numero AS depot, d.certificat, d."certificatCle",
            (SELECT count(*)::int FROM "HistoriquePieceTravaux" h WHERE h."pieceId" = p.id) AS historiques,
            (SELECT json_agg(json_build_object('id', f.id, 'sha256', f.sha256, 'nature', f.nature, 'cle', f.cle, 'taille', f.taille, 'retiree', f."retireeLe"))
               FROM "PieceJointeTravaux" f WHERE f."pieceId" = p.id) AS fichiers
       FROM "PieceTravaux" p LEFT JOIN "DepotPieceTravaux" d ON d."pieceId" = p.id
      WHERE ${condition}`,
    valeurs,
  );
  return rows;
}

/** What is wrong with a piece as stored (sent or not), without reading its objects. */
function defautsEnBase(p: Ligne): string[] {
  const d: string[] = [];
  const actifs = (p.fichiers ?? []).filter((f) => f.retiree === null);
  if (p.statut === "BROUILLON") {
    if (p.depot !== null) d.push("brouillon avec un enregistrement de dépôt");
    return d;
  }
  if (!p.dossierId) d.push("envoyée sans dossier de facturation");
  if (p.depot === null) d.push("envoyée sans enregistrement de dépôt (certificat)");
  if (p.historiques < 2) d.push(`envoyée avec ${p.historiques} ligne(s) d'historique`);
  if (!actifs.some((f) => f.nature === "FACTURE")) d.push("envoyée sans sa facture");
  if (actifs.some((f) => !f.cle)) d.push("un fichier sans clé de stockage");
  if (p.certificat) {
    const attestes = (p.certificat.fichiers ?? []).map((f) => f.sha256).sort();
    const presents = actifs.map((f) => f.sha256).sort();
    if (attestes.join() !== presents.join()) d.push("le certificat n'atteste pas les fichiers de la pièce");
  }
  return d;
}

export async function verifierRun(o: {
  databaseUrl: string;
  structures: string[];
  acquittes: Depot[];
  smtp: SmtpCompteur;
  attenteCourrielsS: number;
  fichiers: string;
  /** When the app process was killed (ms since the epoch). */
  tues: number[];
}): Promise<Verification> {
  const problemes: string[] = [];
  const client = new pg.Client({ connectionString: o.databaseUrl });
  await client.connect();
  const stockage = creerStockage({ dossier: o.fichiers });
  try {
    // --- The outbox drains (a killed process's jobs come back once expired).
    const debut = Date.now();
    let restants = 0;
    let dernierAffichage = 0;
    for (;;) {
      restants = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "OutboxMail" WHERE status = 'EN_ATTENTE'`)).rows[0].n;
      if (restants === 0 || Date.now() - debut > o.attenteCourrielsS * 1000) break;
      if (Date.now() - dernierAffichage > 30_000) {
        console.log(`  ${restants} courriel(s) encore en attente d'envoi (${Math.round((Date.now() - debut) / 1000)} s)…`);
        dernierAffichage = Date.now();
      }
      await attendre(1000);
    }
    console.log(
      restants === 0
        ? `Boîte d'envoi vidée ${((Date.now() - debut) / 1000).toFixed(0)} s après la fin de la charge.`
        : `${restants} courriel(s) toujours en attente après ${o.attenteCourrielsS} s.`,
    );
    await attendre(1000); // the last SMTP exchanges are counted before the row commits

    // --- Acknowledged deposits: there, sent, whole, their invoice stored and attested.
    let perdus = 0;
    const exemples: string[] = [];
    const parId = new Map((await pieces(client, `p.id = ANY($1::uuid[])`, [o.acquittes.map((d) => d.pieceId)])).map((p) => [p.id, p]));
    for (const d of o.acquittes) {
      const p = parId.get(d.pieceId);
      const defauts: string[] = [];
      if (!p) defauts.push("introuvable");
      else {
        defauts.push(...defautsEnBase(p));
        if (p.statut === "BROUILLON") defauts.push("toujours en brouillon");
        if (p.depot !== null && p.depot !== numeroDe(d.numeroDepot!)) defauts.push(`numéro de dépôt ${p.depot} au lieu de ${d.numeroDepot}`);
        const facture = (p.fichiers ?? []).find((f) => f.retiree === null && f.nature === "FACTURE");
        if (facture && (facture.sha256 !== d.fichier.sha256 || facture.taille !== d.fichier.taille))
          defauts.push("la facture enregistrée n'est pas celle envoyée");
        if (!(p.certificat?.fichiers ?? []).some((f) => f.sha256 === d.fichier.sha256)) defauts.push("le certificat n'atteste pas la facture envoyée");
        if (facture?.cle) {
          try {
            const octets = await lireTout(stockage, facture.cle);
            if (sha256(octets) !== facture.sha256) defauts.push("l'objet stocké n'a pas l'empreinte de la facture");
          } catch (e) {
            defauts.push(`objet de la facture illisible : ${e instanceof Error ? e.message : e}`);
          }
        }
      }
      if (defauts.length) {
        perdus++;
        if (exemples.length < 5) exemples.push(`${d.numeroDepot} (pièce ${d.pieceId}) : ${defauts.join(", ")}`);
      }
    }
    if (perdus) problemes.push(`${perdus} dépôt(s) acquitté(s) perdu(s) ou incomplet(s), par exemple : ${exemples.join(" ; ")}`);
    console.log(
      `Dépôts acquittés vérifiés : ${o.acquittes.length}, dont ${perdus} perdu(s) ou incomplet(s) ; chaque facture relue dans le stockage et son empreinte recalculée.`,
    );

    // --- Every piece of the run: nothing half-written.
    let demiEcrits = 0;
    const toutes = await pieces(client, `p."structureDeposanteId" = ANY($1::uuid[])`, [o.structures]);
    const exemplesDemi: string[] = [];
    for (const p of toutes) {
      const defauts = defautsEnBase(p);
      if (defauts.length) {
        demiEcrits++;
        if (exemplesDemi.length < 5) exemplesDemi.push(`pièce ${p.id} (${p.statut}) : ${defauts.join(", ")}`);
      }
    }
    const brouillons = toutes.filter((p) => p.statut === "BROUILLON").length;
    console.log(
      `Pièces de la charge vérifiées : ${toutes.length} (${toutes.length - brouillons} envoyées, ${brouillons} brouillons laissés par des réponses perdues), ${demiEcrits} à moitié écrite(s).`,
    );
    if (demiEcrits) problemes.push(`${demiEcrits} pièce(s) à moitié écrite(s), par exemple : ${exemplesDemi.join(" ; ")}`);

    // --- Objects: the sweep, run as an hour later (past the grace period), leaves no orphan and removes nothing
    // that a row names; then every row's object is read back and hashed (`npm run files:check`'s control).
    const avant = await orphelins(client, stockage);
    const balayage = await balayerFichiersOrphelins({ databaseUrl: o.databaseUrl, stockage, now: new Date(Date.now() + DELAI_GRACE_FICHIERS_MS + 60_000) });
    const apres = await orphelins(client, stockage);
    console.log(
      `Stockage : ${avant.objets} objet(s), dont ${avant.orphelins} sans ligne qui les nomme (envois interrompus) ; le balayage (une heure plus tard) en a supprimé ${balayage.supprimes}, ` +
        `il en reste ${apres.orphelins} sans ligne sur ${apres.objets}.`,
    );
    if (apres.orphelins) {
      demiEcrits += apres.orphelins;
      problemes.push(`${apres.orphelins} objet(s) orphelin(s) plus ancien(s) que le délai de grâce après le balayage`);
    }
    const controle = await controlerFichiers({ databaseUrl: o.databaseUrl, stockage, empreintes: true });
    console.log(
      `Contrôle des fichiers : ${controle.controles} ligne(s), ${controle.objets} objet(s) relu(s) et hachés, ${controle.problemes.length} problème(s).`,
    );
    if (controle.problemes.length) {
      demiEcrits += controle.problemes.length;
      problemes.push(`${controle.problemes.length} fichier(s) dont l'objet manque ou diffère : ${controle.anomalies.slice(0, 3).join(" ; ")}`);
    }

    // --- Mails: each outbox row received exactly once by the SMTP server (by Message-ID: the outbox id).
    const recus = new Map<string, number>();
    for (const [id, n] of o.smtp.parMessageId) recus.set(id.split("@")[0], (recus.get(id.split("@")[0]) ?? 0) + n);
    const lignes = (await client.query<{ id: string; status: string }>(`SELECT id, status FROM "OutboxMail"`)).rows;
    const connus = new Set(lignes.map((l) => l.id));
    let doublons = 0;
    for (const n of recus.values()) doublons += Math.max(0, n - 1);
    const envoyesNonRecus = lignes.filter((l) => l.status === "ENVOYE" && !recus.has(l.id)).length;
    const echoues = lignes.filter((l) => l.status === "ECHEC").length;
    const inconnus = [...recus.keys()].filter((id) => !connus.has(id)).length;
    console.log(
      `Courriels : ${lignes.length} dans la boîte d'envoi (${lignes.filter((l) => l.status === "ENVOYE").length} envoyés, ${restants} en attente, ${echoues} en échec) ; ` +
        `${o.smtp.total()} reçus par le serveur SMTP, ${recus.size} distincts ; ${doublons} reçu(s) en double ; ${envoyesNonRecus} marqué(s) envoyé(s) jamais reçu(s)` +
        (o.smtp.sansMessageId ? ` ; ${o.smtp.sansMessageId} sans Message-ID` : ""),
    );
    if (doublons) {
      // When was each received, against the moments the app process was killed: a mail accepted by the SMTP server
      // just before a SIGKILL, whose row had not committed « envoyé » yet, is sent again by the next process.
      const details = [...o.smtp.parMessageId]
        .filter(([, n]) => n > 1)
        .map(([id]) => {
          const premier = o.smtp.recusLe(id)[0];
          const tue = o.tues.filter((t) => t >= premier).sort((a, b) => a - b)[0];
          return `${id.split("@")[0]} (reçu ${o.smtp.recusLe(id).length} fois ; ${tue === undefined ? "aucun SIGKILL après la 1re réception" : `SIGKILL ${tue - premier} ms après la 1re réception`})`;
        });
      console.log(`  reçus en double : ${details.join(" ; ")}`);
      problemes.push(`${doublons} courriel(s) reçu(s) en double`);
    }
    if (restants) problemes.push(`${restants} courriel(s) jamais envoyé(s)`);
    if (envoyesNonRecus) problemes.push(`${envoyesNonRecus} courriel(s) marqué(s) envoyé(s) mais jamais reçu(s)`);
    if (echoues) problemes.push(`${echoues} courriel(s) en échec`);
    if (inconnus || o.smtp.sansMessageId) problemes.push(`${inconnus + o.smtp.sansMessageId} courriel(s) reçu(s) sans ligne de boîte d'envoi`);
    return { perdus, demiEcrits, doublons, problemes };
  } finally {
    await client.end();
  }
}

/** The objects of the store, and those that no row names (a file stored, then its request killed before the row committed). */
async function orphelins(client: pg.Client, stockage: Stockage): Promise<{ objets: number; orphelins: number }> {
  const references = new Set(
    (
      await client.query<{ cle: string }>(
        `SELECT cle FROM "PieceJointeTravaux" WHERE cle IS NOT NULL UNION SELECT "certificatCle" FROM "DepotPieceTravaux" WHERE "certificatCle" IS NOT NULL`,
      )
    ).rows.map((r) => r.cle),
  );
  let objets = 0;
  let sansLigne = 0;
  for await (const x of stockage.lister()) {
    objets++;
    if (!references.has(x.cle)) sansLigne++;
  }
  return { objets, orphelins: sansLigne };
}
