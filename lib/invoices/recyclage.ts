import { db, type Client, type Tx } from "@/lib/db";
import { champsModifies, journaliser } from "@/lib/audit/journal";
import { AppError } from "@/lib/errors";
import type { Acteur } from "@/lib/auth/acteur";
import type { Prisma, StatutPieceTravaux } from "@/lib/generated/prisma/client";
import { kickMailDelivery } from "@/lib/mail/outbox";
import { exigerModification, structureDe, verifierId, visiblePar } from "./acces";
import { cadre as definitionCadre, destinataireDe, libelleCadre } from "./cadres";
import { dateHeureMail } from "./destinataires";
import { resoudreParties } from "./parties";
import { referencesManquantes } from "./references";
import type { RecyclageData } from "./schemas";
import { REFUSEES, STATUTS, transition, verifierTransition } from "./statuts";
import { appliquer, chargerPiece, verrouillerPiece } from "./transitions";

/**
 * Recycling instead of refusing (Chorus Pro's « recycler » and « demander le recyclage de la pièce précédente »),
 * and the number a refusal frees:
 * - the MOE or the MOA puts a wrongly routed piece « À recycler » with the routing error (`traiterPiece`,
 *   MISE_EN_RECYCLAGE); its depositor corrects only the routing — recipient, service of the MOA, engagement juridique,
 *   order number — and sends it again under the same number, in the same dossier (`recyclerPiece`);
 * - the MOE whose own next piece (A15, A17) is still at the MOA's disposal withdraws it and sends back to its
 *   depositor the piece it wrongly passed on (`demanderRecyclagePiecePrecedente`);
 * - a refusal that frees the number (`traiterPiece`, `libererNumero`) lets the depositor's next piece carry it: when
 *   that piece is sent, the refused one becomes « Redéposée sous le même numéro après refus » (`reprendreNumero`).
 */

/** What recycling reads and changes of a piece: its routing, as the form shows it and the journal records it. */
const selectRoutage = {
  id: true,
  statut: true,
  cadre: true,
  numero: true,
  structureDeposanteId: true,
  moeId: true,
  moaId: true,
  serviceMoaId: true,
  serviceDeposantId: true,
  numeroEngagement: true,
  numeroBonCommande: true,
  moe: { select: { raisonSociale: true, identifier: true } },
  moa: { select: { raisonSociale: true, identifier: true } },
  titulaire: { select: { identifier: true } },
  cotraitant: { select: { identifier: true } },
  serviceMoa: { select: { code: true, libelle: true } },
  piecePrecedente: { select: { cadre: true } },
} satisfies Prisma.PieceTravauxSelect;

type Routage = Prisma.PieceTravauxGetPayload<{ select: typeof selectRoutage }>;

/** The routing in words, field by field (the history row and the journal entry). */
function routageEnClair(p: Pick<Routage, "moe" | "moa" | "serviceMoa" | "numeroEngagement" | "numeroBonCommande">) {
  return {
    moe: p.moe ? `${p.moe.raisonSociale} (${p.moe.identifier})` : null,
    moa: p.moa ? `${p.moa.raisonSociale} (${p.moa.identifier})` : null,
    serviceMoa: p.serviceMoa ? `${p.serviceMoa.libelle} (${p.serviceMoa.code})` : null,
    numeroEngagement: p.numeroEngagement,
    numeroBonCommande: p.numeroBonCommande,
  };
}

const LIBELLES_ROUTAGE: Record<keyof ReturnType<typeof routageEnClair>, string> = {
  moe: "maîtrise d'œuvre",
  moa: "maîtrise d'ouvrage",
  serviceMoa: "service de la maîtrise d'ouvrage",
  numeroEngagement: "numéro d'engagement juridique",
  numeroBonCommande: "numéro de bon de commande",
};

/** « Pièce recyclée : maîtrise d'œuvre A (…) → B (…) ; numéro d'engagement juridique (aucun) → EJ-42. » */
function descriptionRecyclage(changes: { avant: Record<string, unknown>; apres: Record<string, unknown> } | null): string {
  if (!changes) return "Pièce recyclée : renvoyée sans changement des données d'acheminement.";
  const valeur = (v: unknown) => (v === null || v === undefined || v === "" ? "(aucun)" : String(v));
  const lignes = Object.keys(changes.apres).map(
    (k) => `${LIBELLES_ROUTAGE[k as keyof typeof LIBELLES_ROUTAGE]} ${valeur(changes.avant[k])} → ${valeur(changes.apres[k])}`,
  );
  return `Pièce recyclée : ${lignes.join(" ; ")}.`;
}

/** The routing of a piece to recycle, as its form is prefilled, if the actor's structure deposited it and it is « À recycler ». */
export async function routageARecycler(acteur: Acteur, pieceId: string) {
  const structureId = structureDe(acteur);
  const id = verifierId(pieceId);
  const p = await db.pieceTravaux.findFirst({ where: { id, ...visiblePar(structureId, acteur) }, select: selectRoutage });
  if (!p) throw new AppError("INTROUVABLE");
  verifierRecyclable(p, structureId);
  const motif = await db.historiquePieceTravaux.findFirst({
    where: { pieceId: id, statutApres: "A_RECYCLER" },
    orderBy: { createdAt: "desc" },
    select: { motif: true, acteurNom: true, acteurStructureId: true, createdAt: true },
  });
  const c = definitionCadre(p.cadre);
  const destinataire = destinataireDe(p.cadre, p.piecePrecedente?.cadre);
  return {
    id: p.id,
    numero: p.numero,
    cadre: p.cadre,
    libelleCadre: libelleCadre(p.cadre),
    /** The frame names an MOE the depositor chooses (else none, or the depositor itself). */
    moeModifiable: c.moe === "requise" || c.moe === "facultative",
    moeRequise: c.moe === "requise",
    destinataire: destinataire.partie,
    moe: p.moe,
    moa: p.moa ? { raisonSociale: p.moa.raisonSociale, identifier: p.moa.identifier } : null,
    valeurs: {
      moeSiret: c.moe === "requise" || c.moe === "facultative" ? (p.moe?.identifier ?? "") : "",
      moaSiret: p.moa?.identifier ?? "",
      serviceMoaId: p.serviceMoaId ?? "",
      numeroEngagement: p.numeroEngagement ?? "",
      numeroBonCommande: p.numeroBonCommande ?? "",
    },
    motif: motif?.motif ?? null,
  };
}

/** Only the depositor recycles, and only a piece « À recycler »: why not, in French. */
function verifierRecyclable(p: { structureDeposanteId: string; statut: StatutPieceTravaux }, structureId: string) {
  if (p.structureDeposanteId !== structureId)
    throw new AppError("NON_AUTORISE", {}, "Seule la structure qui a déposé la pièce peut corriger ses données d'acheminement et la renvoyer.");
  if (p.statut !== "A_RECYCLER")
    throw new AppError(
      "ACTION_IMPOSSIBLE",
      {},
      `Une pièce au statut « ${STATUTS[p.statut].libelle} » ne peut pas être recyclée : seule une pièce « ${STATUTS.A_RECYCLER.libelle} » peut l'être.`,
    );
}

/**
 * The MOA's parameters (« code service obligatoire », « EJ obligatoire »), checked on the corrected routing by the rule of
 * step « Parties » (`referencesManquantes`); the messages name the field of this form rather than that step.
 */
async function controlerReferences(
  client: Client,
  deposantId: string,
  moaId: string,
  r: { serviceMoaId: string | null; numeroEngagement: string | undefined },
) {
  const moa = await client.structure.findUniqueOrThrow({
    where: { id: moaId },
    select: { id: true, raisonSociale: true, codeServiceObligatoire: true, engagementObligatoire: true },
  });
  const erreurs = Object.fromEntries(
    Object.entries(referencesManquantes(moa, { structureDeposanteId: deposantId, ...r })).map(([champ, m]) => [
      champ,
      m.replace(" à l'étape 2 « Maîtrise d'œuvre et maîtrise d'ouvrage »", ""),
    ]),
  );
  const messages = Object.values(erreurs);
  if (messages.length) throw new AppError("REFERENCE_OBLIGATOIRE", erreurs, messages.length === 1 ? messages[0] : undefined);
}

export type ResultatRecyclage = { statut: StatutPieceTravaux; libelle: string };

/**
 * « Recycler la pièce »: the depositor of a piece « À recycler » corrects its routing — the MOE (when its frame has one
 * chosen by the depositor), the MOA and its service, the engagement juridique, the order number — which passes the
 * controls of step 2 « Parties » again, then the piece goes to its frame's recipient under the same number, in the same
 * dossier. In one transaction, under the piece's lock: the routing, the status, one history row with the changed
 * routing, the journal entry (fields before → after), the mails to the depositor and the new recipient. The structures
 * no longer named on the piece no longer see it.
 */
export async function recyclerPiece(acteur: Acteur, pieceId: string, routage: RecyclageData, o: { now?: Date } = {}): Promise<ResultatRecyclage> {
  const structureId = structureDe(acteur);
  const id = verifierId(pieceId);
  const now = o.now ?? new Date();
  const { resultat, mails } = await db.$transaction(async (tx) => {
    if (!(await verrouillerPiece(tx, id))) throw new AppError("INTROUVABLE");
    const avant = await tx.pieceTravaux.findFirst({ where: { id, ...visiblePar(structureId, acteur) }, select: selectRoutage });
    if (!avant) throw new AppError("INTROUVABLE");
    // A user limited to services: « Modification » on the piece's service (lib/invoices/acces.ts).
    await exigerModification(tx, acteur, structureId, avant);
    verifierRecyclable(avant, structureId);
    const c = definitionCadre(avant.cadre);
    const parties = await resoudreParties(tx, avant.cadre, structureId, {
      moeSiret: c.moe === "requise" || c.moe === "facultative" ? routage.moeSiret : undefined,
      titulaireSiret: avant.titulaire?.identifier,
      cotraitantSiret: avant.cotraitant?.identifier,
      moaSiret: routage.moaSiret,
      serviceMoaId: routage.serviceMoaId,
    });
    await controlerReferences(tx, structureId, parties.moaId, { serviceMoaId: parties.serviceMoaId, numeroEngagement: routage.numeroEngagement });
    const t = verifierTransition("A_RECYCLER", destinataireDe(avant.cadre, avant.piecePrecedente?.cadre).statut, "DEPOSANT");

    await tx.pieceTravaux.update({
      where: { id },
      data: {
        moeId: parties.moeId,
        moaId: parties.moaId,
        serviceMoaId: parties.serviceMoaId,
        numeroEngagement: routage.numeroEngagement ?? null,
        numeroBonCommande: routage.numeroBonCommande ?? null,
        updatedAt: now,
      },
    });
    const apres = await tx.pieceTravaux.findUniqueOrThrow({ where: { id }, select: selectRoutage });
    const changes = champsModifies<Record<string, unknown>>(routageEnClair(avant), routageEnClair(apres));
    await journaliser(
      tx,
      acteur,
      { action: "PIECE_RECYCLEE", structureId, cible: { type: "PieceTravaux", id }, avant: changes?.avant ?? {}, apres: changes?.apres ?? {} },
      { now },
    );
    // The status, the history row « Pièce recyclée … », the mails to the depositor and to the (new) recipient.
    const p = (await chargerPiece(tx, id))!;
    const mails = await appliquer(tx, p, t, { acteur, structureId, commentaire: descriptionRecyclage(changes), now });
    return { resultat: { statut: t.vers, libelle: STATUTS[t.vers].libelle }, mails };
  });
  await kickMailDelivery(mails);
  return resultat;
}

/** The MOE's own piece from which it may ask for the recycling of the previous one: the previous piece it passed on, if any. */
async function precedenteARecycler(client: Client, p: { piecePrecedenteId: string | null }, structureId: string) {
  if (!p.piecePrecedenteId) return null;
  return client.pieceTravaux.findFirst({
    where: { id: p.piecePrecedenteId, moeId: structureId, statut: "TRANSMISE_MOA" },
    select: { id: true, numero: true, cadre: true },
  });
}

/**
 * Whether the piece page offers « Demander le recyclage de la pièce précédente »: the MOE's own next piece, still at
 * the MOA's disposal (not processed), following a piece it passed on to the MOA.
 */
export async function recyclagePrecedentePossible(
  acteur: Acteur,
  p: { id: string; statut: StatutPieceTravaux; structureDeposanteId: string; moeId: string | null; piecePrecedenteId: string | null },
): Promise<boolean> {
  const structureId = structureDe(acteur);
  if (p.structureDeposanteId !== structureId || p.moeId !== structureId) return false;
  if (!transition(p.statut, "ABANDONNEE", "MOE")) return false;
  return !!(await precedenteARecycler(db, p, structureId));
}

/**
 * « Demander le recyclage de la pièce précédente »: the MOE withdraws its own next piece (A15, A17), still at the MOA's
 * disposal, and sends back to its depositor the piece it wrongly passed on, with the routing error. In one
 * transaction, under both pieces' locks: its piece « Abandonnée », the previous one « À recycler », a history row on
 * each, the mails to the previous piece's depositor and to the MOA. Refused once the MOA has processed the piece.
 */
export async function demanderRecyclagePiecePrecedente(acteur: Acteur, pieceId: string, motif: string, o: { now?: Date } = {}): Promise<ResultatRecyclage> {
  const structureId = structureDe(acteur);
  const id = verifierId(pieceId);
  const now = o.now ?? new Date();
  const texte = motif.trim();
  const { resultat, mails } = await db.$transaction(async (tx) => {
    const statut = await verrouillerPiece(tx, id);
    if (!statut) throw new AppError("INTROUVABLE");
    const p = await tx.pieceTravaux.findFirst({
      where: { id, ...visiblePar(structureId, acteur) },
      select: {
        id: true,
        statut: true,
        structureDeposanteId: true,
        moeId: true,
        piecePrecedenteId: true,
        serviceDeposantId: true,
        moaId: true,
        serviceMoaId: true,
      },
    });
    if (!p) throw new AppError("INTROUVABLE");
    await exigerModification(tx, acteur, structureId, p);
    if (p.structureDeposanteId !== structureId || p.moeId !== structureId)
      throw new AppError("NON_AUTORISE", {}, "Seule la maîtrise d'œuvre qui a déposé cette pièce peut demander le recyclage de la pièce précédente.");
    const abandon = transition(p.statut, "ABANDONNEE", "MOE");
    if (!abandon)
      throw new AppError(
        "ACTION_IMPOSSIBLE",
        {},
        p.statut === "BROUILLON"
          ? "Cette pièce n'a pas été envoyée : le recyclage de la pièce précédente ne peut être demandé que depuis une pièce mise à la disposition de la maîtrise d'ouvrage."
          : `La maîtrise d'ouvrage a déjà traité cette pièce (statut « ${STATUTS[p.statut].libelle} ») : le recyclage de la pièce précédente ne peut plus être demandé.`,
      );
    const precedente = p.piecePrecedenteId ? await verrouillerPiece(tx, p.piecePrecedenteId) : null;
    const aRecycler = precedente ? await precedenteARecycler(tx, p, structureId) : null;
    if (!aRecycler)
      throw new AppError(
        "ACTION_IMPOSSIBLE",
        {},
        "Cette pièce ne fait pas suite à une pièce que vous avez transmise à la maîtrise d'ouvrage : il n'y a pas de pièce précédente à recycler.",
      );
    if (!texte)
      throw new AppError("MOTIF_TRAITEMENT_OBLIGATOIRE", {
        motif: "Indiquez l'erreur dans les données d'acheminement de la pièce précédente : son déposant la corrigera.",
      });
    const recyclage = verifierTransition("TRANSMISE_MOA", "A_RECYCLER", "MOE");

    const mienne = (await chargerPiece(tx, id))!;
    const autre = (await chargerPiece(tx, aRecycler.id))!;
    const ids = [
      ...(await appliquer(tx, autre, recyclage, { acteur, structureId, motif: texte, now })),
      ...(await appliquer(tx, mienne, abandon, {
        acteur,
        structureId,
        motif: texte,
        commentaire: `Retirée par la maîtrise d'œuvre, qui a demandé le recyclage de la pièce précédente n° ${aRecycler.numero ?? "(sans numéro)"} (${libelleCadre(aRecycler.cadre)}).`,
        now,
      })),
    ];
    return { resultat: { statut: abandon.vers, libelle: STATUTS[abandon.vers].libelle }, mails: ids };
  });
  await kickMailDelivery(mails);
  return resultat;
}

/**
 * At the send of a piece: the refused pieces of its structure whose refusal freed this number (same number, same
 * year) become « Redéposée sous le même numéro après refus », each with its history row. Called by `envoyer`, in its
 * transaction, the new piece's row already locked; returns the outbox ids (none: the depositor is told of its send).
 */
export async function reprendreNumero(
  tx: Tx,
  nouvelle: { id: string; structureDeposanteId: string; numero: string; anneeFacture: number; numeroDepot: string; deposeeLe: Date },
  now: Date,
): Promise<string[]> {
  const refusees = await tx.pieceTravaux.findMany({
    where: {
      id: { not: nouvelle.id },
      structureDeposanteId: nouvelle.structureDeposanteId,
      anneeFacture: nouvelle.anneeFacture,
      numero: nouvelle.numero,
      numeroReserve: null,
      statut: { in: [...REFUSEES] },
    },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  const ids: string[] = [];
  for (const r of refusees) {
    const statut = await verrouillerPiece(tx, r.id);
    const t = statut ? transition(statut, "DUPLIQUE_APRES_REFUS", "SYSTEME") : undefined;
    if (!t) continue;
    const p = (await chargerPiece(tx, r.id))!;
    ids.push(
      ...(await appliquer(tx, p, t, {
        commentaire: `Numéro repris par la pièce n° ${nouvelle.numero} déposée le ${dateHeureMail(nouvelle.deposeeLe)} (dépôt n° ${nouvelle.numeroDepot}).`,
        now,
      })),
    );
  }
  return ids;
}
