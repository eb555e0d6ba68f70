import { describe, expect, it } from "vitest";
import type { Acteur } from "@/lib/auth/acteur";
import type { CadreFacturation } from "@/lib/generated/prisma/enums";
import { creerBrouillon, enregistrerFacture, enregistrerParties } from "@/lib/invoices/brouillon";
import { consulterPiece } from "@/lib/invoices/consultation";
import { envoyer } from "@/lib/invoices/envoi";
import { ajouterPieceJointe, listerPiecesJointes, supprimerPieceJointe } from "@/lib/invoices/pieces-jointes";
import { factureSchema, partiesSchema } from "@/lib/invoices/schemas";
import { actionsPossibles, traiterPiece } from "@/lib/invoices/transitions";
import { deposerPieceSuivante, pieceSuivantePossible } from "@/lib/invoices/suivante";
import { rechercherPieces } from "@/lib/invoices/consultation";
import { piecesATraiter } from "@/lib/invoices/a-traiter";
import { seedStructure, seedUser, uniqueSuffix } from "@/prisma/seed/factories";
import { codeDe, mailsPour } from "../support/fixtures";
import { acteurDe, pdfFacture, saisieFacture, scenario, type Scenario } from "./factures-fixtures";

async function membre(structure: { id: string; raisonSociale: string; identifier: string }) {
  const user = await seedUser({ structureId: structure.id, role: "GESTIONNAIRE_PRINCIPAL", email: `u-${uniqueSuffix()}@exemple.fr` });
  return { user, acteur: acteurDe(user, structure) };
}

/** A piece of the given frame, parties as given, invoice PDF joined, sent by `acteur`. */
async function deposer(s: Scenario, acteur: Acteur, cadre: CadreFacturation, parties: Record<string, string | undefined>, now = new Date()) {
  const { id } = await creerBrouillon(acteur, { cadre });
  await enregistrerParties(acteur, id, partiesSchema.parse({ cadre, moaSiret: s.moa.identifier, serviceMoaId: s.serviceMoa.id, ...parties }));
  const saisie = saisieFacture();
  await enregistrerFacture(acteur, id, factureSchema.parse(saisie));
  await ajouterPieceJointe(acteur, id, { nom: "facture.pdf", contenu: await pdfFacture(`Facture ${saisie.numero}`), nature: "FACTURE" });
  const envoi = await envoyer(acteur, id, { now: now });
  return { id, numero: saisie.numero, envoi };
}

describe("A10 : demande de paiement d'un sous-traitant, validée par le titulaire", () => {
  async function depotA10() {
    const s = await scenario();
    const titulaireStructure = await seedStructure();
    const titulaire = await membre(titulaireStructure);
    // The subcontractor is the scenario's supplier structure.
    const a10 = await deposer(s, s.deposant.acteur, "A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT", {
      moeSiret: s.moe.identifier,
      titulaireSiret: titulaireStructure.identifier,
    });
    return { s, titulaire, titulaireStructure, a10 };
  }

  it("sous-traitant → titulaire (attestation jointe, validation) → MOE qui la prend en compte ; les courriels de chacun", async () => {
    const { s, titulaire, a10 } = await depotA10();
    expect(a10.envoi.statut).toBe("A_VALIDER_1");
    // The MOE does not act before the titulaire: the piece is not yet at its disposal.
    expect(await codeDe(traiterPiece(s.moeUser.acteur, a10.id, "PRISE_EN_COMPTE"))).toBe("ACTION_IMPOSSIBLE");
    const piece = await consulterPiece(titulaire.acteur, a10.id);
    expect(await actionsPossibles(titulaire.acteur, piece)).toEqual(["REFUS", "VALIDATION"]);
    // It waits in the titulaire's « Pièces à traiter », not yet in the MOE's.
    expect((await piecesATraiter(titulaire.acteur)).pieces.map((p) => [p.id, p.statut])).toEqual([[a10.id, "A_VALIDER_1"]]);
    expect((await piecesATraiter(s.moeUser.acteur)).total).toBe(0);

    // Without the attestation, validating is refused, with the guide's reason.
    const sans = await traiterPiece(titulaire.acteur, a10.id, "VALIDATION").catch((e) => e);
    expect(sans.message).toBe("Joignez l'attestation de paiement direct avant de valider la demande de paiement du sous-traitant.");
    expect((await consulterPiece(s.deposant.acteur, a10.id)).statut).toBe("A_VALIDER_1");

    // Only the titulaire joins the attestation; the subcontractor no longer changes its sent piece.
    const contenu = await pdfFacture("Attestation de paiement direct");
    expect(await codeDe(ajouterPieceJointe(s.deposant.acteur, a10.id, { nom: "attestation.pdf", contenu, nature: "ATTESTATION_PAIEMENT_DIRECT" }))).toBe(
      "INTROUVABLE",
    );
    expect(await codeDe(ajouterPieceJointe(titulaire.acteur, a10.id, { nom: "autre.pdf", contenu, nature: "COMPLEMENTAIRE" }))).toBe("INTROUVABLE");
    const premiere = await ajouterPieceJointe(titulaire.acteur, a10.id, { nom: "brouillon-attestation.pdf", contenu, nature: "ATTESTATION_PAIEMENT_DIRECT" });
    await supprimerPieceJointe(titulaire.acteur, a10.id, premiere.id);
    await ajouterPieceJointe(titulaire.acteur, a10.id, { nom: "attestation.pdf", contenu, nature: "ATTESTATION_PAIEMENT_DIRECT" });

    expect(await traiterPiece(titulaire.acteur, a10.id, "VALIDATION")).toEqual({ statut: "MISE_A_DISPOSITION_MOE", libelle: "Mise à disposition de la MOE" });
    const mailMoe = (await mailsPour(s.moeUser.user.email)).find((m) => m.subject === `Facture de travaux n° ${a10.numero} : Mise à disposition de la MOE`)!;
    expect(mailMoe.text).toContain("a validé la demande de paiement du sous-traitant et joint l'attestation de paiement direct");
    expect((await mailsPour(s.deposant.user.email)).some((m) => m.subject === `Facture de travaux n° ${a10.numero} : Mise à disposition de la MOE`)).toBe(true);
    // The attestation is now frozen with the piece, and the MOE sees it.
    expect(await codeDe(ajouterPieceJointe(titulaire.acteur, a10.id, { nom: "encore.pdf", contenu, nature: "ATTESTATION_PAIEMENT_DIRECT" }))).toBe(
      "PIECE_NON_MODIFIABLE",
    );
    expect((await listerPiecesJointes(s.moeUser.acteur, a10.id)).map((f) => [f.nature, f.nom])).toEqual([
      ["FACTURE", "facture.pdf"],
      ["ATTESTATION_PAIEMENT_DIRECT", "attestation.pdf"],
    ]);

    expect((await piecesATraiter(titulaire.acteur)).total).toBe(0);
    expect((await piecesATraiter(s.moeUser.acteur)).pieces.map((p) => p.id)).toEqual([a10.id]);
    expect((await traiterPiece(s.moeUser.acteur, a10.id, "PRISE_EN_COMPTE")).statut).toBe("PRISE_EN_COMPTE_MOE");
    // (The draft's creation is stamped by the database's clock: left out of the order.)
    const h = (await consulterPiece(s.deposant.acteur, a10.id)).historique.filter((l) => l.action !== "CREATION").map((l) => [l.action, l.statutApres]);
    expect(h).toEqual([
      ["DEPOT", "DEPOSEE"],
      ["MISE_A_DISPOSITION", "A_VALIDER_1"],
      ["VALIDATION", "MISE_A_DISPOSITION_MOE"],
      ["PRISE_EN_COMPTE", "PRISE_EN_COMPTE_MOE"],
    ]);
  });

  it("le titulaire refuse avec un motif : la demande retourne au sous-traitant, qui peut la corriger et la déposer à nouveau", async () => {
    const { s, titulaire, a10 } = await depotA10();
    const vide = await traiterPiece(titulaire.acteur, a10.id, "REFUS", { motif: { texte: " " } }).catch((e) => e);
    expect(vide.fieldErrors).toEqual({ motif: "Indiquez au sous-traitant pourquoi vous refusez sa demande de paiement." });
    expect(await codeDe(traiterPiece(s.deposant.acteur, a10.id, "REFUS", { motif: { texte: "x" } }))).toBe("NON_AUTORISE");
    expect(await traiterPiece(titulaire.acteur, a10.id, "REFUS", { motif: { texte: "Travaux du lot 3 non réalisés" } })).toEqual({
      statut: "REFUSEE_1",
      libelle: "Refusée par le titulaire",
    });
    const mail = (await mailsPour(s.deposant.user.email)).find((m) => m.subject === `Facture de travaux n° ${a10.numero} : Refusée par le titulaire`)!;
    expect(mail.text).toContain("Travaux du lot 3 non réalisés");
    expect(await codeDe(traiterPiece(titulaire.acteur, a10.id, "VALIDATION"))).toBe("ACTION_IMPOSSIBLE");
    // The MOE never had it.
    expect((await mailsPour(s.moeUser.user.email)).some((m) => m.subject.includes(a10.numero))).toBe(false);
    // « Corriger et déposer à nouveau »: a new A10 draft, prefilled, to the same titulaire.
    const { id: corrigee } = await deposerPieceSuivante(s.deposant.acteur, a10.id);
    expect(await consulterPiece(s.deposant.acteur, corrigee)).toMatchObject({
      cadre: "A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT",
      statut: "BROUILLON",
      titulaireId: titulaire.acteur.structure!.id,
      moeId: s.moe.id,
      piecePrecedenteId: a10.id,
    });
  });
});

describe("A13 : le mandataire dépose pour un cotraitant", () => {
  it("mandataire → MOE qui la prend en compte ; le cotraitant voit la pièce et son traitement, une structure extérieure non", async () => {
    const s = await scenario();
    const cotraitantStructure = await seedStructure();
    const cotraitant = await membre(cotraitantStructure);
    // The mandataire is the scenario's supplier structure; it must name the cotraitant.
    expect(
      partiesSchema
        .safeParse({ cadre: "A13_PROJET_DECOMPTE_MENSUEL_COTRAITANT", moeSiret: s.moe.identifier, moaSiret: s.moa.identifier })
        .error?.issues.map((i) => i.message),
    ).toEqual(["Saisissez le SIRET du cotraitant pour lequel vous déposez la pièce."]);
    const { id: brouillon } = await creerBrouillon(s.deposant.acteur, { cadre: "A13_PROJET_DECOMPTE_MENSUEL_COTRAITANT" });
    const soi = await enregistrerParties(
      s.deposant.acteur,
      brouillon,
      partiesSchema.parse({
        cadre: "A13_PROJET_DECOMPTE_MENSUEL_COTRAITANT",
        moeSiret: s.moe.identifier,
        cotraitantSiret: s.fournisseur.identifier,
        moaSiret: s.moa.identifier,
        serviceMoaId: s.serviceMoa.id,
      }),
    ).catch((e) => e);
    expect(soi.fieldErrors).toEqual({ cotraitantSiret: "Le cotraitant est une autre structure que la vôtre, le mandataire." });

    const a13 = await deposer(s, s.deposant.acteur, "A13_PROJET_DECOMPTE_MENSUEL_COTRAITANT", {
      moeSiret: s.moe.identifier,
      cotraitantSiret: cotraitantStructure.identifier,
    });
    expect(a13.envoi.statut).toBe("MISE_A_DISPOSITION_MOE");
    expect((await traiterPiece(s.moeUser.acteur, a13.id, "PRISE_EN_COMPTE")).statut).toBe("PRISE_EN_COMPTE_MOE");

    const vue = await consulterPiece(cotraitant.acteur, a13.id);
    expect(vue).toMatchObject({ statut: "PRISE_EN_COMPTE_MOE", cotraitant: { id: cotraitantStructure.id }, structureDeposante: { id: s.fournisseur.id } });
    expect(vue.historique.filter((h) => h.action !== "CREATION").map((h) => h.action)).toEqual(["DEPOT", "MISE_A_DISPOSITION", "PRISE_EN_COMPTE"]);
    expect((await rechercherPieces(cotraitant.acteur, { page: 1 } as never, "RECHERCHE")).pieces.map((p) => p.id)).toContain(a13.id);
    // The cotraitant sees, it does not act for the depositor.
    expect(await actionsPossibles(cotraitant.acteur, vue)).toEqual([]);
    expect(await codeDe(consulterPiece(s.exterieur.acteur, a13.id))).toBe("INTROUVABLE");
    // The certificate names the cotraitant.
    const depot = await import("@/lib/db").then(({ db }) => db.depotPieceTravaux.findUniqueOrThrow({ where: { pieceId: a13.id } }));
    expect((depot.certificat as { cotraitant?: { identifiant: string } }).cotraitant?.identifiant).toBe(cotraitantStructure.identifier);
  });

  it("le courriel à la MOE rappelle son délai de 7 jours, comme pour l'A4 (le projet de décompte final A14 n'en a pas)", async () => {
    const s = await scenario();
    const cotraitantStructure = await seedStructure();
    const parties = { moeSiret: s.moe.identifier, cotraitantSiret: cotraitantStructure.identifier };
    const a13 = await deposer(s, s.deposant.acteur, "A13_PROJET_DECOMPTE_MENSUEL_COTRAITANT", parties);
    const a14 = await deposer(s, s.deposant.acteur, "A14_PROJET_DECOMPTE_FINAL_COTRAITANT", parties);
    const aMoe = await mailsPour(s.moeUser.user.email);
    const mailA13 = aMoe.filter((m) => m.subject.includes(a13.numero));
    expect(mailA13.map((m) => m.template)).toEqual(["piece-travaux-a-traiter"]);
    expect(mailA13[0].data).toMatchObject({ delaiJours: 7 });
    expect(mailA13[0].text).toContain("Cette pièce est à traiter dans un délai de 7 jours à compter de sa réception.");
    const mailA14 = aMoe.filter((m) => m.subject.includes(a14.numero));
    expect(mailA14.map((m) => m.template)).toEqual(["piece-travaux-a-traiter"]);
    expect(mailA14[0].data).not.toHaveProperty("delaiJours");
    expect(mailA14[0].text).not.toContain("7 jours");
  });
});

describe("A15 : l'état d'acompte de la MOE qui suit le projet de décompte d'un cotraitant", () => {
  it("reprend le cotraitant de l'A13, le garde quand la MOE enregistre les parties préremplies ; le cotraitant voit l'A15 envoyé à la MOA", async () => {
    const s = await scenario();
    const cotraitantStructure = await seedStructure();
    const cotraitant = await membre(cotraitantStructure);
    const a13 = await deposer(s, s.deposant.acteur, "A13_PROJET_DECOMPTE_MENSUEL_COTRAITANT", {
      moeSiret: s.moe.identifier,
      cotraitantSiret: cotraitantStructure.identifier,
    });

    // « Déposer la pièce suivante du dossier de facturation »: the MOE's A15, prefilled — the mandataire as the
    // titulaire, the cotraitant carried over.
    const { id: a15 } = await deposerPieceSuivante(s.moeUser.acteur, a13.id);
    expect(await consulterPiece(s.moeUser.acteur, a15)).toMatchObject({
      cadre: "A15_ETAT_ACOMPTE_MOE",
      statut: "BROUILLON",
      piecePrecedenteId: a13.id,
      titulaire: { id: s.fournisseur.id },
      cotraitant: { id: cotraitantStructure.id, identifier: cotraitantStructure.identifier },
    });
    // The wizard opens at « Parties » with every SIRET filled in; saving them as they are keeps the cotraitant.
    await enregistrerParties(
      s.moeUser.acteur,
      a15,
      partiesSchema.parse({
        cadre: "A15_ETAT_ACOMPTE_MOE",
        titulaireSiret: s.fournisseur.identifier,
        cotraitantSiret: cotraitantStructure.identifier,
        moaSiret: s.moa.identifier,
        serviceMoaId: s.serviceMoa.id,
      }),
    );
    const saisie = saisieFacture();
    await enregistrerFacture(s.moeUser.acteur, a15, factureSchema.parse(saisie));
    await ajouterPieceJointe(s.moeUser.acteur, a15, { nom: "etat-acompte.pdf", contenu: await pdfFacture("Etat d'acompte"), nature: "FACTURE" });
    expect(await envoyer(s.moeUser.acteur, a15)).toMatchObject({ statut: "MISE_A_DISPOSITION_MOA", dossierId: a13.envoi.dossierId });
    expect((await consulterPiece(s.deposant.acteur, a13.id)).statut).toBe("TRANSMISE_MOA");

    // The cotraitant follows its invoice to the MOA: it sees the A15, in its search too; the certificate names it.
    expect(await consulterPiece(cotraitant.acteur, a15)).toMatchObject({ statut: "MISE_A_DISPOSITION_MOA", cotraitant: { id: cotraitantStructure.id } });
    expect((await rechercherPieces(cotraitant.acteur, { page: 1 } as never, "RECHERCHE")).pieces.map((p) => p.id)).toContain(a15);
    const depot = await import("@/lib/db").then(({ db }) => db.depotPieceTravaux.findUniqueOrThrow({ where: { pieceId: a15 } }));
    expect((depot.certificat as { cotraitant?: { identifiant: string } }).cotraitant?.identifiant).toBe(cotraitantStructure.identifier);
    expect(await actionsPossibles(cotraitant.acteur, await consulterPiece(cotraitant.acteur, a15))).toEqual([]);
    expect(await codeDe(consulterPiece(s.exterieur.acteur, a15))).toBe("INTROUVABLE");

    // The MOE cannot name itself as the cotraitant; an A15 following a supplier's A4 names none.
    const soi = await enregistrerParties(
      s.moeUser.acteur,
      a15,
      partiesSchema.parse({
        cadre: "A15_ETAT_ACOMPTE_MOE",
        titulaireSiret: s.fournisseur.identifier,
        cotraitantSiret: s.moe.identifier,
        moaSiret: s.moa.identifier,
        serviceMoaId: s.serviceMoa.id,
      }),
    ).catch((e) => e);
    expect(soi.code).toBe("PIECE_NON_MODIFIABLE");
    const a4 = await deposer(s, s.deposant.acteur, "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", { moeSiret: s.moe.identifier });
    const { id: a15SansCotraitant } = await deposerPieceSuivante(s.moeUser.acteur, a4.id);
    expect((await consulterPiece(s.moeUser.acteur, a15SansCotraitant)).cotraitant).toBeNull();
    const moeCotraitant = await enregistrerParties(
      s.moeUser.acteur,
      a15SansCotraitant,
      partiesSchema.parse({
        cadre: "A15_ETAT_ACOMPTE_MOE",
        titulaireSiret: s.fournisseur.identifier,
        cotraitantSiret: s.moe.identifier,
        moaSiret: s.moa.identifier,
        serviceMoaId: s.serviceMoa.id,
      }),
    ).catch((e) => e);
    expect(moeCotraitant.fieldErrors).toEqual({ cotraitantSiret: "Le cotraitant est une autre structure que la vôtre." });
    await enregistrerParties(
      s.moeUser.acteur,
      a15SansCotraitant,
      partiesSchema.parse({
        cadre: "A15_ETAT_ACOMPTE_MOE",
        titulaireSiret: s.fournisseur.identifier,
        moaSiret: s.moa.identifier,
        serviceMoaId: s.serviceMoa.id,
      }),
    );
    expect((await consulterPiece(s.moeUser.acteur, a15SansCotraitant)).cotraitant).toBeNull();
  });
});

describe("procédure tacite : A22 non traité par la MOA en 10 jours → A23 (l'horloge est avancée, pas attendue)", () => {
  const JOUR = 24 * 3600 * 1000;
  it("l'A22 envoyé depuis le projet de décompte général (A17) resté chez la MOA le remplace (« REMPLACEE_PAR_A22 ») ; l'A23 attend 10 jours, l'A22 garde son statut", async () => {
    const s = await scenario();
    const t0 = new Date(Date.now() - 12 * JOUR);
    // A7 → MOE, which passes it on as its projet de décompte général (A17) to the MOA; the MOA does not answer.
    const a7 = await deposer(s, s.deposant.acteur, "A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR", { moeSiret: s.moe.identifier }, t0);
    const { id: a17 } = await deposerPieceSuivante(s.moeUser.acteur, a7.id, { now: t0 });
    const saisie17 = saisieFacture();
    await enregistrerFacture(s.moeUser.acteur, a17, factureSchema.parse(saisie17));
    await ajouterPieceJointe(s.moeUser.acteur, a17, { nom: "pdg.pdf", contenu: await pdfFacture("PDG"), nature: "FACTURE" });
    expect(await envoyer(s.moeUser.acteur, a17, { now: new Date(t0.getTime() + 1000) })).toMatchObject({
      statut: "MISE_A_DISPOSITION_MOA",
      dossierId: a7.envoi.dossierId,
    });
    await traiterPiece(s.moaUser.acteur, a17, "PRISE_EN_COMPTE", { now: new Date(t0.getTime() + 2000) });

    // The titulaire's A22, from the A17 still at the MOA's, in the same dossier.
    const pdg = await consulterPiece(s.deposant.acteur, a17);
    expect(pieceSuivantePossible(pdg)).toBe(true);
    const tA22 = new Date(t0.getTime() + JOUR);
    const { id: a22 } = await deposerPieceSuivante(s.deposant.acteur, a17, { now: tA22 });
    expect(await consulterPiece(s.deposant.acteur, a22)).toMatchObject({
      cadre: "A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE",
      statut: "BROUILLON",
      piecePrecedenteId: a17,
      moaId: s.moa.id,
      moeId: s.moe.id,
    });
    const saisie22 = saisieFacture();
    await enregistrerFacture(s.deposant.acteur, a22, factureSchema.parse(saisie22));
    await ajouterPieceJointe(s.deposant.acteur, a22, { nom: "pdg-tacite.pdf", contenu: await pdfFacture("PDG tacite"), nature: "FACTURE" });
    const envoi22 = await envoyer(s.deposant.acteur, a22, { now: tA22 });
    // The A22 itself goes its normal route, to the MOA.
    expect(envoi22).toMatchObject({ statut: "MISE_A_DISPOSITION_MOA", dossierId: a7.envoi.dossierId });

    const remplacee = await consulterPiece(s.moaUser.acteur, a17);
    expect(remplacee.statut).toBe("REMPLACEE_PAR_A22");
    expect(remplacee.historique.find((h) => h.action === "REMPLACEMENT")).toMatchObject({
      action: "REMPLACEMENT",
      statutAvant: "PRISE_EN_COMPTE_MOA",
      statutApres: "REMPLACEE_PAR_A22",
      acteurUserId: null,
    });
    const sujet = `Facture de travaux n° ${saisie17.numero} : Remplacée par un projet de décompte général (A22)`;
    expect((await mailsPour(s.moaUser.user.email)).find((m) => m.subject === sujet)!.text).toContain(
      "le titulaire a envoyé son projet de décompte général (A22, procédure tacite)",
    );
    expect((await mailsPour(s.moeUser.user.email)).some((m) => m.subject === sujet)).toBe(true);
    // The MOA can no longer process the replaced A17.
    expect(await codeDe(traiterPiece(s.moaUser.acteur, a17, "REFUS", { motif: { code: "MAUVAISE_MOA" } }))).toBe("ACTION_IMPOSSIBLE");

    // Before the MOA's 10 days the titulaire waits; then it deposits the A23, and the A22 keeps its status.
    await traiterPiece(s.moaUser.acteur, a22, "PRISE_EN_COMPTE", { now: new Date(tA22.getTime() + JOUR) });
    const piece = await consulterPiece(s.deposant.acteur, a22);
    expect(pieceSuivantePossible(piece, { now: new Date(tA22.getTime() + 9 * JOUR) })).toBe(false);
    expect(pieceSuivantePossible(piece, { now: new Date(tA22.getTime() + 10 * JOUR) })).toBe(true);
    const tot = await deposerPieceSuivante(s.deposant.acteur, a22, { now: new Date(tA22.getTime() + 9 * JOUR) }).catch((e) => e);
    expect(tot.code).toBe("DELAI_TACITE_NON_ECHU");
    expect(tot.message).toMatch(
      /^La maîtrise d'ouvrage a jusqu'au .+ pour notifier le décompte général : le décompte général et définitif tacite \(A23\) ne peut être déposé qu'ensuite\.$/,
    );
    // The MOA never gets this offer.
    expect(await codeDe(deposerPieceSuivante(s.moaUser.acteur, a22, { now: new Date(tA22.getTime() + 10 * JOUR) }))).toBe("PIECE_SUIVANTE_IMPOSSIBLE");

    const { id: a23 } = await deposerPieceSuivante(s.deposant.acteur, a22, { now: new Date(tA22.getTime() + 10 * JOUR) });
    expect(await consulterPiece(s.deposant.acteur, a23)).toMatchObject({
      cadre: "A23_DECOMPTE_GENERAL_DEFINITIF_TACITE_FOURNISSEUR",
      statut: "BROUILLON",
      piecePrecedenteId: a22,
      moaId: s.moa.id,
      moeId: null,
    });
    await enregistrerFacture(s.deposant.acteur, a23, factureSchema.parse(saisieFacture()));
    await ajouterPieceJointe(s.deposant.acteur, a23, { nom: "dgd-tacite.pdf", contenu: await pdfFacture("DGD tacite"), nature: "FACTURE" });
    // Sent before the 10 days (a draft made in time, sent early): refused under the lock.
    expect(await codeDe(envoyer(s.deposant.acteur, a23, { now: new Date(tA22.getTime() + 9 * JOUR) }))).toBe("DELAI_TACITE_NON_ECHU");
    expect(await envoyer(s.deposant.acteur, a23, { now: new Date(tA22.getTime() + 10 * JOUR + 60_000) })).toMatchObject({
      statut: "MISE_A_DISPOSITION",
      dossierId: a7.envoi.dossierId,
    });
    const a22Apres = await consulterPiece(s.deposant.acteur, a22);
    expect(a22Apres.statut).toBe("PRISE_EN_COMPTE_MOA");
    expect(a22Apres.historique.some((h) => h.action === "REMPLACEMENT")).toBe(false);
  });

  it("un A22 que la MOA a refusé entre-temps n'est pas remplacé : l'A23 n'est pas envoyé", async () => {
    const s = await scenario();
    const t0 = new Date(Date.now() - 11 * JOUR);
    // The A22 follows the titulaire's final draft (A7) left at the MOE's, which it replaces.
    const a7 = await deposer(s, s.deposant.acteur, "A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR", { moeSiret: s.moe.identifier }, new Date(t0.getTime() - 1000));
    const { id: brouillonA22 } = await deposerPieceSuivante(s.deposant.acteur, a7.id, { now: t0 });
    await enregistrerFacture(s.deposant.acteur, brouillonA22, factureSchema.parse(saisieFacture()));
    await ajouterPieceJointe(s.deposant.acteur, brouillonA22, { nom: "pdg-tacite.pdf", contenu: await pdfFacture("PDG tacite"), nature: "FACTURE" });
    expect(await envoyer(s.deposant.acteur, brouillonA22, { now: t0 })).toMatchObject({ statut: "MISE_A_DISPOSITION_MOA", dossierId: a7.envoi.dossierId });
    expect((await consulterPiece(s.deposant.acteur, a7.id)).statut).toBe("REMPLACEE_PAR_A22");
    const a22 = { id: brouillonA22 };
    const { id: a23 } = await deposerPieceSuivante(s.deposant.acteur, a22.id, { now: new Date(t0.getTime() + 10 * JOUR) });
    await enregistrerFacture(s.deposant.acteur, a23, factureSchema.parse(saisieFacture()));
    await ajouterPieceJointe(s.deposant.acteur, a23, { nom: "dgd-tacite.pdf", contenu: await pdfFacture("DGD tacite"), nature: "FACTURE" });
    await traiterPiece(s.moaUser.acteur, a22.id, "REFUS", { motif: { code: "MAUVAISE_MOA" }, now: new Date(t0.getTime() + 10 * JOUR + 1000) });
    const e = await envoyer(s.deposant.acteur, a23, { now: new Date(t0.getTime() + 10 * JOUR + 60_000) }).catch((x) => x);
    expect(e.message).toBe(
      "La maîtrise d'ouvrage a traité le projet de décompte général (statut « Refusée par la MOA ») : le décompte général et définitif tacite n'a plus lieu d'être.",
    );
    expect((await consulterPiece(s.deposant.acteur, a23)).statut).toBe("BROUILLON");
    expect((await consulterPiece(s.deposant.acteur, a22.id)).statut).toBe("REFUSEE_MOA");
  });
});

describe("corriger une pièce suspendue", () => {
  it("les informations de la facture corrigées sont enregistrées ; « Compléter et renvoyer » la rend à la même MOE", async () => {
    const s = await scenario();
    const a4 = await deposer(s, s.deposant.acteur, "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", { moeSiret: s.moe.identifier });
    await traiterPiece(s.moeUser.acteur, a4.id, "SUSPENSION", { motif: { texte: "Montant HT erroné, métré manquant" } });
    // Not before it is suspended again, and never by another structure.
    const correction = factureSchema.parse(
      saisieFacture({
        numero: a4.numero,
        montantHt: "9 000,00",
        montantTva: "1 800,00",
        montantTtc: "10 800,00",
        lignesTva: [{ taux: "20", baseHt: "9 000,00", montantTva: "1 800,00" }],
      }),
    );
    expect(await codeDe(enregistrerFacture(s.moeUser.acteur, a4.id, correction))).toBe("INTROUVABLE");
    await enregistrerFacture(s.deposant.acteur, a4.id, correction);
    expect(await consulterPiece(s.moeUser.acteur, a4.id)).toMatchObject({ statut: "SUSPENDUE", montantHt: 900000n, montantTtc: 1080000n });
    expect(await traiterPiece(s.deposant.acteur, a4.id, "COMPLETION")).toMatchObject({ statut: "MISE_A_DISPOSITION_MOE" });
    const mail = (await mailsPour(s.moeUser.user.email)).find((m) => m.subject === `Facture de travaux n° ${a4.numero} : Mise à disposition de la MOE`)!;
    expect(mail.text).toContain("a complété la pièce que vous aviez suspendue");
    expect(await codeDe(enregistrerFacture(s.deposant.acteur, a4.id, correction))).toBe("PIECE_NON_MODIFIABLE");
  });
});
