import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Acteur } from "@/lib/auth/acteur";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ADRESSE_DESTINATAIRE, type AdresseDestinataire, kickMailDelivery, queueMails } from "@/lib/mail/outbox";
import { exigerModification, membreVoitPiece, SELECT_SERVICES_MEMBRE, structureDe, verifierId } from "./acces";
import { cadre as definitionCadre, destinataireDe } from "./cadres";
import { empreinte, numeroDepot, numeroDossier, type ContenuCertificat } from "./certificat";
import { mailsDeDepot, membresANotifier } from "./destinataires";
import { insertionHistorique } from "./historique";
import { selectControle } from "./parties";
import { procedureTacite } from "./procedure-tacite";
import { reprendreNumero } from "./recyclage";
import { manquesSignature, signatureCertificat, suiteEnvoyee } from "./fin-de-marche";
import { recontroler } from "./brouillon";
import { compteChoisiParDeposant, MESSAGE_COMPTE_OBLIGATOIRE, referencesManquantes } from "./references";
import { masquerIban } from "@/lib/structures/comptes-bancaires";
import { TYPES_TVA } from "./schemas";
import { REFUSEES, STATUTS, transition, verifierTransition } from "./statuts";
import { appliquer, chargerPiece, verrouillerPiece } from "./transitions";
import type { StatutPieceTravaux } from "@/lib/generated/prisma/client";

/**
 * The active users of a party, who are told of a piece put at their disposal (read with the piece, in the same query),
 * with their addresses: the outbox does not read them again (`queueMails`'s `connus`).
 */
const membresActifs = {
  memberships: {
    where: membresANotifier.where,
    // With their services: a user limited to services is told only of his services' pieces (`membreVoitPiece`).
    select: { user: { select: { ...membresANotifier.select.user.select, ...ADRESSE_DESTINATAIRE } }, ...SELECT_SERVICES_MEMBRE },
  },
} as const;

const pieceAEnvoyer = {
  structureDeposante: { select: { id: true, raisonSociale: true, identifier: true } },
  serviceDeposant: { select: { code: true, libelle: true } },
  moe: { select: { ...selectControle, raisonSociale: true, identifier: true, ...membresActifs } },
  titulaire: { select: { ...selectControle, raisonSociale: true, identifier: true, ...membresActifs } },
  cotraitant: { select: { ...selectControle, raisonSociale: true, identifier: true, ...membresActifs } },
  moa: {
    select: {
      ...selectControle,
      raisonSociale: true,
      identifier: true,
      // With their habilitation and role: a piece for the paying service is told to it alone (`membresDestinataires`).
      memberships: { where: membresANotifier.where, select: { ...membresActifs.memberships.select, serviceFinancier: true, role: true } },
      codeServiceObligatoire: true,
      engagementObligatoire: true,
    },
  },
  serviceMoa: { select: { code: true, libelle: true } },
  compteBancaire: { select: { structureId: true, active: true, titulaire: true, iban: true, bic: true } },
  lignesTva: { orderBy: { rang: "asc" } },
  lignesPoste: { orderBy: { rang: "asc" } },
  piecesJointes: {
    where: { retireeLe: null },
    select: { nom: true, nature: true, typeMime: true, taille: true, sha256: true },
    orderBy: [{ nature: "asc" }, { createdAt: "asc" }],
  },
  piecePrecedente: { select: { dossierId: true, statut: true, moeId: true, cadre: true, numero: true } },
} satisfies Prisma.PieceTravauxInclude;

/**
 * Who is told of a piece put at the disposal of the MOA's paying service: its members with the « Service financier »
 * habilitation; when it has none yet, its gestionnaires (who grant it), so that the piece is never left unseen.
 */
function serviceFinancierDe<U>(memberships: { serviceFinancier: boolean; role: string; user: U }[]): U[] {
  const habilites = memberships.filter((m) => m.serviceFinancier);
  return (habilites.length ? habilites : memberships.filter((m) => m.role !== "UTILISATEUR_SIMPLE")).map((m) => m.user);
}

type PieceAEnvoyer = Prisma.PieceTravauxGetPayload<{ include: typeof pieceAEnvoyer }>;

/** What is missing to send, as the guide's control « un champ obligatoire est manquant », field by field. */
function manques(p: PieceAEnvoyer): Record<string, string> {
  const m: Record<string, string> = {};
  const c = definitionCadre(p.cadre);
  if (!p.moa) m.moaSiret = "La maîtrise d'ouvrage n'est pas renseignée (étape 2 « Maîtrise d'œuvre et maîtrise d'ouvrage »).";
  if (c.moe === "requise" && !p.moe) m.moeSiret = "La maîtrise d'œuvre n'est pas renseignée (étape 2 « Maîtrise d'œuvre et maîtrise d'ouvrage »).";
  if (c.titulaire === "requis" && !p.titulaire)
    m.titulaireSiret = "Le titulaire du marché n'est pas renseigné (étape 2 « Maîtrise d'œuvre et maîtrise d'ouvrage »).";
  if (c.cotraitant === "requis" && !p.cotraitant) m.cotraitantSiret = "Le cotraitant n'est pas renseigné (étape 2 « Maîtrise d'œuvre et maîtrise d'ouvrage »).";
  if (!p.numero) m.numero = "Le numéro de la facture n'est pas renseigné (étape « Facture »).";
  if (!p.dateFacture) m.dateFacture = "La date de la facture n'est pas renseignée (étape « Facture »).";
  if (!p.typeTva) m.typeTva = "Le type de TVA n'est pas renseigné (étape « Facture »).";
  if (p.montantHt === null || p.montantTva === null || p.montantTtc === null) m.montantTtc = "Les montants totaux ne sont pas renseignés (étape « Facture »).";
  if (!p.piecesJointes.some((f) => f.nature === "FACTURE"))
    m.fichier = "La facture elle-même, au format PDF, n'est pas jointe (« Gestion des pièces jointes »).";
  // The A8 signing a décompte général with reserves: their reason and the mémoire en réclamation.
  Object.assign(m, manquesSignature(p));
  // The references the MOA requires (its parameters), and the account a supplier-side piece is paid on (lib/invoices/references.ts).
  Object.assign(m, referencesManquantes(p.moa, p));
  if (compteChoisiParDeposant(p.cadre)) {
    if (!p.compteBancaire) m.compteBancaireId = MESSAGE_COMPTE_OBLIGATOIRE;
    else if (!p.compteBancaire.active || p.compteBancaire.structureId !== p.structureDeposanteId)
      m.compteBancaireId =
        "Les coordonnées bancaires choisies ont été désactivées : choisissez-en d'autres (étape 2 « Maîtrise d'œuvre et maîtrise d'ouvrage »).";
  }
  return m;
}

function service(s: { code: string; libelle: string } | null) {
  return s ? `${s.libelle} (${s.code})` : undefined;
}

function contenuCertificat(p: PieceAEnvoyer, acteur: Acteur, deposeLe: Date, dossier: string): ContenuCertificat {
  const c = definitionCadre(p.cadre);
  const partie = (s: { raisonSociale: string; identifier: string }, svc?: string) => ({
    raisonSociale: s.raisonSociale,
    identifiant: s.identifier,
    ...(svc ? { service: svc } : {}),
  });
  return {
    deposeLe: deposeLe.toISOString(),
    deposant: { ...partie(p.structureDeposante, service(p.serviceDeposant)), utilisateur: `${acteur.name} <${acteur.email}>` },
    cadre: { code: c.code, court: c.court, libelle: c.libelle },
    ...(p.moe ? { moe: partie(p.moe) } : {}),
    ...(p.titulaire ? { titulaire: partie(p.titulaire) } : {}),
    ...(p.cotraitant ? { cotraitant: partie(p.cotraitant) } : {}),
    moa: partie(p.moa!, service(p.serviceMoa)),
    facture: {
      numero: p.numero!,
      date: p.dateFacture!.toISOString().slice(0, 10),
      devise: p.devise,
      typeTva: TYPES_TVA[p.typeTva!],
      montantHt: p.montantHt!.toString(),
      montantTva: p.montantTva!.toString(),
      montantTtc: p.montantTtc!.toString(),
      lignesTva: p.lignesTva.map((l) => ({ taux: l.taux, baseHt: l.baseHt.toString(), montantTva: l.montantTva.toString() })),
      ...decompteCertificat(p),
    },
    fichiers: p.piecesJointes.map((f) => ({ nom: f.nom, nature: f.nature, typeMime: f.typeMime, taille: f.taille, sha256: f.sha256 })),
    ...referencesCertificat(p),
    ...signatureCertificat(p),
    dossier,
    statut: STATUTS[destinataireDe(p.cadre, p.piecePrecedente?.cadre).statut].libelle,
  };
}

/** Facture or avoir, the décompte, the exemption reason, the « postes ou prestations » and the reason of a revision, as attested. */
function decompteCertificat(
  p: PieceAEnvoyer,
): Pick<ContenuCertificat["facture"], "typePiece" | "motifExonerationTva" | "decompte" | "lignesPoste" | "motifRevision"> {
  const t = (v: bigint) => v.toString();
  const complet =
    p.travauxPeriode !== null &&
    p.revisionPrix !== null &&
    p.avanceVersee !== null &&
    p.avanceRemboursee !== null &&
    p.retenueGarantie !== null &&
    p.penalites !== null &&
    p.netAPayer !== null;
  return {
    typePiece: p.typePiece,
    ...(p.motifExonerationTva ? { motifExonerationTva: p.motifExonerationTva } : {}),
    ...(complet
      ? {
          decompte: {
            ...(p.travauxCumules !== null ? { travauxCumules: t(p.travauxCumules) } : {}),
            ...(p.travauxCumulesPrecedents !== null ? { travauxCumulesPrecedents: t(p.travauxCumulesPrecedents) } : {}),
            travauxPeriode: t(p.travauxPeriode!),
            revisionPrix: t(p.revisionPrix!),
            avanceVersee: t(p.avanceVersee!),
            avanceRemboursee: t(p.avanceRemboursee!),
            retenueGarantie: t(p.retenueGarantie!),
            cautionRemplaceRetenue: p.cautionRemplaceRetenue,
            penalites: t(p.penalites!),
            netAPayer: t(p.netAPayer!),
          },
        }
      : {}),
    ...(p.lignesPoste.length
      ? {
          lignesPoste: p.lignesPoste.map((l) => ({
            ...(l.reference ? { reference: l.reference } : {}),
            denomination: l.denomination,
            quantite: t(l.quantite),
            ...(l.unite ? { unite: l.unite } : {}),
            prixUnitaireHt: t(l.prixUnitaireHt),
            montantHt: t(l.montantHt),
            tauxTva: l.tauxTva,
          })),
        }
      : {}),
    ...(p.motifRevision ? { motifRevision: p.motifRevision } : {}),
  };
}

/** The contract references and the bank account (IBAN masked) the certificate attests; absent keys when the piece has none. */
function referencesCertificat(p: PieceAEnvoyer): Pick<ContenuCertificat, "references" | "compteBancaire"> {
  const references = {
    ...(p.numeroMarche ? { numeroMarche: p.numeroMarche } : {}),
    ...(p.numeroEngagement ? { numeroEngagement: p.numeroEngagement } : {}),
    ...(p.numeroBonCommande ? { numeroBonCommande: p.numeroBonCommande } : {}),
  };
  const c = p.compteBancaire;
  return {
    ...(Object.keys(references).length ? { references } : {}),
    ...(c ? { compteBancaire: { titulaire: c.titulaire, ibanMasque: masquerIban(c.iban), bic: c.bic } } : {}),
  };
}

export type ResultatEnvoi = { pieceId: string; numeroDepot: string; dossierId: string; dossier: string; statut: string };

/**
 * « Valider et envoyer » → « Confirmer et envoyer ». In one transaction: the controls of the guide run
 * again, the piece becomes DEPOSEE then is put at the next actor's disposal (two history rows), the dossier
 * de facturation is created (or the one the piece continues is reused), the deposit and what its
 * certificate attests are recorded, and the mails to the depositor and to the next actor are written to
 * the outbox. Any failure leaves the draft exactly as it was.
 */
export async function envoyer(acteur: Acteur, pieceId: string, o: { now?: Date } = {}): Promise<ResultatEnvoi> {
  const now = o.now ?? new Date();
  const structureId = structureDe(acteur);
  const id = verifierId(pieceId);
  const { resultat, mails } = await db.$transaction(async (tx) => {
    // The draft locked (a save or a second send waits), with the depositor (the mail's recipient, by id, with his
    // addresses). The dossier it continues, or the number of a new one (taken only when needed). Whether a refused piece
    // of the structure freed this number (lib/invoices/recyclage.ts `reprendreNumero`, only looked for then).
    const verrou = await tx.$queryRaw<
      (AdresseDestinataire & {
        statut: StatutPieceTravaux;
        firstName: string;
        lastName: string;
        dossierId: string | null;
        dossierNumero: number;
        numeroRefuse: boolean;
      })[]
    >`
      SELECT p.statut, u.id, u."firstName", u."lastName", u.email, u."contactEmail", u."contactEmailConfirmeLe", u.status::text AS status, u.technique,
             d.id AS "dossierId", COALESCE(d.numero, nextval(pg_get_serial_sequence('"DossierFacturation"', 'numero')))::int AS "dossierNumero",
             EXISTS (
               SELECT 1 FROM "PieceTravaux" r
               WHERE r.id <> p.id AND r."structureDeposanteId" = p."structureDeposanteId" AND r."anneeFacture" = p."anneeFacture"
                 AND r.numero = p.numero AND r."numeroReserve" IS NULL AND r.statut::text = ANY(${[...REFUSEES]}::text[])
             ) AS "numeroRefuse"
      FROM "PieceTravaux" p
      JOIN "User" u ON u.id = ${acteur.userId}::uuid
      LEFT JOIN "PieceTravaux" prec ON prec.id = p."piecePrecedenteId"
      LEFT JOIN "DossierFacturation" d ON d.id = prec."dossierId"
      WHERE p.id = ${id}::uuid AND p."structureDeposanteId" = ${structureId}::uuid
      FOR UPDATE OF p`;
    if (verrou.length === 0) throw new AppError("INTROUVABLE");
    if (verrou[0].statut !== "BROUILLON") throw new AppError("PIECE_NON_MODIFIABLE");
    const deposant = verrou[0];
    const p = await tx.pieceTravaux.findUniqueOrThrow({ where: { id }, include: pieceAEnvoyer });
    const manquants = manques(p);
    if (Object.keys(manquants).length > 0) throw new AppError("PIECE_INCOMPLETE", manquants);
    recontroler(p, structureId);
    // A user limited to services: « Modification » on the draft's service (lib/invoices/acces.ts).
    await exigerModification(tx, acteur, structureId, p);

    const c = definitionCadre(p.cadre);
    // Where the piece goes, given the piece it follows (the A8 signing a décompte général: the paying service).
    const dest = destinataireDe(p.cadre, p.piecePrecedente?.cadre);
    const depot = verifierTransition("BROUILLON", "DEPOSEE", "DEPOSANT");
    const miseADisposition = verifierTransition("DEPOSEE", dest.statut, "SYSTEME");

    const nouveauDossier = !deposant.dossierId;
    const dossier = { id: deposant.dossierId ?? randomUUID(), numero: deposant.dossierNumero };
    const contenu = contenuCertificat(p, acteur, now, numeroDossier(dossier.numero));
    // One statement: the new dossier if any, the deposit and what its certificate attests, the piece put at the next
    // actor's disposal, and its two history rows — the portal itself puts the piece at disposal, a millisecond later so the order is kept.
    const [d] = await tx.$queryRaw<{ numero: number }[]>`
      WITH nd AS (
        INSERT INTO "DossierFacturation" (id, numero, "createdAt")
        SELECT ${dossier.id}::uuid, ${dossier.numero}, ${now} WHERE ${nouveauDossier}
        RETURNING id
      ), d AS (
        INSERT INTO "DepotPieceTravaux" (id, "pieceId", "deposeLe", "deposeParId", certificat, empreinte)
        VALUES (gen_random_uuid(), ${id}::uuid, ${now}, ${acteur.userId}::uuid, ${JSON.stringify(contenu)}::jsonb, ${empreinte(contenu)})
        RETURNING numero
      ), p AS (
        UPDATE "PieceTravaux" SET statut = ${dest.statut}::"StatutPieceTravaux", "statutLe" = ${now}, "deposeeLe" = ${now},
               "dossierId" = ${dossier.id}::uuid, "updatedAt" = ${now}
        WHERE id = ${id}::uuid
      ), h AS (
        ${insertionHistorique(id, [
          { action: depot.action, statutAvant: "BROUILLON", statutApres: "DEPOSEE", acteur, structureId, le: now, cadre: p.cadre },
          { action: miseADisposition.action, statutAvant: "DEPOSEE", statutApres: dest.statut, le: new Date(now.getTime() + 1), cadre: p.cadre },
        ])}
      )
      SELECT numero FROM d`;

    // The MOE's next piece (A15, A17, and A16, A18 when the MOA delegated validation) passes the supplier's on:
    // « Transmise à la MOA », and its depositor is told.
    const transmission: string[] = [];
    if (p.piecePrecedenteId && p.piecePrecedente?.moeId === structureId && c.role === "MOE") {
      const statut = await verrouillerPiece(tx, p.piecePrecedenteId);
      const t = statut ? transition(statut, "TRANSMISE_MOA", "SYSTEME") : undefined;
      const precedente = t ? await chargerPiece(tx, p.piecePrecedenteId) : null;
      if (t && precedente) transmission.push(...(await appliquer(tx, precedente, t, { now: new Date(now.getTime() + 2) })));
    }

    const destinataire = dest.partie === "MOE" ? p.moe! : dest.partie === "TITULAIRE" ? p.titulaire! : p.moa!;
    // Only the members who see the piece are told of it (a user limited to services: his services' pieces).
    const voit = (m: Parameters<typeof membreVoitPiece>[0]) => membreVoitPiece(m, p);
    const membres =
      dest.statut === "MISE_A_DISPOSITION" ? serviceFinancierDe(p.moa!.memberships.filter(voit)) : destinataire.memberships.filter(voit).map((m) => m.user);
    const aEnvoyer = mailsDeDepot(
      { ...p, numero: p.numero! },
      {
        deposant,
        destinataire: { partie: dest.partie, raisonSociale: destinataire.raisonSociale, membres },
        numeroDepot: numeroDepot(d.numero),
        dossier: numeroDossier(dossier.numero),
        now,
        cotraitant: p.cotraitant ? { raisonSociale: p.cotraitant.raisonSociale, membres: p.cotraitant.memberships.filter(voit).map((m) => m.user) } : null,
      },
    );
    const connus = [deposant, ...[p.moe, p.titulaire, p.cotraitant, p.moa].flatMap((s) => s?.memberships.map((m) => m.user) ?? [])];
    const ids = (await queueMails(tx, aEnvoyer, { connus })).map((m) => m.id);
    // Procédure tacite : l'A22 remplace la pièce restée en attente chez la MOE ou la MOA ; l'A23 n'est envoyé
    // que 10 jours après l'A22 resté sans réponse de la MOA (l'A22 garde son statut).
    transmission.push(...(await procedureTacite(tx, { cadre: p.cadre, piecePrecedenteId: p.piecePrecedenteId }, structureId, new Date(now.getTime() + 2))));
    // A refusal that freed this number: the refused piece is « Redéposée sous le même numéro après refus » (lib/invoices/recyclage.ts).
    const reprise = {
      id,
      structureDeposanteId: structureId,
      numero: p.numero!,
      anneeFacture: p.anneeFacture!,
      numeroDepot: numeroDepot(d.numero),
      deposeeLe: now,
    };
    if (deposant.numeroRefuse) transmission.push(...(await reprendreNumero(tx, reprise, new Date(now.getTime() + 2))));
    // The MOA's A19 / A20: its MOE statement « ASSOCIEE »; the titulaire's A8: the décompte général signed (« VALIDEE_1 »).
    transmission.push(...(await suiteEnvoyee(tx, p, acteur, structureId, new Date(now.getTime() + 2))));
    return {
      resultat: {
        pieceId: id,
        numeroDepot: numeroDepot(d.numero),
        dossierId: dossier.id,
        dossier: numeroDossier(dossier.numero),
        statut: dest.statut,
      },
      mails: [...ids, ...transmission],
    };
  });
  await kickMailDelivery(mails);
  return resultat;
}
