import { createHash } from "node:crypto";
import pg from "pg";
import { env } from "@/lib/env";
import { estCle, ObjetIntrouvable, sha256DeCle, type Stockage, stockage as stockageConfigure } from "./stockage";

/**
 * `npm run files:check`: every row that names a stored file (attachments, deposit certificates) against the store —
 * the object exists, has the row's size, and its content has the row's SHA-256 (read whole and hashed; `empreintes:
 * false` only asks the store for the size). Each distinct key is read once.
 */

export type ProblemeFichier = {
  table: "PieceJointeTravaux" | "DepotPieceTravaux";
  id: string;
  cle: string;
  probleme: "manquant" | "taille" | "empreinte";
  detail: string;
};

export type BilanControle = {
  /** Rows checked. */
  controles: number;
  /** Distinct objects read (or asked for their size). */
  objets: number;
  /** Rows whose content is still in the database (before `npm run files:migrate`): not an error. */
  enBase: number;
  problemes: ProblemeFichier[];
  /** The problems, one French line each. */
  anomalies: string[];
};

type Ligne = { table: ProblemeFichier["table"]; id: string; cle: string; sha256: string; taille: number };
type Constat = { existe: false } | { existe: true; taille: number; sha256?: string };

const LOT = 1000;

async function constater(s: Stockage, cle: string, empreintes: boolean): Promise<Constat> {
  if (!estCle(cle)) return { existe: false };
  if (!empreintes) {
    const info = await s.info(cle);
    return info ? { existe: true, taille: info.taille } : { existe: false };
  }
  try {
    const hash = createHash("sha256");
    let taille = 0;
    for await (const m of await s.lire(cle)) {
      hash.update(m as Buffer);
      taille += (m as Buffer).length;
    }
    return { existe: true, taille, sha256: hash.digest("hex") };
  } catch (error) {
    if (error instanceof ObjetIntrouvable) return { existe: false };
    throw error;
  }
}

function probleme(l: Ligne, c: Constat): ProblemeFichier | null {
  const base = { table: l.table, id: l.id, cle: l.cle };
  if (!c.existe) return { ...base, probleme: "manquant", detail: "objet absent du stockage" };
  if (c.taille !== l.taille) return { ...base, probleme: "taille", detail: `${c.taille} octets stockés, ${l.taille} attendus` };
  if (c.sha256 && c.sha256 !== l.sha256) return { ...base, probleme: "empreinte", detail: `SHA-256 ${c.sha256} stocké, ${l.sha256} attendu` };
  return null;
}

const libelle = (p: ProblemeFichier) =>
  `${p.table === "PieceJointeTravaux" ? "pièce jointe" : "certificat du dépôt"} ${p.id} (${p.cle}) : ${
    p.probleme === "manquant" ? "objet manquant" : p.probleme === "taille" ? "taille différente" : "empreinte différente"
  } — ${p.detail}`;

export async function controlerFichiers(
  options: { databaseUrl?: string; stockage?: Stockage; empreintes?: boolean; parallele?: number } = {},
): Promise<BilanControle> {
  const s = options.stockage ?? stockageConfigure();
  const empreintes = options.empreintes ?? true;
  const client = new pg.Client({ connectionString: options.databaseUrl ?? env().DATABASE_URL, application_name: "portail-controle-fichiers" });
  await client.connect();
  const bilan: BilanControle = { controles: 0, objets: 0, enBase: 0, problemes: [], anomalies: [] };
  // Distinct keys already read, with what was found (many rows share a content).
  const vus = new Map<string, Constat>();
  const verifierLot = async (lignes: Ligne[]) => {
    const aLire = [...new Set(lignes.map((l) => l.cle).filter((c) => !vus.has(c)))];
    let suivant = 0;
    await Promise.all(
      Array.from({ length: Math.min(options.parallele ?? 8, aLire.length) }, async () => {
        while (suivant < aLire.length) {
          const cle = aLire[suivant++];
          vus.set(cle, await constater(s, cle, empreintes));
          bilan.objets++;
        }
      }),
    );
    for (const l of lignes) {
      bilan.controles++;
      const p = probleme(l, vus.get(l.cle)!);
      if (p) bilan.problemes.push(p);
    }
    if (vus.size > 100_000) vus.clear();
  };
  try {
    const requetes: [ProblemeFichier["table"], string][] = [
      ["PieceJointeTravaux", `SELECT id::text, cle, sha256, taille FROM "PieceJointeTravaux" WHERE cle IS NOT NULL AND id > $1 ORDER BY id LIMIT ${LOT}`],
      [
        "DepotPieceTravaux",
        `SELECT id::text, "certificatCle" AS cle, "certificatTaille" AS taille FROM "DepotPieceTravaux"
         WHERE "certificatCle" IS NOT NULL AND id > $1 ORDER BY id LIMIT ${LOT}`,
      ],
    ];
    for (const [table, sql] of requetes) {
      let dernier = "00000000-0000-0000-0000-000000000000";
      for (;;) {
        const { rows } = await client.query<{ id: string; cle: string; sha256?: string; taille: number }>(sql, [dernier]);
        if (rows.length === 0) break;
        // A certificate's hash is its key's.
        await verifierLot(rows.map((r) => ({ table, id: r.id, cle: r.cle, taille: r.taille, sha256: r.sha256 ?? (estCle(r.cle) ? sha256DeCle(r.cle) : "") })));
        dernier = rows[rows.length - 1].id;
      }
    }
    bilan.enBase = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "PieceJointeTravaux" WHERE cle IS NULL`).then((r) => r.rows[0].n);
  } finally {
    await client.end();
  }
  bilan.anomalies = bilan.problemes.map(libelle);
  return bilan;
}
