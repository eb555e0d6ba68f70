import { db, type Tx } from "@/lib/db";
import type { Acteur } from "@/lib/auth/acteur";
import { AppError } from "@/lib/errors";
import type { CadreFacturation, Prisma, StatutPieceTravaux } from "@/lib/generated/prisma/client";
import { destinatairesDe } from "@/lib/mail/destinataires";
import type { QueueMailInput } from "@/lib/mail/outbox";
import { membresVoyant, structureDe, verifierId, visiblePar } from "./acces";
import { cadre as definitionCadre, libelleCadre } from "./cadres";
import { numeroDossier } from "./certificat";
import { dateHeureMail, QUI } from "./destinataires";
import { dateFr } from "./format";
import { formaterMontantDevise } from "./montants";
import { aujourdhuiParis } from "./schemas";
import { STATUTS, type Transition } from "./statuts";
import type { PieceATraiter } from "./transitions";

/**
 * The paying service of the MOA's structure (« service financier »: its users holding the habilitation
 * `Membership.serviceFinancier`) processes what is put at its disposal (MISE_A_DISPOSITION: A6, A8 following a
 * décompte général, A16, A19, A23): « Mandater » (mandate number and date), then « Mettre en paiement » (amount and
 * date paid), or « Suspendre », « Rejeter », « Mettre à recycler » with a reason. Here: the checks of its data, the
 * mails to the supplier whose money it is (and to the MOE of an état d'acompte), and the payments of a dossier as
 * every piece of it shows them.
 */

/** The états d'acompte validés: paid to their titulaire (not their depositor), and their MOE is told. */
export const ETATS_ACOMPTE_VALIDES: readonly CadreFacturation[] = ["A16_ETAT_ACOMPTE_VALIDE_MOE", "A19_ETAT_ACOMPTE_VALIDE_MOA"];

/** The structure whose money a piece at the paying service is: the titulaire of an état d'acompte validé, else its depositor. */
export function fournisseurDe(p: { cadre: CadreFacturation; titulaireId: string | null; structureDeposanteId: string }): string {
  return (ETATS_ACOMPTE_VALIDES.includes(p.cadre) && p.titulaireId) || p.structureDeposanteId;
}

export type SaisieMandat = { numero?: string; date?: string };
/** `montant`: integer cents (the dialog's schema parses « 12 345,67 »). */
export type SaisiePaiement = { montant?: number; date?: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NUMERO_MANDAT = /^[\p{L}\p{N} ._\-/]+$/u;
export const NUMERO_MANDAT_MAX = 50;

/** A calendar date (@db.Date, stored at midnight UTC) as YYYY-MM-DD. */
const jour = (d: Date) => d.toISOString().slice(0, 10);
const dateDuJour = (s: string) => new Date(`${s}T00:00:00Z`);
const valide = (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && dateDuJour(s).toISOString().startsWith(s);

/** A date typed in a dialog: given, valid, not after today (in France), not before `pasAvant`. The message, or null. */
function erreurDate(saisie: string | undefined, quoi: string, now: Date, pasAvant: { jour: string; libelle: string } | null): string | null {
  const s = saisie?.trim() ?? "";
  if (!s) return `Indiquez la date ${quoi}.`;
  if (!valide(s)) return "Saisissez une date valide.";
  if (s > aujourdhuiParis(now)) return `La date ${quoi} ne peut pas être postérieure à la date du jour.`;
  if (pasAvant && s < pasAvant.jour) return `La date ${quoi} ne peut pas précéder ${pasAvant.libelle} (le ${dateFr(dateDuJour(pasAvant.jour))}).`;
  return null;
}

/** What a mandate or a payment writes on the piece, and the sentence « Suivre le traitement » keeps. */
export type DonneesServiceFinancier = { donnees: Prisma.PieceTravauxUpdateInput; commentaire: string };

/**
 * « Mandater »: the mandate's number and date (not before the piece was deposited). « Mettre en paiement »: the amount
 * paid — of the piece's sign, at most what it asks (its net à payer, else its TTC) — and the date paid (not before
 * the mandate). Both dates are never in the future. Null for any other transition. Errors name the dialog's fields.
 */
export async function controlerServiceFinancier(
  tx: Tx,
  pieceId: string,
  t: Transition,
  saisie: { mandat?: SaisieMandat; paiement?: SaisiePaiement },
  now: Date,
): Promise<DonneesServiceFinancier | null> {
  if (t.action !== "MANDATEMENT" && t.action !== "MISE_EN_PAIEMENT") return null;
  const p = await tx.pieceTravaux.findUniqueOrThrow({
    where: { id: pieceId },
    select: { typePiece: true, netAPayer: true, montantTtc: true, devise: true, deposeeLe: true, mandatLe: true },
  });
  const erreurs: Record<string, string> = {};
  if (t.action === "MANDATEMENT") {
    const numero = saisie.mandat?.numero?.trim() ?? "";
    if (!numero) erreurs.numeroMandat = "Indiquez le numéro du mandat.";
    else if (numero.length > NUMERO_MANDAT_MAX) erreurs.numeroMandat = `Le numéro du mandat comporte ${NUMERO_MANDAT_MAX} caractères au plus.`;
    else if (!NUMERO_MANDAT.test(numero))
      erreurs.numeroMandat = "Le numéro du mandat ne peut contenir que des lettres, des chiffres, des espaces et les signes . _ - /.";
    const date = erreurDate(
      saisie.mandat?.date,
      "du mandat",
      now,
      p.deposeeLe ? { jour: aujourdhuiParis(p.deposeeLe), libelle: "le dépôt de la pièce" } : null,
    );
    if (date) erreurs.dateMandat = date;
    if (Object.keys(erreurs).length > 0) throw new AppError("SAISIE_INVALIDE", erreurs);
    const le = dateDuJour(saisie.mandat!.date!.trim());
    return { donnees: { mandatNumero: numero, mandatLe: le }, commentaire: `Mandatée — mandat n° ${numero} du ${dateFr(le)}` };
  }
  const montant = saisie.paiement?.montant;
  const du = p.netAPayer ?? p.montantTtc;
  const avoir = p.typePiece === "AVOIR";
  if (montant === undefined || montant === null) erreurs.montantPaye = "Indiquez le montant payé.";
  else if (!Number.isSafeInteger(montant)) erreurs.montantPaye = "Saisissez un montant en euros, par exemple 1 234,56 (deux décimales au plus).";
  else if (!avoir && montant <= 0) erreurs.montantPaye = "Le montant payé doit être positif.";
  else if (avoir && montant >= 0) erreurs.montantPaye = "Le montant d'un avoir est négatif.";
  else if (du !== null && (avoir ? BigInt(montant) < du : BigInt(montant) > du))
    erreurs.montantPaye = `Le montant payé ne peut dépasser le montant à payer de la pièce (${formaterMontantDevise(du, p.devise)}).`;
  const date = erreurDate(
    saisie.paiement?.date,
    "de paiement",
    now,
    p.mandatLe
      ? { jour: jour(p.mandatLe), libelle: "la date du mandat" }
      : p.deposeeLe
        ? { jour: aujourdhuiParis(p.deposeeLe), libelle: "le dépôt de la pièce" }
        : null,
  );
  if (date) erreurs.datePaiement = date;
  if (Object.keys(erreurs).length > 0) throw new AppError("SAISIE_INVALIDE", erreurs);
  const le = dateDuJour(saisie.paiement!.date!.trim());
  return {
    donnees: { paiementMontant: BigInt(montant!), paiementLe: le },
    commentaire: `Mise en paiement le ${dateFr(le)} pour ${formaterMontantDevise(montant, p.devise)}`,
  };
}

const minuscule = (s: string) => `${s[0].toLowerCase()}${s.slice(1)}`;

/**
 * The mails of the paying service's transitions: to the supplier whose money it is (`fournisseurDe`), to the MOE of
 * an état d'acompte validé, and — when it has something to do (suspension, rejection, recycling) — to the depositor.
 * Each structure's members are told in their own words: the supplier reads the number of its own piece of the
 * dossier (the A4 it started with), « Votre pièce n° … a été mise en paiement le … pour … € ».
 */
export async function mailsServiceFinancier(
  tx: Tx,
  p: PieceATraiter,
  t: Transition,
  o: { acteur?: Acteur; motif?: string | null; now: Date },
): Promise<QueueMailInput<"service-financier-piece-travaux">[]> {
  const apres = await tx.pieceTravaux.findUniqueOrThrow({
    where: { id: p.id },
    select: { mandatNumero: true, mandatLe: true, paiementMontant: true, paiementLe: true, devise: true, dossierId: true },
  });
  const fournisseur = fournisseurDe(p);
  const etat = ETATS_ACOMPTE_VALIDES.includes(p.cadre);
  // The supplier's own first piece of the dossier (its A4), when the paid piece is someone else's (an A19, an A16).
  const origine =
    fournisseur !== p.structureDeposanteId && apres.dossierId
      ? await tx.pieceTravaux.findFirst({
          where: { dossierId: apres.dossierId, structureDeposanteId: fournisseur, statut: { not: "BROUILLON" } },
          orderBy: [{ deposeeLe: "asc" }, { id: "asc" }],
          select: { numero: true },
        })
      : null;

  const numero = p.numero ?? "";
  const sf = `${QUI.PAYEUR} ${p.moa?.raisonSociale ?? ""}`.trim();
  const designation = `${minuscule(definitionCadre(p.cadre).libelle)} n° ${numero}`;
  const mandat = apres.mandatNumero && apres.mandatLe ? `n° ${apres.mandatNumero} du ${dateFr(apres.mandatLe)}` : undefined;
  const paiement =
    apres.paiementMontant !== null && apres.paiementLe
      ? `le ${dateFr(apres.paiementLe)} pour ${formaterMontantDevise(apres.paiementMontant, apres.devise)}`
      : undefined;
  const deposant = p.structureDeposante.raisonSociale;

  /** « Votre pièce n° A4-… » (the supplier of someone else's piece), « Votre pièce n° … » (its depositor), « La pièce … » (anyone else). */
  const sujet = (qui: "fournisseur" | "deposant" | "autre") =>
    qui === "deposant"
      ? `Votre pièce n° ${numero}`
      : qui === "fournisseur" && origine?.numero
        ? `Votre pièce n° ${origine.numero} (${designation})`
        : qui === "fournisseur"
          ? `Votre pièce (${designation})`
          : `La pièce ${designation}${p.titulaire && etat ? ` du titulaire ${p.titulaire.raisonSociale}` : ""}`;

  const message = (qui: "fournisseur" | "deposant" | "autre"): string => {
    const s = sujet(qui);
    switch (t.action) {
      case "MANDATEMENT":
        return `${s} a été mandatée par ${sf} : mandat ${mandat ?? ""}. La mise en paiement suivra.`;
      case "MISE_EN_PAIEMENT":
        return `${s} a été mise en paiement ${paiement ?? ""}.`;
      case "SUSPENSION":
        return qui === "deposant"
          ? `${s} a été suspendue par ${sf} : des pièces jointes manquent. Complétez-la depuis la pièce (« Compléter et renvoyer ») : elle retournera au service financier.`
          : `${s} a été suspendue par ${sf} : des pièces jointes manquent, que ${deposant} doit joindre avant que le paiement reprenne.`;
      case "REJET":
        return `${s} a été rejetée par ${sf} : elle ne sera pas payée. Un rejet arrête le circuit de cette pièce.`;
      case "MISE_EN_RECYCLAGE":
        return qui === "deposant"
          ? `${s} a été mise à recycler par ${sf} : ses données d'acheminement sont à corriger (destinataire, service de la maîtrise d'ouvrage, numéro d'engagement juridique ou de bon de commande), voyez le motif. Corrigez-les depuis la pièce (« Recycler la pièce ») : elle sera renvoyée sous le même numéro.`
          : `${s} a été mise à recycler par ${sf} : ses données d'acheminement sont à corriger par ${deposant}, qui la renverra sous le même numéro.`;
      default:
        return `${s} : ${STATUTS[t.vers].libelle}.`;
    }
  };

  const aAgir = t.action === "SUSPENSION" || t.action === "REJET" || t.action === "MISE_EN_RECYCLAGE";
  const structures: { id: string; qui: "fournisseur" | "deposant" | "autre" }[] = [
    { id: fournisseur, qui: fournisseur === p.structureDeposanteId ? "deposant" : "fournisseur" },
  ];
  if (etat && p.moeId) structures.push({ id: p.moeId, qui: p.moeId === p.structureDeposanteId ? "deposant" : "autre" });
  if (aAgir) structures.push({ id: p.structureDeposanteId, qui: "deposant" });
  // The cotraitant named on the piece (an A16 or A19 following its draft) follows its payment too.
  if (p.cotraitantId) structures.push({ id: p.cotraitantId, qui: "autre" });

  const par = o.acteur ? `${o.acteur.name} (${o.acteur.structure?.raisonSociale ?? ""})` : QUI.PAYEUR;
  const piece = { pieceId: p.id, numero, cadre: libelleCadre(p.cadre), deposant, dossier: p.dossier ? numeroDossier(p.dossier.numero) : "" };
  const vus = new Set<string>();
  const mails: QueueMailInput<"service-financier-piece-travaux">[] = [];
  for (const s of structures) {
    // A user limited to services is told only of his services' pieces (lib/invoices/acces.ts).
    for (const u of await destinatairesDe(tx, [s.id], { membres: membresVoyant(p) })) {
      if (vus.has(u.id)) continue;
      vus.add(u.id);
      mails.push({
        userId: u.id,
        template: "service-financier-piece-travaux",
        data: {
          prenom: u.firstName,
          nom: u.lastName,
          piece,
          statut: STATUTS[t.vers].libelle,
          message: message(s.qui),
          moa: p.moa?.raisonSociale ?? "",
          par,
          le: dateHeureMail(o.now),
          ...(mandat && (t.action === "MANDATEMENT" || t.action === "MISE_EN_PAIEMENT") ? { mandat } : {}),
          ...(paiement && t.action === "MISE_EN_PAIEMENT" ? { paiement } : {}),
          ...(o.motif ? { motif: o.motif } : {}),
        },
      });
    }
  }
  return mails;
}

/** A payment of the dossier, as its pieces show it: « Mise en paiement le 02/12/2026 pour 12 345,67 € ». */
export type PaiementDossier = {
  pieceId: string;
  numero: string | null;
  cadre: CadreFacturation;
  statut: Extract<StatutPieceTravaux, "MANDATEE" | "MISE_EN_PAIEMENT">;
  texte: string;
};

/**
 * The payments of a dossier de facturation — its pieces the paying service mandated or put in payment — for the
 * structures that see the dossier (any piece of it): the supplier reads them on its original piece (its A4) and on
 * the dossier's page. Nothing for a dossier the actor does not see.
 */
export async function paiementsDuDossier(acteur: Acteur, dossierId: string | null | undefined): Promise<PaiementDossier[]> {
  const structureId = structureDe(acteur);
  if (!dossierId) return [];
  const id = verifierId(dossierId);
  const pieces = await db.pieceTravaux.findMany({
    where: {
      dossierId: id,
      statut: { in: ["MANDATEE", "MISE_EN_PAIEMENT"] },
      dossier: { pieces: { some: { statut: { not: "BROUILLON" }, ...visiblePar(structureId, acteur) } } },
    },
    orderBy: [{ deposeeLe: "asc" }, { id: "asc" }],
    select: {
      id: true,
      numero: true,
      cadre: true,
      statut: true,
      devise: true,
      mandatNumero: true,
      mandatLe: true,
      paiementMontant: true,
      paiementLe: true,
    },
  });
  return pieces.map((p) => ({
    pieceId: p.id,
    numero: p.numero,
    cadre: p.cadre,
    statut: p.statut as PaiementDossier["statut"],
    texte:
      p.statut === "MISE_EN_PAIEMENT" && p.paiementLe && p.paiementMontant !== null
        ? `Mise en paiement le ${dateFr(p.paiementLe)} pour ${formaterMontantDevise(p.paiementMontant, p.devise)}`
        : `Mandatée le ${dateFr(p.mandatLe)}${p.mandatNumero ? ` (mandat n° ${p.mandatNumero})` : ""}`,
  }));
}
