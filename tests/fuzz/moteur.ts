// The fuzz engine: for one endpoint, a world, its input's keys found by probing it, then `runs` calls with
// fast-check's inputs, the roles taking turns. Each call is classified:
//  - accepted: `{ ok: true }`, any other value, a redirect (Next's control flow), a 1xx–3xx answer;
//  - refused: `{ ok: false, code }`, a thrown AppError (a plain form's refusal) or ZodError, notFound(), a 4xx;
//  - a bug: ERREUR_INTERNE, a 5xx, any other exception, a call that hangs, Object.prototype changed, or a refused
//    call that changed data (tests/fuzz/empreinte.ts).
// Bugs are collected (not thrown at the first one), so that one run lists them all.
import { isRedirectError } from "next/dist/client/components/redirect-error";
import { isHTTPAccessFallbackError } from "next/dist/client/components/http-access-fallback/http-access-fallback";
import { NextRequest } from "next/server";
import { encode } from "next-auth/jwt";
import fc from "fast-check";
import { ZodError } from "zod";
import { AppError } from "@/lib/errors";
import { capturerJournal } from "@/lib/journal-technique";
import {
  apprendre,
  cles,
  encoder,
  entreeAction,
  enumPour,
  estLibre,
  formeDe,
  noeud,
  requeteRoute,
  type Forme,
  type Noeud,
  type RequeteFuzz,
} from "./arbitraires";
import type { Point } from "./decouverte";
import { changementsDepuis, ecrituresInexpliquees, marque } from "./empreinte";
import { acteurDe, reserves, ROLES, type Monde, type Reserves, type Role } from "./monde";
import { requete } from "./requete";

export type Bug = { role: Role; entree: string; probleme: string; journal: string };
export type Bilan = { point: string; runs: number; acceptes: number; refuses: number; bugs: Bug[]; codes: Map<string, number> };

type Issue = { statut: "accepte" } | { statut: "refuse"; code?: string } | { statut: "bug"; probleme: string };

const DELAI_MS = 20_000;
const PROFIL = { gen: 0, appel: 0, changements: 0, fin: 0, cpu: 0 };
const ORIGINE = "http://localhost:3000";
/** Client addresses: a few that come back (per-address rate limits are met), and any other. */
const IP = fc.oneof(fc.constantFrom("203.0.113.1", "198.51.100.7", "2001:db8::1"), fc.ipV4(), fc.ipV6());

/** The outcome of an action's call (resolved value or thrown error). */
function issueAction(resultat: { valeur: unknown } | { erreur: unknown }): Issue {
  if ("valeur" in resultat) {
    const v = resultat.valeur as { ok?: unknown; code?: unknown } | undefined;
    if (v && typeof v === "object" && v.ok === false) {
      if (v.code === "ERREUR_INTERNE") return { statut: "bug", probleme: "ERREUR_INTERNE" };
      return { statut: "refuse", code: String(v.code) };
    }
    return { statut: "accepte" };
  }
  const e = resultat.erreur;
  if (isRedirectError(e)) return { statut: "accepte" };
  if (isHTTPAccessFallbackError(e)) return { statut: "refuse", code: "NOT_FOUND" };
  if (e instanceof AppError) return e.code === "ERREUR_INTERNE" ? { statut: "bug", probleme: "ERREUR_INTERNE (levée)" } : { statut: "refuse", code: e.code };
  if (e instanceof ZodError) return { statut: "refuse", code: "SAISIE_INVALIDE" };
  return { statut: "bug", probleme: `exception : ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`.slice(0, 500) };
}

async function issueRoute(resultat: { valeur: unknown } | { erreur: unknown }): Promise<Issue> {
  if ("erreur" in resultat) {
    const e = resultat.erreur;
    if (isRedirectError(e)) return { statut: "accepte" };
    if (isHTTPAccessFallbackError(e)) return { statut: "refuse", code: "NOT_FOUND" };
    return { statut: "bug", probleme: `exception : ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`.slice(0, 500) };
  }
  const r = resultat.valeur;
  if (!(r instanceof Response)) return { statut: "bug", probleme: "la route ne répond pas une Response" };
  const corps = await r.text().catch(() => "");
  if (r.status >= 500) return { statut: "bug", probleme: `HTTP ${r.status} ${corps.slice(0, 200)}` };
  if (r.status >= 400) {
    let code: string | undefined;
    try {
      code = JSON.parse(corps).code;
    } catch {}
    return { statut: "refuse", code: code ?? `HTTP_${r.status}` };
  }
  return { statut: "accepte" };
}

/** A short, printable account of an input (huge strings shortened, FormData and binary shown by their content). */
export function resume(v: unknown): string {
  const remplacer = (_k: string, x: unknown): unknown => {
    if (typeof x === "string") return x.length > 80 ? `${x.slice(0, 40)}…(${x.length} car.)` : x;
    if (typeof x === "bigint") return `${x}n`;
    if (x === undefined) return "undefined";
    if (typeof x === "number" && !Number.isFinite(x)) return String(x);
    if (x instanceof FormData) return { FormData: [...x.entries()].map(([k, y]) => [k, typeof y === "string" ? y : `File(${y.name})`]) };
    if (x instanceof Blob) return `Blob(${x.size})`;
    if (x instanceof Uint8Array) return `Uint8Array(${x.byteLength})`;
    if (x instanceof Map) return { Map: [...x] };
    if (x instanceof Set) return { Set: [...x] };
    if (x && typeof x === "object" && Object.getPrototypeOf(x) === null) return { "[proto null]": { ...x } };
    return x;
  };
  try {
    return (JSON.stringify(v, remplacer) ?? String(v)).slice(0, 1500);
  } catch {
    return "[non affichable]";
  }
}

/** The call, under a time limit; what the code logged meanwhile is kept (the cause of an ERREUR_INTERNE). */
async function sousSurveillance<T>(f: () => Promise<T>): Promise<{ resultat: { valeur: T } | { erreur: unknown }; journal: string[] }> {
  const journal: string[] = [];
  const consoleError = console.error;
  console.error = (...args: unknown[]) => {
    journal.push(args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : typeof a === "string" ? a : resume(a))).join(" "));
  };
  // The portal's own errors go to its technical log (lib/journal-technique.ts): its error lines, with their stack.
  const finCapture = capturerJournal((ligne) => {
    const l = JSON.parse(ligne) as { msg?: string; err?: { stack?: string; message?: string } };
    journal.push([l.msg, l.err?.stack ?? l.err?.message].filter(Boolean).join(" "));
  }, "error");
  let minuterie: NodeJS.Timeout | undefined;
  try {
    const delai = new Promise<never>((_, rejeter) => {
      minuterie = setTimeout(() => rejeter(new Error(`délai de ${DELAI_MS / 1000} s dépassé`)), DELAI_MS);
    });
    return { resultat: { valeur: await Promise.race([f(), delai]) }, journal };
  } catch (erreur) {
    return { resultat: { erreur }, journal };
  } finally {
    clearTimeout(minuterie);
    console.error = consoleError;
    finCapture();
  }
}

/** The field errors of a call's outcome (a result's, a thrown AppError's or ZodError's). */
function erreursDeChamp(resultat: { valeur: unknown } | { erreur: unknown }): Record<string, string> {
  if ("valeur" in resultat) return (resultat.valeur as { fieldErrors?: Record<string, string> } | undefined)?.fieldErrors ?? {};
  if (resultat.erreur instanceof AppError) return resultat.erreur.fieldErrors;
  if (resultat.erreur instanceof ZodError) return Object.fromEntries(resultat.erreur.issues.map((i) => [i.path.join("."), i.message]));
  return {};
}

function poser(o: Record<string, unknown>, chemin: string[], valeur: unknown): void {
  let x = o;
  chemin.forEach((p, i) => {
    if (i === chemin.length - 1) x[p] = valeur;
    else {
      if (typeof x[p] !== "object" || x[p] === null) x[p] = {};
      x = x[p] as Record<string, unknown>;
    }
  });
}

/** The field errors' paths for an input, then for the objects it asked for (three rounds). */
async function explorer(point: Point, base: Record<string, unknown>, connus: Set<string>): Promise<string[]> {
  const trouves: string[] = [];
  let entree = base;
  for (let tour = 0; tour < 3; tour++) {
    const { resultat } = await sousSurveillance(() => point.fn(entree));
    const nouveaux = Object.keys(erreursDeChamp(resultat)).filter((c) => cles(c).length && !connus.has(c) && !trouves.includes(c));
    if (nouveaux.length === 0) break;
    trouves.push(...nouveaux);
    // Ask again with an object where each key was missing: its own keys come out as errors in turn.
    entree = structuredClone(entree);
    for (const c of nouveaux) poser(entree, cles(c), {});
  }
  return trouves;
}

/** Each leaf given a wrong value: what zod's messages say of it (its options, its type); else the enum its name says. */
async function apprendreFeuilles(point: Point, forme: Forme, chemins: string[], base: Record<string, unknown>, r: Reserves): Promise<void> {
  const feuilles = chemins.filter((c) => !noeud(forme, c)?.enfants.size);
  if (feuilles.length === 0) return;
  const sonde = structuredClone(base);
  for (const c of feuilles) poser(sonde, cles(c), "__sonde__");
  const { resultat } = await sousSurveillance(() => point.fn(sonde));
  for (const [c, message] of Object.entries(erreursDeChamp(resultat))) {
    const n = noeud(forme, c);
    if (n && !n.enfants.size) apprendre(n, message);
  }
  for (const c of feuilles) {
    const n = noeud(forme, c);
    const valeurs = enumPour(cles(c).at(-1) ?? "", r);
    if (n && !n.options && !n.type && valeurs.length) n.options = valeurs;
  }
  // A choice whose schema words its own message (« Choisissez le motif du refus »): the candidates it accepts.
  for (const c of feuilles) {
    const n = noeud(forme, c);
    if (!n || n.options || n.type || estLibre(cles(c).at(-1) ?? "")) continue;
    const acceptees: string[] = [];
    for (const candidat of r.candidats) {
      const entree = structuredClone(base);
      poser(entree, cles(c), candidat);
      const { resultat } = await sousSurveillance(() => point.fn(entree));
      if (!Object.keys(erreursDeChamp(resultat)).some((k) => cles(k).join(".") === cles(c).join("."))) acceptees.push(candidat);
      if (acceptees.length > 25) break;
    }
    if (acceptees.length && acceptees.length <= 25) n.options = acceptees;
  }
}

/**
 * The keys an input is checked for, found by probing: its field errors for `{}` and for the objects it asked for;
 * each leaf's options or type; then, for a key with options (a discriminant: « identifierType », « cadre »), the
 * keys each of its values asks for in turn.
 */
async function sonder(point: Point, r: Reserves): Promise<{ forme: Forme; racine: string[] }> {
  // An input that is not an object (« image », « preuve »): its options, from the message for a wrong one.
  const racine: Noeud = { enfants: new Map() };
  const { resultat } = await sousSurveillance(() => point.fn("__sonde__"));
  for (const [c, message] of Object.entries(erreursDeChamp(resultat))) if (!cles(c).length) apprendre(racine, message);
  const chemins = new Set(await explorer(point, {}, new Set()));
  let forme = formeDe(chemins);
  await apprendreFeuilles(point, forme, [...chemins], {}, r);
  const discriminants = [...chemins].filter((c) => noeud(forme, c)?.options?.length).slice(0, 6);
  const options = new Map(discriminants.map((c) => [c, noeud(forme, c)?.options ?? []]));
  for (const [c, valeurs] of options) {
    for (const v of valeurs.slice(0, 10)) {
      const base: Record<string, unknown> = {};
      poser(base, cles(c), v);
      const nouveaux = await explorer(point, base, chemins);
      if (nouveaux.length === 0) continue;
      for (const n of nouveaux) chemins.add(n);
      const avant = forme;
      forme = formeDe(chemins);
      // The new tree keeps what was learnt of the known keys.
      for (const k of chemins) {
        const ancien = noeud(avant, k);
        const n = noeud(forme, k);
        if (ancien && n) Object.assign(n, { options: ancien.options, type: ancien.type });
      }
      await apprendreFeuilles(point, forme, nouveaux, base, r);
    }
  }
  return { forme, racine: racine.options ?? [] };
}

function afficherForme(f: Forme): string {
  return `{ ${[...f].map(([k, n]) => `${k}${n.options ? `: ${n.options.join("|")}` : n.type ? `: ${n.type}` : ""}${n.enfants.size ? ` ${afficherForme(n.enfants)}` : ""}`).join(", ")} }`;
}

/** The tables an endpoint's path names (« pieces » → PieceTravaux): the ids its « id » most likely means. */
function idsDuContexte(point: Point, r: Reserves): string[] {
  const mots = point.fichier
    .split(/[/\\]/)
    .flatMap((s) => s.replace(/[()[\].]/g, "").split("-"))
    .map((m) => m.toLowerCase().replace(/s$/, ""))
    .filter((m) => m.length >= 4 && !["actions", "route", "api", "app"].includes(m));
  // For each word, the table it names most closely: « piece » is PieceTravaux rather than PieceJointeTravaux.
  return mots.flatMap((m) => {
    const tables = [...r.idsPar.keys()].filter((t) => t.toLowerCase().startsWith(m));
    const plusCourte = Math.min(...tables.map((t) => t.length));
    return tables.filter((t) => t.length === plusCourte).flatMap((t) => r.idsPar.get(t) ?? []);
  });
}

const estNextAuth = (point: Point) => point.segments.some((s) => s.startsWith("[...nextauth"));

/** A CSRF token and its cookie, as a browser holds them after visiting the sign-in page. */
async function paireCsrf(): Promise<{ jeton: string; biscuit: string } | undefined> {
  const { GET } = await import("@/app/api/auth/[...nextauth]/route");
  const r = await GET(new NextRequest(`${ORIGINE}/api/auth/csrf`));
  const jeton = ((await r.json()) as { csrfToken?: string }).csrfToken;
  const biscuit = r.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c.startsWith("authjs.csrf-token="));
  return jeton && biscuit ? { jeton, biscuit } : undefined;
}

async function biscuitDeSession(userId: string): Promise<string> {
  const salt = "authjs.session-token";
  const jwt = await encode({ token: { sub: userId, uid: userId }, secret: process.env.AUTH_SECRET as string, salt });
  return `${salt}=${jwt}`;
}

function construireRequete(
  point: Point,
  methode: string,
  q: RequeteFuzz,
  extras: { csrf?: { jeton: string; biscuit: string }; session?: string },
): NextRequest {
  const chemin = point.segments
    .map((s) => {
      if (!s.startsWith("[")) return encoder(s);
      const v = q.params[s.replace(/[[\].]/g, "")];
      return Array.isArray(v) ? v.map(encoder).join("/") : encoder(v);
    })
    .filter(Boolean)
    .join("/");
  const url = new URL(`${ORIGINE}/${chemin}`);
  for (const [k, v] of q.query) url.searchParams.append(k, v);
  const entetes = new Headers();
  for (const [k, v] of q.entetes) {
    try {
      entetes.append(k, v);
    } catch {}
  }
  const biscuits = [entetes.get("cookie"), q.avecCsrf ? extras.csrf?.biscuit : undefined, q.avecSession ? extras.session : undefined].filter(Boolean);
  if (biscuits.length) entetes.set("cookie", biscuits.join("; "));
  let corps: BodyInit | undefined = q.corps as BodyInit | undefined;
  if (q.formulaire) {
    const champs = new URLSearchParams(q.formulaire);
    if (q.avecCsrf && extras.csrf) champs.set("csrfToken", extras.csrf.jeton);
    corps = champs.toString();
    entetes.set("content-type", "application/x-www-form-urlencoded");
  }
  if (methode === "GET" || methode === "HEAD") corps = undefined;
  return new NextRequest(url, { method: methode, headers: entetes, body: corps });
}

/** The probe, then `runs` calls in the module's world; returns the counts and the bugs met. */
export async function fuzzer(point: Point, monde: Monde, options: { runs: number; seed: number }): Promise<Bilan> {
  const r = await reserves(monde.depuis);
  r.idsContexte = idsDuContexte(point, r);

  // The actors, read from the database once, and again after each accepted call (it may have changed them).
  const acteurs = new Map<Role, Awaited<ReturnType<typeof acteurDe>>>();
  const acteurPour = async (role: Role, ip: string) => {
    const u = monde.utilisateurs[role];
    if (!u) return null;
    if (!acteurs.has(role)) acteurs.set(role, await acteurDe(u.id, ip));
    const a = acteurs.get(role) ?? null;
    return a && { ...a, ip };
  };

  let arbitraire: fc.Arbitrary<unknown>;
  const extras: { csrf?: { jeton: string; biscuit: string }; session?: string } = {};
  const sessions = new Map<Role, string>();
  if (point.genre === "route") {
    const nextAuth = estNextAuth(point);
    arbitraire = requeteRoute(point.segments, point.export, r, nextAuth);
    if (nextAuth) {
      extras.csrf = await paireCsrf();
      for (const role of ROLES) {
        const u = monde.utilisateurs[role];
        if (u) sessions.set(role, await biscuitDeSession(u.id));
      }
    }
  } else {
    requete.acteur = await acteurPour("fournisseur gestionnaire principal", "203.0.113.1");
    const { forme, racine } = await sonder(point, r);
    if (process.env.FUZZ_PROFIL) console.log(point.nom, racine.join("|"), afficherForme(forme));
    arbitraire = entreeAction(point.genre, forme, r, racine);
  }

  const bilan: Bilan = { point: point.nom, runs: 0, acceptes: 0, refuses: 0, bugs: [], codes: new Map() };
  const protoAvant = Object.getOwnPropertyNames(Object.prototype).join();
  let m = await marque();
  let tour = 0;
  let precedent = "aucun";
  const cpu = process.cpuUsage();

  await fc.assert(
    fc.asyncProperty(IP, arbitraire, async (ip, entree) => {
      const t0 = performance.now();
      const debut = Date.now();
      PROFIL.gen += t0 - (PROFIL.fin || t0);
      const role = ROLES[tour++ % ROLES.length];
      requete.acteur = await acteurPour(role, ip);
      requete.ip = ip;
      requete.biscuits.clear();
      let issue: Issue;
      let journal: string[];
      if (point.genre === "route") {
        extras.session = sessions.get(role);
        const q = entree as RequeteFuzz;
        const requeteHttp = construireRequete(point, point.export, q, extras);
        const { resultat, journal: j } = await sousSurveillance(() =>
          point.fn(requeteHttp, { params: Promise.resolve(estNextAuth(point) ? { nextauth: q.params.nextauth } : q.params) }),
        );
        issue = await issueRoute(resultat);
        journal = j;
      } else {
        const { resultat, journal: j } = await sousSurveillance(() => point.fn(entree));
        issue = issueAction(resultat);
        journal = j;
      }
      const t1 = performance.now();
      const fin = Date.now();
      PROFIL.appel += t1 - t0;
      const changements = await changementsDepuis(m);
      PROFIL.changements += performance.now() - t1;
      m = changements.marque;
      if (Object.getOwnPropertyNames(Object.prototype).join() !== protoAvant) {
        issue = { statut: "bug", probleme: "Object.prototype modifié (pollution de prototype)" };
      }
      if (issue.statut === "refuse") {
        const inexpliquees = ecrituresInexpliquees(changements.tables, issue.code);
        if (inexpliquees.length)
          issue = {
            statut: "bug",
            probleme: `appel refusé (${issue.code}) entre ${new Date(debut).toISOString()} et ${new Date(fin).toISOString()} qui a modifié des données : ${inexpliquees.join(", ")} (appel précédent : ${precedent})`,
          };
      }
      bilan.runs++;
      if (issue.statut === "accepte") {
        bilan.acceptes++;
        acteurs.clear();
      } else if (issue.statut === "refuse") {
        bilan.refuses++;
        bilan.codes.set(issue.code ?? "?", (bilan.codes.get(issue.code ?? "?") ?? 0) + 1);
      } else {
        bilan.bugs.push({ role, entree: resume(entree), probleme: issue.probleme, journal: journal.join("\n").slice(0, 2000) });
        acteurs.clear();
      }
      PROFIL.fin = performance.now();
      precedent = `${issue.statut}, fini à ${new Date(fin).toISOString()}, ${resume(entree).slice(0, 200)}, écritures vues après lui : ${changements.lignes.slice(-12).join(" ; ")}`;
    }),
    { numRuns: options.runs, seed: options.seed, endOnFailure: true },
  );
  requete.acteur = null;
  const c = process.cpuUsage(cpu);
  PROFIL.cpu = (c.user + c.system) / 1000 / options.runs;
  if (process.env.FUZZ_PROFIL) console.log(point.nom, JSON.stringify(PROFIL));
  PROFIL.gen = PROFIL.appel = PROFIL.changements = PROFIL.fin = 0;
  return bilan;
}
