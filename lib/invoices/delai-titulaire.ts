import { db, type Tx } from "@/lib/db";
import { kickMailDelivery, queueMails, type UnMail } from "@/lib/mail/outbox";
import { CADRE_DELAI_TITULAIRE, DELAI_TITULAIRE_JOURS, JOUR_MS, joursRestantsTitulaire, RELANCE_TITULAIRE_JOURS_AVANT } from "./delais";
import { mailsDelaiTitulaireDepasse, mailsRelanceTitulaire } from "./destinataires";
import { ecrireHistorique } from "./historique";
import { verrouillerPiece } from "./transitions";

/**
 * The titulaire's 15 days on its subcontractor's payment request (A10, « À valider par le titulaire »; the rule and
 * its article are in delais.ts). Two notices, each a history row of the piece without change of status (statutAvant
 * = statutApres: the request stays with the titulaire — nothing in the status table moves it), each given once:
 * - « RELANCE_TITULAIRE », from 3 days before the end of the 15 days until their end: the titulaire's users are
 *   reminded by mail (« Il vous reste 3 jours pour valider la demande de paiement n° … de votre sous-traitant … »)
 *   and in their notifications;
 * - « DELAI_TITULAIRE_DEPASSE », once the 15 days have run out: the titulaire's users and the subcontractor's are told
 *   the request is late (the titulaire is deemed to have accepted it). A check that comes only after the end (the
 *   portal was stopped) gives this notice alone: a reminder of a deadline already past would be wrong.
 *
 * « Once » is per reception: the notices count from the piece's status date, so a request put back at the
 * titulaire's disposal (recycled, sent again under the same number) has its new 15 days and its own notices.
 *
 * Same pattern as `verifierDelais` and `verifierDelaiTacite`: run by the scheduled job (lib/jobs/worker.ts), driven
 * by `now`, idempotent — the history row is looked for and written under the piece's row lock, so a check repeated by
 * a restart or a second instance tells nobody twice.
 */

export const EVENEMENT_RELANCE_TITULAIRE = "RELANCE_TITULAIRE";
export const EVENEMENT_DELAI_TITULAIRE_DEPASSE = "DELAI_TITULAIRE_DEPASSE";

const selectDemande = {
  id: true,
  statut: true,
  statutLe: true,
  cadre: true,
  numero: true,
  structureDeposanteId: true,
  titulaireId: true,
  serviceDeposantId: true,
  serviceMoaId: true,
  structureDeposante: { select: { raisonSociale: true } },
  titulaire: { select: { raisonSociale: true } },
  dossier: { select: { numero: true } },
} as const;

export async function verifierDelaiTitulaire(o: { now?: Date } = {}): Promise<{ relances: string[]; retards: string[] }> {
  const now = o.now ?? new Date();
  // Received at most `limiteRelance` (the reminder is due), or `limiteRetard` (late).
  const limiteRelance = new Date(now.getTime() - (DELAI_TITULAIRE_JOURS - RELANCE_TITULAIRE_JOURS_AVANT) * JOUR_MS);
  const limiteRetard = new Date(now.getTime() - DELAI_TITULAIRE_JOURS * JOUR_MS);
  // The requests still with their titulaire whose due notice (by their reception date) was not given since that date.
  const dues = await db.$queryRaw<{ id: string; statutLe: Date }[]>`
    SELECT p.id, p."statutLe" FROM "PieceTravaux" p
    WHERE p.cadre = ${CADRE_DELAI_TITULAIRE}::"CadreFacturation" AND p.statut = 'A_VALIDER_1' AND p."statutLe" <= ${limiteRelance}
      AND NOT EXISTS (
        SELECT 1 FROM "HistoriquePieceTravaux" h
        WHERE h."pieceId" = p.id AND h."createdAt" >= p."statutLe"
          AND h.action = CASE WHEN p."statutLe" <= ${limiteRetard} THEN ${EVENEMENT_DELAI_TITULAIRE_DEPASSE} ELSE ${EVENEMENT_RELANCE_TITULAIRE} END)
    ORDER BY p."statutLe", p.id
    LIMIT 500`;
  const relances: string[] = [];
  const retards: string[] = [];
  for (const { id, statutLe } of dues) {
    const evenement = statutLe <= limiteRetard ? EVENEMENT_DELAI_TITULAIRE_DEPASSE : EVENEMENT_RELANCE_TITULAIRE;
    const mails = await db.$transaction((tx) => aviser(tx, id, evenement, now));
    if (mails) {
      (evenement === EVENEMENT_RELANCE_TITULAIRE ? relances : retards).push(id);
      await kickMailDelivery(mails);
    }
  }
  return { relances, retards };
}

/** Under the piece's lock: the notice, if the request still waits for its titulaire and this notice was not given since its reception. */
async function aviser(tx: Tx, id: string, evenement: string, now: Date): Promise<string[] | null> {
  const statut = await verrouillerPiece(tx, id);
  const p = await tx.pieceTravaux.findUnique({ where: { id }, select: selectDemande });
  // Validated or refused meanwhile: nothing to do.
  if (statut !== "A_VALIDER_1" || !p || p.cadre !== CADRE_DELAI_TITULAIRE) return null;
  const jours = joursRestantsTitulaire({ ...p, statut }, { now })!;
  const du = evenement === EVENEMENT_DELAI_TITULAIRE_DEPASSE ? jours <= 0 : jours > 0 && jours <= RELANCE_TITULAIRE_JOURS_AVANT;
  if (!du) return null;
  if (await tx.historiquePieceTravaux.count({ where: { pieceId: id, action: evenement, createdAt: { gte: p.statutLe } } })) return null;
  await ecrireHistorique(tx, id, { action: evenement, statutAvant: statut, statutApres: statut, le: now });
  const envois: UnMail[] = evenement === EVENEMENT_RELANCE_TITULAIRE ? await mailsRelanceTitulaire(tx, p, jours) : await mailsDelaiTitulaireDepasse(tx, p);
  return (await queueMails(tx, envois)).map((m) => m.id);
}
