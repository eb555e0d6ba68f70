import type { Tx } from "@/lib/db";
import type { Acteur } from "@/lib/auth/acteur";
import type { CadreFacturation } from "@/lib/generated/prisma/client";
import type { QueueMailInput, UnMail } from "@/lib/mail/outbox";
import { destinatairesDe, MEMBRES_DESTINATAIRES, type Destinataire as UtilisateurDestinataire } from "@/lib/mail/destinataires";
import { membresVoyant } from "./acces";
import { cadre as definitionCadre, libelleCadre, type Destinataire } from "./cadres";
import { numeroDossier } from "./certificat";
import { CADRE_DELAI_TITULAIRE, DELAI_MOA_TACITE_JOURS, DELAI_MOE_JOURS, DELAI_TITULAIRE_JOURS, delaiMoe, echeanceTitulaire } from "./delais";
import { formaterMontantDevise } from "./montants";
import { STATUTS, type ActeurTransition, type Transition } from "./statuts";
import type { PieceATraiter } from "./transitions";

/**
 * Who is told of what happens to a piece, and in what words: the mails of a deposit, of a change of status, of the
 * end of the MOA's 10 days. Each mail is also its recipient's notification in the portal (lib/mail/outbox.ts).
 */

/** The actors as the messages name them. */
export const QUI: Record<ActeurTransition, string> = {
  MOE: "la maîtrise d'œuvre",
  MOA: "la maîtrise d'ouvrage",
  DEPOSANT: "la structure qui a déposé la pièce",
  TITULAIRE: "le titulaire du marché",
  PAYEUR: "le service financier de la maîtrise d'ouvrage",
  SYSTEME: "le portail",
};

/**
 * Who of a structure is told: its validated members whose account is active, by user id (lib/mail/destinataires.ts).
 * Read with the structure (`memberships: membresANotifier`, no query of its own) or by `membresANotifierDe`.
 */
export const membresANotifier = MEMBRES_DESTINATAIRES;

export type MembreANotifier = UtilisateurDestinataire;

/** The services of a piece: who is limited to services is told only of his services' pieces. */
export type ServicesDePiece = { serviceDeposantId: string | null; serviceMoaId: string | null };

/**
 * The members to notify of these structures about this piece, in one query, each user once (the first structure named
 * keeps him): a user limited to services only when the piece is one of his services' (`membresVoyant`, lib/invoices/acces.ts).
 */
export function membresANotifierDe(tx: Tx, structureIds: readonly (string | null)[], piece: ServicesDePiece): Promise<MembreANotifier[]> {
  return destinatairesDe(tx, structureIds, { membres: membresVoyant(piece) });
}

const formatDateHeure = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", dateStyle: "long", timeStyle: "short" });

/** Dates as the mails write them, in France's time zone. */
export const dateHeureMail = (d: Date) => formatDateHeure.format(d);

type PieceDuMail = {
  id: string;
  numero: string | null;
  cadre: CadreFacturation;
  structureDeposante: { raisonSociale: string };
  dossier: { numero: number } | null;
};

/** A sent piece as the processing mails describe it. */
function pieceDuMail(p: PieceDuMail) {
  return {
    pieceId: p.id,
    numero: p.numero ?? "",
    cadre: libelleCadre(p.cadre),
    deposant: p.structureDeposante.raisonSociale,
    dossier: p.dossier ? numeroDossier(p.dossier.numero) : "",
  };
}

const majuscule = (s: string) => `${s[0].toUpperCase()}${s.slice(1)}`;

/**
 * The deposit's mails: its confirmation to the depositor, and a new piece to process to each member of the party it
 * is put at the disposal of — with the MOE's deadline when the piece's frame carries one (`delaiMoe`).
 */
export function mailsDeDepot(
  p: { id: string; numero: string; cadre: CadreFacturation; montantTtc: bigint | null; devise: string; structureDeposante: { raisonSociale: string } },
  o: {
    deposant: MembreANotifier;
    destinataire: { partie: Destinataire["partie"]; raisonSociale: string; membres: readonly MembreANotifier[] };
    numeroDepot: string;
    dossier: string;
    now: Date;
    /** The cotraitant named on the piece (A13, A14: the mandataire deposits for it; A15, A17…: the statement that follows its draft). */
    cotraitant?: { raisonSociale: string; membres: readonly MembreANotifier[] } | null;
  },
): UnMail[] {
  const qualite = QUI[o.destinataire.partie];
  const piece = {
    pieceId: p.id,
    numero: p.numero,
    cadre: libelleCadre(p.cadre),
    numeroDepot: o.numeroDepot,
    dossier: o.dossier,
    deposant: p.structureDeposante.raisonSociale,
    destinataire: `${qualite} ${o.destinataire.raisonSociale}`,
    montantTtc: formaterMontantDevise(p.montantTtc, p.devise),
    deposeLe: dateHeureMail(o.now),
  };
  // The MOE's 7 days, or the titulaire's 15 days on a subcontractor's request (A10).
  const delaiJours =
    o.destinataire.partie === "MOE"
      ? delaiMoe(p.cadre)
      : o.destinataire.partie === "TITULAIRE" && p.cadre === CADRE_DELAI_TITULAIRE
        ? DELAI_TITULAIRE_JOURS
        : null;
  const mandataire = definitionCadre(p.cadre).role === "COTRAITANT";
  const deposantQualite = definitionCadre(p.cadre).role === "MOA" ? QUI.MOA : QUI.MOE;
  const dejaPrevenus = new Set([o.deposant.id, ...o.destinataire.membres.map((u) => u.id)]);
  return [
    { userId: o.deposant.id, template: "depot-facture-travaux", data: { prenom: o.deposant.firstName, nom: o.deposant.lastName, piece } },
    ...o.destinataire.membres.map((u) => ({
      userId: u.id,
      template: "piece-travaux-a-traiter" as const,
      data: { prenom: u.firstName, nom: u.lastName, piece, structure: o.destinataire.raisonSociale, qualite, ...(delaiJours ? { delaiJours } : {}) },
    })),
    // The cotraitant's users: « Le mandataire … a déposé pour vous la pièce n° … » (each user once).
    ...(o.cotraitant?.membres ?? [])
      .filter((u) => !dejaPrevenus.has(u.id))
      .map((u) => ({
        userId: u.id,
        template: "depot-pour-cotraitant" as const,
        data: {
          prenom: u.firstName,
          nom: u.lastName,
          piece,
          structure: o.cotraitant!.raisonSociale,
          mandataire,
          par: `${deposantQualite} ${p.structureDeposante.raisonSociale}`,
        },
      })),
  ];
}

/** Who is told of a change of status, and what: the sentence of the mail, per action. */
function aPrevenir(p: PieceATraiter, t: Transition): { structures: (string | null)[]; message: string } {
  const moe = `la maîtrise d'œuvre ${p.moe?.raisonSociale ?? ""}`.trim();
  const moa = `la maîtrise d'ouvrage ${p.moa?.raisonSociale ?? ""}`.trim();
  const titulaire = `le titulaire ${p.titulaire?.raisonSociale ?? ""}`.trim();
  const reviewer = t.par === "MOA" ? moa : t.par === "TITULAIRE" ? titulaire : moe;
  switch (t.action) {
    case "VALIDATION":
      return {
        structures: [p.structureDeposanteId, p.moeId],
        message: `${majuscule(titulaire)} a validé la demande de paiement du sous-traitant et joint l'attestation de paiement direct : elle est mise à la disposition de ${moe}${delaiMoe(p.cadre) ? `, qui a ${delaiMoe(p.cadre)} jours à compter de cette validation pour la traiter` : ""}.`,
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
        // Suspended by the MOA or by its paying service: back to the MOA's structure.
        structures: [t.suspenduePar === "MOE" ? p.moeId : p.moaId],
        message: `${p.structureDeposante.raisonSociale} a complété la pièce que vous aviez suspendue : elle est de nouveau mise à votre disposition.`,
      };
    case "DELAI_DEPASSE":
      return {
        // A10: the titulaire who validated the subcontractor's request is told too.
        structures: [p.structureDeposanteId, p.moaId, p.cadre === CADRE_DELAI_TITULAIRE ? p.titulaireId : null],
        message:
          p.cadre === CADRE_DELAI_TITULAIRE
            ? `${majuscule(moe)} n'a pas validé cette demande de paiement du sous-traitant dans le délai réglementaire de ${DELAI_MOE_JOURS} jours à compter de sa validation par le titulaire.`
            : `${majuscule(moe)} n'a pas validé ce projet de décompte mensuel dans le délai réglementaire de ${DELAI_MOE_JOURS} jours à compter de sa réception.`,
      };
    case "REMPLACEMENT":
      return {
        structures: [p.structureDeposanteId, p.moaId],
        message: `Le décompte général n'ayant pas été notifié, le titulaire a envoyé son projet de décompte général (A22, procédure tacite), qui remplace cette pièce : ${moa} a ${DELAI_MOA_TACITE_JOURS} jours pour notifier le décompte général.`,
      };
    case "TRANSMISSION":
      return {
        structures: [p.structureDeposanteId],
        message: `${majuscule(moe)} a transmis votre pièce à ${moa} en déposant la pièce suivante du dossier de facturation.`,
      };
    // Recyclage (lib/invoices/recyclage.ts): the recipient sends back a wrongly routed piece; its depositor corrects the
    // routing and sends it again under the same number.
    case "MISE_EN_RECYCLAGE":
      return {
        structures: [p.structureDeposanteId],
        message: `Votre pièce a été mise à recycler par ${t.par === "PAYEUR" ? `${QUI.PAYEUR} ${p.moa?.raisonSociale ?? ""}`.trim() : reviewer} : ses données d'acheminement sont à corriger (destinataire, service de la maîtrise d'ouvrage, numéro d'engagement juridique ou de bon de commande), voyez le motif. Corrigez-les depuis la pièce (« Recycler la pièce ») : elle sera renvoyée sous le même numéro, dans le même dossier de facturation.`,
      };
    case "RECYCLAGE": {
      const vers =
        t.vers === "MISE_A_DISPOSITION_MOE"
          ? moe
          : t.vers === "A_VALIDER_1"
            ? titulaire
            : t.vers === "MISE_A_DISPOSITION"
              ? `${QUI.PAYEUR} ${p.moa?.raisonSociale ?? ""}`.trim()
              : moa;
      return {
        structures: [p.structureDeposanteId, t.vers === "MISE_A_DISPOSITION_MOE" ? p.moeId : t.vers === "A_VALIDER_1" ? p.titulaireId : p.moaId],
        message: `${p.structureDeposante.raisonSociale} a corrigé les données d'acheminement de la pièce mise à recycler et l'a renvoyée sous le même numéro : elle est mise à la disposition de ${vers}.`,
      };
    }
    case "DEMANDE_RECYCLAGE":
      if (t.vers === "ABANDONNEE")
        return {
          structures: [p.moaId],
          message: `${majuscule(moe)} a retiré cette pièce, qui n'est plus à traiter : elle avait transmis par erreur la pièce précédente du dossier de facturation, renvoyée à son déposant pour qu'il en corrige les données d'acheminement.`,
        };
      return {
        structures: [p.structureDeposanteId],
        message: `${majuscule(moe)} a demandé le recyclage de votre pièce, qu'elle avait transmise par erreur à ${moa} : corrigez ses données d'acheminement depuis la pièce (« Recycler la pièce ») et renvoyez-la sous le même numéro.`,
      };
    // The MOA's next piece (A19 after an A15, A20 after an A17): the MOE that deposited the statement is told, and
    // for the état d'acompte its supplier (the titulaire receives the A20 itself, to sign).
    case "ASSOCIATION":
      return p.cadre === "A17_PROJET_DECOMPTE_GENERAL_MOE"
        ? {
            structures: [p.structureDeposanteId],
            message: `${majuscule(moa)} a établi le décompte général (A20) qui fait suite à ce projet de décompte général : il est mis à la disposition du titulaire pour signature.`,
          }
        : {
            structures: [p.structureDeposanteId, p.titulaireId],
            message: `${majuscule(moa)} a déposé l'état d'acompte validé (A19) qui fait suite à cet état d'acompte : il est transmis à son service financier pour paiement.`,
          };
    // The titulaire's A8 signs the décompte général (A18, A20): its MOA and MOE are told.
    case "SIGNATURE":
      return {
        structures: [p.structureDeposanteId, p.moaId, p.moeId],
        message: `${majuscule(titulaire)} a signé le décompte général en déposant son décompte général signé (A8), transmis au service financier de ${moa}.`,
      };
    default:
      return { structures: [], message: "" };
  }
}

/** The mails of a change of status: to the members of each structure concerned, the new status and what it means for them. */
export async function mailsDeTransition(
  tx: Tx,
  p: PieceATraiter,
  t: Transition,
  o: { acteur?: Acteur; motif?: string | null; now: Date },
): Promise<QueueMailInput<"statut-piece-travaux">[]> {
  const { structures, message } = aPrevenir(p, t);
  const par = t.par === "SYSTEME" ? "Le portail" : o.acteur ? `${o.acteur.name} (${o.acteur.structure?.raisonSociale ?? ""})` : QUI[t.par];
  const piece = pieceDuMail(p);
  const membres = await membresANotifierDe(tx, structures, p);
  // The cotraitant named on the piece follows every change of status, in its own words (it does not act on the piece).
  const cotraitant =
    p.cotraitantId && !structures.includes(p.cotraitantId)
      ? (await membresANotifierDe(tx, [p.cotraitantId], p)).filter((u) => !membres.some((m) => m.id === u.id))
      : [];
  const pourCotraitant = messageCotraitant(p, STATUTS[t.vers].libelle);
  return [...membres.map((u) => ({ u, message })), ...cotraitant.map((u) => ({ u, message: pourCotraitant }))].map(({ u, message }) => ({
    userId: u.id,
    template: "statut-piece-travaux",
    data: {
      prenom: u.firstName,
      nom: u.lastName,
      piece,
      statut: STATUTS[t.vers].libelle,
      message,
      par,
      le: dateHeureMail(o.now),
      ...(o.motif ? { motif: o.motif } : {}),
    },
  }));
}

/** What the cotraitant of a piece is told of its change of status: it follows the piece; its depositor acts on it. */
function messageCotraitant(p: PieceATraiter, statut: string): string {
  const role = definitionCadre(p.cadre).role;
  return role === "COTRAITANT"
    ? `La pièce n° ${p.numero ?? ""} que le mandataire ${p.structureDeposante.raisonSociale} a déposée pour vous est désormais au statut « ${statut} ». Le mandataire agit sur la pièce ; vous en suivez le traitement.`
    : `La pièce n° ${p.numero ?? ""} de ${role === "MOA" ? QUI.MOA : QUI.MOE} ${p.structureDeposante.raisonSociale}, dont votre structure est le cotraitant, est désormais au statut « ${statut} ».`;
}

/** Procédure tacite: the members of the A22's depositor — the titulaire — may now deposit the décompte général et définitif tacite (A23). */
export async function mailsDelaiTaciteEchu(
  tx: Tx,
  p: PieceDuMail & ServicesDePiece & { deposeeLe: Date; structureDeposanteId: string; moa: { raisonSociale: string } | null },
  echeance: Date,
): Promise<QueueMailInput<"delai-tacite-echu">[]> {
  const piece = pieceDuMail(p);
  return (await membresANotifierDe(tx, [p.structureDeposanteId], p)).map((u) => ({
    userId: u.id,
    template: "delai-tacite-echu",
    data: {
      prenom: u.firstName,
      nom: u.lastName,
      piece,
      moa: p.moa?.raisonSociale ?? "",
      deposeLe: dateHeureMail(p.deposeeLe),
      echeance: dateHeureMail(echeance),
      delaiJours: DELAI_MOA_TACITE_JOURS,
    },
  }));
}

/** A subcontractor's payment request (A10) waiting for its titulaire, as the deadline mails describe it. */
export type DemandeATitulaire = PieceDuMail &
  ServicesDePiece & {
    statutLe: Date;
    structureDeposanteId: string;
    titulaireId: string | null;
    titulaire: { raisonSociale: string } | null;
  };

/** The titulaire's 15 days, a few days before their end: a reminder to the titulaire's users (lib/invoices/delai-titulaire.ts). */
export async function mailsRelanceTitulaire(tx: Tx, p: DemandeATitulaire, joursRestants: number): Promise<QueueMailInput<"relance-titulaire">[]> {
  const piece = pieceDuMail(p);
  return (await membresANotifierDe(tx, [p.titulaireId], p)).map((u) => ({
    userId: u.id,
    template: "relance-titulaire",
    data: {
      prenom: u.firstName,
      nom: u.lastName,
      piece,
      joursRestants,
      delaiJours: DELAI_TITULAIRE_JOURS,
      recueLe: dateHeureMail(p.statutLe),
      echeance: dateHeureMail(echeanceTitulaire(p.statutLe)),
    },
  }));
}

/** The titulaire's 15 days have run out: its users and the subcontractor's are told (each user once, as the titulaire first). */
export async function mailsDelaiTitulaireDepasse(tx: Tx, p: DemandeATitulaire): Promise<QueueMailInput<"delai-titulaire-depasse">[]> {
  const piece = pieceDuMail(p);
  const titulaires = await membresANotifierDe(tx, [p.titulaireId], p);
  const sousTraitants = (await membresANotifierDe(tx, [p.structureDeposanteId], p)).filter((u) => !titulaires.some((t) => t.id === u.id));
  const commun = {
    piece,
    titulaire: p.titulaire?.raisonSociale ?? "",
    delaiJours: DELAI_TITULAIRE_JOURS,
    recueLe: dateHeureMail(p.statutLe),
    echeance: dateHeureMail(echeanceTitulaire(p.statutLe)),
  };
  return [...titulaires.map((u) => ({ u, pour: "titulaire" as const })), ...sousTraitants.map((u) => ({ u, pour: "sous-traitant" as const }))].map(
    ({ u, pour }) => ({ userId: u.id, template: "delai-titulaire-depasse", data: { prenom: u.firstName, nom: u.lastName, pour, ...commun } }),
  );
}
