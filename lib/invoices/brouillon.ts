import { randomUUID } from "node:crypto";
import { db, type Client } from "@/lib/db";
import { champsModifies, journaliser } from "@/lib/audit/journal";
import type { Prisma, StatutPieceTravaux } from "@/lib/generated/prisma/client";
import { AppError, isUniqueViolation } from "@/lib/errors";
import type { Acteur } from "@/lib/auth/acteur";
import { exigerModificationSurBrouillon, exigerServiceDeposant, MODIFIABLES_PAR_DEPOSANT, structureDe, verifierId, verrouillerBrouillon } from "./acces";
import { cadre as definitionCadre, cadreFige, cadresAutorises } from "./cadres";
import { insertionHistoriqueSi } from "./historique";
import { controlerParties, type PartiesResolues, partiesDesStructures, selectControle, siInactive, structuresDesParties } from "./parties";
import { compteChoisiParDeposant, referencesManquantes } from "./references";
import { verifierCompteDeposant } from "@/lib/structures/comptes-bancaires";
import { MESSAGE_MOTIF_REVISION, montantsRevises, revisionMotivee } from "./decompte";
import { type CadreData, erreursFacture, type FactureData, type PartiesData } from "./schemas";
import { verifierTransition } from "./statuts";

/**
 * The three steps of « Déposer », each saved on the server: a draft exists from the first step on, can be
 * left and resumed, and is seen by its structure only. Every save re-runs the controls of its step.
 */

/** `fige`: the frame a next piece's draft already has (`cadreFige`), kept as it is — not one picked in « Déposer ». */
async function verifierCadre(structureId: string, data: CadreData, o: { fige?: CadreData["cadre"] } = {}) {
  const structure = await db.structure.findUniqueOrThrow({
    where: { id: structureId },
    select: { isPublicBuyer: true, worksSpaceOpen: true, services: { where: { active: true }, select: { id: true } } },
  });
  if (o.fige) {
    if (data.cadre !== o.fige)
      throw new AppError("CADRE_NON_AUTORISE", {
        cadre: "Cette pièce fait suite à une pièce du dossier de facturation : son cadre de facturation ne change pas.",
      });
  } else if (!cadresAutorises(structure).some((c) => c.code === data.cadre))
    throw new AppError("CADRE_NON_AUTORISE", { cadre: "Ce cadre de facturation n'est pas proposé à votre structure." });
  if (structure.services.length > 0) {
    if (!data.serviceDeposantId) throw new AppError("CHAMP_OBLIGATOIRE", { serviceDeposantId: "Sélectionnez le service de votre structure." });
    if (!structure.services.some((s) => s.id === data.serviceDeposantId))
      throw new AppError("SAISIE_INVALIDE", { serviceDeposantId: "Ce service n'existe pas ou n'est plus actif." });
  } else if (data.serviceDeposantId) throw new AppError("SAISIE_INVALIDE", { serviceDeposantId: "Votre structure n'a pas de service." });
}

/**
 * Step 1 of a new piece: the draft is created, with the first row of its history — one statement (the deposit
 * path is measured: `npm run bench:deposit`), atomic by itself, which checks on the structure's row what
 * `verifierCadre` checks: the frame permitted to its profile (`cadresAutorises`), the service of the structure given
 * if and only if it has active services, and one of them. Nothing written: `verifierCadre` says why.
 */
export async function creerBrouillon(acteur: Acteur, data: CadreData, o: { now?: Date } = {}): Promise<{ id: string }> {
  const structureId = structureDe(acteur);
  const t = verifierTransition(null, "BROUILLON", "DEPOSANT");
  const id = randomUUID();
  const now = o.now ?? new Date();
  const moeId = definitionCadre(data.cadre).moe === "deposant" ? structureId : null;
  const service = data.serviceDeposantId ?? null;
  // A user limited to services deposits with one of his services where he has « Modification » (lib/invoices/acces.ts).
  await exigerServiceDeposant(db, acteur, structureId, service);
  // The frame permitted or not, for each profile a structure may have.
  const permis = (isPublicBuyer: boolean, worksSpaceOpen: boolean) => cadresAutorises({ isPublicBuyer, worksSpaceOpen }).some((c) => c.code === data.cadre);
  const creer = () => db.$executeRaw`
    WITH s AS (
      SELECT s.id FROM "Structure" s
      WHERE s.id = ${structureId}::uuid
        AND CASE WHEN s."isPublicBuyer" AND s."worksSpaceOpen" THEN ${permis(true, true)}::boolean WHEN s."isPublicBuyer" THEN ${permis(true, false)}::boolean
                 WHEN s."worksSpaceOpen" THEN ${permis(false, true)}::boolean ELSE ${permis(false, false)}::boolean END
        AND CASE WHEN EXISTS (SELECT 1 FROM "Service" v WHERE v."structureId" = s.id AND v.active)
                 THEN EXISTS (SELECT 1 FROM "Service" v WHERE v.id = ${service}::uuid AND v."structureId" = s.id AND v.active)
                 ELSE ${service}::uuid IS NULL END
    ), p AS (
      INSERT INTO "PieceTravaux" (id, statut, "statutLe", cadre, "structureDeposanteId", "serviceDeposantId", "creeParId", "moeId", "createdAt", "updatedAt")
      SELECT ${id}::uuid, 'BROUILLON', ${now}, ${data.cadre}::"CadreFacturation", s.id, ${service}::uuid, ${acteur.userId}::uuid, ${moeId}::uuid, ${now}, ${now}
      FROM s
      RETURNING id
    )
    ${insertionHistoriqueSi("p", id, [{ action: t.action, statutAvant: null, statutApres: "BROUILLON", acteur, structureId, le: now }])}`;
  if ((await creer()) === 1) return { id };
  await verifierCadre(structureId, data);
  // The structure or its services changed between the two reads: once more, as if the user had clicked again.
  if ((await creer()) === 1) return { id };
  throw new AppError("CADRE_NON_AUTORISE", { cadre: "Ce cadre de facturation n'est pas proposé à votre structure." });
}

/**
 * Reads a piece of the actor's structure that may still be changed, for a save without an explicit lock: the
 * save itself is a single UPDATE that repeats the status condition, so a save racing a send (which locks the
 * row) finds the piece sent and changes nothing.
 */
async function brouillonDe<S extends Prisma.PieceTravauxSelect>(
  structureId: string,
  id: string,
  select: S,
  modifiables: readonly StatutPieceTravaux[] = ["BROUILLON"],
) {
  const piece = await db.pieceTravaux.findFirst({ where: { id, structureDeposanteId: structureId }, select: { ...select, statut: true } });
  if (!piece) throw new AppError("INTROUVABLE");
  if (!modifiables.includes((piece as unknown as { statut: StatutPieceTravaux }).statut)) throw new AppError("PIECE_NON_MODIFIABLE");
  return piece;
}

/** A conditional save changed nothing: the piece was sent, deleted or changed meanwhile — say which. */
async function diagnostiquer(structureId: string, id: string, modifiables: readonly StatutPieceTravaux[]): Promise<never> {
  await brouillonDe(structureId, id, { id: true }, modifiables);
  throw new AppError("PIECE_MODIFIEE");
}

/**
 * Step 1 again: a changed frame drops the parties it no longer has. A next piece whose frame is what it is to the
 * piece it follows (`cadreFige`: A19, A20, A16, A18, A22, A23, the A8 signing a décompte général) keeps it: only its service changes.
 */
export async function enregistrerCadre(acteur: Acteur, pieceId: string, data: CadreData): Promise<void> {
  const structureId = structureDe(acteur);
  const id = verifierId(pieceId);
  const actuel = await db.pieceTravaux.findFirst({
    where: { id, structureDeposanteId: structureId },
    select: { cadre: true, piecePrecedente: { select: { cadre: true } } },
  });
  const fige = actuel && cadreFige(actuel.cadre, actuel.piecePrecedente?.cadre) ? actuel.cadre : undefined;
  await verifierCadre(structureId, data, { fige });
  await exigerServiceDeposant(db, acteur, structureId, data.serviceDeposantId);
  const c = definitionCadre(data.cadre);
  await db.$transaction(async (tx) => {
    await verrouillerBrouillon(tx, acteur, id);
    const avant = await tx.pieceTravaux.findUniqueOrThrow({ where: { id }, select: { cadre: true, moeId: true } });
    // The frame is read again under the lock: the save holds only for the frame it was checked against.
    if (fige && avant.cadre !== fige) throw new AppError("PIECE_MODIFIEE");
    const moeId = c.moe === "deposant" ? structureId : c.moe === "aucune" || definitionCadre(avant.cadre).moe === "deposant" ? null : avant.moeId;
    await tx.pieceTravaux.update({
      where: { id },
      data: {
        cadre: data.cadre,
        serviceDeposantId: data.serviceDeposantId ?? null,
        moeId,
        ...(c.titulaire === "aucun" ? { titulaireId: null } : {}),
        ...(c.cotraitant ? {} : { cotraitantId: null }),
      },
    });
  });
}

/**
 * Step 2: MOE (when the frame has one), titulaire (A10, A15, A17), cotraitant (A13, A14: the mandataire deposits for it), MOA and its service,
 * « Références » and « Coordonnées bancaires ». Two statements: the structures behind the SIRETs (with the MOA's
 * parameters), then the save, which also resolves and checks the bank account on its rows.
 */
export async function enregistrerParties(acteur: Acteur, pieceId: string, data: PartiesData): Promise<void> {
  const structureId = structureDe(acteur);
  const id = verifierId(pieceId);
  const references = {
    numeroMarche: data.numeroMarche ?? null,
    numeroEngagement: data.numeroEngagement ?? null,
    numeroBonCommande: data.numeroBonCommande ?? null,
  };
  await exigerModificationSurBrouillon(db, acteur, structureId, id);
  let parties: PartiesResolues;
  try {
    const trouvees = await structuresDesParties(db, data);
    parties = partiesDesStructures(data.cadre, structureId, data, trouvees);
    verifierReferences(
      trouvees.find((s) => s.id === parties.moaId),
      { structureDeposanteId: structureId, serviceMoaId: parties.serviceMoaId, ...references },
    );
  } catch (erreur) {
    // A piece that cannot be saved any more says so before its fields do.
    await brouillonDe(structureId, id, { id: true });
    throw erreur;
  }
  // « Coordonnées bancaires »: a supplier-side frame's account must be an active account of the depositing structure —
  // none chosen and exactly one active: that one (the form preselects it too). Other frames keep the account carried
  // over from the piece they follow: the save leaves it as it is.
  const choisi = compteChoisiParDeposant(data.cadre);
  const compteId = choisi ? (data.compteBancaireId ?? null) : null;
  // The frame decides which parties are kept: the save holds only if the draft still has the frame the form was
  // filled for (else « modifiée par ailleurs »), is still a draft of the actor's structure, and the account chosen is
  // an active one of the structure.
  const n = await db.$executeRaw`
    UPDATE "PieceTravaux"
    SET "moeId" = ${parties.moeId}::uuid, "titulaireId" = ${parties.titulaireId}::uuid, "cotraitantId" = ${parties.cotraitantId}::uuid,
        "moaId" = ${parties.moaId}::uuid, "serviceMoaId" = ${parties.serviceMoaId}::uuid,
        "numeroMarche" = ${references.numeroMarche}, "numeroEngagement" = ${references.numeroEngagement}, "numeroBonCommande" = ${references.numeroBonCommande},
        "compteBancaireId" = CASE
          WHEN NOT ${choisi}::boolean THEN "compteBancaireId"
          WHEN ${compteId}::uuid IS NOT NULL THEN ${compteId}::uuid
          ELSE (SELECT CASE WHEN count(*) = 1 THEN (array_agg(c.id))[1] END FROM "CompteBancaire" c WHERE c."structureId" = ${structureId}::uuid AND c.active)
        END,
        "updatedAt" = ${new Date()}
    WHERE id = ${id}::uuid AND "structureDeposanteId" = ${structureId}::uuid AND statut = 'BROUILLON' AND cadre = ${data.cadre}::"CadreFacturation"
      AND (${compteId}::uuid IS NULL
           OR EXISTS (SELECT 1 FROM "CompteBancaire" c WHERE c.id = ${compteId}::uuid AND c."structureId" = ${structureId}::uuid AND c.active))`;
  if (n === 1) return;
  // Nothing written: say why — the piece first, then the account, else it changed meanwhile.
  await brouillonDe(structureId, id, { id: true });
  if (compteId) await verifierCompteDeposant(db, structureId, compteId);
  throw new AppError("PIECE_MODIFIEE");
}

/**
 * Step 2's « Références »: the references the MOA requires (its parameters « code service obligatoire », « EJ
 * obligatoire ») are refused when missing, naming the MOA.
 */
function verifierReferences(moa: Parameters<typeof referencesManquantes>[0], p: Parameters<typeof referencesManquantes>[1]): void {
  const manquantes = referencesManquantes(moa, p);
  const n = Object.keys(manquantes).length;
  if (n > 0)
    throw new AppError(
      "REFERENCE_OBLIGATOIRE",
      manquantes,
      n === 1 ? Object.values(manquantes)[0] : "Plusieurs informations sur les parties sont à corriger : voyez les messages sous les champs.",
    );
}

/** The parties saved on a draft, checked again (an MOE may have closed its space, a service been closed meanwhile). */
export const partiesAControler = {
  moe: { select: selectControle },
  titulaire: { select: selectControle },
  cotraitant: { select: selectControle },
  moa: { select: selectControle },
} as const;

type ControlePartie = { id: string; active: boolean; isPublicBuyer: boolean; worksSpaceOpen: boolean; services: { id: string }[] } | null;
export function recontroler(
  p: {
    cadre: CadreData["cadre"];
    moe: ControlePartie;
    titulaire: ControlePartie;
    cotraitant: ControlePartie;
    moa: ControlePartie;
    serviceMoaId: string | null;
  },
  deposantId: string,
) {
  const partie = (s: ControlePartie) => (s ? siInactive(s) : undefined);
  return controlerParties(
    p.cadre,
    deposantId,
    { moe: partie(p.moe), titulaire: partie(p.titulaire), cotraitant: partie(p.cotraitant), moa: partie(p.moa) },
    p.serviceMoaId,
  );
}

/** The amounts a revision is measured against: the previous piece's. */
const montantsPrecedents = { select: { montantHt: true, montantTtc: true, netAPayer: true } } as const;

/**
 * The reason of a revision, when one is due: the MOE's or the MOA's piece that follows another (A15–A20) and changes its
 * montant HT, TTC or net à payer needs one (« Indiquez le motif de la révision du montant »). No revision, no reason kept.
 */
function motifDeRevision(
  piece: { cadre: CadreData["cadre"]; piecePrecedente: { montantHt: bigint | null; montantTtc: bigint | null; netAPayer: bigint | null } | null },
  data: FactureData,
): string | null {
  if (!piece.piecePrecedente || !revisionMotivee(piece.cadre) || montantsRevises(piece.piecePrecedente, data).length === 0) return null;
  if (!data.motifRevision) throw new AppError("CHAMP_OBLIGATOIRE", { motifRevision: MESSAGE_MOTIF_REVISION });
  return data.motifRevision;
}

/** The cross-field checks of step 3 (lib/invoices/schemas.ts `erreursFacture`), run again on what is about to be written. */
function verifierMontants(data: FactureData): void {
  const erreurs: Record<string, string> = {};
  for (const e of erreursFacture(data)) erreurs[e.chemin.join(".")] ??= e.message;
  if (Object.keys(erreurs).length) throw new AppError("SAISIE_INVALIDE", erreurs);
}

/**
 * Step 3, « Enregistrer »: the invoice's number, date, currency, type (facture or avoir), VAT type and exemption
 * reason, the décompte (lib/invoices/decompte.ts), VAT detail and « postes ou prestations », and the reason of a
 * revision of the previous piece's amounts. The guide's controls run: mandatory fields (the schema), the décompte's
 * arithmetic (again here: the domain does not trust its caller), the parties (the MOE's space still open), and the
 * number, unique per depositing structure and year — held by a unique index, so two saves at once cannot
 * both take it. A suspended piece's corrections (« Compléter et renvoyer ») are written with their journal
 * entry, fields before → after, in one transaction.
 */
export async function enregistrerFacture(acteur: Acteur, pieceId: string, data: FactureData): Promise<void> {
  const structureId = structureDe(acteur);
  const id = verifierId(pieceId);
  const annee = Number(data.dateFacture.slice(0, 4));
  await exigerModificationSurBrouillon(db, acteur, structureId, id);
  const piece = await brouillonDe(
    structureId,
    id,
    { cadre: true, moaId: true, serviceMoaId: true, ...partiesAControler, piecePrecedente: montantsPrecedents },
    MODIFIABLES_PAR_DEPOSANT,
  );
  if (!piece.moaId) throw new AppError("CHAMP_OBLIGATOIRE", {}, "Identifiez d'abord la maîtrise d'œuvre et la maîtrise d'ouvrage (étape 2).");
  recontroler(piece, structureId);
  verifierMontants(data);
  const motifRevision = motifDeRevision(piece, data);
  try {
    if (piece.statut === "BROUILLON") {
      // A draft: one statement, which holds only if the piece is still a draft.
      if ((await ecrireFacture(db, structureId, id, data, motifRevision, "BROUILLON")) !== 1) await diagnostiquer(structureId, id, MODIFIABLES_PAR_DEPOSANT);
      return;
    }
    await db.$transaction(async (tx) => {
      await verrouillerBrouillon(tx, acteur, id, ["SUSPENDUE"]);
      const p = await tx.pieceTravaux.findUniqueOrThrow({
        where: { id },
        select: {
          numero: true,
          dateFacture: true,
          devise: true,
          typeTva: true,
          montantHt: true,
          montantTva: true,
          montantTtc: true,
          ...selectDecompte,
          lignesTva: { orderBy: { rang: "asc" }, select: { taux: true, baseHt: true, montantTva: true } },
          lignesPoste: { orderBy: { rang: "asc" }, select: selectPoste },
        },
      });
      if ((await ecrireFacture(tx, structureId, id, data, motifRevision, "SUSPENDUE")) !== 1) throw new AppError("PIECE_MODIFIEE");
      const texte = (v: bigint | number | null) => (v === null ? null : v.toString());
      const lignes = (l: { taux: number; baseHt: bigint | number; montantTva: bigint | number }[]) =>
        l.map((x) => ({ taux: x.taux, baseHt: x.baseHt.toString(), montantTva: x.montantTva.toString() }));
      const postes = (l: LignePoste<bigint | number>[]) =>
        l.map((x) => ({
          reference: x.reference,
          denomination: x.denomination,
          quantite: x.quantite.toString(),
          unite: x.unite,
          prixUnitaireHt: x.prixUnitaireHt.toString(),
          montantHt: x.montantHt.toString(),
          tauxTva: x.tauxTva,
        }));
      const decompte = (d: Record<(typeof CHAMPS_DECOMPTE)[number], bigint | number | null>) =>
        Object.fromEntries(CHAMPS_DECOMPTE.map((c) => [c, texte(d[c])]));
      const avant = {
        numero: p.numero,
        dateFacture: p.dateFacture ? p.dateFacture.toISOString().slice(0, 10) : null,
        devise: p.devise,
        typePiece: p.typePiece,
        typeTva: p.typeTva,
        motifExonerationTva: p.motifExonerationTva,
        ...decompte(p),
        montantHt: texte(p.montantHt),
        montantTva: texte(p.montantTva),
        montantTtc: texte(p.montantTtc),
        cautionRemplaceRetenue: p.cautionRemplaceRetenue,
        motifRevision: p.motifRevision,
      };
      const apres = {
        numero: data.numero,
        dateFacture: data.dateFacture,
        devise: data.devise,
        typePiece: data.typePiece,
        typeTva: data.typeTva,
        motifExonerationTva: data.motifExonerationTva ?? null,
        ...decompte(data),
        montantHt: texte(data.montantHt),
        montantTva: texte(data.montantTva),
        montantTtc: texte(data.montantTtc),
        cautionRemplaceRetenue: data.cautionRemplaceRetenue,
        motifRevision,
      };
      const changes = champsModifies<Record<string, unknown>>(avant, apres) ?? { avant: {}, apres: {} };
      const [lignesAvant, lignesApres] = [lignes(p.lignesTva), lignes(data.lignesTva)];
      if (JSON.stringify(lignesAvant) !== JSON.stringify(lignesApres)) {
        changes.avant.lignesTva = lignesAvant;
        changes.apres.lignesTva = lignesApres;
      }
      const [postesAvant, postesApres] = [postes(p.lignesPoste), postes(data.lignesPoste)];
      if (JSON.stringify(postesAvant) !== JSON.stringify(postesApres)) {
        changes.avant.lignesPoste = postesAvant;
        changes.apres.lignesPoste = postesApres;
      }
      if (Object.keys(changes.apres).length)
        await journaliser(tx, acteur, {
          action: "PIECE_CORRIGEE",
          structureId,
          cible: { type: "PieceTravaux", id },
          avant: changes.avant,
          apres: changes.apres,
        });
    });
  } catch (error) {
    if (isUniqueViolation(error, "PieceTravaux_numero_unique_par_annee"))
      throw new AppError("NUMERO_EN_DOUBLE", { numero: `Le numéro ${data.numero} est déjà utilisé par votre structure pour une facture de ${annee}.` });
    throw error;
  }
}

/** The décompte's amounts besides the totals (CCAG order), as stored (lib/invoices/decompte.ts). */
const CHAMPS_DECOMPTE = [
  "travauxCumules",
  "travauxCumulesPrecedents",
  "travauxPeriode",
  "revisionPrix",
  "avanceVersee",
  "avanceRemboursee",
  "retenueGarantie",
  "penalites",
  "netAPayer",
] as const;
const selectDecompte = {
  ...(Object.fromEntries(CHAMPS_DECOMPTE.map((c) => [c, true])) as Record<(typeof CHAMPS_DECOMPTE)[number], true>),
  typePiece: true,
  motifExonerationTva: true,
  cautionRemplaceRetenue: true,
  motifRevision: true,
} as const;
const selectPoste = { reference: true, denomination: true, quantite: true, unite: true, prixUnitaireHt: true, montantHt: true, tauxTva: true } as const;
type LignePoste<N> = { reference: string | null; denomination: string; quantite: N; unite: string | null; prixUnitaireHt: N; montantHt: N; tauxTva: number };

/**
 * One statement: the invoice's fields and décompte, then its VAT lines and its « postes ou prestations » (rows 0…n-1
 * written over, the ones beyond removed), if the piece is still of the actor's structure and in `statut`. The number
 * of pieces written (0 or 1).
 */
async function ecrireFacture(
  client: Client,
  structureId: string,
  id: string,
  data: FactureData,
  motifRevision: string | null,
  statut: StatutPieceTravaux,
): Promise<number> {
  const annee = Number(data.dateFacture.slice(0, 4));
  const lignes = data.lignesTva;
  const postes = data.lignesPoste;
  const big = (v: number | null) => (v === null ? null : BigInt(v));
  const [{ n }] = await client.$queryRaw<{ n: number }[]>`
    WITH u AS (
      UPDATE "PieceTravaux"
      SET numero = ${data.numero}, "numeroReserve" = ${data.numero}, "dateFacture" = ${data.dateFacture}::date, "anneeFacture" = ${annee}, devise = ${data.devise},
          "typePiece" = ${data.typePiece}::"TypePiece", "typeTva" = ${data.typeTva}::"TypeTva", "motifExonerationTva" = ${data.motifExonerationTva ?? null},
          "travauxCumules" = ${big(data.travauxCumules)}::bigint, "travauxCumulesPrecedents" = ${big(data.travauxCumulesPrecedents)}::bigint,
          "travauxPeriode" = ${BigInt(data.travauxPeriode)}, "revisionPrix" = ${BigInt(data.revisionPrix)}, "avanceVersee" = ${BigInt(data.avanceVersee)},
          "avanceRemboursee" = ${BigInt(data.avanceRemboursee)}, "montantHt" = ${BigInt(data.montantHt)}, "montantTva" = ${BigInt(data.montantTva)},
          "montantTtc" = ${BigInt(data.montantTtc)}, "retenueGarantie" = ${BigInt(data.retenueGarantie)}, "cautionRemplaceRetenue" = ${data.cautionRemplaceRetenue},
          penalites = ${BigInt(data.penalites)}, "netAPayer" = ${BigInt(data.netAPayer)}, "motifRevision" = ${motifRevision}, "updatedAt" = ${new Date()}
      WHERE id = ${id}::uuid AND "structureDeposanteId" = ${structureId}::uuid AND statut = ${statut}::"StatutPieceTravaux"
      RETURNING id
    ), p AS (
      INSERT INTO "LignePosteTravaux" (id, "pieceId", rang, reference, denomination, quantite, unite, "prixUnitaireHt", "montantHt", "tauxTva")
      SELECT gen_random_uuid(), u.id, p.rang - 1, p.reference, p.denomination, p.quantite, p.unite, p.pu, p.ht, p.taux
      FROM u, unnest(${postes.map((l) => l.reference)}::text[], ${postes.map((l) => l.denomination)}::text[], ${postes.map((l) => BigInt(l.quantite))}::bigint[],
                     ${postes.map((l) => l.unite)}::text[], ${postes.map((l) => BigInt(l.prixUnitaireHt))}::bigint[], ${postes.map((l) => BigInt(l.montantHt))}::bigint[],
                     ${postes.map((l) => l.tauxTva)}::int[])
           WITH ORDINALITY AS p(reference, denomination, quantite, unite, pu, ht, taux, rang)
      ON CONFLICT ("pieceId", rang) DO UPDATE SET reference = EXCLUDED.reference, denomination = EXCLUDED.denomination, quantite = EXCLUDED.quantite,
        unite = EXCLUDED.unite, "prixUnitaireHt" = EXCLUDED."prixUnitaireHt", "montantHt" = EXCLUDED."montantHt", "tauxTva" = EXCLUDED."tauxTva"
    ), dp AS (
      DELETE FROM "LignePosteTravaux" WHERE "pieceId" IN (SELECT id FROM u) AND rang >= ${postes.length}
    ), l AS (
      INSERT INTO "LigneTvaTravaux" (id, "pieceId", rang, taux, "baseHt", "montantTva")
      SELECT gen_random_uuid(), u.id, l.rang - 1, l.taux, l.base, l.tva
      FROM u, unnest(${lignes.map((l) => l.taux)}::int[], ${lignes.map((l) => BigInt(l.baseHt))}::bigint[], ${lignes.map((l) => BigInt(l.montantTva))}::bigint[])
           WITH ORDINALITY AS l(taux, base, tva, rang)
      ON CONFLICT ("pieceId", rang) DO UPDATE SET taux = EXCLUDED.taux, "baseHt" = EXCLUDED."baseHt", "montantTva" = EXCLUDED."montantTva"
    ), d AS (
      DELETE FROM "LigneTvaTravaux" WHERE "pieceId" IN (SELECT id FROM u) AND rang >= ${lignes.length}
    )
    SELECT count(*)::int AS n FROM u`;
  return n;
}

/** A draft can be thrown away; a sent piece cannot. */
export async function supprimerBrouillon(acteur: Acteur, pieceId: string): Promise<void> {
  // A validated structure first: its refusal says what to do.
  structureDe(acteur);
  const id = verifierId(pieceId);
  await db.$transaction(async (tx) => {
    await verrouillerBrouillon(tx, acteur, id);
    await tx.pieceTravaux.delete({ where: { id } });
  });
}
