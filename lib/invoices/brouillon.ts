import { db } from "@/lib/db";
import { AppError, isUniqueViolation } from "@/lib/errors";
import type { Acteur } from "@/lib/auth/acteur";
import { A_COMPLETER, structureDe, verifierId, verrouillerBrouillon } from "./acces";
import { cadre as definitionCadre, cadresAutorises } from "./cadres";
import { controlerParties, resoudreParties, selectControle, siInactive } from "./parties";
import type { CadreData, FactureData, PartiesData } from "./schemas";
import { verifierTransition } from "./statuts";

/**
 * The three steps of « Déposer », each saved on the server: a draft exists from the first step on, can be
 * left and resumed, and is seen by its structure only. Every save re-runs the controls of its step.
 */

async function verifierCadre(structureId: string, data: CadreData) {
  const structure = await db.structure.findUniqueOrThrow({
    where: { id: structureId },
    select: { isPublicBuyer: true, worksSpaceOpen: true, services: { where: { active: true }, select: { id: true } } },
  });
  if (!cadresAutorises(structure).some((c) => c.code === data.cadre)) throw new AppError("CADRE_NON_AUTORISE", { cadre: "Ce cadre de facturation n'est pas proposé à votre structure." });
  if (structure.services.length > 0) {
    if (!data.serviceDeposantId) throw new AppError("CHAMP_OBLIGATOIRE", { serviceDeposantId: "Sélectionnez le service de votre structure." });
    if (!structure.services.some((s) => s.id === data.serviceDeposantId)) throw new AppError("SAISIE_INVALIDE", { serviceDeposantId: "Ce service n'existe pas ou n'est plus actif." });
  } else if (data.serviceDeposantId) throw new AppError("SAISIE_INVALIDE", { serviceDeposantId: "Votre structure n'a pas de service." });
}

/** Step 1 of a new piece: the draft is created, with the first row of its history. */
export async function creerBrouillon(acteur: Acteur, data: CadreData): Promise<{ id: string }> {
  const structureId = structureDe(acteur);
  await verifierCadre(structureId, data);
  const t = verifierTransition(null, "BROUILLON", "DEPOSANT");
  return db.pieceTravaux.create({
    data: {
      cadre: data.cadre,
      structureDeposanteId: structureId,
      serviceDeposantId: data.serviceDeposantId ?? null,
      creeParId: acteur.userId,
      moeId: definitionCadre(data.cadre).moe === "deposant" ? structureId : null,
      historique: {
        create: { action: t.action, statutAvant: null, statutApres: "BROUILLON", acteurUserId: acteur.userId, acteurNom: acteur.name, acteurStructureId: structureId },
      },
    },
    select: { id: true },
  });
}

/** Step 1 again: a changed frame drops the parties it no longer has. */
export async function enregistrerCadre(acteur: Acteur, pieceId: string, data: CadreData): Promise<void> {
  const structureId = structureDe(acteur);
  const id = verifierId(pieceId);
  await verifierCadre(structureId, data);
  const c = definitionCadre(data.cadre);
  await db.$transaction(async (tx) => {
    await verrouillerBrouillon(tx, structureId, id);
    const avant = await tx.pieceTravaux.findUniqueOrThrow({ where: { id }, select: { cadre: true, moeId: true } });
    const moeId = c.moe === "deposant" ? structureId : c.moe === "aucune" || definitionCadre(avant.cadre).moe === "deposant" ? null : avant.moeId;
    await tx.pieceTravaux.update({
      where: { id },
      data: { cadre: data.cadre, serviceDeposantId: data.serviceDeposantId ?? null, moeId, ...(c.titulaire === "aucun" ? { titulaireId: null } : {}), ...(c.cotraitant ? {} : { cotraitantId: null }) },
    });
  });
}

/** Step 2: MOE (when the frame has one), titulaire (A10, A15, A17), cotraitant (A13, A14: the mandataire deposits for it), MOA and its service. */
export async function enregistrerParties(acteur: Acteur, pieceId: string, data: PartiesData): Promise<void> {
  const structureId = structureDe(acteur);
  const id = verifierId(pieceId);
  await db.$transaction(async (tx) => {
    await verrouillerBrouillon(tx, structureId, id);
    const piece = await tx.pieceTravaux.findUniqueOrThrow({ where: { id }, select: { cadre: true } });
    const parties = await resoudreParties(tx, piece.cadre, structureId, data);
    await tx.pieceTravaux.update({ where: { id }, data: parties });
  });
}

/** The parties saved on a draft, checked again (an MOE may have closed its space, a service been closed meanwhile). */
export const partiesAControler = { moe: { select: selectControle }, titulaire: { select: selectControle }, cotraitant: { select: selectControle }, moa: { select: selectControle } } as const;

type ControlePartie = { id: string; active: boolean; isPublicBuyer: boolean; worksSpaceOpen: boolean; services: { id: string }[] } | null;
export function recontroler(p: { cadre: CadreData["cadre"]; moe: ControlePartie; titulaire: ControlePartie; cotraitant: ControlePartie; moa: ControlePartie; serviceMoaId: string | null }, deposantId: string) {
  const partie = (s: ControlePartie) => (s ? siInactive(s) : undefined);
  return controlerParties(p.cadre, deposantId, { moe: partie(p.moe), titulaire: partie(p.titulaire), cotraitant: partie(p.cotraitant), moa: partie(p.moa) }, p.serviceMoaId);
}

/**
 * Step 3, « Enregistrer »: the invoice's number, date, currency, VAT type, totals and VAT detail. The
 * guide's controls run: mandatory fields (the schema), the parties (the MOE's space still open), and the
 * number, unique per depositing structure and year — held by a unique index, so two saves at once cannot
 * both take it.
 */
export async function enregistrerFacture(acteur: Acteur, pieceId: string, data: FactureData): Promise<void> {
  const structureId = structureDe(acteur);
  const id = verifierId(pieceId);
  const annee = Number(data.dateFacture.slice(0, 4));
  try {
    await db.$transaction(async (tx) => {
      await verrouillerBrouillon(tx, structureId, id, A_COMPLETER);
      const piece = await tx.pieceTravaux.findUniqueOrThrow({
        where: { id },
        select: { cadre: true, moaId: true, serviceMoaId: true, ...partiesAControler },
      });
      if (!piece.moaId)
        throw new AppError("CHAMP_OBLIGATOIRE", {}, "Identifiez d'abord la maîtrise d'œuvre et la maîtrise d'ouvrage (étape 2, « Parties »).");
      recontroler(piece, structureId);
      await tx.pieceTravaux.update({
        where: { id },
        data: {
          numero: data.numero,
          dateFacture: new Date(`${data.dateFacture}T00:00:00Z`),
          anneeFacture: annee,
          devise: data.devise,
          typeTva: data.typeTva,
          montantHt: BigInt(data.montantHt),
          montantTva: BigInt(data.montantTva),
          montantTtc: BigInt(data.montantTtc),
        },
      });
      await tx.ligneTvaTravaux.deleteMany({ where: { pieceId: id } });
      if (data.lignesTva.length > 0)
        await tx.ligneTvaTravaux.createMany({
          data: data.lignesTva.map((l, rang) => ({ pieceId: id, rang, taux: l.taux, baseHt: BigInt(l.baseHt), montantTva: BigInt(l.montantTva) })),
        });
    });
  } catch (error) {
    if (isUniqueViolation(error, "PieceTravaux_numero_unique_par_annee") || isUniqueViolation(error, "numero"))
      throw new AppError("NUMERO_EN_DOUBLE", { numero: `Le numéro ${data.numero} est déjà utilisé par votre structure pour une facture de ${annee}.` });
    throw error;
  }
}

/** A draft can be thrown away; a sent piece cannot. */
export async function supprimerBrouillon(acteur: Acteur, pieceId: string): Promise<void> {
  const structureId = structureDe(acteur);
  const id = verifierId(pieceId);
  await db.$transaction(async (tx) => {
    await verrouillerBrouillon(tx, structureId, id);
    await tx.pieceTravaux.delete({ where: { id } });
  });
}
