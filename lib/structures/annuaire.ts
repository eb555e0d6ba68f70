import { db } from "@/lib/db";
import { aUnCritere, requeteNormalisation, requetesAnnuaire, type LigneAnnuaire, type Normalisation } from "./annuaire-sql";
import { rechercheStructuresSchema, type RechercheStructuresInput } from "./recherche-schema";
import type { IdentifierType } from "@/lib/generated/prisma/client";

export type StructureAnnuaire = {
  id: string;
  identifierType: IdentifierType;
  identifier: string;
  raisonSociale: string;
  libelle: string | null;
  /** null when the structure is in diffusion partielle (INSEE confidentiality): its address is masked. */
  ville: string | null;
  codePostal: string | null;
  isPublicBuyer: boolean;
  worksSpaceOpen: boolean;
  /** INSEE confidentiality: the address is masked (ville and codePostal are null). */
  diffusionPartielle: boolean;
  /** Its active services, by code (a deposit to a structure that has services must name one). */
  services: { id: string; code: string; libelle: string }[];
};

export type ResultatAnnuaire = { total: number; page: number; pageSize: number; results: StructureAnnuaire[] };

/**
 * « Recherche avancée » in the directory of structures: by raison sociale (accent- and case-insensitive, words
 * typed in part: each must begin a word of the name), SIRET (or its first digits), ville, code postal; paginated,
 * by relevance (see annuaire-sql.ts). Only active structures; a confidential one is found by its name or SIRET,
 * never by its address, which stays masked. The directory is open to every signed-in user (the deposit wizard's
 * MOE/MOA pickers use it): no actor needed. Without any criterion, nothing is returned.
 * Throws the ZodError of an invalid input (French messages, by field).
 */
export async function rechercherStructures(input: RechercheStructuresInput): Promise<ResultatAnnuaire> {
  const r = rechercheStructuresSchema.parse(input);
  const empty = { total: 0, page: r.page, pageSize: r.pageSize, results: [] };
  if (!aUnCritere(r)) return empty;

  let n: Normalisation = { q: null, ville: null };
  if (r.q || r.ville) {
    const sql = requeteNormalisation(r.q, r.ville);
    n = (await db.$queryRawUnsafe<Normalisation[]>(sql.text, ...sql.values))[0];
    // Typed text with no letter or digit left (only punctuation): nothing to look for.
    if ((r.q && !n.q) || (r.ville && !n.ville)) return empty;
  }
  const { page, total: count } = requetesAnnuaire(r, n);
  const rows = await db.$queryRawUnsafe<LigneAnnuaire[]>(page.text, ...page.values);
  let total = rows.length ? Number(rows[0].total) : 0;
  if (!rows.length && r.page > 1) total = Number((await db.$queryRawUnsafe<{ total: bigint }[]>(count.text, ...count.values))[0].total);

  const services = rows.length
    ? await db.service.findMany({
        where: { structureId: { in: rows.map((row) => row.id) }, active: true },
        select: { id: true, code: true, libelle: true, structureId: true },
        orderBy: { code: "asc" },
      })
    : [];
  return {
    total,
    page: r.page,
    pageSize: r.pageSize,
    results: rows.map(({ total: _total, ...row }) => ({
      ...row,
      identifierType: row.identifierType as IdentifierType,
      services: services.filter((s) => s.structureId === row.id).map(({ structureId: _s, ...s }) => s),
    })),
  };
}
