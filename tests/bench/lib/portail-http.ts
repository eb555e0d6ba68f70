// What the HTTP load benchmarks (tests/bench/http.ts, tests/bench/crash.ts) share: the production build, `next start`
// processes, a small HTTP client that speaks to the portal as a browser does (next-auth's sign-in, server actions by
// their `Next-Action` id, the upload route), the data a run needs, and real PDF files.
import { type ChildProcess, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream, existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { PDFDocument, PDFName, PDFString, StandardFonts, type PDFDict } from "pdf-lib";

const RACINE = process.cwd();
const NEXT = path.join(RACINE, "node_modules", "next", "dist", "bin", "next");
export const attendre = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const percentile = (tries: number[], p: number) =>
  tries.length ? tries[Math.min(tries.length - 1, Math.ceil((p / 100) * tries.length) - 1)] : Number.NaN;

// --- The build -------------------------------------------------------------------------------------------------------

async function executer(commande: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const enfant = spawn(commande, args, { stdio: "inherit", env });
    enfant.on("error", reject);
    enfant.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${commande} ${args.join(" ")} : code ${code}`))));
  });
}

/**
 * The production build the benchmark runs: BENCH_DIST_DIR when given (built already), else `.next-bench`, built once
 * (`next build` into NEXT_DIST_DIR=.next-bench) when it holds no build. Delete it to measure a newer code.
 */
export async function buildPrete(): Promise<string> {
  const donne = process.env.BENCH_DIST_DIR;
  const dist = donne ?? ".next-bench";
  if (existsSync(path.join(RACINE, dist, "BUILD_ID"))) return dist;
  if (donne) throw new Error(`BENCH_DIST_DIR=${donne} : ce dossier ne contient aucune build (BUILD_ID absent).`);
  console.log(`Construction de la build de production dans ${dist} (une fois ; supprimer le dossier pour reconstruire)…`);
  // next build adds its dist dir to tsconfig.json's "include": put the file back as it was.
  const tsconfig = await readFile(path.join(RACINE, "tsconfig.json"), "utf8");
  try {
    if (!existsSync(path.join(RACINE, "public", "dsfr"))) await executer("npx", ["react-dsfr", "update-icons"]);
    await executer(process.execPath, [NEXT, "build"], { ...process.env, NEXT_DIST_DIR: dist, NEXT_TELEMETRY_DISABLED: "1" });
  } finally {
    if ((await readFile(path.join(RACINE, "tsconfig.json"), "utf8")) !== tsconfig) await writeFile(path.join(RACINE, "tsconfig.json"), tsconfig);
  }
  return dist;
}

/** The id of each server action of the build, by its export name, for one `actions.ts` (server-reference-manifest.json). */
export function idsDesActions(dist: string, fichier: string): Record<string, string> {
  const manifeste = JSON.parse(readFileSync(path.join(RACINE, dist, "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename?: string; exportedName?: string }>;
  };
  const ids: Record<string, string> = {};
  for (const [id, a] of Object.entries(manifeste.node)) if (a.filename === fichier && a.exportedName) ids[a.exportedName] = id;
  if (!Object.keys(ids).length) throw new Error(`Aucune action serveur de ${fichier} dans la build ${dist}`);
  return ids;
}

// --- `next start` --------------------------------------------------------------------------------------------------

export type Instance = {
  port: number;
  url: string;
  enfant: ChildProcess;
  /** Resolves when the process has exited. */
  fin: Promise<void>;
  /** The process's CPU time so far, in ms (user + system, from /proc). */
  cpuMs: () => number;
  arreter: (signal?: NodeJS.Signals) => Promise<void>;
};

function cpuDuProcessus(pid: number | string | undefined): number {
  if (!pid) return 0;
  try {
    const champs = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    // utime and stime (fields 14 and 15, here 11 and 12 after the command name), in clock ticks (100 per second).
    return (Number(champs[11]) + Number(champs[12])) * 10;
  } catch {
    return 0;
  }
}

/** Every process: its parent and command line. */
function processus(): { pid: string; ppid: string; ligne: string }[] {
  const out: { pid: string; ppid: string; ligne: string }[] = [];
  for (const pid of readdirProc()) {
    try {
      const ligne = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
      const ppid = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[1];
      out.push({ pid, ppid, ligne });
    } catch {
      /* gone */
    }
  }
  return out;
}

/** CPU time of every process `filtre` picks (by command line, pid, parent pid), in ms. */
export function cpuDesProcessus(filtre: (ligne: string, pid: string, ppid: string) => boolean): number {
  return processus()
    .filter((p) => filtre(p.ligne, p.pid, p.ppid))
    .reduce((s, p) => s + cpuDuProcessus(p.pid), 0);
}

/** CPU time of a process and of all its descendants still alive, in ms. */
export function cpuArbre(racine: number | undefined): number {
  if (!racine) return 0;
  const tous = processus();
  const dedans = new Set([String(racine)]);
  for (let change = true; change; ) {
    change = false;
    for (const p of tous)
      if (!dedans.has(p.pid) && dedans.has(p.ppid)) {
        dedans.add(p.pid);
        change = true;
      }
  }
  return [...dedans].reduce((s, pid) => s + cpuDuProcessus(pid), 0);
}

function readdirProc(): string[] {
  return readdirSync("/proc").filter((n) => /^\d+$/.test(n));
}

/**
 * One `next start` of the build on `port` (or `npm run start:cluster`'s N workers), its output appended to `journal`; resolves once it answers. `env`: the
 * stack's (DATABASE_URL, SMTP_URL, AUTH_SECRET) and the run's own. BENCH_HTTP_NODE_OPTIONS goes to its NODE_OPTIONS
 * (`--cpu-prof --cpu-prof-dir=…` to profile it).
 */
export async function demarrerInstance(
  dist: string,
  port: number,
  env: Record<string, string>,
  journal: string,
  o: { cluster?: number } = {},
): Promise<Instance> {
  await mkdir(path.dirname(journal), { recursive: true });
  const sortie = createWriteStream(journal, { flags: "a" });
  // `cluster`: `npm run start:cluster -- --processus N` (scripts/cluster.ts), N workers behind one port.
  const args = o.cluster
    ? ["--import", "tsx", path.join(RACINE, "scripts", "cluster.ts"), "--processus", String(o.cluster), "--port", String(port)]
    : [NEXT, "start", "-p", String(port)];
  const enfant = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      ...env,
      NODE_ENV: "production",
      NEXT_DIST_DIR: dist,
      PORT: String(port),
      NEXT_TELEMETRY_DISABLED: "1",
      ...(process.env.BENCH_HTTP_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_HTTP_NODE_OPTIONS } : {}),
    },
  });
  enfant.stdout?.pipe(sortie, { end: false });
  enfant.stderr?.pipe(sortie, { end: false });
  const fin = new Promise<void>((resolve) => enfant.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  let sorti = false;
  void fin.then(() => {
    sorti = true;
  });
  const debut = Date.now();
  for (;;) {
    if (sorti) throw new Error(`next start sur le port ${port} s'est arrêté au démarrage (voir ${journal})`);
    try {
      const r = await requete(`${url}/robots.txt`, { timeoutMs: 2000 });
      if (r.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() - debut > 90_000) throw new Error(`next start sur le port ${port} ne répond pas après 90 s (voir ${journal})`);
    await attendre(100);
  }
  return {
    port,
    url,
    enfant,
    fin,
    cpuMs: () => cpuArbre(enfant.pid),
    arreter: async (signal = "SIGTERM") => {
      if (!sorti) enfant.kill(signal);
      const delai = setTimeout(() => !sorti && enfant.kill("SIGKILL"), 30_000);
      await fin;
      clearTimeout(delai);
    },
  };
}

// --- HTTP ----------------------------------------------------------------------------------------------------------

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

export type Reponse = { status: number; entetes: http.IncomingHttpHeaders; corps: Buffer };

/** A transport failure (refused, reset, timed out): the request's outcome is unknown. */
export class ErreurReseau extends Error {}

export function requete(
  url: string,
  o: { method?: string; entetes?: Record<string, string>; corps?: Buffer | string; timeoutMs?: number } = {},
): Promise<Reponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: o.method ?? "GET", headers: o.entetes, agent }, (res) => {
      const morceaux: Buffer[] = [];
      res.on("data", (m: Buffer) => morceaux.push(m));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, entetes: res.headers, corps: Buffer.concat(morceaux) }));
      res.on("error", (e) => reject(new ErreurReseau(String(e))));
    });
    req.setTimeout(o.timeoutMs ?? 60_000, () => req.destroy(new Error("délai dépassé")));
    req.on("error", (e) => reject(new ErreurReseau(`${(e as NodeJS.ErrnoException).code ?? ""} ${e.message}`.trim())));
    req.end(o.corps);
  });
}

/**
 * The value a server action answered, decoded from React's flight format: rows `<id>:<json>`, row 0 the action's
 * envelope `{ a: "$@1", … }` pointing at the row that holds the result.
 */
export function decoderReponseAction(texte: string): unknown {
  const lignes = new Map<string, string>();
  for (const ligne of texte.split("\n")) {
    const i = ligne.indexOf(":");
    if (i > 0) lignes.set(ligne.slice(0, i), ligne.slice(i + 1));
  }
  const rangee = (id: string): unknown => {
    const brut = lignes.get(id);
    if (brut === undefined) throw new Error(`Réponse d'action illisible (rangée ${id} absente) : ${texte.slice(0, 300)}`);
    return ranimer(JSON.parse(brut));
  };
  const ranimer = (v: unknown): unknown => {
    if (typeof v === "string") {
      if (v.startsWith("$$")) return v.slice(1);
      if (v === "$undefined") return undefined;
      if (/^\$@?[0-9a-f]+$/.test(v)) return rangee(v.replace(/^\$@?/, ""));
      if (v.startsWith("$D")) return new Date(v.slice(2));
      if (v.startsWith("$n")) return BigInt(v.slice(2));
      return v;
    }
    if (Array.isArray(v)) return v.map(ranimer);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, ranimer(x)]));
    return v;
  };
  const enveloppe = JSON.parse(lignes.get("0") ?? "null") as { a?: unknown } | null;
  if (!enveloppe || !("a" in enveloppe)) throw new Error(`Réponse d'action illisible : ${texte.slice(0, 300)}`);
  return ranimer(enveloppe.a);
}

export type ResultatAction<T = unknown> = { ok: true; data?: T } | { ok: false; code: string; message: string; fieldErrors?: Record<string, string> };

/** A failed request: `transitoire` when retrying it may succeed (transport failure, 5xx, 429, internal error). */
export class Echec extends Error {
  constructor(
    message: string,
    readonly transitoire: boolean,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

const CODES_TRANSITOIRES = new Set(["ERREUR_INTERNE", "TROP_DE_DEMANDES", "SERVICE_INDISPONIBLE", "INDISPONIBLE"]);

/** Where each request goes: one instance, or several in turn (a load balancer without stickiness). */
export class Repartiteur {
  private i = 0;
  constructor(public bases: string[]) {}
  suivante(): string {
    this.i = (this.i + 1) % this.bases.length;
    return this.bases[this.i];
  }
}

/** One browser: its cookies, its address (behind the load balancer: X-Forwarded-For), its requests. */
export class Navigateur {
  private readonly biscuits = new Map<string, string>();
  constructor(
    private readonly repartiteur: Repartiteur,
    readonly ip: string,
  ) {}

  private entetes(base: string, extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { "x-forwarded-for": this.ip, "user-agent": "bench-http", origin: base, ...extra };
    if (this.biscuits.size) h.cookie = [...this.biscuits].map(([k, v]) => `${k}=${v}`).join("; ");
    return h;
  }
  private garder(r: Reponse): void {
    const sc = r.entetes["set-cookie"] ?? [];
    for (const c of sc) {
      const [paire] = c.split(";");
      const i = paire.indexOf("=");
      const nom = paire.slice(0, i).trim();
      const valeur = paire.slice(i + 1).trim();
      if (!valeur || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) this.biscuits.delete(nom);
      else this.biscuits.set(nom, valeur);
    }
  }
  private async envoyer(chemin: string, o: { method?: string; entetes?: Record<string, string>; corps?: Buffer | string }): Promise<Reponse> {
    const base = this.repartiteur.suivante();
    let r: Reponse;
    try {
      r = await requete(`${base}${chemin}`, { method: o.method, corps: o.corps, entetes: this.entetes(base, o.entetes) });
    } catch (error) {
      throw new Echec(`${o.method ?? "GET"} ${chemin} : ${error instanceof Error ? error.message : error}`, true);
    }
    this.garder(r);
    return r;
  }

  get connecte(): boolean {
    return [...this.biscuits.keys()].some((k) => k.endsWith("authjs.session-token"));
  }

  /** « Se connecter » as next-auth's credentials provider takes it: its CSRF token, then the form POSTed. */
  async connexion(email: string, motDePasse: string): Promise<void> {
    const csrf = await this.envoyer("/api/auth/csrf", {});
    if (csrf.status !== 200) throw new Echec(`GET /api/auth/csrf : ${csrf.status} ${csrf.corps.toString().slice(0, 200)}`, csrf.status >= 500);
    const { csrfToken } = JSON.parse(csrf.corps.toString()) as { csrfToken: string };
    const r = await this.envoyer("/api/auth/callback/credentials", {
      method: "POST",
      entetes: { "content-type": "application/x-www-form-urlencoded" },
      corps: new URLSearchParams({ csrfToken, email, password: motDePasse, callbackUrl: "/" }).toString(),
    });
    if (!this.connecte) throw new Echec(`Connexion de ${email} refusée : ${r.status} ${r.entetes.location ?? ""}`, r.status >= 500);
  }

  /** A server action, as the browser calls it: POST to the page's URL, `Next-Action: <id>`, the arguments as JSON. */
  async action<T>(page: string, id: string, argument: unknown): Promise<T> {
    const r = await this.envoyer(page, {
      method: "POST",
      entetes: { "next-action": id, accept: "text/x-component", "content-type": "text/plain;charset=UTF-8" },
      corps: JSON.stringify([argument]),
    });
    if (r.status !== 200)
      throw new Echec(`action ${page} : HTTP ${r.status} ${r.corps.toString().slice(0, 200)}`, r.status >= 500 || r.status === 429, r.status);
    const resultat = decoderReponseAction(r.corps.toString()) as ResultatAction<T>;
    if (!resultat.ok) throw new Echec(`action ${page} : ${resultat.code} ${resultat.message}`, CODES_TRANSITOIRES.has(resultat.code), r.status, resultat.code);
    return resultat.data as T;
  }

  /** A route answering JSON (the upload). */
  async json<T>(chemin: string, o: { method?: string; entetes?: Record<string, string>; corps?: Buffer | string }): Promise<T> {
    const r = await this.envoyer(chemin, o);
    let corps: { ok?: boolean; code?: string; message?: string } = {};
    try {
      corps = JSON.parse(r.corps.toString());
    } catch {
      /* a proxy's or Next's own error page */
    }
    if (r.status < 200 || r.status >= 300 || corps.ok === false)
      throw new Echec(
        `${o.method ?? "GET"} ${chemin} : HTTP ${r.status} ${corps.code ?? ""} ${corps.message ?? r.corps.toString().slice(0, 200)}`,
        r.status >= 500 || r.status === 429 || CODES_TRANSITOIRES.has(corps.code ?? ""),
        r.status,
        corps.code,
      );
    return corps as T;
  }

  async get(chemin: string): Promise<Reponse> {
    return this.envoyer(chemin, {});
  }
}

// --- Files ---------------------------------------------------------------------------------------------------------

/** A PDF model: its bytes, and where its 32-character mark sits (replaced by each deposit's own, same length). */
export type ModelePdf = { octets: Buffer; repere: number; pages: number };
const REPERE = "BENCH-00000000000000000000000000";

/**
 * `n` real, varied invoice PDFs: 1 to 6 pages of text and an attached annex of random bytes, from about 100 to 450 kB.
 * Each deposit writes its own mark into the document information (`pdfUnique`): every file differs, as real
 * invoices do (the store keeps each content once).
 */
export async function fabriquerPdfs(n: number): Promise<ModelePdf[]> {
  const modeles: ModelePdf[] = [];
  for (let i = 0; i < n; i++) {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const pages = 1 + (i % 6);
    for (let p = 0; p < pages; p++) {
      const page = doc.addPage();
      page.drawText(`FACTURE DE TRAVAUX — modèle ${i}, page ${p + 1}/${pages}`, { x: 40, y: 800, size: 14, font });
      for (let l = 0; l < 42; l++)
        page.drawText(`Poste ${p}.${l} — lot ${(i + l) % 9}, quantité ${l * 3 + i}, prix unitaire ${((l + 1) * 123.45).toFixed(2)} €`, {
          x: 40,
          y: 770 - l * 17,
          size: 10,
          font,
        });
    }
    await doc.attach(randomBytes(90_000 + ((i * 7) % 8) * 50_000), `annexe-${i}.bin`, { mimeType: "application/octet-stream", description: "Annexe" });
    (doc as unknown as { getInfoDict(): PDFDict }).getInfoDict().set(PDFName.of("BenchId"), PDFString.of(REPERE));
    const octets = Buffer.from(await doc.save({ useObjectStreams: false }));
    const repere = octets.indexOf(REPERE, 0, "latin1");
    if (repere < 0) throw new Error("Repère absent du PDF");
    modeles.push({ octets, repere, pages });
  }
  return modeles;
}

/** The model with this deposit's mark: a file no other deposit has. */
export function pdfUnique(m: ModelePdf, marque: string): { octets: Buffer; sha256: string } {
  const octets = Buffer.from(m.octets);
  octets.write(`BENCH-${marque.padStart(26, "0").slice(-26)}`, m.repere, "latin1");
  return { octets, sha256: createHash("sha256").update(octets).digest("hex") };
}

// --- The data of a run ---------------------------------------------------------------------------------------------

export type Deposant = { email: string; motDePasse: string; compteBancaireId: string; structureId: string };
export type Parties = { moeSiret: string; moaSiret: string; serviceMoaId: string; moeId: string; moaId: string };

/**
 * The MOE (two members, who get the deposit mails) and the MOA (a public buyer with a service) every deposit goes to,
 * and `k` depositors, each the gestionnaire of a structure of its own with one bank account (the piece numbers are
 * reserved per structure: one structure each, so that they do not wait on each other). Prefills `prefill` sent pieces
 * (tests/bench/lib/deposit-prefill.ts), as the deposit bench does, so that the indexes are as full.
 */
export async function preparerDonnees(databaseUrl: string, k: number, prefill: number): Promise<{ parties: Parties; deposants: Deposant[] }> {
  const { db } = await import("../../../lib/db");
  const { DEMO_PASSWORD, seedCompteBancaire, seedStructure, seedUser } = await import("../../../prisma/seed/factories");
  const { preremplirPieces } = await import("./deposit-prefill");
  const moa = await seedStructure({ isPublicBuyer: true, worksSpaceOpen: true, services: [{ code: "DEPT-IMMO", libelle: "Département Immobilier" }] });
  const service = await db.service.findFirstOrThrow({ where: { structureId: moa.id } });
  const moe = await seedStructure({ worksSpaceOpen: true });
  for (let i = 0; i < 2; i++) await seedUser({ structureId: moe.id, role: "GESTIONNAIRE_PRINCIPAL" });
  const deposants: Deposant[] = [];
  for (let i = 0; i < k; i++) {
    const s = await seedStructure();
    const compte = await seedCompteBancaire(s.id);
    const u = await seedUser({ structureId: s.id, role: "GESTIONNAIRE_PRINCIPAL", email: `bench-${i}-${randomBytes(3).toString("hex")}@exemple.fr` });
    deposants.push({ email: u.email, motDePasse: DEMO_PASSWORD, compteBancaireId: compte.id, structureId: s.id });
  }
  if (prefill > 0) {
    const premier = await db.user.findFirstOrThrow({ where: { email: deposants[0].email } });
    await preremplirPieces(databaseUrl, { count: prefill, moeId: moe.id, moaId: moa.id, serviceMoaId: service.id, userId: premier.id });
  }
  return { parties: { moeSiret: moe.identifier, moaSiret: moa.identifier, serviceMoaId: service.id, moeId: moe.id, moaId: moa.id }, deposants };
}

// --- One complete deposit ------------------------------------------------------------------------------------------

export type ActionsDepot = Record<"creerBrouillonAction" | "enregistrerPartiesAction" | "enregistrerFactureAction" | "envoyerAction", string>;

export type Depot = {
  pieceId: string;
  numero: string;
  /** The send's acknowledgement (the action's success answer); absent when the piece was found sent without it. */
  numeroDepot?: string;
  fichier: { nom: string; sha256: string; taille: number };
  ms: number;
  etapes: Record<string, number>;
  /** Retries the deposit needed (crash test). */
  reprises: number;
};

export type OptionsDepot = {
  /** Retry what failed for a transient reason (crash test): the same step, the same data, until `abandonApresMs`. */
  reessayer?: boolean;
  abandonApresMs?: number;
  /** Called on each transient failure (the crash test counts them, and what the portal answered). */
  surEchec?: (e: Echec, etape: string) => void;
  /** « Exporter le certificat de dépôt » after the send, as the deposit bench does (certificatDepot). */
  certificat?: boolean;
};

/**
 * One complete deposit by the browser's requests: step 1 (the draft), step 2 « Parties », step 3 « Facture », the
 * invoice PDF uploaded, « Valider et envoyer » from « Gestion des pièces jointes »; then, when asked, the deposit
 * certificate downloaded. With `reessayer`, a step whose outcome is unknown is played again with the same data: an
 * upload found already done, or a send found already done (its certificate downloads), counts as done.
 */
export async function deposer(
  nav: Navigateur,
  actions: ActionsDepot,
  parties: Parties,
  d: Deposant,
  numero: string,
  pdf: ModelePdf,
  o: OptionsDepot = {},
): Promise<Depot> {
  const etapes: Record<string, number> = {};
  const debut = performance.now();
  let reprises = 0;
  const limite = Date.now() + (o.abandonApresMs ?? 300_000);
  const etape = async <T>(nom: string, f: (reprise: boolean) => Promise<T>): Promise<T> => {
    const t = performance.now();
    let essai = 0;
    for (;;) {
      try {
        const r = await f(essai > 0);
        etapes[nom] = (etapes[nom] ?? 0) + performance.now() - t;
        return r;
      } catch (error) {
        if (!(error instanceof Echec) || !error.transitoire || !o.reessayer || Date.now() > limite) throw error;
        o.surEchec?.(error, nom);
        essai++;
        reprises++;
        await attendre(Math.min(2000, 100 * 2 ** Math.min(essai, 5)) * (0.5 + Math.random()));
      }
    }
  };
  const cadre = "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR";
  const { id } = await etape("brouillon", () =>
    nav.action<{ id: string }>("/factures-travaux/deposer", actions.creerBrouillonAction, { cadre, serviceDeposantId: "" }),
  );
  const page = `/factures-travaux/deposer/${id}`;
  // What the forms send: every field of the form (react-hook-form's getValues), empty ones as "".
  await etape("parties", () =>
    nav.action(`${page}/parties`, actions.enregistrerPartiesAction, {
      cadre,
      moeSiret: parties.moeSiret,
      titulaireSiret: "",
      cotraitantSiret: "",
      moaSiret: parties.moaSiret,
      serviceMoaId: parties.serviceMoaId,
      numeroMarche: "",
      numeroEngagement: "",
      numeroBonCommande: "",
      compteBancaireId: d.compteBancaireId,
      id,
    }),
  );
  await etape("facture", () =>
    nav.action(`${page}/facture`, actions.enregistrerFactureAction, {
      id,
      facture: {
        numero,
        dateFacture: "2026-01-15",
        devise: "EUR",
        typePiece: "FACTURE",
        typeTva: "TVA_SUR_DEBIT",
        motifExonerationTva: "",
        travauxCumules: "",
        travauxCumulesPrecedents: "",
        travauxPeriode: "10 000,00",
        revisionPrix: "0,00",
        avanceVersee: "0,00",
        avanceRemboursee: "0,00",
        montantHt: "10 000,00",
        montantTva: "2 000,00",
        montantTtc: "12 000,00",
        retenueGarantie: "0,00",
        cautionRemplaceRetenue: false,
        penalites: "0,00",
        netAPayer: "12 000,00",
        lignesTva: [{ taux: "20", baseHt: "10 000,00", montantTva: "2 000,00" }],
        lignesPoste: [],
        motifRevision: "",
      },
    }),
  );
  const fichier = pdfUnique(pdf, createHash("sha256").update(`${d.email}/${numero}`).digest("hex").slice(0, 26));
  const nom = `facture-${numero}.pdf`;
  await etape("piece_jointe", async (reprise) => {
    try {
      await nav.json(`/api/factures-travaux/pieces/${id}/pieces-jointes?nature=FACTURE`, {
        method: "POST",
        entetes: { "content-type": "application/octet-stream", "x-nom-fichier": encodeURIComponent(nom) },
        corps: fichier.octets,
      });
    } catch (error) {
      // The previous attempt's answer was lost, not its work: the invoice is there.
      if (reprise && error instanceof Echec && /déjà jointe/.test(error.message)) return;
      throw error;
    }
  });
  let numeroDepot: string | undefined;
  await etape("envoi", async (reprise) => {
    try {
      numeroDepot = (await nav.action<{ numeroDepot: string }>(`${page}/pieces-jointes`, actions.envoyerAction, { id })).numeroDepot;
    } catch (error) {
      // Sent by the attempt whose answer was lost: its certificate downloads. Not acknowledged to the client.
      if (reprise && error instanceof Echec && !error.transitoire && (await nav.get(`/api/factures-travaux/pieces/${id}/certificat`)).status === 200) return;
      throw error;
    }
  });
  if (o.certificat)
    await etape("certificat", async () => {
      const r = await nav.get(`/api/factures-travaux/pieces/${id}/certificat`);
      if (r.status !== 200 || r.corps.subarray(0, 5).toString() !== "%PDF-")
        throw new Echec(`certificat de ${id} : HTTP ${r.status} ${r.corps.toString().slice(0, 200)}`, r.status >= 500, r.status);
    });
  return {
    pieceId: id,
    numero,
    numeroDepot,
    fichier: { nom, sha256: fichier.sha256, taille: fichier.octets.length },
    ms: performance.now() - debut,
    etapes,
    reprises,
  };
}
