import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { Acteur } from "@/lib/auth/acteur";
import { AppError } from "@/lib/errors";
import type { CadreFacturation } from "@/lib/generated/prisma/enums";
import { creerBrouillon, enregistrerFacture, enregistrerParties } from "@/lib/invoices/brouillon";
import { certificatDepot, consulterPiece, rechercherPieces } from "@/lib/invoices/consultation";
import { envoyer } from "@/lib/invoices/envoi";
import { ajouterPieceJointe } from "@/lib/invoices/pieces-jointes";
import { factureSchema, filtresSchema, partiesSchema, type PartiesForm } from "@/lib/invoices/schemas";
import { deposerPieceSuivante } from "@/lib/invoices/suivante";
import { traiterPiece } from "@/lib/invoices/transitions";
import type { ContenuCertificat } from "@/lib/invoices/certificat";
import { texteDuPdf } from "@/lib/pdf/texte";
import { desactiverCompteBancaire } from "@/lib/structures/comptes-bancaires";
import { modifierParametres } from "@/lib/structures/parametres";
import { seedCompteBancaire, seedStructure, seedUser, uniqueSuffix } from "@/prisma/seed/factories";
import { acteurDe, pdfFacture, saisieFacture, scenario, type Scenario } from "./factures-fixtures";

const A4: CadreFacturation = "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR";
const REFERENCES = { numeroMarche: "2026-TRAV-014", numeroEngagement: "1300045871", numeroBonCommande: "BC 2026/117" };

/** What the user types at step « Parties » for an A4 of the scenario, with `o` on top. */
const parties = (s: Scenario, o: Partial<PartiesForm> = {}) =>
  partiesSchema.parse({ cadre: A4, moeSiret: s.moe.identifier, moaSiret: s.moa.identifier, serviceMoaId: s.serviceMoa.id, ...o });

/** The error a call fails with (its code, message and the messages under the fields). */
async function erreurDe(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof AppError)) throw new Error(`AppError attendue, reçu : ${String(e)}`);
  return { code: e.code, message: e.message, champs: e.fieldErrors };
}

/** An A4 draft with its parties as given, its invoice and its PDF: ready to send. */
async function brouillonPret(s: Scenario, o: Partial<PartiesForm> = {}, acteur: Acteur = s.deposant.acteur) {
  const { id } = await creerBrouillon(acteur, { cadre: A4 });
  await enregistrerParties(acteur, id, parties(s, o));
  const saisie = saisieFacture();
  await enregistrerFacture(acteur, id, factureSchema.parse(saisie));
  await ajouterPieceJointe(acteur, id, { nom: "facture.pdf", contenu: await pdfFacture(`Facture ${saisie.numero}`), nature: "FACTURE" });
  return { id, numero: saisie.numero };
}

describe("étape « Parties » : références et coordonnées bancaires", () => {
  it("enregistre les références et le compte choisi ; la pièce les montre, l'IBAN masqué", async () => {
    const s = await scenario();
    const second = await seedCompteBancaire(s.fournisseur.id, { libelle: "Compte travaux", titulaire: "BSO TRAVAUX" });
    const { id } = await brouillonPret(s, { ...REFERENCES, numeroMarche: "  2026-TRAV-014  ", compteBancaireId: second.id });
    const piece = await consulterPiece(s.collegue.acteur, id);
    expect(piece).toMatchObject({ ...REFERENCES, compteBancaireId: second.id });
    expect(piece.compteBancaire).toEqual({
      libelle: "Compte travaux",
      titulaire: "BSO TRAVAUX",
      iban: `${second.iban.slice(0, 4)} **** **** **** **** ***${second.iban.slice(-4, -3)} ${second.iban.slice(-3)}`,
      bic: second.bic,
    });
  });

  it("une référence de plus de 50 caractères est refusée sous son champ", () => {
    const r = partiesSchema.safeParse({ cadre: A4, moaSiret: "13000509300112", numeroEngagement: "E".repeat(51) });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toContainEqual([
      "numeroEngagement",
      "Le numéro d'engagement juridique comporte 50 caractères au plus.",
    ]);
  });

  it("refuse le compte d'une autre structure ou un compte désactivé, sans rien enregistrer", async () => {
    const s = await scenario();
    const { id } = await creerBrouillon(s.deposant.acteur, { cadre: A4 });
    const compteAutre = await seedCompteBancaire(s.autre.id);
    const desactive = await seedCompteBancaire(s.fournisseur.id, { active: false });
    for (const compteBancaireId of [compteAutre.id, desactive.id]) {
      expect(await erreurDe(enregistrerParties(s.deposant.acteur, id, parties(s, { compteBancaireId })))).toEqual({
        code: "COMPTE_BANCAIRE_INVALIDE",
        message: "Ces coordonnées bancaires ne sont pas (ou plus) celles de votre structure : choisissez-en d'autres dans la liste.",
        champs: { compteBancaireId: "Ces coordonnées bancaires ne sont pas (ou plus) celles de votre structure." },
      });
    }
    expect(await db.pieceTravaux.findUniqueOrThrow({ where: { id } })).toMatchObject({ moaId: null, compteBancaireId: null });
  });

  it("sans compte choisi : le seul compte actif de la structure ; avec plusieurs, aucun, et l'envoi le demande", async () => {
    const s = await scenario();
    const seul = await brouillonPret(s);
    expect((await db.pieceTravaux.findUniqueOrThrow({ where: { id: seul.id } })).compteBancaireId).toBe(s.compteFournisseur.id);

    await seedCompteBancaire(s.fournisseur.id, { libelle: "Compte travaux" });
    const { id } = await brouillonPret(s);
    expect((await db.pieceTravaux.findUniqueOrThrow({ where: { id } })).compteBancaireId).toBeNull();
    expect(await erreurDe(envoyer(s.deposant.acteur, id))).toEqual({
      code: "PIECE_INCOMPLETE",
      message: "La pièce ne peut pas être envoyée : complétez les informations signalées.",
      champs: {
        compteBancaireId: "Choisissez les coordonnées bancaires sur lesquelles la pièce sera payée (étape 2 « Maîtrise d'œuvre et maîtrise d'ouvrage »).",
      },
    });
    expect((await db.pieceTravaux.findUniqueOrThrow({ where: { id } })).statut).toBe("BROUILLON");
  });

  it("un compte désactivé entre l'étape « Parties » et l'envoi bloque l'envoi", async () => {
    const s = await scenario();
    const { id } = await brouillonPret(s, { compteBancaireId: s.compteFournisseur.id });
    await desactiverCompteBancaire(s.deposant.acteur, s.compteFournisseur.id);
    expect((await erreurDe(envoyer(s.deposant.acteur, id))).champs).toEqual({
      compteBancaireId: "Les coordonnées bancaires choisies ont été désactivées : choisissez-en d'autres (étape 2 « Maîtrise d'œuvre et maîtrise d'ouvrage »).",
    });
  });
});

describe("paramètres de la maîtrise d'ouvrage : références obligatoires", () => {
  /** The scenario's MOA with a gestionnaire principal, who sets its parameters. */
  async function moaGeree(s: Scenario) {
    const u = await seedUser({ structureId: s.moa.id, role: "GESTIONNAIRE_PRINCIPAL", email: `g-${uniqueSuffix()}@exemple.fr` });
    return acteurDe(u, s.moa);
  }

  it("EJ obligatoire : refusé à l'étape « Parties » sans numéro d'engagement, en nommant la MOA ; accepté avec", async () => {
    const s = await scenario();
    await modifierParametres(await moaGeree(s), s.moa.id, { engagementObligatoire: true });
    const { id } = await creerBrouillon(s.deposant.acteur, { cadre: A4 });
    const message = `La maîtrise d'ouvrage ${s.moa.raisonSociale} exige un numéro d'engagement juridique : renseignez-le à l'étape 2 « Maîtrise d'œuvre et maîtrise d'ouvrage ».`;
    expect(await erreurDe(enregistrerParties(s.deposant.acteur, id, parties(s, { numeroMarche: "M-1" })))).toEqual({
      code: "REFERENCE_OBLIGATOIRE",
      message,
      champs: { numeroEngagement: message },
    });
    expect((await db.pieceTravaux.findUniqueOrThrow({ where: { id } })).moaId).toBeNull();
    await enregistrerParties(s.deposant.acteur, id, parties(s, { numeroEngagement: "1300045871" }));
    expect((await db.pieceTravaux.findUniqueOrThrow({ where: { id } })).numeroEngagement).toBe("1300045871");
  });

  it("EJ obligatoire décidé après l'étape « Parties » : l'envoi est refusé, puis accepté une fois l'EJ renseigné", async () => {
    const s = await scenario();
    const { id } = await brouillonPret(s);
    await modifierParametres(await moaGeree(s), s.moa.id, { engagementObligatoire: true });
    expect((await erreurDe(envoyer(s.deposant.acteur, id))).champs).toEqual({
      numeroEngagement: `La maîtrise d'ouvrage ${s.moa.raisonSociale} exige un numéro d'engagement juridique : renseignez-le à l'étape 2 « Maîtrise d'œuvre et maîtrise d'ouvrage ».`,
    });
    await enregistrerParties(s.deposant.acteur, id, parties(s, { numeroEngagement: "1300045871" }));
    expect(await envoyer(s.deposant.acteur, id)).toMatchObject({ statut: "MISE_A_DISPOSITION_MOE" });
  });

  it("code service obligatoire : une MOA qui l'exige sans avoir de service actif refuse les dépôts, en le disant", async () => {
    const s = await scenario();
    const moa = await seedStructure({ categorieJuridique: "7210", raisonSociale: `COMMUNE DE TEST ${uniqueSuffix().toUpperCase()}` });
    const g = acteurDe(await seedUser({ structureId: moa.id, role: "GESTIONNAIRE_PRINCIPAL", email: `g-${uniqueSuffix()}@exemple.fr` }), moa);
    const { id } = await creerBrouillon(s.deposant.acteur, { cadre: A4 });
    await enregistrerParties(s.deposant.acteur, id, parties(s, { moaSiret: moa.identifier, serviceMoaId: undefined }));
    await modifierParametres(g, moa.id, { codeServiceObligatoire: true });
    const message = `La maîtrise d'ouvrage ${moa.raisonSociale} exige le code de son service destinataire : sélectionnez-le à l'étape 2 « Maîtrise d'œuvre et maîtrise d'ouvrage ».`;
    expect(await erreurDe(enregistrerParties(s.deposant.acteur, id, parties(s, { moaSiret: moa.identifier, serviceMoaId: undefined })))).toEqual({
      code: "REFERENCE_OBLIGATOIRE",
      message,
      champs: { serviceMoaId: message },
    });
    const saisie = saisieFacture();
    await enregistrerFacture(s.deposant.acteur, id, factureSchema.parse(saisie));
    await ajouterPieceJointe(s.deposant.acteur, id, { nom: "facture.pdf", contenu: await pdfFacture("Facture"), nature: "FACTURE" });
    expect((await erreurDe(envoyer(s.deposant.acteur, id))).champs).toEqual({ serviceMoaId: message });
  });

  it("un paramètre laissé à « non » n'exige rien", async () => {
    const s = await scenario();
    const { id } = await brouillonPret(s);
    expect(await envoyer(s.deposant.acteur, id)).toMatchObject({ statut: "MISE_A_DISPOSITION_MOE" });
  });
});

describe("certificat de dépôt, pièce suivante et recherche", () => {
  it("le certificat atteste les références et le compte, l'IBAN masqué, jamais en entier", async () => {
    const s = await scenario();
    const { id } = await brouillonPret(s, { ...REFERENCES, compteBancaireId: s.compteFournisseur.id });
    await envoyer(s.deposant.acteur, id);
    const depot = await db.depotPieceTravaux.findUniqueOrThrow({ where: { pieceId: id } });
    const contenu = depot.certificat as ContenuCertificat;
    const iban = s.compteFournisseur.iban;
    const masque = `${iban.slice(0, 4)} **** **** **** **** ***${iban.slice(-4, -3)} ${iban.slice(-3)}`;
    expect(contenu.references).toEqual(REFERENCES);
    expect(contenu.compteBancaire).toEqual({ titulaire: s.fournisseur.raisonSociale, ibanMasque: masque, bic: s.compteFournisseur.bic });
    expect(JSON.stringify(contenu)).not.toContain(iban.slice(4, -4));
    const texte = (await texteDuPdf((await certificatDepot(s.moeUser.acteur, id)).contenu)).join("\n");
    for (const attendu of ["Numéro de marché", "2026-TRAV-014", "1300045871", "BC 2026/117", "Coordonnées bancaires de paiement", masque])
      expect(texte).toContain(attendu);
  });

  it("la pièce suivante reprend les références ; l'A15 de la MOE garde le compte du titulaire et s'envoie", async () => {
    const s = await scenario();
    const { id: a4 } = await brouillonPret(s, { ...REFERENCES, compteBancaireId: s.compteFournisseur.id });
    await envoyer(s.deposant.acteur, a4);
    const { id: a15 } = await deposerPieceSuivante(s.moeUser.acteur, a4);
    expect(await db.pieceTravaux.findUniqueOrThrow({ where: { id: a15 } })).toMatchObject({ ...REFERENCES, compteBancaireId: s.compteFournisseur.id });
    // The MOE saves step « Parties » as its form sends it (no account to choose): the titulaire's stays.
    await enregistrerParties(
      s.moeUser.acteur,
      a15,
      partiesSchema.parse({
        cadre: "A15_ETAT_ACOMPTE_MOE",
        titulaireSiret: s.fournisseur.identifier,
        moaSiret: s.moa.identifier,
        serviceMoaId: s.serviceMoa.id,
        ...REFERENCES,
        compteBancaireId: "",
      }),
    );
    const saisie = saisieFacture();
    await enregistrerFacture(s.moeUser.acteur, a15, factureSchema.parse(saisie));
    await ajouterPieceJointe(s.moeUser.acteur, a15, { nom: "etat.pdf", contenu: await pdfFacture("Etat d'acompte"), nature: "FACTURE" });
    await envoyer(s.moeUser.acteur, a15);
    const piece = await consulterPiece(s.moaUser.acteur, a15);
    expect(piece).toMatchObject({ ...REFERENCES, compteBancaireId: s.compteFournisseur.id });
    expect(piece.compteBancaire?.titulaire).toBe(s.fournisseur.raisonSociale);
    expect((await db.depotPieceTravaux.findUniqueOrThrow({ where: { pieceId: a15 } })).certificat).toMatchObject({
      references: REFERENCES,
      compteBancaire: { titulaire: s.fournisseur.raisonSociale },
    });
  });

  it("la pièce corrigée après un refus reprend les références et le compte de son déposant", async () => {
    const s = await scenario();
    const { id } = await brouillonPret(s, { ...REFERENCES, compteBancaireId: s.compteFournisseur.id });
    await envoyer(s.deposant.acteur, id);
    await traiterPiece(s.moeUser.acteur, id, "REFUS", { motif: { code: "MAUVAISE_MOA" } });
    const { id: corrigee } = await deposerPieceSuivante(s.deposant.acteur, id);
    expect(await db.pieceTravaux.findUniqueOrThrow({ where: { id: corrigee } })).toMatchObject({ ...REFERENCES, compteBancaireId: s.compteFournisseur.id });
  });

  it("la recherche trouve une pièce par numéro de marché, d'engagement juridique ou de bon de commande", async () => {
    const s = await scenario();
    const marche = `MARCHE-${uniqueSuffix().toUpperCase()}`;
    const { id } = await brouillonPret(s, { numeroMarche: marche, numeroEngagement: `EJ${marche}`, numeroBonCommande: `BC-${marche}` });
    await envoyer(s.deposant.acteur, id);
    const autre = await brouillonPret(s, { numeroMarche: "AUTRE-MARCHE" });
    await envoyer(s.deposant.acteur, autre.id);
    const cherche = async (acteur: Acteur, f: Record<string, string>) =>
      (await rechercherPieces(acteur, filtresSchema.parse(f), "RECHERCHE")).pieces.map((p) => p.id);
    expect(await cherche(s.moaUser.acteur, { numeroMarche: marche.toLowerCase() })).toEqual([id]);
    expect(await cherche(s.moeUser.acteur, { numeroEngagement: `EJ${marche}` })).toEqual([id]);
    expect(await cherche(s.deposant.acteur, { numeroBonCommande: `BC-${marche}` })).toEqual([id]);
    // A structure that does not see the piece does not find it either.
    expect(await cherche(s.exterieur.acteur, { numeroMarche: marche })).toEqual([]);
  });
});
