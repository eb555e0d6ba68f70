import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { DetailPiece } from "@/lib/invoices/consultation";
import { STATUTS } from "@/lib/invoices/statuts";

extendZodWithOpenApi(z);

/**
 * What the API answers, as zod schemas: the OpenAPI document describes them (lib/api/openapi.ts), and the tests
 * check every answer against them. Amounts leave as decimal strings in euros (« 12000.00 »), never as floating-point
 * numbers; they come in the same way (« 12000.00 » or « 12 000,00 »).
 */

export const montantApi = z.string().openapi({ description: "Montant en euros, deux décimales, point décimal", example: "12000.00" });

/** Integer cents → « 12000.00 » (BigInt-safe, no floating point). */
export function versMontantApi(centimes: bigint | number | null | undefined): string | null {
  if (centimes === null || centimes === undefined) return null;
  const v = BigInt(centimes);
  const abs = v < 0n ? -v : v;
  return `${v < 0n ? "-" : ""}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}

export const erreurApi = z
  .object({
    code: z.string().openapi({ description: "Code stable de l'erreur (les mêmes que ceux du portail)", example: "SAISIE_INVALIDE" }),
    message: z.string().openapi({ description: "Message en français", example: "Certains champs sont invalides : corrigez les erreurs signalées." }),
    champs: z.record(z.string(), z.string()).optional().openapi({ description: "Erreur de chaque champ, par chemin (« facture.montantHt »)" }),
  })
  .openapi("Erreur");

const partieApi = z
  .object({ id: z.string().uuid(), raisonSociale: z.string(), identifiant: z.string() })
  .openapi("Partie", { description: "Une structure partie à la pièce" });

export const pieceResumeApi = z
  .object({
    id: z.string().uuid(),
    statut: z.string(),
    libelleStatut: z.string(),
    cadre: z.string(),
    numero: z.string().nullable(),
    dateFacture: z.string().nullable().openapi({ example: "2026-01-15" }),
    devise: z.string(),
    montantTtc: montantApi.nullable(),
    deposeeLe: z.string().nullable().openapi({ description: "Instant du dépôt (ISO 8601)" }),
    modifieeLe: z.string(),
    deposant: z.string(),
    moe: z.string().nullable(),
    moa: z.string().nullable(),
  })
  .openapi("PieceResume");

export const pageApi = z
  .object({
    total: z.number().int().openapi({ description: "Nombre de pièces répondant aux filtres" }),
    pieces: z.array(pieceResumeApi),
    curseurSuivant: z.string().nullable().openapi({ description: "À passer en `curseur` pour la page suivante ; nul à la dernière" }),
  })
  .openapi("PagePieces");

export const pieceApi = z
  .object({
    id: z.string().uuid(),
    statut: z.string(),
    libelleStatut: z.string(),
    cadre: z.string(),
    typePiece: z.string(),
    numero: z.string().nullable(),
    dateFacture: z.string().nullable(),
    devise: z.string(),
    montantHt: montantApi.nullable(),
    montantTva: montantApi.nullable(),
    montantTtc: montantApi.nullable(),
    netAPayer: montantApi.nullable(),
    numeroMarche: z.string().nullable(),
    numeroEngagement: z.string().nullable(),
    deposant: partieApi,
    moe: partieApi.nullable(),
    moa: partieApi.nullable(),
    titulaire: partieApi.nullable(),
    serviceMoa: z.object({ code: z.string(), libelle: z.string() }).nullable(),
    dossier: z.object({ id: z.string().uuid(), numero: z.string() }).nullable(),
    numeroDepot: z.string().nullable(),
    pieceSuivanteDe: z.string().uuid().nullable().openapi({ description: "La pièce que celle-ci suit dans le dossier" }),
    roles: z.array(z.string()).openapi({ description: "Ce qu'est la structure appelante sur cette pièce (DEPOSANT, MOE, MOA…)" }),
    fichiers: z.array(
      z.object({ id: z.string().uuid(), nature: z.string(), nom: z.string(), typeMime: z.string(), taille: z.number().int(), sha256: z.string() }),
    ),
    historique: z.array(
      z.object({
        le: z.string(),
        action: z.string(),
        statutAvant: z.string().nullable(),
        statutApres: z.string(),
        acteur: z.string().nullable(),
        structure: z.string().nullable(),
        motif: z.string().nullable(),
        commentaire: z.string().nullable(),
      }),
    ),
  })
  .openapi("Piece");

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const jour = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : null);
const partie = (s: { id: string; raisonSociale: string; identifier: string } | null) =>
  s ? { id: s.id, raisonSociale: s.raisonSociale, identifiant: s.identifier } : null;

export function versPieceApi(p: DetailPiece): z.infer<typeof pieceApi> {
  return {
    id: p.id,
    statut: p.statut,
    libelleStatut: STATUTS[p.statut].libelle,
    cadre: p.cadre,
    typePiece: p.typePiece,
    numero: p.numero,
    dateFacture: jour(p.dateFacture),
    devise: p.devise,
    montantHt: versMontantApi(p.montantHt),
    montantTva: versMontantApi(p.montantTva),
    montantTtc: versMontantApi(p.montantTtc),
    netAPayer: versMontantApi(p.netAPayer),
    numeroMarche: p.numeroMarche,
    numeroEngagement: p.numeroEngagement,
    deposant: partie(p.structureDeposante)!,
    moe: partie(p.moe),
    moa: partie(p.moa),
    titulaire: partie(p.titulaire),
    serviceMoa: p.serviceMoa ? { code: p.serviceMoa.code, libelle: p.serviceMoa.libelle } : null,
    dossier: p.dossier && p.numeroDossier ? { id: p.dossier.id, numero: p.numeroDossier } : null,
    numeroDepot: p.numeroDepot,
    pieceSuivanteDe: p.piecePrecedente?.id ?? null,
    roles: p.roles,
    fichiers: p.piecesJointes.map((f) => ({ id: f.id, nature: f.nature, nom: f.nom, typeMime: f.typeMime, taille: f.taille, sha256: f.sha256 })),
    historique: p.historique.map((h) => ({
      le: h.createdAt.toISOString(),
      action: h.action,
      statutAvant: h.statutAvant,
      statutApres: h.statutApres,
      acteur: h.acteurNom,
      structure: h.acteurStructure,
      motif: h.motif,
      commentaire: h.commentaire,
    })),
  };
}

export { iso, jour };
