import { db, type Client, type Tx } from "@/lib/db";
import { AppError, MESSAGES } from "@/lib/errors";
import type { Acteur } from "@/lib/auth/acteur";
import type { CadreFacturation, StatutPieceTravaux } from "@/lib/generated/prisma/client";
import { kickMailDelivery, queueMails } from "@/lib/mail/outbox";
import { exigerModification, rolesSur, serviceFinancierEnBase, limitationDe, structureDe, verifierId, visiblePar, type RolePiece } from "./acces";
import { mailsDeTransition, QUI } from "./destinataires";
import { controlerServiceFinancier, mailsServiceFinancier, type SaisieMandat, type SaisiePaiement } from "./paiement";
import { avecNumeroLibere } from "./numero-libere";
import { ecrireHistorique } from "./historique";
import {
  ACTIONS_TRAITEMENT,
  MOE_A_TRAITER,
  MOTIFS_REFUS,
  REFUSEES,
  STATUTS,
  TRANSITIONS,
  type ActionTraitement,
  type MotifRefus,
  type Transition,
} from "./statuts";

/**
 * The engine of the TRANSITIONS table: the processing of a sent piece — prise en compte, refus, suspension by its
 * MOE or MOA, validation or refusal by its titulaire (A10), completion by its depositor — and what the portal does
 * by itself (deadlines, transmission by the next piece, procédure tacite). Every change goes through the table,
 * under a lock on the piece's row, writes one history row and queues the mails to the actors concerned, in one
 * transaction.
 */

const VERBE: Record<ActionTraitement, { participe: string; infinitif: string }> = {
  PRISE_EN_COMPTE: { participe: "prise en compte", infinitif: "prendre en compte" },
  REFUS: { participe: "refusée", infinitif: "refuser" },
  SUSPENSION: { participe: "suspendue", infinitif: "suspendre" },
  COMPLETION: { participe: "complétée et renvoyée", infinitif: "compléter et renvoyer" },
  VALIDATION: { participe: "validée", infinitif: "valider" },
  MISE_EN_RECYCLAGE: { participe: "mise à recycler", infinitif: "mettre à recycler" },
  MANDATEMENT: { participe: "mandatée", infinitif: "mandater" },
  MISE_EN_PAIEMENT: { participe: "mise en paiement", infinitif: "mettre en paiement" },
  REJET: { participe: "rejetée", infinitif: "rejeter" },
};

export type MotifSaisi = { code?: string; texte?: string };

/** The reason a transition requires, checked and worded as the history keeps it. */
function motifDe(t: Transition, saisi: MotifSaisi | undefined): string | null {
  const texte = saisi?.texte?.trim() ?? "";
  if (t.motif === "REFUS") {
    if (!saisi?.code || !(saisi.code in MOTIFS_REFUS))
      throw new AppError("MOTIF_TRAITEMENT_OBLIGATOIRE", { motifCode: "Choisissez le motif du refus dans la liste." });
    if (saisi.code === "AUTRE" && !texte) throw new AppError("MOTIF_TRAITEMENT_OBLIGATOIRE", { motif: "Précisez l'erreur dans les données d'acheminement." });
    const libelle = MOTIFS_REFUS[saisi.code as MotifRefus];
    return texte ? `${libelle} : ${texte}` : libelle;
  }
  if (t.motif === "REFUS_TITULAIRE") {
    if (!texte) throw new AppError("MOTIF_TRAITEMENT_OBLIGATOIRE", { motif: "Indiquez au sous-traitant pourquoi vous refusez sa demande de paiement." });
    return texte;
  }
  if (t.motif === "SUSPENSION") {
    if (!texte) throw new AppError("MOTIF_TRAITEMENT_OBLIGATOIRE", { motif: "Indiquez les pièces jointes manquantes." });
    return texte;
  }
  if (t.motif === "REJET") {
    if (!texte) throw new AppError("MOTIF_TRAITEMENT_OBLIGATOIRE", { motif: "Indiquez le motif du rejet." });
    return texte;
  }
  if (t.motif === "RECYCLAGE") {
    if (!texte) throw new AppError("MOTIF_TRAITEMENT_OBLIGATOIRE", { motif: "Indiquez l'erreur dans les données d'acheminement." });
    return texte;
  }
  return texte || null;
}

/** What a transition reads of its piece: the parties (the mails' recipients and wording), the dossier. */
export const pieceATraiter = {
  id: true,
  statut: true,
  cadre: true,
  numero: true,
  structureDeposanteId: true,
  moeId: true,
  moaId: true,
  titulaireId: true,
  // The cotraitant named on the piece is told of each change of status (destinataires.ts); it acts on nothing.
  cotraitantId: true,
  // Who acts and who is told, for a user limited to services (lib/invoices/acces.ts).
  serviceDeposantId: true,
  serviceMoaId: true,
  structureDeposante: { select: { raisonSociale: true } },
  moe: { select: { raisonSociale: true } },
  moa: { select: { raisonSociale: true } },
  titulaire: { select: { raisonSociale: true } },
  dossier: { select: { numero: true } },
} as const;

export type PieceATraiter = NonNullable<Awaited<ReturnType<typeof chargerPiece>>>;

export async function chargerPiece(tx: Tx, id: string) {
  return tx.pieceTravaux.findUnique({ where: { id }, select: pieceATraiter });
}

/**
 * Takes the piece's row lock for the rest of the transaction and reads its status (null: no such piece). Two
 * changes at once are served one after the other, and the second sees the status the first left.
 */
export async function verrouillerPiece(tx: Tx, id: string): Promise<StatutPieceTravaux | null> {
  const rows = await tx.$queryRaw<{ statut: StatutPieceTravaux }[]>`SELECT "statut" FROM "PieceTravaux" WHERE "id" = ${id}::uuid FOR UPDATE`;
  return rows[0]?.statut ?? null;
}

/** Who suspended the piece (its last suspension): the completed piece goes back to them. */
async function suspenduePar(tx: Client, id: string): Promise<"MOE" | "MOA" | "PAYEUR" | undefined> {
  const h = await tx.historiquePieceTravaux.findFirst({
    where: { pieceId: id, action: "SUSPENSION" },
    orderBy: { createdAt: "desc" },
    select: { statutAvant: true },
  });
  if (!h?.statutAvant) return undefined;
  // The paying service suspends what was put at its disposal (MISE_A_DISPOSITION).
  if (h.statutAvant === "MISE_A_DISPOSITION") return "PAYEUR";
  return (MOE_A_TRAITER as readonly string[]).includes(h.statutAvant) ? "MOE" : "MOA";
}

/**
 * The row of the table for this action on this piece by this actor, or why not, in French:
 * an action the status does not allow, or an actor who is not the one the table names.
 */
export async function transitionPour(
  tx: Client,
  piece: { id: string; statut: StatutPieceTravaux; cadre: CadreFacturation },
  action: ActionTraitement,
  roles: RolePiece[],
): Promise<Transition> {
  let lignes = TRANSITIONS.filter((t) => t.de === piece.statut && t.action === action && t.par !== "SYSTEME");
  // « À valider par le titulaire »: its « Valider » and « Refuser » are the A10's. A décompte général (A18, A20) put at the
  // titulaire's disposal is signed (its A8, « Signer le décompte général »), with reserves if contested — never refused.
  if (piece.statut === "A_VALIDER_1" && piece.cadre !== "A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT") {
    lignes = lignes.filter((t) => t.par !== "TITULAIRE");
    if (lignes.length === 0 && (action === "REFUS" || action === "VALIDATION"))
      throw new AppError(
        "ACTION_IMPOSSIBLE",
        {},
        "Le décompte général ne se refuse pas : le titulaire le signe (« Signer le décompte général »), avec réserves s'il le conteste (mémoire en réclamation).",
      );
  }
  if (action === "COMPLETION" && lignes.length > 0) {
    const par = await suspenduePar(tx, piece.id);
    lignes = lignes.filter((t) => t.suspenduePar === par);
  }
  if (lignes.length === 0)
    throw new AppError("ACTION_IMPOSSIBLE", {}, `Une pièce au statut « ${STATUTS[piece.statut].libelle} » ne peut pas être ${VERBE[action].participe}.`);
  const t = lignes.find((l) => (roles as string[]).includes(l.par));
  if (!t) {
    const qui = [...new Set(lignes.map((l) => QUI[l.par]))].join(" ou ");
    throw new AppError("NON_AUTORISE", {}, `${qui.startsWith("le ") ? "Seul" : "Seule"} ${qui} peut ${VERBE[action].infinitif} cette pièce.`);
  }
  return t;
}

/**
 * Applies one row of the table to a locked piece: the status, one history row, the mails. Returns the
 * outbox ids to kick after commit.
 */
export async function appliquer(
  tx: Tx,
  p: PieceATraiter,
  t: Transition,
  o: { acteur?: Acteur; structureId?: string; motif?: string | null; commentaire?: string | null; now: Date },
): Promise<string[]> {
  await tx.pieceTravaux.update({ where: { id: p.id }, data: { statut: t.vers, statutLe: o.now } });
  await ecrireHistorique(tx, p.id, {
    action: t.action,
    statutAvant: p.statut,
    statutApres: t.vers,
    acteur: o.acteur,
    structureId: o.structureId,
    motif: o.motif,
    commentaire: o.commentaire,
    le: o.now,
    cadre: p.cadre,
  });
  const mails = t.par === "PAYEUR" ? await mailsServiceFinancier(tx, p, t, o) : await mailsDeTransition(tx, p, t, o);
  return (await queueMails(tx, mails)).map((m) => m.id);
}

export type ResultatTraitement = { statut: StatutPieceTravaux; libelle: string };

/**
 * « Prendre en compte », « Refuser », « Suspendre » (MOE, MOA), « Compléter et renvoyer » (the depositor),
 * « Valider » / « Refuser » a subcontractor's request (A10, the titulaire, once the direct-payment attestation is joined).
 * The actor's structure must see the piece (else « introuvable ») and be, on this piece, who the table names.
 */
export async function traiterPiece(
  acteur: Acteur,
  pieceId: string,
  action: ActionTraitement,
  o: { motif?: MotifSaisi; now?: Date; libererNumero?: boolean; mandat?: SaisieMandat; paiement?: SaisiePaiement } = {},
): Promise<ResultatTraitement> {
  const structureId = structureDe(acteur);
  const id = verifierId(pieceId);
  const now = o.now ?? new Date();
  const { resultat, mails } = await db.$transaction(async (tx) => {
    if (!(await verrouillerPiece(tx, id))) throw new AppError("INTROUVABLE");
    const visible = await tx.pieceTravaux.count({ where: { id, ...visiblePar(structureId, acteur) } });
    if (!visible) throw new AppError("INTROUVABLE");
    const p = (await chargerPiece(tx, id))!;
    // A user limited to services acts only where he has « Modification » (lib/invoices/acces.ts).
    await exigerModification(tx, acteur, structureId, p);
    // The « Service financier » habilitation, read from the actor's membership (never from the session), for the MOA's structure only.
    const serviceFinancier = p.moaId === structureId && (await serviceFinancierEnBase(tx, acteur, structureId));
    const t = await transitionPour(tx, p, action, rolesSur(p, structureId, { serviceFinancier }));
    let motif = motifDe(t, o.motif);
    // A refusal that says so frees the piece's number: the depositor may send a new piece under it (lib/invoices/recyclage.ts).
    const liberer = !!o.libererNumero && (REFUSEES as readonly string[]).includes(t.vers);
    if (liberer) motif = avecNumeroLibere(motif);
    if (action === "VALIDATION") {
      const attestation = await tx.pieceJointeTravaux.count({ where: { pieceId: id, nature: "ATTESTATION_PAIEMENT_DIRECT", retireeLe: null } });
      if (!attestation) throw new AppError("ATTESTATION_PAIEMENT_DIRECT_MANQUANTE", { fichier: MESSAGES.ATTESTATION_PAIEMENT_DIRECT_MANQUANTE });
    }
    if (action === "COMPLETION") {
      const facture = await tx.pieceJointeTravaux.count({ where: { pieceId: id, nature: "FACTURE", retireeLe: null } });
      if (!facture) throw new AppError("FACTURE_PDF_MANQUANTE");
    }
    if (liberer) await tx.pieceTravaux.update({ where: { id }, data: { numeroReserve: null } });
    // Mandatement, mise en paiement: the mandate's number and date, the amount and date paid, checked and stored on the piece.
    const paiement = await controlerServiceFinancier(tx, id, t, { mandat: o.mandat, paiement: o.paiement }, now);
    if (paiement) await tx.pieceTravaux.update({ where: { id }, data: paiement.donnees });
    const mails = await appliquer(tx, p, t, { acteur, structureId, motif, commentaire: paiement?.commentaire, now });
    return { resultat: { statut: t.vers, libelle: STATUTS[t.vers].libelle }, mails };
  });
  await kickMailDelivery(mails);
  return resultat;
}

/** What the actor may do on the piece now: the buttons of its page. */
export async function actionsPossibles(
  acteur: Acteur,
  piece: { id: string; statut: StatutPieceTravaux; cadre: CadreFacturation; roles: RolePiece[] },
): Promise<ActionTraitement[]> {
  const structureId = structureDe(acteur);
  // A user limited to services, on a piece of a service where he only consults: no action (lib/invoices/acces.ts).
  if (await limitationDe(db, acteur, structureId)) {
    const services = await db.pieceTravaux.findUnique({
      where: { id: piece.id },
      select: { structureDeposanteId: true, serviceDeposantId: true, moaId: true, serviceMoaId: true },
    });
    if (!services) return [];
    try {
      await exigerModification(db, acteur, structureId, services);
    } catch {
      return [];
    }
  }
  const possibles: ActionTraitement[] = [];
  for (const action of ACTIONS_TRAITEMENT) {
    try {
      await transitionPour(db, piece, action, piece.roles);
      possibles.push(action);
    } catch {
      // not this one
    }
  }
  return possibles;
}
