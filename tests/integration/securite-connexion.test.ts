// Sign-in and sessions, as a browser meets them: the sign-in action and next-auth's own endpoint, the session cookie
// read back on each request, the rate limits kept in PostgreSQL. Next's request APIs (headers(), cookies()) are
// replaced by one browser's: its address and its cookie jar (`appareil`), so that two devices can be compared.
import { isRedirectError } from "next/dist/client/components/redirect-error";
import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { connexionAction } from "@/app/(public)/connexion/actions";
import { demanderLienAction } from "@/app/(public)/activation/actions";
import { changerMotDePasseAction, deconnecterPartoutAction } from "@/app/(portail)/mon-compte/actions";
import { GET as authGet, POST as authPost } from "@/app/api/auth/[...nextauth]/route";
import { definirMotDePasse, envoyerNouveauLien, etatLien } from "@/lib/accounts/mot-de-passe";
import { verifierIdentifiants } from "@/lib/accounts/connexion";
import { changerEtatStructure } from "@/lib/administration/structures";
import { getActeur } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { MESSAGES } from "@/lib/errors";
import { route } from "@/lib/routes";
import { ECHECS_AVANT_ATTENTE, ECHECS_AVANT_VERROUILLAGE, VERROUILLAGE_MINUTES, attenteApresEchec, remplacerBudgets } from "@/lib/securite/limites";
import { deciderRattachement, desactiverUtilisateur } from "@/lib/structures/utilisateurs";
import { DEMO_PASSWORD, seedStructure, seedUser } from "@/prisma/seed/factories";
import { codeDe, lienDans, mailsPour, uniqueSuffix } from "../support/fixtures";
import { acteur } from "./structures-fixtures";

const navigateur = vi.hoisted(() => ({ ip: "203.0.113.1", appareil: new Map<string, string>() }));

vi.mock("next/headers", () => {
  const cookieHeader = () => [...navigateur.appareil].map(([k, v]) => `${k}=${v}`).join("; ");
  type Options = { maxAge?: number; expires?: Date | number | string };
  const poser = (nom: string, valeur: string, options?: Options) => {
    const expire = options?.expires !== undefined && new Date(options.expires).getTime() <= Date.now();
    if (!valeur || options?.maxAge === 0 || expire) navigateur.appareil.delete(nom);
    else navigateur.appareil.set(nom, valeur);
  };
  return {
    headers: async () => new Headers({ host: "localhost:3000", "x-forwarded-proto": "http", "x-forwarded-for": navigateur.ip, cookie: cookieHeader() }),
    cookies: async () => ({
      get: (nom: string) => (navigateur.appareil.has(nom) ? { name: nom, value: navigateur.appareil.get(nom) } : undefined),
      getAll: () => [...navigateur.appareil].map(([name, value]) => ({ name, value })),
      has: (nom: string) => navigateur.appareil.has(nom),
      set: (a: string | ({ name: string; value: string } & Options), b?: string, c?: Options) =>
        typeof a === "string" ? poser(a, b ?? "", c) : poser(a.name, a.value, a),
      delete: (nom: string) => navigateur.appareil.delete(nom),
    }),
    draftMode: async () => ({ isEnabled: false, enable() {}, disable() {} }),
  };
});

const SESSION = "authjs.session-token";
const MAUVAIS = "Pas-le-bon-mot-2026!";

/** An address of its own for each test: the per-address budgets of one test do not spill into another's. */
function nouvelleIp(): string {
  const n = Number.parseInt(uniqueSuffix(), 16);
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/** One device: its own cookie jar, from the given address. */
function appareil(ip = nouvelleIp()): Map<string, string> {
  const jar = new Map<string, string>();
  navigateur.appareil = jar;
  navigateur.ip = ip;
  return jar;
}

async function sur<T>(jar: Map<string, string>, f: () => Promise<T>): Promise<T> {
  navigateur.appareil = jar;
  return f();
}

/** « Se connecter » on this device: the action's answer (a redirect on success). */
async function seConnecter(jar: Map<string, string>, email: string, password = DEMO_PASSWORD, retour?: string) {
  return sur(jar, async () => {
    try {
      return await connexionAction({ email, password, retour });
    } catch (error) {
      if (isRedirectError(error)) return { ok: true as const, redirection: (error as { digest: string }).digest.split(";")[2] };
      throw error;
    }
  });
}

const acteurSur = (jar: Map<string, string>) => sur(jar, () => getActeur());

/** next-auth's own endpoint, as a script would call it: its CSRF token first, then the form. */
async function connexionParApi(email: string, password: string, ip: string): Promise<Response> {
  const entetes = { host: "localhost:3000", "x-forwarded-for": ip };
  const csrf = await authGet(new NextRequest("http://localhost:3000/api/auth/csrf", { headers: entetes }));
  if (csrf.status !== 200) return csrf;
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return authPost(
    new NextRequest("http://localhost:3000/api/auth/callback/credentials", {
      method: "POST",
      headers: { ...entetes, cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, password, csrfToken, callbackUrl: "http://localhost:3000/mon-compte" }),
    }),
  );
}

let horloge = Date.now();
/** The clock moves on (the counters' windows are measured by it); nothing sleeps. */
function avancer(secondes: number) {
  horloge += secondes * 1000;
  vi.setSystemTime(horloge);
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  horloge = Date.now();
  vi.setSystemTime(horloge);
});
afterEach(() => {
  vi.useRealTimers();
  remplacerBudgets({});
});

describe("un seul message pour chaque refus de connexion ; le titulaire est prévenu par courriel", () => {
  it("adresse inconnue, mauvais mot de passe, compte non activé, désactivé ou verrouillé : la page dit la même phrase", async () => {
    const structure = await seedStructure();
    const actif = await seedUser({ structureId: structure.id });
    const nonActive = await seedUser({ password: null });
    const desactive = await seedUser({ status: "DESACTIVE" });
    const verrouille = await seedUser({ structureId: structure.id });
    await db.user.update({ where: { id: verrouille.id }, data: { lockedUntil: new Date(Date.now() + 10 * 60_000) } });

    const cas = [
      [`inconnu-${uniqueSuffix()}@exemple.fr`, DEMO_PASSWORD],
      [actif.email, MAUVAIS],
      [nonActive.email, DEMO_PASSWORD],
      [desactive.email, DEMO_PASSWORD],
      [verrouille.email, DEMO_PASSWORD],
    ] as const;
    for (const [email, password] of cas) {
      expect(await seConnecter(appareil(), email, password)).toEqual({
        ok: false,
        code: "IDENTIFIANTS_INVALIDES",
        message: MESSAGES.IDENTIFIANTS_INVALIDES,
        fieldErrors: {},
      });
      // The same by next-auth's endpoint: only the code, in the address of the sign-in page.
      const r = await connexionParApi(email, password, nouvelleIp());
      expect(r.status).toBe(302);
      const location = new URL(r.headers.get("location") ?? "");
      expect([location.pathname, location.searchParams.get("code")]).toEqual(["/connexion", "IDENTIFIANTS_INVALIDES"]);
      expect(r.headers.getSetCookie().some((c) => c.startsWith(`${SESSION}=`))).toBe(false);
    }
    expect(MESSAGES.IDENTIFIANTS_INVALIDES).toMatch(/^Adresse électronique ou mot de passe incorrect, ou compte indisponible\./);

    // What the page did not say, the owner reads in his mail: one each, however many attempts.
    expect(await mailsPour(actif.email)).toHaveLength(0);
    const [relance, ...autresRelances] = await mailsPour(nonActive.email);
    expect(autresRelances).toHaveLength(0);
    expect([relance.template, relance.subject]).toEqual(["alerte-connexion", "Tentative de connexion à votre compte non activé"]);
    // The new link activates the account.
    const token = lienDans(relance.text, "activation");
    expect(await etatLien(token, "ACTIVATION")).toMatchObject({ etat: "VALIDE", email: nonActive.email });
    const [alerte, ...autres] = await mailsPour(desactive.email);
    expect(autres).toHaveLength(0);
    expect(alerte.subject).toBe("Tentative de connexion à votre compte désactivé");
    expect(alerte.text).toContain("Ce compte est désactivé");
  });

  it("au 10e échec le compte est verrouillé pour 15 minutes et son titulaire le sait par un courriel, un seul", async () => {
    const user = await seedUser();
    const jar = appareil();
    for (let rang = 1; rang <= ECHECS_AVANT_VERROUILLAGE; rang++) {
      expect(await seConnecter(jar, user.email, MAUVAIS)).toMatchObject({ code: "IDENTIFIANTS_INVALIDES" });
      if (rang < ECHECS_AVANT_VERROUILLAGE) avancer(attenteApresEchec(rang) + 1);
    }
    const apres = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(apres.failedLoginCount).toBe(ECHECS_AVANT_VERROUILLAGE);
    expect(apres.lockedUntil?.getTime()).toBeGreaterThan(Date.now());
    const mails = await mailsPour(user.email);
    expect(mails.map((m) => m.subject)).toEqual(["Votre compte est verrouillé temporairement"]);
    expect(mails[0].text).toContain(`suspendue pendant ${VERROUILLAGE_MINUTES} minutes`);
    expect(mails[0].text).toContain("/mot-de-passe-oublie");
  });
});

describe("échecs répétés : ralentir sans jamais enfermer", () => {
  it("après 5 échecs, des attentes croissantes, le verrouillage de 15 minutes, puis la connexion redevient possible", async () => {
    const user = await seedUser();
    const jar = appareil();
    for (let rang = 1; rang < ECHECS_AVANT_ATTENTE; rang++)
      expect(await seConnecter(jar, user.email, MAUVAIS)).toMatchObject({ code: "IDENTIFIANTS_INVALIDES" });
    expect(await seConnecter(jar, user.email, MAUVAIS)).toMatchObject({ code: "IDENTIFIANTS_INVALIDES" });

    // From here on each failure imposes a wait, told in seconds, even to the right password.
    for (let rang = ECHECS_AVANT_ATTENTE; rang < ECHECS_AVANT_VERROUILLAGE; rang++) {
      const attente = attenteApresEchec(rang);
      const r = await seConnecter(jar, user.email, DEMO_PASSWORD);
      expect(r).toMatchObject({ ok: false, code: "TROP_DE_DEMANDES" });
      expect((r as { message: string }).message).toMatch(
        /^Trop de tentatives de connexion infructueuses pour ce compte : réessayez dans \d+ (secondes|minutes)/,
      );
      avancer(attente - 2);
      expect(await seConnecter(jar, user.email, DEMO_PASSWORD)).toMatchObject({ code: "TROP_DE_DEMANDES" });
      avancer(3);
      expect(await seConnecter(jar, user.email, MAUVAIS)).toMatchObject({ code: "IDENTIFIANTS_INVALIDES" });
    }
    // Locked: 15 minutes, then it expires by itself.
    const verrou = await seConnecter(jar, user.email, DEMO_PASSWORD);
    expect((verrou as { message: string }).message).toContain("réessayez dans 15 minutes");
    avancer(VERROUILLAGE_MINUTES * 60 + 1);
    expect(await seConnecter(jar, user.email, DEMO_PASSWORD)).toMatchObject({ ok: true, redirection: "/mon-compte" });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ failedLoginCount: 0, lockedUntil: null });
    // Forgotten after a success: the next failure is free again.
    expect(await seConnecter(appareil(), user.email, MAUVAIS)).toMatchObject({ code: "IDENTIFIANTS_INVALIDES" });
  });

  it("une adresse sans compte connaît exactement les mêmes attentes (rien à deviner)", async () => {
    const [user, inconnu] = [await seedUser(), `inconnu-${uniqueSuffix()}@exemple.fr`];
    const parcours = async (email: string) => {
      const codes: string[] = [];
      const jar = appareil();
      for (let i = 0; i < ECHECS_AVANT_ATTENTE + 2; i++) codes.push(((await seConnecter(jar, email, MAUVAIS)) as { code: string }).code);
      return codes;
    };
    const attendu = [...Array(ECHECS_AVANT_ATTENTE).fill("IDENTIFIANTS_INVALIDES"), "TROP_DE_DEMANDES", "TROP_DE_DEMANDES"];
    expect(await parcours(user.email)).toEqual(attendu);
    expect(await parcours(inconnu)).toEqual(attendu);
  });

  it("des tentatives simultanées passé le 5e échec : une seule est vérifiée", async () => {
    const user = await seedUser();
    for (let i = 0; i < ECHECS_AVANT_ATTENTE; i++) await codeDe(verifierIdentifiants(user.email, MAUVAIS));
    avancer(attenteApresEchec(ECHECS_AVANT_ATTENTE) + 1);
    // Wrong passwords tried six at once: one is checked, the five others wait their turn unchecked. (With the right
    // password, a slow attempt arriving after the first one's success would rightly be checked: no longer concurrent.)
    const codes = await Promise.all(Array.from({ length: 6 }, () => codeDe(verifierIdentifiants(user.email, MAUVAIS))));
    expect(codes.filter((c) => c === "IDENTIFIANTS_INVALIDES")).toHaveLength(1);
    expect(codes.filter((c) => c === "TROP_DE_DEMANDES")).toHaveLength(5);
    // The one checked failure imposes its wait: even the right password must wait now.
    const apres = await codeDe(verifierIdentifiants(user.email, DEMO_PASSWORD));
    expect(apres).toBe("TROP_DE_DEMANDES");
  });

  it("« Mot de passe oublié » lève le verrouillage", async () => {
    const user = await seedUser();
    for (let rang = 1; rang <= ECHECS_AVANT_VERROUILLAGE; rang++) {
      expect(await codeDe(verifierIdentifiants(user.email, MAUVAIS))).toBe("IDENTIFIANTS_INVALIDES");
      if (rang < ECHECS_AVANT_VERROUILLAGE) avancer(attenteApresEchec(rang) + 1);
    }
    expect(await codeDe(verifierIdentifiants(user.email, DEMO_PASSWORD))).toBe("TROP_DE_DEMANDES");
    await envoyerNouveauLien(user.email, "REINITIALISATION");
    const reset = (await mailsPour(user.email)).find((m) => m.template === "mot-de-passe-oublie")!;
    await definirMotDePasse(lienDans(reset.text, "mot-de-passe"), "REINITIALISATION", "Nouveau-Chantier-2027!");
    await expect(verifierIdentifiants(user.email, "Nouveau-Chantier-2027!")).resolves.toMatchObject({ id: user.id });
  });
});

describe("limites de débit partagées", () => {
  it("une route répond 429 avec Retry-After et un message en français, puis accepte de nouveau après la fenêtre", async () => {
    remplacerBudgets({ siret: { ip: { points: 3, duree: 30 } } });
    const GET = route({ session: "aucune", params: z.object({}), query: z.object({}), limite: "siret" }, async () => Response.json({ ok: true }));
    const [ip, autre] = [nouvelleIp(), nouvelleIp()];
    const appel = (depuis: string) =>
      GET(new Request("http://localhost:3000/api/essai", { headers: { "x-forwarded-for": `198.51.100.9, ${depuis}` } }), { params: Promise.resolve({}) });
    for (let i = 0; i < 3; i++) expect((await appel(ip)).status).toBe(200);
    const refus = await appel(ip);
    expect(refus.status).toBe(429);
    const retry = Number(refus.headers.get("retry-after"));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(30);
    expect(await refus.json()).toEqual({
      ok: false,
      code: "TROP_DE_DEMANDES",
      message: `Trop de demandes en peu de temps : réessayez dans ${retry} secondes.`,
    });
    // Another address is not concerned; the same one is served again once the window is over.
    expect((await appel(autre)).status).toBe(200);
    avancer(retry + 1);
    expect((await appel(ip)).status).toBe(200);
  });

  it("se connecter par /api/auth/callback/credentials compte contre la limite de la connexion par adresse", async () => {
    remplacerBudgets({ connexion: { ip: { points: 2, duree: 60 } } });
    const user = await seedUser();
    const ip = nouvelleIp();
    const premiere = await connexionParApi(user.email, DEMO_PASSWORD, ip);
    expect(premiere.status).toBe(302);
    expect(premiere.headers.getSetCookie().some((c) => c.startsWith(`${SESSION}=`))).toBe(true);
    expect((await connexionParApi(user.email, DEMO_PASSWORD, ip)).status).toBe(302);
    const refus = await connexionParApi(user.email, DEMO_PASSWORD, ip);
    expect(refus.status).toBe(429);
    expect(Number(refus.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await refus.json()).message).toMatch(/^Trop de demandes en peu de temps : réessayez dans \d+ secondes\.$/);
    // The sign-in form from that address too.
    expect(await seConnecter(appareil(ip), user.email)).toMatchObject({ ok: false, code: "TROP_DE_DEMANDES" });
    avancer(61);
    expect((await connexionParApi(user.email, DEMO_PASSWORD, ip)).status).toBe(302);
  });

  it("une action répond TROP_DE_DEMANDES par adresse saisie et par adresse IP, puis accepte de nouveau après la fenêtre", async () => {
    remplacerBudgets({ lien: { identifiant: { points: 2, duree: 900 }, ip: { points: 4, duree: 900 } } });
    const email = `lien-${uniqueSuffix()}@exemple.fr`;
    const ip = nouvelleIp();
    appareil(ip);
    const demander = (e: string) => demanderLienAction({ email: e, purpose: "REINITIALISATION" });
    expect(await demander(email)).toEqual({ ok: true });
    expect(await demander(email.toUpperCase())).toEqual({ ok: true });
    const refus = await demander(email);
    expect(refus).toMatchObject({ ok: false, code: "TROP_DE_DEMANDES" });
    expect((refus as { message: string }).message).toMatch(/^Trop de demandes en peu de temps : réessayez dans \d+ minutes\.$/);
    // From another address, the same e-mail address is still over its budget; another one is not, until the address's own runs out.
    appareil(nouvelleIp());
    expect(await demander(email)).toMatchObject({ code: "TROP_DE_DEMANDES" });
    appareil(ip);
    expect(await demander(`autre-${uniqueSuffix()}@exemple.fr`)).toEqual({ ok: true });
    expect(await demander(`autre-${uniqueSuffix()}@exemple.fr`)).toMatchObject({ code: "TROP_DE_DEMANDES" });
    avancer(901);
    expect(await demander(email)).toEqual({ ok: true });
  });
});

describe("les sessions se terminent quand elles le doivent", () => {
  async function membreConnecte() {
    const structure = await seedStructure();
    const user = await seedUser({ structureId: structure.id });
    const [a, b] = [appareil(), appareil()];
    for (const jar of [a, b]) expect(await seConnecter(jar, user.email)).toMatchObject({ ok: true });
    expect(await acteurSur(a)).toMatchObject({ userId: user.id });
    expect(await acteurSur(b)).toMatchObject({ userId: user.id });
    return { structure, user, a, b };
  }

  it("un mot de passe réinitialisé met fin à toutes les sessions", async () => {
    const { user, a, b } = await membreConnecte();
    await envoyerNouveauLien(user.email, "REINITIALISATION");
    const reset = (await mailsPour(user.email)).find((m) => m.template === "mot-de-passe-oublie")!;
    await definirMotDePasse(lienDans(reset.text, "mot-de-passe"), "REINITIALISATION", "Nouveau-Chantier-2027!");
    expect(await acteurSur(a)).toBeNull();
    expect(await acteurSur(b)).toBeNull();
    expect((await mailsPour(user.email)).map((m) => m.subject)).toContain("Le mot de passe de votre compte a été modifié");
    // A new sign-in opens a session again.
    expect(await seConnecter(a, user.email, "Nouveau-Chantier-2027!")).toMatchObject({ ok: true });
    expect(await acteurSur(a)).toMatchObject({ userId: user.id });
  });

  it("« Modifier mon mot de passe » garde cette session ouverte et ferme les autres", async () => {
    const { user, a, b } = await membreConnecte();
    const ancien = a.get(SESSION);
    expect(
      await sur(a, () => changerMotDePasseAction({ actuel: MAUVAIS, password: "Nouveau-Chantier-2027!", confirmation: "Nouveau-Chantier-2027!" })),
    ).toMatchObject({
      ok: false,
      code: "MOT_DE_PASSE_ACTUEL_INCORRECT",
    });
    expect(await acteurSur(b)).toMatchObject({ userId: user.id });
    expect(
      await sur(a, () => changerMotDePasseAction({ actuel: DEMO_PASSWORD, password: "Nouveau-Chantier-2027!", confirmation: "Nouveau-Chantier-2027!" })),
    ).toEqual({
      ok: true,
    });
    expect(a.get(SESSION)).not.toBe(ancien);
    expect(await acteurSur(a)).toMatchObject({ userId: user.id });
    expect(await acteurSur(b)).toBeNull();
    // The token this device held before is dead too.
    expect(await acteurSur(new Map([[SESSION, ancien ?? ""]]))).toBeNull();
    await expect(verifierIdentifiants(user.email, "Nouveau-Chantier-2027!")).resolves.toMatchObject({ id: user.id });
    expect((await mailsPour(user.email)).map((m) => m.subject)).toContain("Le mot de passe de votre compte a été modifié");
  });

  it("un navigateur ne peut pas ranimer une session terminée en demandant lui-même la nouvelle version", async () => {
    const { user, a, b } = await membreConnecte();
    await sur(a, () => changerMotDePasseAction({ actuel: DEMO_PASSWORD, password: "Nouveau-Chantier-2027!", confirmation: "Nouveau-Chantier-2027!" }));
    const { sessionVersion } = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    const entetes = { host: "localhost:3000", "x-forwarded-for": nouvelleIp() };
    const csrf = await authGet(new NextRequest("http://localhost:3000/api/auth/csrf", { headers: { ...entetes, cookie: `${SESSION}=${b.get(SESSION)}` } }));
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = [`${SESSION}=${b.get(SESSION)}`, ...csrf.headers.getSetCookie().map((c) => c.split(";")[0])].join("; ");
    const r = await authPost(
      new NextRequest("http://localhost:3000/api/auth/session", {
        method: "POST",
        headers: { ...entetes, cookie, "content-type": "application/json" },
        body: JSON.stringify({ csrfToken, data: { sessionVersion, preuve: "devinee" } }),
      }),
    );
    // next-auth answers the update (a session is there), but the version it carries stays the old one.
    expect(r.status).toBe(200);
    const renouvele = r.headers
      .getSetCookie()
      .find((c) => c.startsWith(`${SESSION}=`))
      ?.split(";")[0]
      .slice(SESSION.length + 1);
    expect(renouvele).toBeTruthy();
    expect(await acteurSur(new Map([[SESSION, renouvele ?? ""]]))).toBeNull();
  });

  it("« Se déconnecter de tous les appareils » ferme toutes les sessions, celle-ci comprise, et s'inscrit au journal", async () => {
    const { user, a, b } = await membreConnecte();
    await expect(sur(a, () => deconnecterPartoutAction({}))).rejects.toSatisfy(isRedirectError);
    expect(a.has(SESSION)).toBe(false);
    expect(await acteurSur(b)).toBeNull();
    expect(await acteurSur(new Map([[SESSION, b.get(SESSION) ?? ""]]))).toBeNull();
    const entree = await db.journalAudit.findFirstOrThrow({ where: { action: "COMPTE_SESSIONS_REVOQUEES", cibleId: user.id } });
    expect(entree).toMatchObject({ acteurUserId: user.id, cibleType: "User" });
    // Signing in again works.
    expect(await seConnecter(b, user.email)).toMatchObject({ ok: true });
    expect(await acteurSur(b)).toMatchObject({ userId: user.id });
  });

  it("désactivé par un gestionnaire, ou sa demande de rattachement refusée : ses sessions se terminent", async () => {
    const { structure, user, a } = await membreConnecte();
    const gestionnaire = await seedUser({ structureId: structure.id, role: "GESTIONNAIRE_PRINCIPAL" });
    const membership = await db.membership.findUniqueOrThrow({ where: { userId_structureId: { userId: user.id, structureId: structure.id } } });
    await desactiverUtilisateur(acteur(gestionnaire, structure, "GESTIONNAIRE_PRINCIPAL"), membership.id);
    expect(await acteurSur(a)).toBeNull();

    const demandeur = await seedUser({ structureId: structure.id, membershipStatus: "EN_COURS_DE_VALIDATION" });
    const jar = appareil();
    expect(await seConnecter(jar, demandeur.email)).toMatchObject({ ok: true });
    expect(await acteurSur(jar)).toMatchObject({ userId: demandeur.id });
    const demande = await db.membership.findUniqueOrThrow({ where: { userId_structureId: { userId: demandeur.id, structureId: structure.id } } });
    await deciderRattachement(acteur(gestionnaire, structure, "GESTIONNAIRE_PRINCIPAL"), demande.id, "REFUSER", "Personne inconnue de nos services");
    expect(await acteurSur(jar)).toBeNull();
  });
});

describe("une structure désactivée par un administrateur du portail", () => {
  it("ses membres n'agissent plus pour elle dès leur requête suivante ; réactivée, ils le peuvent de nouveau", async () => {
    const structure = await seedStructure();
    const user = await seedUser({ structureId: structure.id });
    const a = appareil();
    expect(await seConnecter(a, user.email)).toMatchObject({ ok: true });
    expect(await acteurSur(a)).toMatchObject({ userId: user.id, structure: { id: structure.id } });
    const admin = await seedUser({ administrateur: true });
    const parAdmin = { userId: admin.id, email: admin.email, name: "Admin", structure: null, administrateur: true };
    await changerEtatStructure(parAdmin, structure.id, { active: false, motif: "Structure revendiquée par erreur" });
    expect(await acteurSur(a)).toMatchObject({ userId: user.id, structure: null });
    await changerEtatStructure(parAdmin, structure.id, { active: true, motif: "Vérification faite" });
    expect(await acteurSur(a)).toMatchObject({ structure: { id: structure.id } });
  });
});

describe("après la connexion, retour sur le portail seulement", () => {
  it("suit un chemin du portail et refuse tout autre site", async () => {
    const user = await seedUser();
    expect(await seConnecter(appareil(), user.email, DEMO_PASSWORD, "/factures-travaux/synthese?aTraiter=tout")).toMatchObject({
      redirection: "/factures-travaux/synthese?aTraiter=tout",
    });
    for (const retour of ["//evil.example", "/\\evil.example", "/%2F%2Fevil.example", "https://evil.example/", "/\t/evil.example", "javascript:alert(1)"]) {
      expect(await seConnecter(appareil(), user.email, DEMO_PASSWORD, retour)).toMatchObject({ redirection: "/mon-compte" });
    }
  });
});

describe("mots de passe de plus de 128 caractères", () => {
  it("refusés avant tout hachage, sans compter d'échec", async () => {
    const user = await seedUser();
    const long = `Aa1!${"x".repeat(200)}`;
    expect(await seConnecter(appareil(), user.email, long)).toMatchObject({
      ok: false,
      code: "SAISIE_INVALIDE",
      fieldErrors: { password: MESSAGES.MOT_DE_PASSE_TROP_LONG },
    });
    expect(await codeDe(verifierIdentifiants(user.email, long))).toBe("MOT_DE_PASSE_TROP_LONG");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).failedLoginCount).toBe(0);
    await envoyerNouveauLien(user.email, "REINITIALISATION");
    const reset = (await mailsPour(user.email)).find((m) => m.template === "mot-de-passe-oublie")!;
    expect(await codeDe(definirMotDePasse(lienDans(reset.text, "mot-de-passe"), "REINITIALISATION", long))).toBe("MOT_DE_PASSE_TROP_LONG");
  });
});
