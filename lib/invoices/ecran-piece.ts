import type { Acteur } from "@/lib/auth/acteur";
import { consulterPiece, type DetailPiece } from "./consultation";
import { cadre as definitionCadre } from "./cadres";
import { montantsRevises, type RevisionEcran, revisionMotivee } from "./decompte";
import {
  CADRE_DELAI_TITULAIRE,
  DELAI_MOA_TACITE_JOURS,
  DELAI_MOE_JOURS,
  DELAI_TITULAIRE_JOURS,
  echeanceTitulaireDe,
  joursRestants,
  joursRestantsTitulaire,
} from "./delais";
import { dateHeureFr, jourFr } from "./format";
import { echeanceDePiece } from "./factures-recues";
import { paiementsDuDossier, type PaiementDossier } from "./paiement";
import { a22Possible, a23Possible, echeanceTacite } from "./procedure-tacite";
import type { ActionTraitement } from "./statuts";
import { recyclagePrecedentePossible } from "./recyclage";
import { pieceSuivantePossible, signaturePossible, suiteMoaPossible } from "./suivante";
import { actionsPossibles } from "./transitions";

/** A notice of the piece screen: a DSFR alert's severity and its words. */
export type AlerteEcran = { severite: "info" | "warning" | "error"; texte: string };

/** The reason a piece was suspended or refused, and what its depositor may do about it. */
export type MotifEcran = {
  severite: "warning" | "error";
  titre: string;
  motif: string | null;
  /** The depositor completes a suspended piece (files, corrections) and sends it back. */
  aCompleter: boolean;
  /** The depositor of a refused piece redoes it as a new piece of the same dossier. */
  refaire: boolean;
  /** The refusal freed the piece's number: the depositor's new piece may carry it. */
  numeroLibere: boolean;
  /** The depositor of a piece « À recycler » corrects its routing and sends it again under the same number (« Recycler la pièce »). */
  recycler: boolean;
};

/**
 * What the piece screen shows, decided here rather than in the page: the piece, the processing actions the actor may
 * take now, the next piece and its label, and the notices (the MOE's 7 days, the tacit procedure's 10 days, the
 * titulaire's validation of an A10, the reason of a suspension or refusal).
 */
export type EcranPiece = {
  piece: DetailPiece;
  brouillon: boolean;
  factureJointe: boolean;
  possibles: ActionTraitement[];
  suivante: { possible: boolean; libelle: string };
  /** Files the actor may add or remove on this screen: all (suspended piece, depositor), the attestation (A10, titulaire), none. */
  fichiers: "modifiables" | "attestation" | "lecture";
  /** `delaiTitulaire`: the titulaire's 15 days on a subcontractor's request (A10), for the titulaire and the subcontractor. */
  alertes: { delaiMoe: AlerteEcran | null; tacite: AlerteEcran | null; validationTitulaire: AlerteEcran | null; delaiTitulaire: AlerteEcran | null };
  motif: MotifEcran | null;
  /** The MOE's own piece, still at the MOA's disposal: « Demander le recyclage de la pièce précédente » (lib/invoices/recyclage.ts). */
  recyclagePrecedente: boolean;
  /** The dossier's pieces mandated or put in payment by the paying service: « Mise en paiement le … pour … € » (the supplier reads it on its A4). */
  paiements: PaiementDossier[];
  /** The paying service, on a piece still to be paid: « À payer avant le … », late or not. */
  echeancePaiement: AlerteEcran | null;
  /** What the piece asks to be paid (net à payer, else TTC): « Mettre en paiement » starts from it. */
  montantAPayer: bigint | null;
  /** A15–A20: the previous piece's amounts beside this one's, and the reason of their revision. */
  revision: RevisionEcran | null;
};

const REFUSEES = ["REFUSEE_MOE", "REFUSEE_MOA", "REFUSEE_1"] as const;

export async function ecranPiece(acteur: Acteur, pieceId: string, o: { now?: Date } = {}): Promise<EcranPiece> {
  const now = o.now ?? new Date();
  const p = await consulterPiece(acteur, pieceId);
  const brouillon = p.statut === "BROUILLON";
  const deposant = p.roles.includes("DEPOSANT");
  const aCompleter = p.statut === "SUSPENDUE" && deposant;
  // A10: the titulaire validates the subcontractor's request; a décompte général (A18, A20) it signs instead (its A8).
  const aValider = p.statut === "A_VALIDER_1" && p.roles.includes("TITULAIRE") && p.cadre === "A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT";
  const aSigner = signaturePossible(p);

  const libelle = aSigner
    ? "Signer le décompte général"
    : suiteMoaPossible(p)
      ? p.cadre === "A17_PROJET_DECOMPTE_GENERAL_MOE"
        ? "Déposer le décompte général (A20)"
        : "Déposer l'état d'acompte validé (A19)"
      : p.cadre === "A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE" && deposant
        ? "Déposer le décompte général et définitif tacite (A23)"
        : a22Possible(p)
          ? "Déposer le projet de décompte général (procédure tacite, A22)"
          : deposant
            ? "Corriger et déposer à nouveau"
            : "Déposer la pièce suivante du dossier de facturation";

  const jours = p.roles.includes("MOE") ? joursRestants(p, { now }) : null;
  // A10: the subcontractor's request, validated by its titulaire, has the MOE's 7 days from that validation.
  const a10 = p.cadre === CADRE_DELAI_TITULAIRE;
  const delaiMoe: AlerteEcran | null =
    jours === null
      ? null
      : jours > 0
        ? {
            severite: "info",
            texte: a10
              ? `Demande de paiement validée par le titulaire, à traiter dans un délai de ${DELAI_MOE_JOURS} jours à compter de sa validation : il reste ${jours} jour${jours > 1 ? "s" : ""}.`
              : `Projet de décompte mensuel à traiter dans un délai de ${DELAI_MOE_JOURS} jours : il reste ${jours} jour${jours > 1 ? "s" : ""}.`,
          }
        : {
            severite: "warning",
            texte: `Le délai de ${DELAI_MOE_JOURS} jours pour traiter ${a10 ? "cette demande de paiement" : "ce projet de décompte mensuel"} est dépassé.`,
          };

  // The titulaire's 15 days on its subcontractor's request (A10), shown to both (art. R2193-13 of the code de la commande publique).
  const echeanceTitulaire = p.roles.includes("TITULAIRE") || deposant ? echeanceTitulaireDe(p) : null;
  const joursTitulaire = echeanceTitulaire ? joursRestantsTitulaire(p, { now })! : null;
  const titulaireNom = p.titulaire?.raisonSociale ?? "";
  const restent = (n: number) => `${n} jour${n > 1 ? "s" : ""}`;
  const delaiTitulaire: AlerteEcran | null =
    !echeanceTitulaire || joursTitulaire === null
      ? null
      : p.roles.includes("TITULAIRE")
        ? joursTitulaire > 0
          ? {
              severite: joursTitulaire <= 3 ? "warning" : "info",
              texte: `Vous avez ${DELAI_TITULAIRE_JOURS} jours à compter de sa réception pour valider ou refuser cette demande de paiement (article R2193-13 du code de la commande publique), soit jusqu'au ${dateHeureFr(echeanceTitulaire)} : il vous reste ${restent(joursTitulaire)}.`,
            }
          : {
              severite: "error",
              texte: `Le délai de ${DELAI_TITULAIRE_JOURS} jours pour valider ou refuser cette demande de paiement est écoulé depuis le ${dateHeureFr(echeanceTitulaire)} : vous êtes réputé l'avoir acceptée (articles R2193-13 et R2193-15 du code de la commande publique). Validez-la ou refusez-la sans attendre.`,
            }
        : joursTitulaire > 0
          ? {
              severite: "info",
              texte: `Le titulaire ${titulaireNom} a jusqu'au ${dateHeureFr(echeanceTitulaire)} pour valider ou refuser votre demande de paiement (${DELAI_TITULAIRE_JOURS} jours à compter de sa réception, article R2193-13 du code de la commande publique) : il lui reste ${restent(joursTitulaire)}.`,
            }
          : {
              severite: "warning",
              texte: `Le titulaire ${titulaireNom} n'a ni validé ni refusé votre demande de paiement dans le délai de ${DELAI_TITULAIRE_JOURS} jours, écoulé le ${dateHeureFr(echeanceTitulaire)} : il est réputé l'avoir acceptée (articles R2193-13 et R2193-15 du code de la commande publique). Rapprochez-vous de lui, ou de la maîtrise d'ouvrage.`,
            };

  const etatTacite = a23Possible(p, { now });
  const tacite: AlerteEcran | null =
    etatTacite === "non" || !p.deposeeLe
      ? null
      : etatTacite === "oui"
        ? {
            severite: "warning",
            texte: `Procédure tacite : la maîtrise d'ouvrage n'a pas notifié le décompte général dans le délai de ${DELAI_MOA_TACITE_JOURS} jours, écoulé le ${dateHeureFr(echeanceTacite(p.deposeeLe))}. Vous pouvez déposer le décompte général et définitif tacite (A23).`,
          }
        : {
            severite: "info",
            texte: `Procédure tacite : la maîtrise d'ouvrage a jusqu'au ${dateHeureFr(echeanceTacite(p.deposeeLe))} pour notifier le décompte général. Passé ce délai, vous pourrez déposer le décompte général et définitif tacite (A23) : vous en serez averti par courriel.`,
          };

  const validationTitulaire: AlerteEcran | null = aValider
    ? {
        severite: "info",
        texte:
          "Demande de paiement d'un sous-traitant : joignez l'attestation de paiement direct (« Pièces jointes » ci-dessous), puis « Valider la demande de paiement » pour la transmettre à la maîtrise d'œuvre, ou « Refuser » en indiquant le motif.",
      }
    : aSigner
      ? {
          severite: "info",
          texte:
            "Décompte général à signer : « Signer le décompte général » prépare votre décompte général signé (A8), prérempli, transmis au service financier de la maîtrise d'ouvrage une fois envoyé. Vous y choisissez « J'accepte le décompte général » ou « J'accepte avec réserves » : dans ce cas, indiquez le motif et joignez votre mémoire en réclamation.",
        }
      : null;

  const suspendue = p.statut === "SUSPENDUE";
  const refusee = (REFUSEES as readonly string[]).includes(p.statut);
  const aRecycler = p.statut === "A_RECYCLER";
  // Rejected by the MOA's paying service (« Factures reçues »), with its reason.
  const rejetee = p.statut === "REJETEE";
  const dernier = [...p.historique]
    .reverse()
    .find((h) => h.action === "SUSPENSION" || h.action === "REFUS" || h.action === "REJET" || (aRecycler && h.statutApres === "A_RECYCLER"));
  const motif: MotifEcran | null =
    dernier && (suspendue || refusee || aRecycler || rejetee)
      ? {
          severite: suspendue || aRecycler ? "warning" : "error",
          titre: suspendue
            ? "Pièce suspendue"
            : aRecycler
              ? "Pièce à recycler : erreur dans les données d'acheminement"
              : rejetee
                ? "Pièce rejetée par le service financier"
                : "Pièce refusée",
          motif: dernier.motif,
          aCompleter,
          refaire: refusee && deposant,
          numeroLibere: refusee && !!p.numero && p.numeroReserve === null,
          recycler: aRecycler && deposant,
        }
      : null;

  return {
    piece: p,
    brouillon,
    factureJointe: p.piecesJointes.some((f) => f.nature === "FACTURE"),
    possibles: brouillon ? [] : await actionsPossibles(acteur, p),
    suivante: { possible: pieceSuivantePossible(p, { now: now }), libelle },
    fichiers: aCompleter ? "modifiables" : aValider ? "attestation" : "lecture",
    alertes: { delaiMoe, tacite, validationTitulaire, delaiTitulaire },
    motif,
    recyclagePrecedente: await recyclagePrecedentePossible(acteur, p),
    paiements: await paiementsDuDossier(acteur, p.dossier?.id),
    echeancePaiement: await alerteEcheancePaiement(p, now),
    montantAPayer: p.netAPayer ?? p.montantTtc,
    revision: revisionDe(p),
  };
}

/**
 * A15–A20 following another piece: the previous piece's montant HT, TTC and net à payer beside this one's, and the reason
 * of the revision when they differ (lib/invoices/decompte.ts).
 */
function revisionDe(p: DetailPiece): RevisionEcran | null {
  const prec = p.piecePrecedente;
  if (!prec || !revisionMotivee(p.cadre)) return null;
  const revises = montantsRevises(prec, p);
  return {
    precedente: { id: prec.id, libelle: `${definitionCadre(prec.cadre).court} n° ${prec.numero ?? "(sans numéro)"}`, devise: prec.devise },
    lignes: (["montantHt", "montantTtc", "netAPayer"] as const).map((champ) => ({
      champ,
      avant: champ === "netAPayer" ? (prec.netAPayer ?? prec.montantTtc) : prec[champ],
      apres: champ === "netAPayer" ? (p.netAPayer ?? p.montantTtc) : p[champ],
      revise: revises.includes(champ),
    })),
    motif: p.motifRevision,
  };
}

/**
 * The paying service (« PAYEUR ») of a piece still to be paid: its legal payment deadline, counted from its receipt
 * (`echeanceDePiece`), and the days late past it.
 */
async function alerteEcheancePaiement(p: DetailPiece, now: Date): Promise<AlerteEcran | null> {
  if (!p.roles.includes("PAYEUR")) return null;
  const e = await echeanceDePiece(p, { now });
  if (!e) return null;
  const avant = `À payer avant le ${jourFr(e.echeance)} : délai légal de paiement de ${e.delaiJours} jours à compter de la réception de la pièce par le service financier, le ${dateHeureFr(e.recueLe)}.`;
  return e.joursRetard === null
    ? { severite: "info", texte: avant }
    : { severite: "error", texte: `En retard de ${e.joursRetard} jour${e.joursRetard > 1 ? "s" : ""}. ${avant}` };
}
