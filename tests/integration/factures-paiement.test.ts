import { describe, expect, it } from "vitest";
import type { Acteur } from "@/lib/auth/acteur";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { creerBrouillon, enregistrerFacture, enregistrerParties } from "@/lib/invoices/brouillon";
import { consulterPiece } from "@/lib/invoices/consultation";
import { ecranPiece } from "@/lib/invoices/ecran-piece";
import { envoyer } from "@/lib/invoices/envoi";
import { facturesRecues } from "@/lib/invoices/factures-recues";
import { dateFr } from "@/lib/invoices/format";
import { formaterMontantDevise } from "@/lib/invoices/montants";
import { paiementsDuDossier } from "@/lib/invoices/paiement";
import { ajouterPieceJointe } from "@/lib/invoices/pieces-jointes";
import { aujourdhuiParis, factureSchema, partiesSchema } from "@/lib/invoices/schemas";
import { deposerPieceSuivante } from "@/lib/invoices/suivante";
import { traiterPiece } from "@/lib/invoices/transitions";
import { seedStructure, seedUser, uniqueSuffix } from "@/prisma/seed/factories";
import { mailsPour } from "../support/fixtures";
import { acteurDe, compteDe, depotA4, pdfFacture, saisieFacture, scenario, type Scenario } from "./factures-fixtures";

const JOUR = 24 * 3600 * 1000;
const sujet = (numero: string, statut: string) => `Facture de travaux n° ${numero} : ${statut}`;
/** « 12 345,67 € » as the portal writes it (non-breaking spaces). */
const euros = (centimes: number) => formaterMontantDevise(centimes, "EUR");
const jourFr = (iso: string) => dateFr(new Date(`${iso}T00:00:00Z`));

/** A member of the structure whose membership holds the « Service financier » habilitation (as a gestionnaire grants it). */
async function payeurDe(structure: { id: string; raisonSociale: string; identifier: string }) {
  const user = await seedUser({ structureId: structure.id, role: "UTILISATEUR_SIMPLE", email: `sf-${uniqueSuffix()}@exemple.fr`, serviceFinancier: true });
  const acteur = acteurDe(user, structure, "UTILISATEUR_SIMPLE");
  return { user, acteur: { ...acteur, structure: { ...acteur.structure!, serviceFinancier: true } } as Acteur };
}

/** A public buyer of the given INSEE legal category, with a service, a plain member and its paying service. */
async function acheteur(categorieJuridique: string) {
  const structure = await seedStructure({ categorieJuridique, worksSpaceOpen: true, services: [{ code: "FIN", libelle: "Direction des finances" }] });
  const service = await db.service.findFirstOrThrow({ where: { structureId: structure.id } });
  const membre = await seedUser({ structureId: structure.id, role: "UTILISATEUR_SIMPLE", email: `m-${uniqueSuffix()}@exemple.fr` });
  return { structure, service, membre: acteurDe(membre, structure, "UTILISATEUR_SIMPLE"), payeur: await payeurDe(structure) };
}

/** The invoice step with these amounts and a new number, its PDF joined, then sent. */
async function completerEtEnvoyer(acteur: Acteur, id: string, montants: { ht: string; tva: string; ttc: string }, o: { now?: Date } = {}) {
  const saisie = saisieFacture({
    montantHt: montants.ht,
    montantTva: montants.tva,
    montantTtc: montants.ttc,
    lignesTva: [{ taux: "20", baseHt: montants.ht, montantTva: montants.tva }],
  });
  await enregistrerFacture(acteur, id, factureSchema.parse(saisie));
  await ajouterPieceJointe(acteur, id, { nom: "piece.pdf", contenu: await pdfFacture(`Pièce ${saisie.numero}`), nature: "FACTURE" });
  return { numero: saisie.numero, envoi: await envoyer(acteur, id, o) };
}

const MONTANTS = { ht: "10 288,06", tva: "2 057,61", ttc: "12 345,67" };

/** A6, a supplier's piece sent straight to the paying service of `moa`, received at `now`. */
async function depotA6(s: Scenario, moa: { structure: { identifier: string }; service: { id: string } }, o: { now?: Date } = {}) {
  const cadre = "A6_ETAT_ACOMPTE_VALIDE_FOURNISSEUR";
  const { id } = await creerBrouillon(s.deposant.acteur, { cadre });
  await enregistrerParties(
    s.deposant.acteur,
    id,
    partiesSchema.parse({ cadre, moaSiret: moa.structure.identifier, serviceMoaId: moa.service.id, compteBancaireId: await compteDe(s.fournisseur.id) }),
  );
  const { numero } = await completerEtEnvoyer(s.deposant.acteur, id, MONTANTS, o);
  return { id, numero };
}

/** A4 → A15 (MOE) → taken into account by the MOA → its A19, at the disposal of its paying service. */
async function jusquAuServiceFinancier(s: Scenario) {
  const a4 = await depotA4(s, {
    facture: {
      montantHt: MONTANTS.ht,
      montantTva: MONTANTS.tva,
      montantTtc: MONTANTS.ttc,
      lignesTva: [{ taux: "20", baseHt: MONTANTS.ht, montantTva: MONTANTS.tva }],
    },
  });
  const { id: a15 } = await deposerPieceSuivante(s.moeUser.acteur, a4.id);
  await completerEtEnvoyer(s.moeUser.acteur, a15, MONTANTS);
  await traiterPiece(s.moaUser.acteur, a15, "PRISE_EN_COMPTE");
  const { id: a19 } = await deposerPieceSuivante(s.moaUser.acteur, a15);
  const envoi = await completerEtEnvoyer(s.moaUser.acteur, a19, MONTANTS);
  expect(envoi.envoi).toMatchObject({ statut: "MISE_A_DISPOSITION", dossierId: a4.envoi.dossierId });
  return { a4, a15, a19, numeroA19: envoi.numero, dossierId: a4.envoi.dossierId };
}

async function erreurDe(p: Promise<unknown>): Promise<{ code: string; champs: Record<string, string>; message: string } | "OK"> {
  try {
    await p;
    return "OK";
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { code: e.code, champs: e.fieldErrors, message: e.message };
  }
}

describe("le service financier de la maîtrise d'ouvrage : de l'A4 du fournisseur à la mise en paiement", () => {
  it("A4 → A15 → A19 → mandatée → mise en paiement : les courriels du fournisseur et de la MOE, « Mise en paiement le … pour … € » sur l'A4 et dans le dossier", async () => {
    const s = await scenario();
    const payeur = await payeurDe(s.moa);
    const { a4, a19, numeroA19, dossierId } = await jusquAuServiceFinancier(s);
    const aujourdhui = aujourdhuiParis();
    // The A19 is announced to the paying service alone, not to every member of the MOA.
    const annonce = `Nouvelle pièce à traiter : facture de travaux n° ${numeroA19}`;
    expect((await mailsPour(payeur.user.email)).some((m) => m.subject.startsWith(annonce))).toBe(true);
    expect((await mailsPour(s.moaUser.user.email)).some((m) => m.subject.startsWith(annonce))).toBe(false);
    const demain = aujourdhuiParis(new Date(Date.now() + 2 * JOUR));

    // What each one may do: the paying service mandates, suspends, rejects, sends back; a plain member of the MOA nothing.
    expect((await ecranPiece(payeur.acteur, a19)).possibles.sort()).toEqual(["MANDATEMENT", "MISE_EN_RECYCLAGE", "REJET", "SUSPENSION"]);
    expect((await ecranPiece(s.moaUser.acteur, a19)).possibles).toEqual([]);
    expect((await ecranPiece(payeur.acteur, a19)).echeancePaiement?.texte).toMatch(/^À payer avant le \d\d\/\d\d\/\d{4} : délai légal de paiement de 30 jours/);
    expect((await ecranPiece(s.moaUser.acteur, a19)).echeancePaiement).toBeNull();

    // The mandate: its number and its date are required, the date neither in the future nor before the deposit.
    const mandater = (mandat: { numero?: string; date?: string }, acteur = payeur.acteur) => erreurDe(traiterPiece(acteur, a19, "MANDATEMENT", { mandat }));
    expect(await mandater({ numero: "  ", date: demain })).toMatchObject({
      code: "SAISIE_INVALIDE",
      champs: { numeroMandat: "Indiquez le numéro du mandat.", dateMandat: "La date du mandat ne peut pas être postérieure à la date du jour." },
    });
    expect(await mandater({ numero: "M-2026-123", date: "2020-01-02" })).toMatchObject({
      champs: { dateMandat: `La date du mandat ne peut pas précéder le dépôt de la pièce (le ${jourFr(aujourdhui)}).` },
    });
    expect(await mandater({ numero: "M<2026>", date: "2026-02-30" })).toMatchObject({
      champs: {
        numeroMandat: "Le numéro du mandat ne peut contenir que des lettres, des chiffres, des espaces et les signes . _ - /.",
        dateMandat: "Saisissez une date valide.",
      },
    });
    // A plain member of the MOA, even one whose session claims the habilitation: refused, nothing written.
    const pretendu = { ...s.moaUser.acteur, structure: { ...s.moaUser.acteur.structure!, serviceFinancier: true } };
    for (const acteur of [s.moaUser.acteur, pretendu])
      expect(await mandater({ numero: "M-2026-123", date: aujourdhui }, acteur)).toMatchObject({
        code: "NON_AUTORISE",
        message: "Seul le service financier de la maîtrise d'ouvrage peut mandater cette pièce.",
      });
    // Another structure does not see the piece.
    expect(await mandater({ numero: "M-2026-123", date: aujourdhui }, s.exterieur.acteur)).toMatchObject({ code: "INTROUVABLE" });
    expect(await db.pieceTravaux.findUniqueOrThrow({ where: { id: a19 }, select: { statut: true, mandatNumero: true } })).toEqual({
      statut: "MISE_A_DISPOSITION",
      mandatNumero: null,
    });

    expect(await traiterPiece(payeur.acteur, a19, "MANDATEMENT", { mandat: { numero: " M-2026-123 ", date: aujourdhui } })).toEqual({
      statut: "MANDATEE",
      libelle: "Mandatée",
    });
    const mandatee = await consulterPiece(s.deposant.acteur, a19);
    expect(mandatee).toMatchObject({ statut: "MANDATEE", mandatNumero: "M-2026-123", mandatLe: new Date(`${aujourdhui}T00:00:00Z`) });
    expect(mandatee.historique.at(-1)).toMatchObject({
      action: "MANDATEMENT",
      statutAvant: "MISE_A_DISPOSITION",
      statutApres: "MANDATEE",
      acteurUserId: payeur.user.id,
      commentaire: `Mandatée — mandat n° M-2026-123 du ${jourFr(aujourdhui)}`,
    });
    const mailMandat = (await mailsPour(s.deposant.user.email)).find((m) => m.subject === sujet(numeroA19, "Mandatée"))!;
    expect(mailMandat.text).toContain(
      `Votre pièce n° ${a4.numero} (état d'acompte validé n° ${numeroA19}) a été mandatée par le service financier de la maîtrise d'ouvrage ${s.moa.raisonSociale}`,
    );
    expect(mailMandat.text).toContain(`n° M-2026-123 du ${jourFr(aujourdhui)}`);
    expect((await ecranPiece(s.deposant.acteur, a4.id)).paiements).toEqual([
      {
        pieceId: a19,
        numero: numeroA19,
        cadre: "A19_ETAT_ACOMPTE_VALIDE_MOA",
        statut: "MANDATEE",
        texte: `Mandatée le ${jourFr(aujourdhui)} (mandat n° M-2026-123)`,
      },
    ]);

    // The payment: an amount of the piece's sign, at most what it asks, paid neither in the future nor before the mandate.
    const payer = (paiement: { montant?: number; date?: string }) => erreurDe(traiterPiece(payeur.acteur, a19, "MISE_EN_PAIEMENT", { paiement }));
    expect(await payer({ montant: 0, date: demain })).toMatchObject({
      code: "SAISIE_INVALIDE",
      champs: { montantPaye: "Le montant payé doit être positif.", datePaiement: "La date de paiement ne peut pas être postérieure à la date du jour." },
    });
    expect(await payer({ montant: 1_234_568, date: "2020-01-02" })).toMatchObject({
      champs: {
        montantPaye: `Le montant payé ne peut dépasser le montant à payer de la pièce (${euros(1_234_567)}).`,
        datePaiement: `La date de paiement ne peut pas précéder la date du mandat (le ${jourFr(aujourdhui)}).`,
      },
    });
    expect(await payer({ date: aujourdhui })).toMatchObject({ champs: { montantPaye: "Indiquez le montant payé." } });
    expect(await traiterPiece(payeur.acteur, a19, "MISE_EN_PAIEMENT", { paiement: { montant: 1_234_567, date: aujourdhui } })).toEqual({
      statut: "MISE_EN_PAIEMENT",
      libelle: "Mise en paiement",
    });
    const texte = `Mise en paiement le ${jourFr(aujourdhui)} pour ${euros(1_234_567)}`;
    const payee = await consulterPiece(payeur.acteur, a19);
    expect(payee).toMatchObject({ paiementMontant: 1_234_567n, paiementLe: new Date(`${aujourdhui}T00:00:00Z`) });
    expect(payee.historique.at(-1)).toMatchObject({ action: "MISE_EN_PAIEMENT", statutAvant: "MANDATEE", commentaire: texte });
    // Paid once: nothing more to do on it.
    expect((await ecranPiece(payeur.acteur, a19)).possibles).toEqual([]);
    expect(await payer({ montant: 100, date: aujourdhui })).toMatchObject({ code: "ACTION_IMPOSSIBLE" });

    // The supplier reads it in a mail, on its own A4 and in the dossier; so does the MOE (an état d'acompte).
    const auFournisseur = (await mailsPour(s.deposant.user.email)).find((m) => m.subject === sujet(numeroA19, "Mise en paiement"))!;
    expect(auFournisseur.text).toContain(
      `Votre pièce n° ${a4.numero} (état d'acompte validé n° ${numeroA19}) a été mise en paiement le ${jourFr(aujourdhui)} pour ${euros(1_234_567)}.`,
    );
    const aLaMoe = (await mailsPour(s.moeUser.user.email)).find((m) => m.subject === sujet(numeroA19, "Mise en paiement"))!;
    expect(aLaMoe.text).toContain(
      `La pièce état d'acompte validé n° ${numeroA19} du titulaire ${s.fournisseur.raisonSociale} a été mise en paiement le ${jourFr(aujourdhui)} pour ${euros(1_234_567)}.`,
    );
    // The MOA's plain member is not told (the money is not its structure's to receive).
    expect((await mailsPour(s.moaUser.user.email)).some((m) => m.subject === sujet(numeroA19, "Mise en paiement"))).toBe(false);
    const paiement = { pieceId: a19, numero: numeroA19, cadre: "A19_ETAT_ACOMPTE_VALIDE_MOA", statut: "MISE_EN_PAIEMENT", texte };
    expect((await ecranPiece(s.deposant.acteur, a4.id)).paiements).toEqual([paiement]);
    expect(await paiementsDuDossier(s.deposant.acteur, dossierId)).toEqual([paiement]);
    expect(await paiementsDuDossier(s.moeUser.acteur, dossierId)).toEqual([paiement]);
    // Another structure learns nothing of this dossier.
    expect(await paiementsDuDossier(s.exterieur.acteur, dossierId)).toEqual([]);

    // « Factures reçues »: the paid piece, with what it asked and what was paid.
    const recues = await facturesRecues(payeur.acteur);
    expect(recues).toMatchObject({ total: 1, delaiJours: 30 });
    expect(recues.factures[0]).toMatchObject({
      id: a19,
      statut: "MISE_EN_PAIEMENT",
      fournisseur: s.fournisseur.raisonSociale,
      montantAPayer: 1_234_567n,
      paiementMontant: 1_234_567n,
      echeance: null,
      joursRetard: null,
    });
  });
});

describe("l'annonce d'une pièce au service financier", () => {
  it("une maîtrise d'ouvrage sans service financier habilité : ses gestionnaires sont prévenus (pour l'habiliter), pas ses agents", async () => {
    const s = await scenario();
    const structure = await seedStructure({ categorieJuridique: "7210", worksSpaceOpen: true, services: [{ code: "FIN", libelle: "Finances" }] });
    const service = await db.service.findFirstOrThrow({ where: { structureId: structure.id } });
    const gestionnaire = await seedUser({ structureId: structure.id, role: "GESTIONNAIRE_PRINCIPAL", email: `g-${uniqueSuffix()}@exemple.fr` });
    const agent = await seedUser({ structureId: structure.id, role: "UTILISATEUR_SIMPLE", email: `a-${uniqueSuffix()}@exemple.fr` });
    const { numero } = await depotA6(s, { structure, service });
    const annonce = `Nouvelle pièce à traiter : facture de travaux n° ${numero}`;
    expect((await mailsPour(gestionnaire.email)).some((m) => m.subject.startsWith(annonce))).toBe(true);
    expect((await mailsPour(agent.email)).some((m) => m.subject.startsWith(annonce))).toBe(false);
  });
});

describe("« Factures reçues » : le délai légal de paiement et les retards (l'horloge est passée, pas attendue)", () => {
  it("30 jours pour une commune (7210), 50 pour un hôpital (7364), à compter de la réception ; « en retard » selon `now` ; filtres et pages", async () => {
    const s = await scenario();
    const commune = await acheteur("7210");
    const hopital = await acheteur("7364");
    const recu = new Date(Date.UTC(2026, 1, 2, 9, 0));
    const a = await depotA6(s, commune, { now: recu });
    const b = await depotA6(s, commune, { now: new Date(recu.getTime() + 3 * JOUR) });
    const h = await depotA6(s, hopital, { now: recu });

    const page = (acteur: Acteur, jours: number, o: Parameters<typeof facturesRecues>[1] = {}) =>
      facturesRecues(acteur, { ...o, now: new Date(recu.getTime() + jours * JOUR) });
    const resume = (r: Awaited<ReturnType<typeof facturesRecues>>) =>
      r.factures.map((f) => ({ numero: f.numero, echeance: f.echeance, joursRetard: f.joursRetard, recueLe: f.recueLe }));

    // The commune: 30 days from receipt; the oldest receipt (nearest deadline) first.
    const apres29 = await page(commune.payeur.acteur, 29);
    expect(apres29).toMatchObject({ total: 2, delaiJours: 30 });
    expect(resume(apres29)).toEqual([
      { numero: a.numero, echeance: new Date(recu.getTime() + 30 * JOUR + 1), joursRetard: null, recueLe: new Date(recu.getTime() + 1) },
      { numero: b.numero, echeance: new Date(recu.getTime() + 33 * JOUR + 1), joursRetard: null, recueLe: new Date(recu.getTime() + 3 * JOUR + 1) },
    ]);
    expect(apres29.factures[0]).toMatchObject({
      fournisseur: s.fournisseur.raisonSociale,
      montantAPayer: 1_234_567n,
      cadre: "A6_ETAT_ACOMPTE_VALIDE_FOURNISSEUR",
    });
    // A minute past the 30 days: one day late; 35 days after: 5 days late, and the second 2.
    expect((await page(commune.payeur.acteur, 30 + 1 / 1440)).factures.map((f) => f.joursRetard)).toEqual([1, null]);
    expect((await page(commune.payeur.acteur, 35.5)).factures.map((f) => f.joursRetard)).toEqual([6, 3]);
    expect((await page(commune.payeur.acteur, 32, { filtre: "en-retard" })).factures.map((f) => f.numero)).toEqual([a.numero]);

    // The hospital: 50 days.
    expect((await page(hopital.payeur.acteur, 45)).factures.map((f) => [f.numero, f.joursRetard])).toEqual([[h.numero, null]]);
    expect((await page(hopital.payeur.acteur, 45)).delaiJours).toBe(50);
    expect((await page(hopital.payeur.acteur, 52)).factures.map((f) => [f.numero, f.joursRetard])).toEqual([[h.numero, 2]]);
    expect((await ecranPiece(hopital.payeur.acteur, h.id, { now: new Date(recu.getTime() + 52 * JOUR) })).echeancePaiement).toEqual({
      severite: "error",
      texte: `En retard de 2 jours. À payer avant le 24/03/2026 : délai légal de paiement de 50 jours à compter de la réception de la pièce par le service financier, le ${new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", dateStyle: "short", timeStyle: "medium" }).format(new Date(recu.getTime() + 1))}.`,
    });

    // Mandated: still to be paid, still late; put in payment: no deadline any more.
    await traiterPiece(commune.payeur.acteur, a.id, "MANDATEMENT", { mandat: { numero: "M-1", date: "2026-02-10" } });
    await traiterPiece(commune.payeur.acteur, a.id, "MISE_EN_PAIEMENT", { paiement: { montant: 1_000_000, date: "2026-02-11" } });
    await traiterPiece(commune.payeur.acteur, b.id, "MANDATEMENT", { mandat: { numero: "M-2", date: "2026-02-12" } });
    const ensuite = await page(commune.payeur.acteur, 40);
    expect(ensuite.factures.map((f) => [f.numero, f.statut, f.joursRetard])).toEqual([
      [b.numero, "MANDATEE", 7],
      [a.numero, "MISE_EN_PAIEMENT", null],
    ]);
    // Filters by status, and pages.
    expect((await page(commune.payeur.acteur, 40, { filtre: "MANDATEE" })).factures.map((f) => f.numero)).toEqual([b.numero]);
    expect((await page(commune.payeur.acteur, 40, { filtre: "MISE_A_DISPOSITION" })).total).toBe(0);
    const deuxieme = await page(commune.payeur.acteur, 40, { taillePage: 1, page: 2 });
    expect(deuxieme).toMatchObject({ total: 2, page: 2, pages: 2 });
    expect(deuxieme.factures.map((f) => f.numero)).toEqual([a.numero]);
    expect((await page(commune.payeur.acteur, 40, { taillePage: 1, page: 99 })).page).toBe(2);
  });

  it("réservé à l'habilitation « Service financier » de la structure, lue en base ; une autre structure n'y voit rien", async () => {
    const s = await scenario();
    const commune = await acheteur("7210");
    await depotA6(s, commune);
    const refus =
      "« Factures reçues » est réservé aux utilisateurs habilités « Service financier » de la structure : demandez cette habilitation à l'un de ses gestionnaires.";
    // A plain member, even if his session says otherwise; the supplier.
    const pretendu = { ...commune.membre, structure: { ...commune.membre.structure!, serviceFinancier: true } };
    for (const acteur of [commune.membre, pretendu, s.deposant.acteur])
      expect(await erreurDe(facturesRecues(acteur))).toMatchObject({ code: "NON_AUTORISE", message: refus });
    // The habilitation withdrawn: refused from the next request.
    await db.membership.update({
      where: { userId_structureId: { userId: commune.payeur.user.id, structureId: commune.structure.id } },
      data: { serviceFinancier: false },
    });
    expect(await erreurDe(facturesRecues(commune.payeur.acteur))).toMatchObject({ code: "NON_AUTORISE" });
    // The paying service of another MOA sees none of these pieces.
    const autre = await acheteur("7210");
    expect(await facturesRecues(autre.payeur.acteur)).toMatchObject({ total: 0, factures: [] });
  });
});

describe("suspension, rejet, mise à recycler par le service financier", () => {
  it("suspendue avec son motif, complétée par le fournisseur : elle retourne au service financier, reçue à nouveau", async () => {
    const s = await scenario();
    const commune = await acheteur("7210");
    const recu = new Date(Date.now() - 40 * JOUR);
    const a6 = await depotA6(s, commune, { now: recu });
    expect(await erreurDe(traiterPiece(commune.payeur.acteur, a6.id, "SUSPENSION", { motif: { texte: " " } }))).toMatchObject({
      code: "MOTIF_TRAITEMENT_OBLIGATOIRE",
      champs: { motif: "Indiquez les pièces jointes manquantes." },
    });
    await traiterPiece(commune.payeur.acteur, a6.id, "SUSPENSION", { motif: { texte: "Le PV de réception manque" } });
    const mail = (await mailsPour(s.deposant.user.email)).find((m) => m.subject === sujet(a6.numero, "Suspendue"))!;
    expect(mail.text).toContain(
      `Votre pièce n° ${a6.numero} a été suspendue par le service financier de la maîtrise d'ouvrage ${commune.structure.raisonSociale}`,
    );
    expect(mail.text).toContain("Le PV de réception manque");
    expect((await ecranPiece(s.deposant.acteur, a6.id)).possibles).toEqual(["COMPLETION"]);
    // Suspended: no longer to pay (the deadline does not run), but still among what the paying service received.
    expect((await facturesRecues(commune.payeur.acteur)).factures.map((f) => [f.statut, f.echeance, f.joursRetard])).toEqual([["SUSPENDUE", null, null]]);

    const complete = new Date();
    expect((await traiterPiece(s.deposant.acteur, a6.id, "COMPLETION", { now: complete })).statut).toBe("MISE_A_DISPOSITION");
    expect((await mailsPour(commune.payeur.user.email)).some((m) => m.subject === sujet(a6.numero, "Mise à disposition du service financier"))).toBe(true);
    // Received again when completed: its deadline starts over, it is not late.
    const [f] = (await facturesRecues(commune.payeur.acteur, { now: new Date(complete.getTime() + JOUR) })).factures;
    expect(f).toMatchObject({ statut: "MISE_A_DISPOSITION", recueLe: complete, joursRetard: null });
    expect((await ecranPiece(commune.payeur.acteur, a6.id)).possibles.sort()).toEqual(["MANDATEMENT", "MISE_EN_RECYCLAGE", "REJET", "SUSPENSION"]);
  });

  it("rejetée avec son motif (le fournisseur le lit sur sa pièce et dans un courriel) ; mise à recycler avec l'erreur d'acheminement", async () => {
    const s = await scenario();
    const commune = await acheteur("7210");
    const a = await depotA6(s, commune);
    const b = await depotA6(s, commune);
    expect(await erreurDe(traiterPiece(commune.payeur.acteur, a.id, "REJET", { motif: { texte: "" } }))).toMatchObject({
      code: "MOTIF_TRAITEMENT_OBLIGATOIRE",
      champs: { motif: "Indiquez le motif du rejet." },
    });
    expect(await erreurDe(traiterPiece(commune.membre, a.id, "REJET", { motif: { texte: "Doublon" } }))).toMatchObject({
      code: "NON_AUTORISE",
      message: "Seul le service financier de la maîtrise d'ouvrage peut rejeter cette pièce.",
    });
    expect((await traiterPiece(commune.payeur.acteur, a.id, "REJET", { motif: { texte: "Facture déjà payée (doublon de la n° 12)" } })).statut).toBe("REJETEE");
    expect((await ecranPiece(s.deposant.acteur, a.id)).motif).toMatchObject({
      severite: "error",
      titre: "Pièce rejetée par le service financier",
      motif: "Facture déjà payée (doublon de la n° 12)",
    });
    const rejet = (await mailsPour(s.deposant.user.email)).find((m) => m.subject === sujet(a.numero, "Rejetée par le service financier"))!;
    expect(rejet.text).toContain("elle ne sera pas payée");
    expect(rejet.text).toContain("Facture déjà payée (doublon de la n° 12)");

    expect(await erreurDe(traiterPiece(commune.payeur.acteur, b.id, "MISE_EN_RECYCLAGE", { motif: { texte: "" } }))).toMatchObject({
      champs: { motif: "Indiquez l'erreur dans les données d'acheminement." },
    });
    expect(
      (await traiterPiece(commune.payeur.acteur, b.id, "MISE_EN_RECYCLAGE", { motif: { texte: "Le service destinataire est la Direction des achats" } }))
        .statut,
    ).toBe("A_RECYCLER");
    const recyclage = (await mailsPour(s.deposant.user.email)).find((m) => m.subject === sujet(b.numero, "À recycler"))!;
    expect(recyclage.text).toContain("a été mise à recycler par le service financier de la maîtrise d'ouvrage");
    expect(recyclage.text).toContain("Le service destinataire est la Direction des achats");
    expect((await facturesRecues(commune.payeur.acteur, { filtre: "REJETEE" })).factures.map((f) => f.numero)).toEqual([a.numero]);
    expect((await facturesRecues(commune.payeur.acteur, { filtre: "A_RECYCLER" })).factures.map((f) => f.numero)).toEqual([b.numero]);
  });
});
