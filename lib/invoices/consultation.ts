import { journal } from "@/lib/journal-technique";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Acteur } from "@/lib/auth/acteur";
import type { CadreFacturation, NaturePieceJointe, Prisma } from "@/lib/generated/prisma/client";
import { genererCertificatDepot } from "@/lib/pdf/certificat";
import { annoncerFichier, retirerAnnonce } from "@/lib/files/annonces";
import { cleDe, lireTout, ObjetIntrouvable, stockage } from "@/lib/files/stockage";
import { rolesSur, SELECT_LIGNE_PIECE, serviceFinancierEnBase, limitationDe, structureDe, verifierId, visiblePar, type RolePiece } from "./acces";
import { cadresAutorises } from "./cadres";
import { numeroDepot, numeroDossier, type ContenuCertificat } from "./certificat";
import type { Filtres } from "./schemas";
import { clauseListe, ordreListe } from "./recherche";
import { SUIVANTE_MOA } from "./suivante";
import { masquerIban } from "@/lib/structures/comptes-bancaires";

export const TAILLE_PAGE = 20;

/**
 * « Synthèse » (the pieces of the actor's structure, drafts included) and the search (every piece the
 * structure sees, whatever its part on it), filtered and sorted as lib/invoices/recherche.ts says.
 */
export async function rechercherPieces(acteur: Acteur, filtres: Filtres, perimetre: "SYNTHESE" | "RECHERCHE") {
  const structureId = structureDe(acteur);
  const where = clauseListe(acteur, filtres, perimetre);
  const [total, pieces] = await Promise.all([
    db.pieceTravaux.count({ where }),
    db.pieceTravaux.findMany({
      where,
      orderBy: ordreListe(filtres),
      skip: (filtres.page - 1) * TAILLE_PAGE,
      take: TAILLE_PAGE,
      // With the size of its files (« Télécharger la sélection » adds them up against the 120 MB rule).
      select: { ...SELECT_LIGNE_PIECE, taillePiecesJointes: true, depot: { select: { certificatTaille: true } } },
    }),
  ]);
  return {
    total,
    page: filtres.page,
    taillePage: TAILLE_PAGE,
    pieces: pieces.map(({ taillePiecesJointes, depot, ...p }) => ({
      ...p,
      taille: taillePiecesJointes + (depot ? (depot.certificatTaille ?? 8 * 1024) : 0),
      roles: rolesSur(p, structureId),
    })),
  };
}

const detailPiece = {
  structureDeposante: { select: { id: true, raisonSociale: true, identifier: true } },
  serviceDeposant: { select: { id: true, code: true, libelle: true } },
  moe: { select: { id: true, raisonSociale: true, identifier: true } },
  titulaire: { select: { id: true, raisonSociale: true, identifier: true } },
  cotraitant: { select: { id: true, raisonSociale: true, identifier: true } },
  moa: { select: { id: true, raisonSociale: true, identifier: true } },
  serviceMoa: { select: { id: true, code: true, libelle: true } },
  creePar: { select: { firstName: true, lastName: true } },
  lignesTva: { orderBy: { rang: "asc" } },
  lignesPoste: { orderBy: { rang: "asc" } },
  piecesJointes: {
    where: { retireeLe: null },
    select: { id: true, nature: true, nom: true, typeMime: true, taille: true, sha256: true, createdAt: true },
    orderBy: [{ nature: "asc" }, { createdAt: "asc" }],
  },
  historique: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
  depot: { select: { numero: true, deposeLe: true, empreinte: true } },
  dossier: { select: { id: true, numero: true } },
  // The account the piece is paid on: its IBAN leaves `consulterPiece` masked only.
  compteBancaire: { select: { libelle: true, titulaire: true, iban: true, bic: true } },
  // The piece this one follows: where it goes (`destinataireDe`), and the décompte général an A8 signs; its amounts,
  // which an A15–A20 revises (lib/invoices/decompte.ts `montantsRevises`).
  piecePrecedente: { select: { id: true, cadre: true, numero: true, devise: true, typePiece: true, montantHt: true, montantTtc: true, netAPayer: true } },
} satisfies Prisma.PieceTravauxInclude;

type LigneHistorique = Prisma.PieceTravauxGetPayload<{ include: typeof detailPiece }>["historique"][number];

/** A step of « Suivre le traitement »: the history row, with the name of the structure its author acted for. */
export type EtapeTraitement = LigneHistorique & { acteurStructure: string | null };

/** A file removed after the deposit: kept, so that the deposit certificate's fingerprint can be checked against it. */
export type FichierRetire = { id: string; nature: NaturePieceJointe; nom: string; taille: number; sha256: string; retireeLe: Date };

export type DetailPiece = Omit<Prisma.PieceTravauxGetPayload<{ include: typeof detailPiece }>, "historique"> & {
  historique: EtapeTraitement[];
  fichiersRetires: FichierRetire[];
  roles: RolePiece[];
  numeroDepot: string | null;
  numeroDossier: string | null;
};

/** A piece with everything its screens show, if the actor's structure sees it (else « introuvable »). */
export async function consulterPiece(acteur: Acteur, pieceId: string): Promise<DetailPiece> {
  const structureId = structureDe(acteur);
  const id = verifierId(pieceId);
  const p = await db.pieceTravaux.findFirst({ where: { id, ...visiblePar(structureId, acteur) }, include: detailPiece });
  if (!p) throw new AppError("INTROUVABLE");
  // The history keeps the id of the structure each author acted for: its name, in one query.
  const ids = [...new Set(p.historique.map((h) => h.acteurStructureId).filter((s): s is string => !!s))];
  const [structures, fichiersRetires, serviceFinancier] = await Promise.all([
    ids.length ? db.structure.findMany({ where: { id: { in: ids } }, select: { id: true, raisonSociale: true } }) : [],
    p.statut === "BROUILLON"
      ? []
      : db.pieceJointeTravaux.findMany({
          where: { pieceId: id, retireeLe: { not: null } },
          select: { id: true, nature: true, nom: true, taille: true, sha256: true, retireeLe: true },
          orderBy: { retireeLe: "asc" },
        }),
    // The paying service of the MOA (« PAYEUR »): the habilitation read from the membership, not from the session.
    p.moaId === structureId ? serviceFinancierEnBase(db, acteur, structureId) : false,
  ]);
  const nom = new Map(structures.map((s) => [s.id, s.raisonSociale]));
  return {
    ...p,
    historique: p.historique.map((h) => ({ ...h, acteurStructure: h.acteurStructureId ? (nom.get(h.acteurStructureId) ?? null) : null })),
    fichiersRetires: fichiersRetires.map((f) => ({ ...f, retireeLe: f.retireeLe! })),
    compteBancaire: p.compteBancaire && { ...p.compteBancaire, iban: masquerIban(p.compteBancaire.iban) },
    roles: rolesSur(p, structureId, { serviceFinancier }),
    numeroDepot: p.depot ? numeroDepot(p.depot.numero) : null,
    numeroDossier: p.dossier ? numeroDossier(p.dossier.numero) : null,
  };
}

/**
 * « Exporter le certificat de dépôt »: the same PDF at every download, from what was attested at sending. Drawn at its
 * first download (not at sending: the deposit stays as fast as it can be, and a certificate nobody downloads costs
 * nothing) and stored then under its content's key, recorded on the deposit; later downloads read it from the store.
 */
export async function certificatDepot(acteur: Acteur, pieceId: string): Promise<{ nom: string; contenu: Uint8Array }> {
  const structureId = structureDe(acteur);
  const id = verifierId(pieceId);
  const depot = await db.depotPieceTravaux.findFirst({
    where: { pieceId: id, piece: visiblePar(structureId, acteur) },
    select: { id: true, numero: true, certificat: true, empreinte: true, certificatCle: true },
  });
  if (!depot) throw new AppError("INTROUVABLE");
  const numero = numeroDepot(depot.numero);
  const nom = `certificat-depot-${numero}.pdf`;
  if (depot.certificatCle) {
    try {
      return { nom, contenu: await lireTout(stockage(), depot.certificatCle) };
    } catch (error) {
      if (!(error instanceof ObjetIntrouvable)) throw error;
      // Lost from the store (files:check says so too): drawn again, the same bytes, and stored again.
      journal.error({ cle: depot.certificatCle }, `fichiers : certificat du dépôt ${numero} absent du stockage, dessiné à nouveau`);
    }
  }
  const contenu = await genererCertificatDepot(depot.certificat as ContenuCertificat, numero, depot.empreinte);
  await stockerCertificat(depot.id, contenu, depot.certificatCle).catch((error: unknown) =>
    // The download does not fail for it: the next one stores it.
    journal.error({ err: error }, `fichiers : certificat du dépôt ${numero} non stocké`),
  );
  return { nom, contenu };
}

/** Stores a deposit's certificate (announced, written, then recorded on the deposit with the announcement deleted). */
async function stockerCertificat(depotId: string, contenu: Uint8Array, ancienneCle: string | null): Promise<void> {
  const sha256 = createHash("sha256").update(contenu).digest("hex");
  const cle = cleDe(sha256);
  const annonce = await annoncerFichier(cle);
  let enregistre = false;
  try {
    await stockage().ecrire(cle, { octets: contenu }, { taille: contenu.length, sha256 });
    await db.$executeRaw`
      WITH annonce AS (DELETE FROM "FichierEnAttente" WHERE id = ${annonce}::uuid)
      UPDATE "DepotPieceTravaux" SET "certificatCle" = ${cle}, "certificatTaille" = ${contenu.length}
      WHERE id = ${depotId}::uuid AND ("certificatCle" IS NULL OR "certificatCle" = ${ancienneCle})`;
    enregistre = true;
  } finally {
    if (!enregistre) await retirerAnnonce(annonce);
  }
}

/** The dossier de facturation: its pieces, for the structures that appear on at least one of them. */
export async function consulterDossier(acteur: Acteur, dossierId: string) {
  const structureId = structureDe(acteur);
  const id = verifierId(dossierId);
  const dossier = await db.dossierFacturation.findFirst({
    where: { id, pieces: { some: { statut: { not: "BROUILLON" }, ...visiblePar(structureId, acteur) } } },
    select: {
      id: true,
      numero: true,
      createdAt: true,
      pieces: {
        where: { statut: { not: "BROUILLON" } },
        orderBy: { deposeeLe: "asc" },
        select: {
          id: true,
          cadre: true,
          statut: true,
          numero: true,
          dateFacture: true,
          devise: true,
          montantTtc: true,
          deposeeLe: true,
          structureDeposanteId: true,
          moeId: true,
          moaId: true,
          titulaireId: true,
          cotraitantId: true,
          structureDeposante: { select: { raisonSociale: true } },
          moe: { select: { raisonSociale: true } },
          moa: { select: { raisonSociale: true } },
        },
      },
    },
  });
  if (!dossier) throw new AppError("INTROUVABLE");
  // « Votre rôle » on each piece (none on a piece of the dossier the structure is not named on).
  return { ...dossier, pieces: dossier.pieces.map((p) => ({ ...p, roles: rolesSur(p, structureId) })), libelle: numeroDossier(dossier.numero) };
}

/** « Je donne mon avis » on the deposit service: one opinion per user and piece, the last one kept. */
export async function donnerAvis(acteur: Acteur, pieceId: string, avis: { note: number; commentaire?: string }): Promise<void> {
  const structureId = structureDe(acteur);
  const id = verifierId(pieceId);
  const piece = await db.pieceTravaux.findFirst({ where: { id, structureDeposanteId: structureId, statut: { not: "BROUILLON" } }, select: { id: true } });
  if (!piece) throw new AppError("INTROUVABLE");
  await db.avisDepot.upsert({
    where: { pieceId_userId: { pieceId: id, userId: acteur.userId } },
    create: { pieceId: id, userId: acteur.userId, note: avis.note, commentaire: avis.commentaire ?? null },
    update: { note: avis.note, commentaire: avis.commentaire ?? null, createdAt: new Date() },
  });
}

/** How many of the MOA's pieces to continue « Déposer » lists (the oldest taken into account first). */
export const SUITES_MOA_MAX = 100;

/**
 * The pieces an MOA may continue now, from its dossiers: the MOE's états d'acompte (A15) and projets de décompte
 * général (A17) it has taken into account and not yet followed — for its état d'acompte validé (A19) and its décompte
 * général (A20) — with the draft already started, if any.
 */
async function suitesMoa(structureId: string, acteur: Acteur) {
  const where: Prisma.PieceTravauxWhereInput = {
    ...visiblePar(structureId, acteur),
    moaId: structureId,
    statut: "PRISE_EN_COMPTE_MOA",
    cadre: { in: Object.keys(SUIVANTE_MOA) as CadreFacturation[] },
    structureDeposanteId: { not: structureId },
  };
  const [total, pieces] = await Promise.all([
    db.pieceTravaux.count({ where }),
    db.pieceTravaux.findMany({
      where,
      orderBy: [{ statutLe: "asc" }, { id: "asc" }],
      take: SUITES_MOA_MAX,
      select: {
        id: true,
        cadre: true,
        numero: true,
        dateFacture: true,
        devise: true,
        montantTtc: true,
        statutLe: true,
        structureDeposante: { select: { raisonSociale: true } },
        titulaire: { select: { raisonSociale: true } },
        dossier: { select: { numero: true } },
        piecesSuivantes: { where: { structureDeposanteId: structureId, statut: "BROUILLON" }, select: { id: true }, take: 1 },
      },
    }),
  ]);
  return {
    total,
    pieces: pieces.map(({ piecesSuivantes, dossier, structureDeposante, titulaire, ...p }) => ({
      ...p,
      suivante: SUIVANTE_MOA[p.cadre]!,
      moe: structureDeposante.raisonSociale,
      fournisseur: titulaire?.raisonSociale ?? null,
      dossier: dossier ? numeroDossier(dossier.numero) : null,
      brouillonId: piecesSuivantes[0]?.id ?? null,
    })),
  };
}
export type SuitesMoa = Awaited<ReturnType<typeof suitesMoa>>;

/**
 * What « Déposer » offers the actor's structure: its frames (by role) and its active services; to a public buyer
 * (MOA), which picks no frame bare, the pieces it may continue now (`suitesMoa`).
 */
export async function contexteDepot(acteur: Acteur) {
  const structureId = structureDe(acteur);
  const s = await db.structure.findUniqueOrThrow({
    where: { id: structureId },
    select: {
      raisonSociale: true,
      identifier: true,
      isPublicBuyer: true,
      worksSpaceOpen: true,
      services: { where: { active: true }, select: { id: true, code: true, libelle: true }, orderBy: { code: "asc" } },
    },
  });
  return {
    structure: { raisonSociale: s.raisonSociale, identifier: s.identifier },
    cadres: cadresAutorises(s).map((c) => c.code),
    // A user limited to services deposits only with those where he has « Modification », their space open.
    services: await servicesOfferts(structureId, acteur, s.services),
    suitesMoa: s.isPublicBuyer ? await suitesMoa(structureId, acteur) : null,
  };
}

async function servicesOfferts<S extends { id: string }>(structureId: string, acteur: Acteur, services: S[]): Promise<S[]> {
  const limite = await limitationDe(db, acteur, structureId);
  if (!limite) return services;
  return services.filter((s) => limite.some((l) => l.serviceId === s.id && l.ouvert && l.droit === "MODIFICATION"));
}

/** The drafts of the actor's structure, last saved first: « reprendre un brouillon ». */
export async function mesBrouillons(acteur: Acteur) {
  const structureId = structureDe(acteur);
  return db.pieceTravaux.findMany({
    // A user limited to services: his services' drafts (lib/invoices/acces.ts).
    where: { AND: [visiblePar(structureId, acteur), { structureDeposanteId: structureId, statut: "BROUILLON" }] },
    orderBy: { updatedAt: "desc" },
    take: 50,
    select: {
      id: true,
      cadre: true,
      numero: true,
      montantTtc: true,
      devise: true,
      updatedAt: true,
      moaId: true,
      creePar: { select: { firstName: true, lastName: true } },
    },
  });
}
