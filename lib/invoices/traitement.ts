import { db, type Tx } from "@/lib/db";
import { AppError, MESSAGES } from "@/lib/errors";
import type { Acteur } from "@/lib/auth/acteur";
import type { CadreFacturation, StatutPieceTravaux } from "@/lib/generated/prisma/client";
import { kickMailDelivery, queueMails, type QueueMailInput } from "@/lib/mail/outbox";
import { rolesSur, structureDe, verifierId, visiblePar, type RolePiece } from "./acces";
import { libelleCadre } from "./cadres";
import { numeroDossier } from "./certificat";
import {
  ACTIONS_TRAITEMENT,
  DELAI_MOA_TACITE_JOURS,
  DELAI_MOE_JOURS,
  MOA_A_TRAITER,
  MOE_A_TRAITER,
  MOTIFS_REFUS,
  STATUTS,
  TRANSITIONS,
  type ActeurTransition,
  type ActionTraitement,
  type MotifRefus,
  type Transition,
} from "./statuts";

/**
 * The processing of a sent piece: prise en compte, refus, suspension by its MOE or MOA, completion by its
 * depositor, and what the portal does by itself (7-day deadline, transmission by the next piece). Every
 * change goes through the TRANSITIONS table, under a lock on the piece's row, writes one history row and
 * queues the mails to the actors concerned, in one transaction.
 */

const VERBE: Record<ActionTraitement, { participe: string; infinitif: string }> = {
  PRISE_EN_COMPTE: { participe: "prise en compte", infinitif: "prendre en compte" },
  REFUS: { participe: "refusée", infinitif: "refuser" },
  SUSPENSION: { participe: "suspendue", infinitif: "suspendre" },
  COMPLETION: { participe: "complétée et renvoyée", infinitif: "compléter et renvoyer" },
  VALIDATION: { participe: "validée", infinitif: "valider" },
};

const QUI: Record<ActeurTransition, string> = {
  MOE: "la maîtrise d'œuvre",
  MOA: "la maîtrise d'ouvrage",
  DEPOSANT: "la structure qui a déposé la pièce",
  TITULAIRE: "le titulaire du marché",
  SYSTEME: "le portail",
};

/** The monthly drafts the MOE must process within 7 days. */
export const CADRES_DELAI_MOE: readonly CadreFacturation[] = ["A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", "A13_PROJET_DECOMPTE_MENSUEL_COTRAITANT"];

export type MotifSaisi = { code?: string; texte?: string };

/** The reason a transition requires, checked and worded as the history keeps it. */
function motifDe(t: Transition, saisi: MotifSaisi | undefined): string | null {
  const texte = saisi?.texte?.trim() ?? "";
  if (t.motif === "REFUS") {
    if (!saisi?.code || !(saisi.code in MOTIFS_REFUS)) throw new AppError("MOTIF_TRAITEMENT_OBLIGATOIRE", { motifCode: "Choisissez le motif du refus dans la liste." });
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
  return texte || null;
}

export const pieceATraiter = {
  id: true,
  statut: true,
  cadre: true,
  numero: true,
  structureDeposanteId: true,
  moeId: true,
  moaId: true,
  titulaireId: true,
  structureDeposante: { select: { raisonSociale: true } },
  moe: { select: { raisonSociale: true } },
  moa: { select: { raisonSociale: true } },
  titulaire: { select: { raisonSociale: true } },
  dossier: { select: { numero: true } },
} as const;

type PieceATraiter = NonNullable<Awaited<ReturnType<typeof chargerPiece>>>;

async function chargerPiece(tx: Tx, id: string) {
  return tx.pieceTravaux.findUnique({ where: { id }, select: pieceATraiter });
}

/** Takes the row lock: two reviewers at once are served one after the other, and the second sees the new status. */
async function verrouiller(tx: Tx, id: string): Promise<StatutPieceTravaux | null> {
  const rows = await tx.$queryRaw<{ statut: StatutPieceTravaux }[]>`SELECT "statut" FROM "PieceTravaux" WHERE "id" = ${id}::uuid FOR UPDATE`;
  return rows[0]?.statut ?? null;
}

/** Who suspended the piece (its last suspension): the completed piece goes back to them. */
async function suspenduePar(tx: Tx, id: string): Promise<"MOE" | "MOA" | undefined> {
  const h = await tx.historiquePieceTravaux.findFirst({ where: { pieceId: id, action: "SUSPENSION" }, orderBy: { createdAt: "desc" }, select: { statutAvant: true } });
  if (!h?.statutAvant) return undefined;
  return (MOE_A_TRAITER as readonly string[]).includes(h.statutAvant) ? "MOE" : "MOA";
}

/**
 * The row of the table for this action on this piece by this actor, or why not, in French:
 * an action the status does not allow, or an actor who is not the one the table names.
 */
export async function transitionPour(tx: Tx, piece: { id: string; statut: StatutPieceTravaux }, action: ActionTraitement, roles: RolePiece[]): Promise<Transition> {
  let lignes = TRANSITIONS.filter((t) => t.de === piece.statut && t.action === action && t.par !== "SYSTEME");
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

async function membres(tx: Tx, structureId: string | null) {
  if (!structureId) return [];
  const rows = await tx.membership.findMany({
    where: { structureId, status: "VALIDEE", user: { status: "ACTIF" } },
    select: { user: { select: { firstName: true, lastName: true, contactEmail: true } } },
  });
  return rows.map((r) => r.user);
}

const formatDateHeure = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", dateStyle: "long", timeStyle: "short" });

/** Who is told of a change, and what: the sentence of the mail, per new status. */
function destinataires(p: PieceATraiter, t: Transition): { structures: (string | null)[]; message: string } {
  const moe = `la maîtrise d'œuvre ${p.moe?.raisonSociale ?? ""}`.trim();
  const moa = `la maîtrise d'ouvrage ${p.moa?.raisonSociale ?? ""}`.trim();
  const titulaire = `le titulaire ${p.titulaire?.raisonSociale ?? ""}`.trim();
  const reviewer = t.par === "MOA" ? moa : t.par === "TITULAIRE" ? titulaire : moe;
  switch (t.action) {
    case "VALIDATION":
      return {
        structures: [p.structureDeposanteId, p.moeId],
        message: `${titulaire[0].toUpperCase()}${titulaire.slice(1)} a validé la demande de paiement du sous-traitant et joint l'attestation de paiement direct : elle est mise à la disposition de ${moe}.`,
      };
    case "PRISE_EN_COMPTE":
      return { structures: [p.structureDeposanteId], message: `Votre pièce a été prise en compte par ${reviewer}.` };
    case "REFUS":
      if (t.par === "TITULAIRE")
        return {
          structures: [p.structureDeposanteId],
          message: `Votre demande de paiement a été refusée par ${titulaire}. Un refus arrête le circuit de cette pièce : déposez-en une nouvelle si besoin.`,
        };
      return {
        structures: [p.structureDeposanteId],
        message: `Votre pièce a été refusée par ${reviewer} pour une erreur dans ses données d'acheminement (maîtrise d'œuvre, maîtrise d'ouvrage ou valideur). Un refus arrête le circuit de cette pièce : déposez-en une nouvelle avec les bonnes données.`,
      };
    case "SUSPENSION":
      return {
        structures: [p.structureDeposanteId],
        message: `Votre pièce a été suspendue par ${reviewer} : des pièces jointes manquent. Complétez-la depuis la pièce (« Compléter et renvoyer ») : elle retournera à ${reviewer}.`,
      };
    case "COMPLETION":
      return {
        structures: [t.suspenduePar === "MOA" ? p.moaId : p.moeId],
        message: `${p.structureDeposante.raisonSociale} a complété la pièce que vous aviez suspendue : elle est de nouveau mise à votre disposition.`,
      };
    case "DELAI_DEPASSE":
      return {
        structures: [p.structureDeposanteId, p.moaId],
        message: `${moe[0].toUpperCase()}${moe.slice(1)} n'a pas validé ce projet de décompte mensuel dans le délai réglementaire de ${DELAI_MOE_JOURS} jours à compter de sa réception.`,
      };
    case "REMPLACEMENT":
      return {
        structures: [p.structureDeposanteId, p.moaId],
        message: `Le décompte général n'ayant pas été notifié, le titulaire a envoyé son projet de décompte général (A22, procédure tacite), qui remplace cette pièce : ${moa} a ${DELAI_MOA_TACITE_JOURS} jours pour notifier le décompte général.`,
      };
    case "TRANSMISSION":
      return { structures: [p.structureDeposanteId], message: `${moe[0].toUpperCase()}${moe.slice(1)} a transmis votre pièce à ${moa} en déposant la pièce suivante du dossier de facturation.` };
    default:
      return { structures: [], message: "" };
  }
}

/**
 * Applies one row of the table to a locked piece: the status, one history row, the mails. Returns the
 * outbox ids to kick after commit.
 */
export async function appliquer(
  tx: Tx,
  p: PieceATraiter,
  t: Transition,
  o: { acteur?: Acteur; structureId?: string; motif?: string | null; now: Date },
): Promise<string[]> {
  await tx.pieceTravaux.update({ where: { id: p.id }, data: { statut: t.vers, statutLe: o.now } });
  await tx.historiquePieceTravaux.create({
    data: {
      pieceId: p.id,
      action: t.action,
      statutAvant: p.statut,
      statutApres: t.vers,
      acteurUserId: o.acteur?.userId ?? null,
      acteurNom: o.acteur?.name ?? null,
      acteurStructureId: o.structureId ?? null,
      motif: o.motif ?? null,
      createdAt: o.now,
    },
  });
  const { structures, message } = destinataires(p, t);
  const vus = new Set<string>();
  const mails: QueueMailInput<"statut-piece-travaux">[] = [];
  const par = t.par === "SYSTEME" ? "Le portail" : o.acteur ? `${o.acteur.name} (${o.acteur.structure?.raisonSociale ?? ""})` : QUI[t.par];
  for (const structureId of structures) {
    for (const u of await membres(tx, structureId)) {
      if (vus.has(u.contactEmail)) continue;
      vus.add(u.contactEmail);
      mails.push({
        to: u.contactEmail,
        template: "statut-piece-travaux",
        data: {
          prenom: u.firstName,
          nom: u.lastName,
          piece: { pieceId: p.id, numero: p.numero ?? "", cadre: libelleCadre(p.cadre), deposant: p.structureDeposante.raisonSociale, dossier: p.dossier ? numeroDossier(p.dossier.numero) : "" },
          statut: STATUTS[t.vers].libelle,
          message,
          par,
          le: formatDateHeure.format(o.now),
          ...(o.motif ? { motif: o.motif } : {}),
        },
      });
    }
  }
  const ids = (await queueMails(tx, mails)).map((m) => m.id);
  return ids;
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
  o: { motif?: MotifSaisi; now?: Date } = {},
): Promise<ResultatTraitement> {
  const structureId = structureDe(acteur);
  const id = verifierId(pieceId);
  const now = o.now ?? new Date();
  const { resultat, mails } = await db.$transaction(async (tx) => {
    if (!(await verrouiller(tx, id))) throw new AppError("INTROUVABLE");
    const visible = await tx.pieceTravaux.count({ where: { id, ...visiblePar(structureId) } });
    if (!visible) throw new AppError("INTROUVABLE");
    const p = (await chargerPiece(tx, id))!;
    const t = await transitionPour(tx, p, action, rolesSur(p, structureId));
    const motif = motifDe(t, o.motif);
    if (action === "VALIDATION") {
      const attestation = await tx.pieceJointeTravaux.count({ where: { pieceId: id, nature: "ATTESTATION_PAIEMENT_DIRECT" } });
      if (!attestation) throw new AppError("ATTESTATION_PAIEMENT_DIRECT_MANQUANTE", { fichier: MESSAGES.ATTESTATION_PAIEMENT_DIRECT_MANQUANTE });
    }
    if (action === "COMPLETION") {
      const facture = await tx.pieceJointeTravaux.count({ where: { pieceId: id, nature: "FACTURE" } });
      if (!facture) throw new AppError("FACTURE_PDF_MANQUANTE");
    }
    const mails = await appliquer(tx, p, t, { acteur, structureId, motif, now });
    return { resultat: { statut: t.vers, libelle: STATUTS[t.vers].libelle }, mails };
  });
  await kickMailDelivery(mails);
  return resultat;
}

/** What the actor may do on the piece now: the buttons of its page. */
export async function actionsPossibles(acteur: Acteur, piece: { id: string; statut: StatutPieceTravaux; roles: RolePiece[] }): Promise<ActionTraitement[]> {
  structureDe(acteur);
  const possibles: ActionTraitement[] = [];
  for (const action of ACTIONS_TRAITEMENT) {
    try {
      await transitionPour(db as unknown as Tx, piece, action, piece.roles);
      possibles.push(action);
    } catch {
      // not this one
    }
  }
  return possibles;
}

/**
 * The 7-day rule: every monthly draft still at the MOE's disposal 7 days after it got there becomes
 * « Absence de validation de la MOE dans le délai réglementaire », and its depositor and MOA are told.
 * Idempotent (a conditional change of status, once per piece) and driven by `now`, not the wall clock.
 */
export async function verifierDelais(now = new Date()): Promise<{ pieces: string[] }> {
  const limite = new Date(now.getTime() - DELAI_MOE_JOURS * 24 * 3600 * 1000);
  const enRetard = await db.pieceTravaux.findMany({
    where: { statut: "MISE_A_DISPOSITION_MOE", cadre: { in: [...CADRES_DELAI_MOE] }, statutLe: { lte: limite } },
    select: { id: true },
    orderBy: { statutLe: "asc" },
    take: 500,
  });
  const traitees: string[] = [];
  for (const { id } of enRetard) {
    const mails = await db.$transaction(async (tx) => {
      const statut = await verrouiller(tx, id);
      const p = await chargerPiece(tx, id);
      // Processed meanwhile, or completed and put back at the MOE's disposal since: nothing to do.
      if (statut !== "MISE_A_DISPOSITION_MOE" || !p) return null;
      const encore = await tx.pieceTravaux.count({ where: { id, statutLe: { lte: limite } } });
      if (!encore) return null;
      const t = TRANSITIONS.find((l) => l.de === "MISE_A_DISPOSITION_MOE" && l.action === "DELAI_DEPASSE")!;
      return appliquer(tx, p, t, { now });
    });
    if (mails) {
      traitees.push(id);
      await kickMailDelivery(mails);
    }
  }
  return { pieces: traitees };
}

/** A22, procédure tacite: the date from which its depositor may deposit the décompte général et définitif tacite (A23). */
export function echeanceTacite(deposeeLe: Date): Date {
  return new Date(deposeeLe.getTime() + DELAI_MOA_TACITE_JOURS * 24 * 3600 * 1000);
}

/** An A22 of the depositor still at the MOA's (not processed), whose 10 days have run out. */
export function a23Possible(p: { cadre: CadreFacturation; statut: StatutPieceTravaux; deposeeLe: Date | null; roles: string[] }, now = new Date()): "oui" | "pas-encore" | "non" {
  if (p.cadre !== "A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE" || !p.roles.includes("DEPOSANT") || !p.deposeeLe) return "non";
  if (!(MOA_A_TRAITER as readonly string[]).includes(p.statut)) return "non";
  return now >= echeanceTacite(p.deposeeLe) ? "oui" : "pas-encore";
}

/** The older piece of a dossier an A22 may replace: a final draft (A7) still at the MOE's, a projet de DG (A17) still at the MOA's. */
export const A22_REMPLACE: Partial<Record<CadreFacturation, readonly StatutPieceTravaux[]>> = {
  A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR: MOE_A_TRAITER,
  A17_PROJET_DECOMPTE_GENERAL_MOE: MOA_A_TRAITER,
};

/** The titulaire (depositor of the A7, titulaire of the A17) may send its A22 from this piece, still pending. */
export function a22Possible(p: { cadre: CadreFacturation; statut: StatutPieceTravaux; roles: string[] }): boolean {
  const role = p.cadre === "A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR" ? "DEPOSANT" : "TITULAIRE";
  return !!A22_REMPLACE[p.cadre]?.includes(p.statut) && p.roles.includes(role);
}

/**
 * Procédure tacite, in the send's transaction, under the previous piece's lock.
 * - An A22 continuing a dossier: the older piece still pending at the MOE's or the MOA's becomes
 *   « REMPLACEE_PAR_A22 » (Chorus Pro's status); its depositor and the MOA are told. A piece processed
 *   meanwhile stops the send.
 * - An A23 following its depositor's A22: the A22 must still be at the MOA's and its 10 days run out; the A22
 *   itself keeps its status.
 */
export async function procedureTacite(tx: Tx, piece: { cadre: CadreFacturation; piecePrecedenteId: string | null }, deposantId: string, now: Date): Promise<string[]> {
  if (!piece.piecePrecedenteId) return [];
  if (piece.cadre === "A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE") {
    const statut = await verrouiller(tx, piece.piecePrecedenteId);
    const precedente = await chargerPiece(tx, piece.piecePrecedenteId);
    if (!statut || !precedente || !A22_REMPLACE[precedente.cadre]) return [];
    const roles = [precedente.structureDeposanteId === deposantId ? "DEPOSANT" : null, precedente.titulaireId === deposantId ? "TITULAIRE" : null].filter((r): r is string => !!r);
    if (!a22Possible({ cadre: precedente.cadre, statut, roles }))
      throw new AppError("ACTION_IMPOSSIBLE", {}, `La pièce précédente du dossier a été traitée (statut « ${STATUTS[statut].libelle} ») : le projet de décompte général (procédure tacite) n'a plus lieu d'être.`);
    const t = TRANSITIONS.find((l) => l.de === statut && l.vers === "REMPLACEE_PAR_A22" && l.par === "SYSTEME")!;
    return appliquer(tx, { ...precedente, statut }, t, { now });
  }
  if (piece.cadre === "A23_DECOMPTE_GENERAL_DEFINITIF_TACITE_FOURNISSEUR") {
    const statut = await verrouiller(tx, piece.piecePrecedenteId);
    const a22 = await tx.pieceTravaux.findUnique({ where: { id: piece.piecePrecedenteId }, select: { cadre: true, structureDeposanteId: true, deposeeLe: true } });
    if (!statut || !a22 || a22.cadre !== "A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE" || a22.structureDeposanteId !== deposantId) return [];
    const possible = a23Possible({ ...a22, statut, roles: ["DEPOSANT"] }, now);
    if (possible === "non")
      throw new AppError("ACTION_IMPOSSIBLE", {}, `La maîtrise d'ouvrage a traité le projet de décompte général (statut « ${STATUTS[statut].libelle} ») : le décompte général et définitif tacite n'a plus lieu d'être.`);
    if (possible === "pas-encore") throw new AppError("DELAI_TACITE_NON_ECHU");
  }
  return [];
}

/** Days left of the MOE's 7 days for a monthly draft at its disposal (negative: late), from its status date. */
export function joursRestants(p: { statut: StatutPieceTravaux; cadre: CadreFacturation; statutLe: Date }, now = new Date()): number | null {
  if (p.statut !== "MISE_A_DISPOSITION_MOE" || !CADRES_DELAI_MOE.includes(p.cadre)) return null;
  const echeance = p.statutLe.getTime() + DELAI_MOE_JOURS * 24 * 3600 * 1000;
  return Math.ceil((echeance - now.getTime()) / (24 * 3600 * 1000));
}
