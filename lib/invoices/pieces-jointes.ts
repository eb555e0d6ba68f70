import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { journaliser } from "@/lib/audit/journal";
import type { Acteur } from "@/lib/auth/acteur";
import type { NaturePieceJointe, StatutPieceTravaux } from "@/lib/generated/prisma/enums";
import { analyserFichier, estTexte, nettoyerNom } from "@/lib/files/analyse";
import { annoncerFichier, retirerAnnonce } from "@/lib/files/annonces";
import { TAILLE_FICHIER_MAX, TAILLE_PIECE_MAX, controleAvantEnvoi, formaterTaille } from "@/lib/files/limites";
import { type FichierRecu, recevoirFlux, recuDeOctets } from "@/lib/files/reception";
import { cleDe, lireTout, stockage, versWeb } from "@/lib/files/stockage";
import { exigerModification, MODIFIABLES_PAR_DEPOSANT, structureDe, verifierId, verrouillerBrouillon, visiblePar } from "./acces";
import { signeDecompteGeneral } from "./fin-de-marche";

/**
 * « Gestion des pièces jointes »: add, view, download, delete. The files themselves are in the store
 * (lib/files/stockage.ts, under their content's key), written before the row that names them commits: a row always
 * names a stored object, and an object no row names is removed by the sweep (lib/files/balayage.ts). The content decides the type.
 * After the piece's first deposit, every file added or removed is written to the audit trail, and a removed file
 * stays stored, marked removed (`retireeLe`): the deposit certificate's fingerprints can always be checked against
 * the file they name. Every list, count and total of a piece's files skips the removed ones.
 */

export type PieceJointeInfo = { id: string; nature: NaturePieceJointe; nom: string; typeMime: string; taille: number; sha256: string; createdAt: Date };

/**
 * A10: the titulaire joins the direct-payment attestation to the subcontractor's request it has to validate
 * (status « À valider par le titulaire »), and may take it back before validating. Locks the piece like
 * `verrouillerBrouillon`; a piece the structure is not the titulaire of is « introuvable ».
 */
async function verrouillerPourTitulaire(tx: Tx, structureId: string, pieceId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ statut: StatutPieceTravaux }[]>`
    SELECT "statut" FROM "PieceTravaux" WHERE "id" = ${pieceId}::uuid AND "titulaireId" = ${structureId}::uuid FOR UPDATE`;
  if (rows.length === 0) throw new AppError("INTROUVABLE");
  if (rows[0].statut !== "A_VALIDER_1") throw new AppError("PIECE_NON_MODIFIABLE");
}

const selectInfo = { id: true, nature: true, nom: true, typeMime: true, taille: true, sha256: true, createdAt: true } as const;

const factureDejaJointe = () => {
  const message = "La facture est déjà jointe : supprimez-la d'abord pour la remplacer.";
  return new AppError("FICHIER_REFUSE", { fichier: message }, message);
};

/**
 * Whether the actor may add a file of this nature to the piece now — before anything of the file is read: his draft or
 * suspended piece (the A10 waiting at his structure as titulaire, for the direct-payment attestation), no invoice
 * joined already when this is the invoice. Read without a lock: the writing statement checks it again on the row.
 */
async function verifierAjoutPossible(acteur: Acteur, structureId: string, id: string, nature: NaturePieceJointe): Promise<{ taillePiecesJointes: number }> {
  const titulaire = nature === "ATTESTATION_PAIEMENT_DIRECT";
  const piece = await db.pieceTravaux.findFirst({
    where: titulaire ? { id, titulaireId: structureId } : { id, structureDeposanteId: structureId },
    select: {
      statut: true,
      factureJointe: true,
      cadre: true,
      taillePiecesJointes: true,
      piecePrecedente: { select: { cadre: true } },
      structureDeposanteId: true,
      serviceDeposantId: true,
      moaId: true,
      serviceMoaId: true,
    },
  });
  if (!piece) throw new AppError("INTROUVABLE");
  // A user limited to services: « Modification » on the piece's service (lib/invoices/acces.ts).
  await exigerModification(db, acteur, structureId, piece);
  if (titulaire ? piece.statut !== "A_VALIDER_1" : !MODIFIABLES_PAR_DEPOSANT.includes(piece.statut)) throw new AppError("PIECE_NON_MODIFIABLE");
  if (nature === "FACTURE" && piece.factureJointe) throw factureDejaJointe();
  // The mémoire en réclamation goes with the titulaire's A8 that signs a décompte général (its frame is fixed: read once).
  if (nature === "MEMOIRE_RECLAMATION" && !signeDecompteGeneral(piece.cadre, piece.piecePrecedente?.cadre)) {
    const message = "Le mémoire en réclamation se joint au décompte général signé (A8) qui accepte un décompte général avec réserves.";
    throw new AppError("FICHIER_REFUSE", { fichier: message }, message);
  }
  return { taillePiecesJointes: piece.taillePiecesJointes };
}

/** An upload's body: read (streamed to a temporary file) only once the actor's right is checked; its announced size, when given. */
export type CorpsEnvoye = { flux: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>; tailleAnnoncee?: number | null };

const fichierTropGros = () => new AppError("FICHIER_REFUSE", {}, `Le fichier dépasse la taille maximale de ${formaterTaille(TAILLE_FICHIER_MAX)}.`);

const pieceTropGrosse = (total: number, exact: boolean) => {
  const message = `La facture et ses pièces jointes ne peuvent dépasser ${formaterTaille(TAILLE_PIECE_MAX)} au total (${exact ? "" : "plus de "}${formaterTaille(total)} avec ce fichier).`;
  return new AppError("TAILLE_PIECE_DEPASSEE", { fichier: message }, message);
};

/**
 * The file, received: bytes as they are; a body streamed to a temporary file of the store, its SHA-256 computed and its
 * first bytes kept on the way, and cut short as soon as it reaches the per-file limit or takes the piece over its own
 * (`dejaJoint`: the piece's files so far, read before; the writing statement checks the total again).
 */
async function recevoir(nom: string, contenu: Uint8Array | (() => Promise<Uint8Array>) | CorpsEnvoye, dejaJoint: number): Promise<FichierRecu> {
  if (contenu instanceof Uint8Array) return recuDeOctets(contenu);
  if (typeof contenu === "function") return recuDeOctets(await contenu());
  // A name that will be refused: the body is not read.
  const refusNom = controleAvantEnvoi(nettoyerNom(nom), 1);
  if (refusNom) throw new AppError("FICHIER_REFUSE", { fichier: refusNom }, refusNom);
  const refuser = (taille: number) =>
    taille >= TAILLE_FICHIER_MAX ? fichierTropGros() : dejaJoint + taille > TAILLE_PIECE_MAX ? pieceTropGrosse(dejaJoint + taille, false) : null;
  const annonce = contenu.tailleAnnoncee ?? 0;
  if (annonce >= TAILLE_FICHIER_MAX) throw fichierTropGros();
  if (dejaJoint + annonce > TAILLE_PIECE_MAX) throw pieceTropGrosse(dejaJoint + annonce, true);
  return recevoirFlux(contenu.flux, { dossier: stockage().dossierTemporaire, texte: estTexte(nom), refuser });
}

/**
 * « Ajouter une pièce jointe ». The content may be given as a function that reads it, or as the upload's body (a
 * stream): it is read only once the actor's right to add this file to this piece is checked, so that nobody's upload is
 * read, sniffed or parsed for a piece he may not touch. A body is streamed to a temporary file, never held whole in
 * memory (but for the checks that parse it: a PDF, an XML).
 */
export async function ajouterPieceJointe(
  acteur: Acteur,
  pieceId: string,
  fichier: { nom: string; contenu: Uint8Array | (() => Promise<Uint8Array>) | CorpsEnvoye; nature: NaturePieceJointe },
): Promise<PieceJointeInfo> {
  const structureId = structureDe(acteur);
  const id = verifierId(pieceId);
  const { taillePiecesJointes } = await verifierAjoutPossible(acteur, structureId, id, fichier.nature);
  const recu = await recevoir(fichier.nom, fichier.contenu, taillePiecesJointes);
  try {
    return await enregistrer(acteur, structureId, id, fichier, recu);
  } finally {
    await recu.liberer();
  }
}

async function enregistrer(
  acteur: Acteur,
  structureId: string,
  id: string,
  fichier: { nom: string; nature: NaturePieceJointe },
  recu: FichierRecu,
): Promise<PieceJointeInfo> {
  // Parsing is CPU work on the whole file: done before the transaction, which then only checks and writes.
  const analyse = await analyserFichier(fichier.nom, recu);
  if (!analyse.ok) throw new AppError("FICHIER_REFUSE", { fichier: analyse.message }, analyse.message);
  if (fichier.nature === "FACTURE" && analyse.typeMime !== "application/pdf")
    throw new AppError("FICHIER_REFUSE", { fichier: "La facture elle-même doit être un fichier PDF." }, "La facture elle-même doit être un fichier PDF.");
  const { sha256, taille } = recu;
  const cle = cleDe(sha256);
  // Announced, then stored, before the row that names it commits (its transaction deletes the announcement).
  const annonce = await annoncerFichier(cle);
  let ecrit: Awaited<ReturnType<typeof ecrireLigne>> | undefined;
  try {
    await stockage().ecrire(cle, recu.source, { taille, sha256 });
    ecrit = await ecrireLigne(acteur, structureId, id, fichier.nature, { nom: analyse.nom, typeMime: analyse.typeMime, taille, sha256, cle, annonce });
  } finally {
    // Nothing committed: the announcement goes now (the object, if no row names it, with the sweep).
    if (ecrit === undefined) await retirerAnnonce(annonce);
  }
  if (ecrit) return ecrit;
  return pourquoiRefuse(acteur, structureId, id, fichier.nature, taille);
}

/** The row, if the piece takes it now (null otherwise); deletes the announcement in any case. */
async function ecrireLigne(
  acteur: Acteur,
  structureId: string,
  id: string,
  nature: NaturePieceJointe,
  f: { nom: string; typeMime: string; taille: number; sha256: string; cle: string; annonce: string },
): Promise<PieceJointeInfo | null> {
  // One statement. The piece's row is updated only if the actor may add this file to it now (his draft or suspended
  // piece; for the direct-payment attestation, the A10 waiting at his structure as titulaire), if no invoice is
  // joined already when this is the invoice, and if the piece's total stays within the limit — conditions the
  // UPDATE checks on the row it locks, so two additions at once cannot both pass. The file's row is written only then,
  // and the file's announcement deleted in any case.
  const titulaire = nature === "ATTESTATION_PAIEMENT_DIRECT";
  const estFacture = nature === "FACTURE";
  const taille = f.taille;
  const now = new Date();
  // In a transaction with its journal entry: a file added after the piece's first deposit (suspended piece, or the
  // A10's attestation) is audited, on the depositor's structure.
  return db.$transaction(
    async (tx) => {
      const [ajout] = await tx.$queryRaw<(PieceJointeInfo & { statut: StatutPieceTravaux; structureDeposanteId: string })[]>`
    WITH annonce AS (DELETE FROM "FichierEnAttente" WHERE id = ${f.annonce}::uuid), p AS (
      UPDATE "PieceTravaux"
      SET "taillePiecesJointes" = "taillePiecesJointes" + ${taille}, "factureJointe" = "factureJointe" OR ${estFacture}, "updatedAt" = ${now}
      WHERE id = ${id}::uuid
        AND CASE WHEN ${titulaire} THEN "titulaireId" = ${structureId}::uuid AND statut = 'A_VALIDER_1'
                 ELSE "structureDeposanteId" = ${structureId}::uuid AND statut::text = ANY(${[...MODIFIABLES_PAR_DEPOSANT]}::text[]) END
        AND NOT (${estFacture} AND "factureJointe")
        AND "taillePiecesJointes" + ${taille} <= ${TAILLE_PIECE_MAX}
      RETURNING id, statut, "structureDeposanteId"
    ), pj AS (
      INSERT INTO "PieceJointeTravaux" (id, "pieceId", nature, nom, "typeMime", taille, sha256, cle, "ajouteeParId", "createdAt")
      SELECT gen_random_uuid(), p.id, ${nature}::"NaturePieceJointe", ${f.nom}, ${f.typeMime}, ${taille},
             ${f.sha256}, ${f.cle}, ${acteur.userId}::uuid, ${now}
      FROM p
      RETURNING id, nature::text AS nature, nom, "typeMime", taille, sha256, "createdAt"
    )
    SELECT pj.*, p.statut, p."structureDeposanteId" FROM pj, p`;
      if (!ajout) return null;
      const { statut, structureDeposanteId, ...info } = ajout;
      if (statut !== "BROUILLON")
        await journaliser(
          tx,
          acteur,
          {
            action: "PIECE_JOINTE_AJOUTEE",
            structureId: structureDeposanteId,
            cible: { type: "PieceTravaux", id },
            apres: { fichier: { id: info.id, nom: info.nom, nature: info.nature, taille: info.taille, sha256: info.sha256 } },
          },
          { now },
        );
      return info;
    },
    { timeout: 30_000 },
  );
}

/** Nothing written: say why. */
async function pourquoiRefuse(acteur: Acteur, structureId: string, id: string, nature: NaturePieceJointe, taille: number): Promise<never> {
  const titulaire = nature === "ATTESTATION_PAIEMENT_DIRECT";
  const estFacture = nature === "FACTURE";
  await db.$transaction(async (tx) => {
    if (titulaire) await verrouillerPourTitulaire(tx, structureId, id);
    else await verrouillerBrouillon(tx, acteur, id, MODIFIABLES_PAR_DEPOSANT);
  });
  const piece = await db.pieceTravaux.findUniqueOrThrow({ where: { id }, select: { taillePiecesJointes: true, factureJointe: true } });
  if (estFacture && piece.factureJointe) throw factureDejaJointe();
  const total = piece.taillePiecesJointes + taille;
  if (total > TAILLE_PIECE_MAX) throw pieceTropGrosse(total, true);
  throw new AppError("PIECE_MODIFIEE");
}

export async function supprimerPieceJointe(acteur: Acteur, pieceId: string, pieceJointeId: string): Promise<void> {
  const structureId = structureDe(acteur);
  const id = verifierId(pieceId);
  const pjId = verifierId(pieceJointeId);
  const now = new Date();
  await db.$transaction(async (tx) => {
    const pj = await tx.pieceJointeTravaux.findFirst({ where: { id: pjId, pieceId: id, retireeLe: null }, select: { nature: true } });
    if (pj?.nature === "ATTESTATION_PAIEMENT_DIRECT") {
      await verrouillerPourTitulaire(tx, structureId, id);
      const services = { structureDeposanteId: true, serviceDeposantId: true, moaId: true, serviceMoaId: true } as const;
      await exigerModification(tx, acteur, structureId, await tx.pieceTravaux.findUniqueOrThrow({ where: { id }, select: services }));
    } else await verrouillerBrouillon(tx, acteur, id, MODIFIABLES_PAR_DEPOSANT);
    const piece = await tx.pieceTravaux.findUniqueOrThrow({ where: { id }, select: { statut: true, structureDeposanteId: true } });
    if (piece.statut === "BROUILLON") {
      // A draft's file was never deposited: it goes, and the piece's totals with it.
      const n = await tx.$executeRaw`
        WITH pj AS (DELETE FROM "PieceJointeTravaux" WHERE id = ${pjId}::uuid AND "pieceId" = ${id}::uuid RETURNING taille, nature)
        UPDATE "PieceTravaux" p
        SET "taillePiecesJointes" = p."taillePiecesJointes" - pj.taille, "factureJointe" = p."factureJointe" AND pj.nature <> 'FACTURE', "updatedAt" = ${now}
        FROM pj WHERE p.id = ${id}::uuid`;
      if (n !== 1) throw new AppError("INTROUVABLE");
      return;
    }
    // After the first deposit the file stays stored, marked removed; the piece's totals no longer count it.
    const [retiree] = await tx.$queryRaw<{ id: string; nom: string; nature: NaturePieceJointe; taille: number; sha256: string }[]>`
      WITH pj AS (
        UPDATE "PieceJointeTravaux" SET "retireeLe" = ${now}, "retireeParId" = ${acteur.userId}::uuid
        WHERE id = ${pjId}::uuid AND "pieceId" = ${id}::uuid AND "retireeLe" IS NULL
        RETURNING id, nom, nature, taille, sha256
      ), p AS (
        UPDATE "PieceTravaux" p
        SET "taillePiecesJointes" = p."taillePiecesJointes" - pj.taille, "factureJointe" = p."factureJointe" AND pj.nature <> 'FACTURE', "updatedAt" = ${now}
        FROM pj WHERE p.id = ${id}::uuid
      )
      SELECT id::text, nom, nature::text AS nature, taille, sha256 FROM pj`;
    if (!retiree) throw new AppError("INTROUVABLE");
    await journaliser(
      tx,
      acteur,
      { action: "PIECE_JOINTE_RETIREE", structureId: piece.structureDeposanteId, cible: { type: "PieceTravaux", id }, avant: { fichier: retiree } },
      { now },
    );
  });
}

/** The attachments' descriptions (never their content) of a piece the actor sees. */
export async function listerPiecesJointes(acteur: Acteur, pieceId: string): Promise<PieceJointeInfo[]> {
  const structureId = structureDe(acteur);
  const id = verifierId(pieceId);
  const piece = await db.pieceTravaux.findFirst({ where: { id, ...visiblePar(structureId, acteur) }, select: { id: true } });
  if (!piece) throw new AppError("INTROUVABLE");
  return db.pieceJointeTravaux.findMany({ where: { pieceId: id, retireeLe: null }, select: selectInfo, orderBy: [{ nature: "asc" }, { createdAt: "asc" }] });
}

export type ContenuFichier = { nom: string; typeMime: string; contenu: Uint8Array };
export type FluxFichier = { nom: string; typeMime: string; taille: number; flux: ReadableStream<Uint8Array> };

/** The description and key of one file of a piece the actor sees (see `ouvrirPieceJointe`). */
async function trouverPieceJointe(acteur: Acteur, pieceId: string, pieceJointeId: string | "FACTURE") {
  const structureId = structureDe(acteur);
  const id = verifierId(pieceId);
  const pj = await db.pieceJointeTravaux.findFirst({
    where: {
      pieceId: id,
      piece: visiblePar(structureId, acteur),
      ...(pieceJointeId === "FACTURE" ? { nature: "FACTURE" as const, retireeLe: null } : { id: verifierId(pieceJointeId) }),
    },
    select: { id: true, nom: true, typeMime: true, taille: true, cle: true },
  });
  if (!pj) throw new AppError("INTROUVABLE");
  return pj;
}

/**
 * A file whose content is still in the database: between the migration that adds the keys and the one that drops the
 * column, while `npm run files:migrate` moves the contents (cle is null until then; never after the second migration).
 */
async function contenuEnBase(id: string): Promise<Uint8Array> {
  const [ligne] = await db.$queryRaw<{ contenu: Uint8Array }[]>`SELECT contenu FROM "PieceJointeTravaux" WHERE id = ${id}::uuid`;
  return ligne.contenu;
}

/**
 * One file of a piece the actor sees, streamed from the store (the download routes); `FACTURE` instead of an id gives
 * the invoice itself (the one joined now). By its id, a file removed after the deposit is still given: the deposit
 * certificate names it, with its fingerprint.
 */
export async function ouvrirPieceJointe(acteur: Acteur, pieceId: string, pieceJointeId: string | "FACTURE"): Promise<FluxFichier> {
  const pj = await trouverPieceJointe(acteur, pieceId, pieceJointeId);
  if (!pj.cle) {
    const contenu = await contenuEnBase(pj.id);
    return { nom: pj.nom, typeMime: pj.typeMime, taille: contenu.length, flux: new Blob([contenu as Uint8Array<ArrayBuffer>]).stream() };
  }
  return { nom: pj.nom, typeMime: pj.typeMime, taille: pj.taille, flux: versWeb(await stockage().lire(pj.cle)) };
}

/** The same, read whole (tests, and callers that need the bytes). */
export async function lirePieceJointe(acteur: Acteur, pieceId: string, pieceJointeId: string | "FACTURE"): Promise<ContenuFichier> {
  const pj = await trouverPieceJointe(acteur, pieceId, pieceJointeId);
  const contenu = pj.cle ? await lireTout(stockage(), pj.cle) : await contenuEnBase(pj.id);
  return { nom: pj.nom, typeMime: pj.typeMime, contenu };
}
