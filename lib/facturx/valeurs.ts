import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { Anomalie, Profil } from "./types";

/**
 * The XML as plain objects, namespace prefixes removed (`ram:`, `cbc:`…), every value kept as text, attributes under
 * `@nom`. Walked with `tous`/`un`/`texte`: an element may appear once or many times.
 */
export type Noeud = Record<string, unknown>;

const analyseur = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  // No DOCTYPE entities: an invoice has none, and an entity expansion is a way to make a file blow up in memory.
  allowBooleanAttributes: false,
});

/** Why the text is not well-formed XML, or null. */
export function erreurXml(texte: string): string | null {
  const r = XMLValidator.validate(texte);
  return r === true ? null : `le XML n'est pas bien formé (ligne ${r.err.line} : ${r.err.msg})`;
}

export function analyserXml(texte: string): Noeud {
  return analyseur.parse(texte) as Noeud;
}

/** Text of XML bytes: UTF-8 (a BOM removed), else UTF-16 when the BOM says so. */
export function decoderXml(octets: Uint8Array): string {
  if (octets[0] === 0xff && octets[1] === 0xfe) return new TextDecoder("utf-16le").decode(octets.subarray(2));
  if (octets[0] === 0xfe && octets[1] === 0xff) return new TextDecoder("utf-16be").decode(octets.subarray(2));
  return new TextDecoder("utf-8").decode(octets).replace(/^\uFEFF/, "");
}

/** Every node at the end of the path, arrays flattened. */
export function tous(n: unknown, ...chemin: string[]): unknown[] {
  let courant: unknown[] = n === undefined || n === null ? [] : [n];
  for (const nom of chemin) {
    const suivant: unknown[] = [];
    for (const c of courant) {
      if (!c || typeof c !== "object") continue;
      const v = (c as Noeud)[nom];
      if (v === undefined || v === null) continue;
      if (Array.isArray(v)) suivant.push(...v);
      else suivant.push(v);
    }
    courant = suivant;
  }
  return courant;
}

export function un(n: unknown, ...chemin: string[]): unknown {
  return tous(n, ...chemin)[0];
}

/** The text of a node (an element with attributes keeps it under `#text`), trimmed; undefined when empty. */
export function texte(n: unknown, ...chemin: string[]): string | undefined {
  const v = chemin.length ? un(n, ...chemin) : n;
  const t = typeof v === "string" ? v : v && typeof v === "object" ? (v as Noeud)["#text"] : undefined;
  if (typeof t !== "string" && typeof t !== "number") return undefined;
  const s = String(t).trim();
  return s === "" ? undefined : s;
}

export function attribut(n: unknown, nom: string): string | undefined {
  if (!n || typeof n !== "object") return undefined;
  const v = (n as Noeud)[`@${nom}`];
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

/**
 * Reading a document: what could not be read goes to `anomalies` (a value that is not a decimal, a date that is not one),
 * with the business term it is.
 */
export class Lecteur {
  readonly anomalies: Anomalie[] = [];

  /** « 1234.5 » → 123450 cents; more than two decimals are rounded half away from zero (the totals have two: BR-DEC). */
  centimes(valeur: string | undefined, terme: string): number | undefined {
    if (valeur === undefined) return undefined;
    const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(valeur.replace(/\s/g, ""));
    if (!m || (m[2] === "" && (m[3] ?? "") === "")) {
      this.anomalies.push({ regle: terme, message: `${terme} : le montant « ${valeur} » n'est pas un nombre décimal.` });
      return undefined;
    }
    const decimales = m[3] ?? "";
    let c = BigInt(m[2] || "0") * 100n + BigInt(decimales.slice(0, 2).padEnd(2, "0"));
    if (decimales.length > 2 && Number(decimales[2]) >= 5) c += 1n;
    const v = Number(c);
    return m[1] === "-" ? -v : v;
  }

  /** « 5.5 » → 550 (hundredths of a percent). */
  taux(valeur: string | undefined, terme: string): number | undefined {
    if (valeur === undefined) return undefined;
    const c = this.centimes(valeur, terme);
    return c;
  }

  /** CII « 20260331 » (format 102) or UBL « 2026-03-31 » → « 2026-03-31 ». */
  date(valeur: string | undefined, terme: string): string | undefined {
    if (valeur === undefined) return undefined;
    const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(valeur);
    const d = m ? new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`) : null;
    if (!m || !d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== `${m[1]}-${m[2]}-${m[3]}`) {
      this.anomalies.push({ regle: terme, message: `${terme} : la date « ${valeur} » n'est pas une date valide.` });
      return undefined;
    }
    return `${m[1]}-${m[2]}-${m[3]}`;
  }
}

/**
 * The profile a specification identifier (BT-24, CII's GuidelineSpecifiedDocumentContextParameter) names: Factur-X
 * 1.0 / ZUGFeRD 2 (and their national variants, XRechnung being an EN 16931 CIUS), ZUGFeRD 1's « comfort » too.
 */
export function profilDe(specification: string | undefined): Profil | undefined {
  if (!specification) return undefined;
  const s = specification.toLowerCase();
  if (s.includes("extended")) return "EXTENDED";
  if (s.includes("basicwl") || s.includes("basic-wl") || s.includes("basic_wl")) return "BASIC WL";
  if (s.includes("minimum")) return "MINIMUM";
  if (s.includes("basic")) return "BASIC";
  if (s.startsWith("urn:cen.eu:en16931:2017") || s.includes(":comfort") || s.includes("en16931")) return "EN 16931";
  return undefined;
}

/** BT-3 codes of a credit note (UNTDID 1001): the others are invoices (380, 384 rectificative, 389 autofacture, 386 acompte…). */
export const CODES_AVOIR = new Set(["381", "396", "81", "83", "532", "261", "262", "296", "308", "420", "458"]);

/**
 * The SIRET or SIREN among a party's identifiers: the scheme 0002 (SIRENE: 14 digits a SIRET, 9 a SIREN) or 0009
 * (SIRET-CODE).
 */
export function siretEtSiren(identifiants: { valeur: string; schema?: string }[]): { siret?: string; siren?: string } {
  let siret: string | undefined;
  let siren: string | undefined;
  for (const i of identifiants) {
    if (i.schema !== "0002" && i.schema !== "0009") continue;
    const chiffres = i.valeur.replace(/\s/g, "");
    if (/^\d{14}$/.test(chiffres)) siret ??= chiffres;
    else if (/^\d{9}$/.test(chiffres)) siren ??= chiffres;
  }
  return { ...(siret ? { siret } : {}), ...(siren ? { siren } : {}) };
}
