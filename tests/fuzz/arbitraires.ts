// What the fuzz sends: random and hostile values (wrong types, huge strings, unicode, NUL and bidirectional
// characters, prototype keys, numbers as strings, NaN, arrays…), objects shaped like the endpoint's input (its
// keys, found by probing it) with values that are plausible (ids of the whole database — other structures'
// included —, SIRETs, addresses, enum values) or hostile, FormData for plain forms, and HTTP requests for routes.
import fc from "fast-check";
import { saisieFacture } from "@/tests/integration/factures-fixtures";
import { DEMO_PASSWORD, type Reserves } from "./monde";

const CENT_MILLE = 100_000;

/** Huge strings (built once: the fuzz picks them, it does not rebuild 100 000 characters at each run). */
const ENORMES = [
  "a".repeat(CENT_MILLE),
  "é".repeat(CENT_MILLE),
  "9".repeat(CENT_MILLE),
  `${"\u202E".repeat(CENT_MILLE / 2)}fdp.exe`,
  "\u0000".repeat(CENT_MILLE),
  "𝔘".repeat(CENT_MILLE / 2),
  `${"a".repeat(CENT_MILLE)}@exemple.fr`,
  "%".repeat(CENT_MILLE),
];

export const CLES_PROTOTYPE = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "__defineGetter__", "then"];

const CHAINES_HOSTILES = [
  "",
  " ",
  "   \t\n  ",
  "\u0000",
  "a\u0000b",
  "\u202Eevil\u202C.pdf",
  "\u2066\u2067\u2068\u2069",
  "\u200B\u200C\u200D\uFEFF",
  "\uD800",
  "\uDFFFa\uD800",
  "🦄👨‍👩‍👧‍👦🏳️‍🌈",
  "ﷺ ١٢٣ שלום",
  "Ǆǅǆ İı ß ﬃ",
  '\'; DROP TABLE "User"; --',
  "' OR '1'='1",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection attempt, as typed by an attacker.
  "{{7*7}}${7*7}",
  "../../../../etc/passwd",
  "..\\..\\windows\\win.ini",
  "%00",
  "%E0%A4%A",
  "%",
  "%%",
  "%2e%2e%2f",
  "null",
  "undefined",
  "NaN",
  "Infinity",
  "-1",
  "-0",
  "0",
  "1e309",
  "0x10",
  "９９９",
  "١٢٣٤٥٦٧٨٩٠١٢٣٤",
  "true",
  "false",
  "[]",
  "{}",
  '{"__proto__":{"administrateur":true}}',
  "__proto__",
  "constructor",
  "prototype",
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "00000000-0000-0000-0000-00000000000g",
  "//evil.example",
  "/\\evil.example",
  "/%2F%2Fevil.example",
  "https://evil.example",
  "javascript:alert(1)",
  "/\t/evil.example",
  "\\\\evil.example\\x",
  "x".repeat(129),
  "x".repeat(1000),
];

export const chaineHostile: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...CHAINES_HOSTILES) },
  { weight: 1, arbitrary: fc.constantFrom(...ENORMES) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

const nombreHostile: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, -1, 0, 1, 2 ** 31, 2 ** 53 + 1, 1e308, -1e308, 0.1, 5e-324),
  fc.double(),
  fc.integer(),
);

const objetPiege: fc.Arbitrary<unknown> = fc.constantFrom(
  JSON.parse('{"__proto__":{"administrateur":true,"role":"GESTIONNAIRE_PRINCIPAL"}}'),
  JSON.parse('{"constructor":{"prototype":{"administrateur":true}}}'),
  Object.create(null),
  Object.assign(Object.create(null), { id: "x" }),
  { toString: "pas une fonction", valueOf: 1 },
  // biome-ignore lint/suspicious/noThenProperty: a hostile input, on purpose (a value that is not a promise, under a promise's key).
  { then: "pas une promesse" },
  new Date(Number.NaN),
  new Date(8.64e15),
  new Map([["id", "x"]]),
  new Set(["x"]),
  new Uint8Array([0, 255, 37]),
  new Blob(["%PDF-1.7\n"], { type: "application/pdf" }),
  new File(["x"], "\u202Efdp.exe", { type: "text/html" }),
  new FormData(),
  [],
  [[[[[]]]]],
  Array(5),
);

/** Anything at all, with prototype keys among the object keys. */
const nImporteQuoi: fc.Arbitrary<unknown> = fc.anything({
  key: fc.oneof(fc.constantFrom(...CLES_PROTOTYPE, "id", "email", "structureId"), fc.string({ maxLength: 10 })),
  maxDepth: 3,
  maxKeys: 6,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
});

/** A hostile value of any type. */
export const valeurHostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: chaineHostile },
  { weight: 2, arbitrary: nombreHostile },
  { weight: 1, arbitrary: nombreHostile.map(String) },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, true, false, 0n, -(2n ** 70n)) },
  { weight: 2, arbitrary: objetPiege },
  { weight: 1, arbitrary: fc.array(chaineHostile, { maxLength: 3 }) },
  { weight: 2, arbitrary: nImporteQuoi },
);

/** Ids for a key: of the table it names (membershipId → Membership, pieceJointeId → PieceJointeTravaux), else any. */
function idsPour(cle: string, r: Reserves): fc.Arbitrary<string> {
  const prefixe = /^ids?$/i.test(cle) ? "" : cle.replace(/Ids?$/, "").toLowerCase();
  // « id »: mostly the objects the endpoint's path names (a piece under /pieces/, a notification under /notifications/).
  if (!prefixe)
    return r.idsContexte.length
      ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...r.idsContexte) }, { weight: 1, arbitrary: fc.constantFrom(...r.ids) })
      : fc.constantFrom(...r.ids);
  const ids = [...r.idsPar].filter(([table]) => table.toLowerCase().startsWith(prefixe)).flatMap(([, v]) => v);
  return fc.constantFrom(...(ids.length ? ids : r.ids));
}

const texteCourt = fc.oneof(
  fc.constantFrom("Motif de refus détaillé", "Département Travaux", "Paris", "Dupont", "Alice"),
  fc.string({ minLength: 1, maxLength: 40 }),
);

function ligneTva(): fc.Arbitrary<unknown> {
  return fc.record({
    taux: fc.oneof(fc.constantFrom("20", "10", "5,5", "0"), chaineHostile),
    baseHt: fc.oneof(fc.constantFrom("10 000,00", "0,01"), chaineHostile),
    montantTva: fc.oneof(fc.constantFrom("2 000,00", "0,00"), chaineHostile),
  });
}

/** An invoice step (`facture`: its shape cannot be probed, the action parses it inside the domain call): a valid one, one field changed, or any. */
function facture(): fc.Arbitrary<unknown> {
  const valide = fc.stringMatching(/^[A-Z0-9]{4,10}$/).map((n) => saisieFacture({ numero: `FAC-${n}` }) as Record<string, unknown>);
  const champ = (valide: fc.Arbitrary<unknown>) => fc.oneof({ weight: 4, arbitrary: valide }, { weight: 1, arbitrary: valeurHostile });
  return fc.oneof(
    { weight: 3, arbitrary: valide },
    {
      weight: 3,
      arbitrary: fc
        .tuple(valide, fc.constantFrom(...Object.keys(saisieFacture())), fc.oneof(valeurHostile, fc.constantFrom("0", "-1", "", "99 999 999 999,99")))
        .map(([f, k, v]) => objet([...Object.entries(f).filter(([cle]) => cle !== k), [k, v]])),
    },
    {
      weight: 1,
      arbitrary: fc.record(
        {
          numero: champ(fc.stringMatching(/^FAC-[A-Z0-9]{1,12}$/)),
          dateFacture: champ(fc.constantFrom("2026-01-15", "2025-12-31", "1900-01-01", "2999-12-31")),
          devise: champ(fc.constantFrom("EUR", "USD", "XPF")),
          typeTva: champ(fc.constantFrom("TVA_SUR_DEBIT", "TVA_SUR_ENCAISSEMENT", "EXONERATION", "AUTOLIQUIDATION")),
          montantHt: champ(fc.constantFrom("10 000,00", "0", "-1")),
          montantTva: champ(fc.constantFrom("2 000,00", "0")),
          montantTtc: champ(fc.constantFrom("12 000,00", "0")),
          lignesTva: champ(fc.array(ligneTva(), { maxLength: 3 })),
        },
        { requiredKeys: [] },
      ),
    },
  );
}

/** The database enum a key names: cadre → CadreFacturation, role → StructureRole, nature → NaturePieceJointe. */
export function enumPour(cle: string, r: Reserves): string[] {
  const c = cle.toLowerCase();
  // Ids, identifiers, addresses and links are not enum values, whatever enum name they resemble (IdentifierType, TokenPurpose).
  if (c.length < 4 || /(^id$|id$|ids$|siret|siren|^identifi(er|ant)$|token|jeton|email)/.test(c)) return [];
  return [...r.enumsPar].filter(([nom]) => nom.toLowerCase().includes(c) || c.includes(nom.toLowerCase())).flatMap(([, v]) => v);
}

/** Keys of free text, identifiers, addresses, amounts…: any string of the right form goes, they are no choice among values. */
export function estLibre(cle: string): boolean {
  return /(^id$|id$|ids$|siret|siren|identifi(er|ant)$|token|jeton|email|password|confirmation|actuel|motif$|commentaire|texte|libelle|nom$|prenom|raison|name$|^q$|ville|adresse|message|phone|telephone|date|montant|baseht|ttc|tva|retour|url|answer|numero|country|postal|^code$)/i.test(
    cle,
  );
}

/** A plausible value for a key: what the probe learnt of it (its options, its type), else what its name says. */
function valeurPlausible(cle: string, noeud: Noeud | undefined, r: Reserves): fc.Arbitrary<unknown> {
  if (noeud?.options?.length) return fc.constantFrom(...noeud.options);
  switch (noeud?.type) {
    case "boolean":
      return fc.boolean();
    case "true":
      return fc.constant(true);
    case "number":
      return fc.oneof(fc.integer({ min: -2, max: 60 }), fc.constantFrom(1, 2, 5));
    case "uuid":
      return fc.oneof({ weight: 5, arbitrary: idsPour(cle, r) }, { weight: 1, arbitrary: fc.uuid() });
    case "array":
      return fc.array(valeurPlausible(cle, undefined, r), { maxLength: 3 });
  }
  const c = cle.toLowerCase();
  const valeursEnum = enumPour(cle, r);
  if (valeursEnum.length) return fc.constantFrom(...valeursEnum);
  if (cle === "id" || /Ids?$/.test(cle)) return fc.oneof({ weight: 5, arbitrary: idsPour(cle, r) }, { weight: 1, arbitrary: fc.uuid() });
  if (/siret|siren|identifier|identifiant/.test(c)) return fc.oneof(fc.constantFrom(...r.sirets), fc.stringMatching(/^\d{9,14}$/));
  if (/email|courriel|adresseelec/.test(c))
    return fc.oneof(fc.constantFrom(...r.emails), fc.constantFrom("nouveau@exemple.fr", "A@B", "x@exemple.fr "), fc.emailAddress());
  if (/password|confirmation|motdepasse/.test(c)) return fc.constantFrom(DEMO_PASSWORD, "Nouveau-Mot-De-Passe-2026!", "court", "x".repeat(129));
  if (/token|jeton/.test(c)) return fc.oneof(fc.base64String({ minLength: 40, maxLength: 48 }), fc.stringMatching(/^[A-Za-z0-9_-]{43}$/));
  if (/country|pays/.test(c)) return fc.constantFrom("FR", "DE", "BE", "NC", "PF", "XX", "fr");
  if (/codepostal/.test(c)) return fc.constantFrom("75002", "98800", "2A004", "1234", "750021");
  if (/phone|telephone/.test(c)) return fc.constantFrom("+33 6 12 34 56 78", "01 23 45 67 89", "0612345678", "+687 12 34 56");
  if (c === "note") return fc.oneof(fc.integer({ min: -1, max: 6 }), fc.constantFrom("3", "5"));
  if (/^(page|pagesize|taillepage|limite|annee)$/.test(c)) return fc.oneof(fc.integer({ min: -5, max: 2000 }), fc.integer({ min: -5, max: 60 }).map(String));
  if (/^(active|accept|is[a-z]|.*open|publicbuyer|affichage|redirect|json)/.test(c)) return fc.oneof(fc.boolean(), fc.constantFrom("true", "on", "1"));
  if (/date|le$/.test(c))
    return fc.oneof(
      fc.constantFrom("2026-01-15", "2026-13-45", "15/01/2026"),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    );
  if (/montant|baseht|^ht$|ttc/.test(c)) return fc.oneof(fc.constantFrom("10 000,00", "-1", "1e9", "0,001"), fc.double().map(String));
  if (c === "facture") return facture();
  if (c === "lignestva") return fc.array(ligneTva(), { maxLength: 3 });
  if (/retour|callbackurl|url|lien/.test(c))
    return fc.constantFrom("/mon-compte", "/factures-travaux", "//evil.example", "/\\evil.example", "https://evil.example/x", "/%2F%2Fevil.example");
  if (c === "answer" || c === "reponse") return fc.oneof(fc.constantFrom("TEST42", "test42"), fc.string({ maxLength: 12 }));
  if (/motif|commentaire|texte|libelle|nom|prenom|raison|firstname|lastname|^q$|ville|adresse|message/.test(c)) return texteCourt;
  if (c === "code" || c.endsWith("code")) return fc.oneof(fc.constantFrom(...r.enums), fc.stringMatching(/^[A-Z0-9][A-Z0-9_.-]{0,12}$/));
  return fc.oneof(fc.constantFrom(...r.enums), texteCourt, fc.boolean(), fc.integer({ min: -2, max: 100 }));
}

/** A key's value: plausible three times in four, hostile otherwise. */
function valeurPour(cle: string, noeud: Noeud | undefined, r: Reserves): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: valeurPlausible(cle, noeud, r) }, { weight: 1, arbitrary: valeurHostile });
}

/**
 * The keys of an endpoint's input, as a tree (« structure.identifier » is the key identifier of the object
 * structure), with what the probe learnt of each: its options (an enum), its type (boolean, number, uuid…).
 */
export type Noeud = { enfants: Forme; options?: string[]; type?: string };
export type Forme = Map<string, Noeud>;

/** The parts of a field error's path that name keys (array indexes and the root « _ » left out). */
export function cles(chemin: string): string[] {
  return chemin.split(".").filter((k) => k && k !== "_" && !/^\d+$/.test(k));
}

export function formeDe(chemins: Iterable<string>): Forme {
  const racine: Forme = new Map();
  for (const chemin of chemins) {
    let f = racine;
    for (const cle of cles(chemin)) {
      if (!f.has(cle)) f.set(cle, { enfants: new Map() });
      f = (f.get(cle) as Noeud).enfants;
    }
  }
  return racine;
}

export function noeud(forme: Forme, chemin: string): Noeud | undefined {
  let n: Noeud | undefined;
  let f = forme;
  for (const cle of cles(chemin)) {
    n = f.get(cle);
    if (!n) return undefined;
    f = n.enfants;
  }
  return n;
}

/** What zod's own messages say of a key given a wrong value: its options, or its type. */
export function apprendre(n: Noeud, message: string): void {
  const options = message.match(/expected one of (.+)$/)?.[1];
  if (options) {
    n.options = [...options.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
    return;
  }
  const type = message.match(/expected (boolean|number|array|true|false|bigint|date)\b/)?.[1];
  if (type) n.type = type;
  else if (/Invalid UUID/i.test(message)) n.type = "uuid";
}

/** Keys that any endpoint may receive although it does not ask for them. */
const CLES_EN_PLUS = ["id", "page", "structureId", "membershipId", "userId", "email", "role", "administrateur", "retour", ...CLES_PROTOTYPE];

const ABSENT = Symbol("absent");

/** Own properties even for « __proto__ »: what JSON.parse or a decoded request body gives. */
function objet(entrees: [string, unknown][]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entrees) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

/** An object with the endpoint's keys (each one present nine times in ten), plus now and then a key it does not expect. */
function objetForme(forme: Forme, r: Reserves): fc.Arbitrary<Record<string, unknown>> {
  const liste = [...forme.keys()];
  const valeurs = liste.map((cle) => {
    const n = forme.get(cle) as Noeud;
    const v = n.enfants.size
      ? fc.oneof({ weight: 5, arbitrary: objetForme(n.enfants, r) }, { weight: 1, arbitrary: valeurPour(cle, n, r) })
      : valeurPour(cle, n, r);
    return fc.option(v, { nil: ABSENT as unknown, freq: 10 });
  });
  const enPlus = fc.array(fc.tuple(fc.constantFrom(...CLES_EN_PLUS), fc.oneof(valeurHostile, fc.constant(true))), { maxLength: 2 });
  // A confirmation field repeats its password one time in two, as a user types it.
  const iMotDePasse = liste.findIndex((k) => /password|motdepasse/i.test(k));
  const iConfirmation = liste.findIndex((k) => /confirm/i.test(k));
  return fc
    .tuple(fc.tuple(...valeurs), fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: enPlus }), fc.boolean())
    .map(([vs, plus, confirmer]) => {
      if (confirmer && iMotDePasse >= 0 && iConfirmation >= 0) vs[iConfirmation] = vs[iMotDePasse];
      return objet([...liste.flatMap((cle, i) => (vs[i] === ABSENT ? [] : [[cle, vs[i]] as [string, unknown]])), ...plus]);
    });
}

function enTexte(v: unknown): string {
  try {
    return typeof v === "object" && v !== null && !(v instanceof Date) ? JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? String(x) : x)) : String(v);
  } catch {
    return "[objet]";
  }
}

/** A FormData of an object: its values as a browser would send them (text, or a file), some keys twice. */
function formData(o: Record<string, unknown>, doubler: boolean): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(o)) {
    for (const x of Array.isArray(v) ? v : [v]) {
      if (x instanceof Blob) f.append(k, x);
      else f.append(k, enTexte(x));
    }
    if (doubler) f.append(k, "doublon");
  }
  return f;
}

/** The input of a server action: mostly objects of its shape; FormData first for a plain form. */
export function entreeAction(genre: "action" | "formulaire", forme: Forme, r: Reserves, racine: string[] = []): fc.Arbitrary<unknown> {
  const formeFormulaire: Forme = new Map([...forme, ...["id", "page"].map((k) => [k, { enfants: new Map() }] as [string, Noeud])]);
  const fd = fc.tuple(objetForme(genre === "formulaire" ? formeFormulaire : forme, r), fc.boolean()).map(([o, d]) => formData(o, d));
  return fc.oneof(
    { weight: genre === "formulaire" ? 1 : 7, arbitrary: objetForme(forme, r) },
    { weight: 2, arbitrary: valeurHostile },
    { weight: 1, arbitrary: nImporteQuoi },
    { weight: genre === "formulaire" ? 7 : 1, arbitrary: fd },
    // An input that is not an object: the values the probe found it takes, or any enum value.
    { weight: racine.length ? 6 : 1, arbitrary: fc.constantFrom(...(racine.length ? racine : r.enums)) },
  );
}

/** A request to a route handler, described (built into a Request by the engine). */
export type RequeteFuzz = {
  /** The dynamic segments' values (a catch-all's is an array). */
  params: Record<string, string | string[]>;
  query: [string, string][];
  entetes: [string, string][];
  corps?: Uint8Array;
  /** next-auth: the CSRF pair obtained from /api/auth/csrf, and the role's session cookie. */
  avecCsrf: boolean;
  avecSession: boolean;
  formulaire?: [string, string][];
};

/** encodeURIComponent, which refuses lone surrogates (no client could send them): they become U+FFFD. */
export function encoder(s: string): string {
  return encodeURIComponent(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD"));
}

/** A header value a client can send (HTTP allows no NUL, CR or LF, and bytes only). */
const valeurEntete = fc
  .oneof(
    chaineHostile.map((s) => encoder(s.slice(0, 2000)).slice(0, 4000)),
    fc.constantFrom("%E0%A4%A", "%", "%00", "..%2F..%2Fetc%2Fpasswd", "facture.pdf", "%E2%80%AEfdp.exe", "a".repeat(8000)),
    chaineHostile.map((s) => s.replace(/[^\x20-\x7e]/g, "")),
  )
  .map((s) => s.replace(/[\0\r\n]/g, ""));

const corpsPdf = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF",
);

export function requeteRoute(segments: string[], methode: string, r: Reserves, nextAuth: boolean): fc.Arbitrary<RequeteFuzz> {
  const dynamiques = segments.filter((s) => s.startsWith("["));
  const params = fc.tuple(
    ...dynamiques.map((s) => {
      const nom = s.replace(/[[\].]/g, "");
      if (s.startsWith("[...") || s.startsWith("[[...")) {
        const morceau = fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom("session", "csrf", "providers", "signin", "signout", "callback", "credentials", "error", "verify-request") },
          { weight: 1, arbitrary: chaineHostile },
        );
        return fc.array(morceau, { minLength: nextAuth ? 1 : 0, maxLength: 3 }).map((v) => [nom, v] as [string, string[]]);
      }
      return fc
        .oneof({ weight: 3, arbitrary: idsPour(nom, r) }, { weight: 1, arbitrary: fc.uuid() }, { weight: 2, arbitrary: chaineHostile })
        .map((v) => [nom, v] as [string, string]);
    }),
  );
  const cleQuery = fc.oneof(fc.constantFrom("affichage", "nature", "callbackUrl", "error", "id", ...CLES_PROTOTYPE), fc.string({ maxLength: 8 }));
  const valeurQuery = fc.oneof(fc.constantFrom("1", "FACTURE", "COMPLEMENTAIRE", "ATTESTATION_PAIEMENT_DIRECT", "//evil.example", ""), chaineHostile);
  const entetes = fc.array(
    fc.tuple(fc.constantFrom("x-nom-fichier", "content-type", "content-length", "x-forwarded-for", "cookie", "origin", "x-auth-return-redirect"), valeurEntete),
    { maxLength: 3 },
  );
  const corps =
    methode === "GET" || methode === "HEAD"
      ? fc.constant(undefined)
      : fc.oneof(
          fc.constant(undefined),
          fc.constant(new Uint8Array()),
          fc.constant(corpsPdf),
          fc.uint8Array({ maxLength: 2000 }),
          chaineHostile.map((s) => new TextEncoder().encode(s)),
        );
  const champsFormulaire = fc.array(
    fc.tuple(
      fc.constantFrom("email", "password", "callbackUrl", "redirect", "json", "csrfToken", ...CLES_PROTOTYPE),
      fc.oneof(fc.constantFrom(...r.emails, DEMO_PASSWORD, "/mon-compte", "//evil.example", "true"), chaineHostile),
    ),
    { maxLength: 5 },
  );
  return fc.record({
    params: params.map((ps) => Object.fromEntries(ps)),
    query: fc.array(fc.tuple(cleQuery, valeurQuery), { maxLength: 3 }),
    entetes,
    corps,
    avecCsrf: fc.boolean(),
    avecSession: fc.boolean(),
    formulaire: nextAuth && methode === "POST" ? fc.option(champsFormulaire, { nil: undefined, freq: 4 }) : fc.constant(undefined),
  });
}
