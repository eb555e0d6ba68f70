// The demo structures' dossiers, at every stage a newcomer should see at first sign-in: a draft, pieces for the MOE
// to process with their days left, a suspended one, a refused one, pieces passed to the MOA, taken into account, an
// état d'acompte validé mandated and one paid by the MOA's service financier, a subcontractor's request waiting for the
// titulaire, and the end of a contract (décompte général signed). All through the domain functions (drafts, files,
// deposits and their certificates, history, mails and notifications as the portal writes them), never by raw rows.
//
// Idempotent: the last piece written is the marker (DEMO_MARQUEUR); when it exists, nothing is done.
import { PDFDocument, StandardFonts } from "pdf-lib";
import type { Acteur } from "../../lib/auth/acteur";
import { db } from "../../lib/db";
import type { CadreFacturation, StructureRole } from "../../lib/generated/prisma/enums";
import { creerBrouillon, enregistrerFacture, enregistrerParties } from "../../lib/invoices/brouillon";
import { envoyer } from "../../lib/invoices/envoi";
import { enregistrerSignature } from "../../lib/invoices/fin-de-marche";
import { ajouterPieceJointe } from "../../lib/invoices/pieces-jointes";
import { factureSchema, partiesSchema } from "../../lib/invoices/schemas";
import { deposerPieceSuivante } from "../../lib/invoices/suivante";
import { traiterPiece } from "../../lib/invoices/transitions";

import { DEMO_MARQUEUR } from "./demo";

export { DEMO_MARQUEUR };
/** The demo's pieces by stage (the README and the tests name them). */
export const DEMO_PIECES = {
  brouillon: "DEMO-A4-0001",
  aTraiter: ["DEMO-A4-0002", "DEMO-A4-0003", "DEMO-A4-0004"],
  suspendue: "DEMO-A4-0005",
  refusee: "DEMO-A4-0006",
  aLaMoa: "DEMO-A15-0001",
  priseEnCompteMoa: "DEMO-A15-0002",
  aMandater: "DEMO-A19-0001",
  mandatee: "DEMO-A19-0002",
  payee: "DEMO-A19-0003",
  a10: "DEMO-A10-0001",
  decompteGeneral: "DEMO-A20-0001",
  signature: DEMO_MARQUEUR,
} as const;

type Membre = { email: string; role: StructureRole };
type StructureDemo = { siret: string; membre: Membre };

const JOUR = 86_400_000;

async function acteurDe(email: string, siret: string): Promise<Acteur> {
  const m = await db.membership.findFirstOrThrow({
    where: { user: { email }, structure: { identifierType: "SIRET", identifier: siret }, status: "VALIDEE" },
    select: { role: true, user: { select: { id: true, email: true, firstName: true, lastName: true } }, structure: true },
  });
  return {
    userId: m.user.id,
    email: m.user.email,
    name: `${m.user.firstName} ${m.user.lastName}`,
    structure: { id: m.structure.id, raisonSociale: m.structure.raisonSociale, identifier: m.structure.identifier, role: m.role, status: "VALIDEE" },
  };
}

async function pdf(lignes: string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const [i, ligne] of lignes.entries()) page.drawText(ligne.replace(/[\u00a0\u202f]/g, " "), { x: 50, y: 780 - i * 22, size: i === 0 ? 16 : 12, font });
  return doc.save();
}

/** The demo dossiers; `now` fixes « today » (deposits and decisions are dated in the days before it). */
export async function seedDemoPieces(
  structures: { moa: StructureDemo & { serviceCode: string; comptable: Membre }; moe: StructureDemo; fournisseur: StructureDemo; sousTraitant: StructureDemo },
  o: { now?: Date } = {},
): Promise<boolean> {
  if (await db.pieceTravaux.findFirst({ where: { numero: DEMO_MARQUEUR }, select: { id: true } })) return false;
  const now = o.now ?? new Date();
  const il = (jours: number, heures = 0) => new Date(now.getTime() - jours * JOUR - heures * 3_600_000);
  const jourDe = (d: Date) => new Intl.DateTimeFormat("fr-CA", { timeZone: "Europe/Paris" }).format(d);

  const f = await acteurDe(structures.fournisseur.membre.email, structures.fournisseur.siret);
  const m = await acteurDe(structures.moe.membre.email, structures.moe.siret);
  const a = await acteurDe(structures.moa.membre.email, structures.moa.siret);
  const sf = await acteurDe(structures.moa.comptable.email, structures.moa.siret);
  const st = await acteurDe(structures.sousTraitant.membre.email, structures.sousTraitant.siret);
  const service = await db.service.findFirstOrThrow({ where: { structureId: a.structure!.id, code: structures.moa.serviceCode } });
  const compte = async (acteur: Acteur) =>
    (await db.compteBancaire.findFirst({ where: { structureId: acteur.structure!.id, active: true }, orderBy: { createdAt: "asc" } }))?.id;

  /** The invoice step; with `envoi`, the invoice PDF (and any attachment) joined and the piece sent at that date. */
  async function facturer(
    acteur: Acteur,
    id: string,
    numero: string,
    o: { ht: string; tva: string; ttc: string; titre: string; envoi: Date | null; annexe?: { nom: string; lignes: string[] } },
  ) {
    await enregistrerFacture(
      acteur,
      id,
      factureSchema.parse({
        numero,
        dateFacture: jourDe(o.envoi ?? now),
        devise: "EUR",
        typeTva: "TVA_SUR_DEBIT",
        montantHt: o.ht,
        montantTva: o.tva,
        montantTtc: o.ttc,
        lignesTva: [{ taux: "20", baseHt: o.ht, montantTva: o.tva }],
      }),
    );
    if (!o.envoi) return;
    await ajouterPieceJointe(acteur, id, {
      nom: `${numero}.pdf`,
      contenu: await pdf([
        `${o.titre} n° ${numero}`,
        acteur.structure!.raisonSociale,
        "Marché 2026-TRAV-014 — Réhabilitation du palais de justice",
        `Montant TTC : ${o.ttc} €`,
      ]),
      nature: "FACTURE",
    });
    if (o.annexe) await ajouterPieceJointe(acteur, id, { nom: o.annexe.nom, contenu: await pdf(o.annexe.lignes), nature: "COMPLEMENTAIRE" });
    await envoyer(acteur, id, { now: o.envoi });
  }

  const montants = [
    { ht: "48 250,00", tva: "9 650,00", ttc: "57 900,00" },
    { ht: "31 600,00", tva: "6 320,00", ttc: "37 920,00" },
    { ht: "12 480,00", tva: "2 496,00", ttc: "14 976,00" },
    { ht: "75 000,00", tva: "15 000,00", ttc: "90 000,00" },
  ];
  let rang = 0;

  /** A supplier's or subcontractor's piece of the frame for the demo MOE and MOA, sent at `envoi` (null: a draft). */
  async function piece(acteur: Acteur, cadre: CadreFacturation, numero: string, envoi: Date | null, o: { titulaire?: string; metre?: boolean } = {}) {
    // The draft started an hour before its deposit: its history reads in order.
    const { id } = await creerBrouillon(acteur, { cadre }, { now: new Date((envoi ?? now).getTime() - 3_600_000) });
    await enregistrerParties(
      acteur,
      id,
      partiesSchema.parse({
        cadre,
        moeSiret: structures.moe.siret,
        moaSiret: structures.moa.siret,
        serviceMoaId: service.id,
        titulaireSiret: o.titulaire,
        numeroMarche: "2026-TRAV-014",
        numeroEngagement: "1300045871",
        compteBancaireId: await compte(acteur),
      }),
    );
    const titre = cadre.startsWith("A7") ? "Projet de décompte final" : "Projet de décompte mensuel";
    await facturer(acteur, id, numero, {
      ...montants[rang++ % montants.length],
      titre,
      envoi,
      annexe: o.metre
        ? { nom: `metre-${numero}.pdf`, lignes: ["Métré des travaux exécutés", "Lot 1 — Gros œuvre : 86 %", "Lot 2 — Charpente : 40 %"] }
        : undefined,
    });
    return id;
  }

  /** The next piece of a dossier (A15, A19, A17, A20…) deposited by `acteur` from the piece `precedente`, sent at `envoi`. */
  async function suivante(acteur: Acteur, precedente: string, numero: string, titre: string, envoi: Date) {
    const { id } = await deposerPieceSuivante(acteur, precedente, { now: envoi });
    const p = await db.pieceTravaux.findUniqueOrThrow({ where: { id }, select: { montantHt: true, montantTva: true, montantTtc: true } });
    const euros = (c: bigint | null) => new Intl.NumberFormat("fr-FR", { minimumFractionDigits: 2 }).format(Number(c ?? 0n) / 100);
    await facturer(acteur, id, numero, { ht: euros(p.montantHt), tva: euros(p.montantTva), ttc: euros(p.montantTtc), titre, envoi });
    return id;
  }

  // The supplier's draft (parties and invoice saved, no PDF yet): « Reprendre » in its « Déposer ».
  await piece(f, "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", DEMO_PIECES.brouillon, null);
  // Three pieces for the MOE to process, deposited 1, 3 and 5 days ago: 6, 4 and 2 of its 7 days left.
  await piece(f, "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", DEMO_PIECES.aTraiter[0], il(1), { metre: true });
  await piece(f, "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", DEMO_PIECES.aTraiter[1], il(3));
  await piece(f, "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", DEMO_PIECES.aTraiter[2], il(5));
  const suspendue = await piece(f, "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", DEMO_PIECES.suspendue, il(6));
  await traiterPiece(m, suspendue, "SUSPENSION", { motif: { texte: "Le métré du lot 2 (charpente) manque." }, now: il(4) });
  const refusee = await piece(f, "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", DEMO_PIECES.refusee, il(8));
  await traiterPiece(m, refusee, "REFUS", { motif: { code: "MAUVAISE_MOA" }, now: il(7) });

  // Passed on by the MOE: its état d'acompte (A15) at the MOA's disposal, the A4 « Transmise à la MOA ».
  const a4AlaMoa = await piece(f, "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", "DEMO-A4-0007", il(12), { metre: true });
  await suivante(m, a4AlaMoa, DEMO_PIECES.aLaMoa, "Etat d'acompte", il(10));
  // Taken into account by the MOA.
  const a4Prise = await piece(f, "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", "DEMO-A4-0008", il(20));
  const a15Prise = await suivante(m, a4Prise, DEMO_PIECES.priseEnCompteMoa, "Etat d'acompte", il(18));
  await traiterPiece(a, a15Prise, "PRISE_EN_COMPTE", { now: il(16) });

  // The payment circuit: three états d'acompte validés (A19) at the service financier — to mandate, mandated, paid.
  const versServiceFinancier = async (n: number, numeroA19: string, depuis: number) => {
    const a4 = await piece(f, "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", `DEMO-A4-00${10 + n}`, il(depuis));
    const a15 = await suivante(m, a4, `DEMO-A15-00${10 + n}`, "Etat d'acompte", il(depuis - 2));
    await traiterPiece(a, a15, "PRISE_EN_COMPTE", { now: il(depuis - 3) });
    return suivante(a, a15, numeroA19, "Etat d'acompte valide", il(depuis - 4));
  };
  await versServiceFinancier(1, DEMO_PIECES.aMandater, 9);
  const mandatee = await versServiceFinancier(2, DEMO_PIECES.mandatee, 25);
  await traiterPiece(sf, mandatee, "MANDATEMENT", { mandat: { numero: "M-2026-0412", date: jourDe(il(19)) }, now: il(19) });
  const payee = await versServiceFinancier(3, DEMO_PIECES.payee, 40);
  await traiterPiece(sf, payee, "MANDATEMENT", { mandat: { numero: "M-2026-0398", date: jourDe(il(34)) }, now: il(34) });
  const { montantTtc } = await db.pieceTravaux.findUniqueOrThrow({ where: { id: payee }, select: { montantTtc: true } });
  await traiterPiece(sf, payee, "MISE_EN_PAIEMENT", { paiement: { montant: Number(montantTtc), date: jourDe(il(30)) }, now: il(30) });

  // The subcontractor's request (A10) waiting for the titulaire (the supplier).
  await piece(st, "A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT", DEMO_PIECES.a10, il(2), { titulaire: structures.fournisseur.siret });

  // The end of the contract: A7 → the MOE's A17 → the MOA's décompte général (A20), accepted by the titulaire (A8).
  const a7 = await piece(f, "A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR", "DEMO-A7-0001", il(60));
  const a17 = await suivante(m, a7, "DEMO-A17-0001", "Projet de décompte general", il(55));
  await traiterPiece(a, a17, "PRISE_EN_COMPTE", { now: il(50) });
  const a20 = await suivante(a, a17, DEMO_PIECES.decompteGeneral, "Decompte general", il(48));
  const { id: a8 } = await deposerPieceSuivante(f, a20, { now: il(45) });
  await enregistrerSignature(f, a8, { signature: "ACCEPTE" });
  const p = await db.pieceTravaux.findUniqueOrThrow({ where: { id: a8 }, select: { montantHt: true, montantTva: true, montantTtc: true } });
  const euros = (c: bigint | null) => new Intl.NumberFormat("fr-FR", { minimumFractionDigits: 2 }).format(Number(c ?? 0n) / 100);
  // Last: the marker.
  await facturer(f, a8, DEMO_MARQUEUR, {
    ht: euros(p.montantHt),
    tva: euros(p.montantTva),
    ttc: euros(p.montantTtc),
    titre: "Decompte general signe",
    envoi: il(45),
  });
  return true;
}
