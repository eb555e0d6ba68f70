// No personal data and no secret in the technical log (lib/journal-technique.ts): what the portal logs while a user
// fails to sign in, while a route fails with an error that names a person, and while requests carry a session cookie and
// an Authorization header, read back line by line.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";

const navigateur = vi.hoisted(() => ({ ip: "203.0.113.51", cookie: "" }));
vi.mock("next/headers", () => ({
  headers: async () =>
    new Headers({
      host: "localhost:3000",
      "x-forwarded-proto": "http",
      "x-forwarded-for": navigateur.ip,
      cookie: navigateur.cookie,
      "x-request-id": "requete-connexion-42",
    }),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => {}, delete: () => {} }),
  draftMode: async () => ({ isEnabled: false, enable() {}, disable() {} }),
}));

const { connexionAction } = await import("@/app/(public)/connexion/actions");
const { GET: sante } = await import("@/app/api/health/route");
const { route } = await import("@/lib/routes");
const { capturerJournal, journal, masquerTexte } = await import("@/lib/journal-technique");
const { seedUser, uniqueSuffix } = await import("@/prisma/seed/factories");

const PRENOM = "Philomène";
const NOM = "Quintessence";
const MOT_DE_PASSE = "Pas-Le-Bon-Mot-De-Passe-2026!";
const IBAN = "FR76 3000 6000 0112 3456 7890 189";
// A session token as next-auth writes it (a JWT), and a bearer token.
const JETON_SESSION = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.ZXNzYWktZGUtamV0b24tZGUtc2Vzc2lvbg.c2lnbmF0dXJl";
const JETON_API = "jeton-api-secret-9f8e7d6c5b4a";

let email = "";
const lignes: string[] = [];
let fin: () => void = () => {};

beforeAll(async () => {
  email = `${PRENOM.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "")}.${NOM.toLowerCase()}-${uniqueSuffix()}@exemple.fr`;
  await seedUser({ email, firstName: PRENOM, lastName: NOM });
  // Every level, from here to the end of the file.
  fin = capturerJournal((l) => lignes.push(l), "trace");
});
afterAll(() => fin());

describe("le journal technique ne contient ni donnée personnelle ni secret", () => {
  it("connexion refusée, erreur nommant une personne, requêtes avec cookie de session et Authorization : rien de tout cela n'est écrit", async () => {
    // 1. Sign-in failures (wrong password, six times: the account's waits begin), the session cookie sent along.
    navigateur.cookie = `authjs.session-token=${JETON_SESSION}`;
    for (let i = 0; i < 6; i++) {
      const r = await connexionAction({ email, password: MOT_DE_PASSE });
      expect(r).toMatchObject({ ok: false });
    }

    // 2. A route that fails with an error naming the user, his address and his IBAN, carrying the request's headers and
    // the user's record as its cause (as a library's error may).
    const echoue = route({ session: "aucune", params: z.unknown(), query: z.unknown() }, async ({ request }) => {
      throw Object.assign(
        new Error(`Échec pour ${email} (IBAN ${IBAN}, ${IBAN.replaceAll(" ", "")}) : postgresql://portail:${MOT_DE_PASSE}@db.interne:5432/portail`),
        {
          requete: { url: request.url, headers: request.headers },
          cause: { utilisateur: { email, firstName: PRENOM, lastName: NOM, password: MOT_DE_PASSE } },
        },
      );
    });
    const entetes = { authorization: `Bearer ${JETON_API}`, cookie: `authjs.session-token=${JETON_SESSION}`, "x-request-id": "requete-erreur-42" };
    const r = await echoue(new Request("http://localhost/api/essai?token=lien-secret-123", { headers: entetes }), { params: Promise.resolve({}) });
    expect(r.status).toBe(500);
    expect(await r.text()).not.toContain(email);

    // 3. A healthy request with the same headers, and a line logged by hand with personal fields.
    expect((await sante(new Request("http://localhost/api/health", { headers: entetes }), { params: Promise.resolve({}) })).status).toBe(200);
    journal.info({ utilisateur: { email, prenom: PRENOM, nom: NOM }, iban: IBAN, authorization: `Bearer ${JETON_API}` }, `contact ${email}`);

    const texte = lignes.join("");
    const json = lignes.map((l) => JSON.parse(l) as Record<string, unknown>);
    // The lines are there — the failures, the error with its stack, the requests — each with its request id…
    expect(json.filter((l) => l.msg === "action" && l.resultat !== "ok").length).toBe(6);
    expect(json.filter((l) => l.msg === "action").every((l) => l.requestId === "requete-connexion-42")).toBe(true);
    const erreur = json.find((l) => l.msg === "erreur inattendue") as { requestId: string; err: { message: string; stack: string } & Record<string, unknown> };
    expect(erreur.requestId).toBe("requete-erreur-42");
    expect(erreur.err).toMatchObject({ type: "Error", requete: { headers: { authorization: "[masqué]", cookie: "[masqué]" } } });
    expect(erreur.err.message).toContain("[courriel masqué]");
    expect(erreur.err.message).toContain("[IBAN masqué]");
    expect(erreur.err.stack).toContain("journal-confidentialite.test.ts");
    // …and none of the secrets nor the personal data.
    for (const interdit of [
      email,
      email.split("@")[0],
      MOT_DE_PASSE,
      PRENOM,
      NOM,
      IBAN,
      IBAN.replaceAll(" ", ""),
      JETON_SESSION,
      JETON_SESSION.split(".")[1],
      JETON_API,
      "lien-secret-123",
    ]) {
      expect(texte, `le journal contient « ${interdit} »`).not.toContain(interdit);
    }
  });

  it("le masquage des textes : adresses, IBAN imprimés ou non, jetons porteurs, JWT, identifiants d'une URL, jeton d'un lien", () => {
    expect(masquerTexte("écrire à jean.dupont+x@mairie-exemple.gouv.fr demain")).toBe("écrire à [courriel masqué] demain");
    expect(masquerTexte("IBAN FR7630006000011234567890189 ou FR76 3000 6000 0112 3456 7890 189.")).toBe("IBAN [IBAN masqué] ou [IBAN masqué].");
    expect(masquerTexte("Authorization: Bearer abc.def-ghi")).toBe("Authorization: Bearer [masqué]");
    expect(masquerTexte("smtp://ne-pas-repondre:motdepasse@smtp.exemple.fr:587")).toBe("smtp://[masqué]@smtp.exemple.fr:587");
    expect(masquerTexte("https://portail.exemple.fr/activation?token=abc123&x=1")).toBe("https://portail.exemple.fr/activation?token=[masqué]&x=1");
    // What an operator needs stays: ids, codes, hosts.
    expect(masquerTexte("pièce 5f0c5d2e-7b8a-4c1e-9d3f-2a6b8c0d1e2f : P2002 sur 127.0.0.1:5432")).toBe(
      "pièce 5f0c5d2e-7b8a-4c1e-9d3f-2a6b8c0d1e2f : P2002 sur 127.0.0.1:5432",
    );
  });
});
