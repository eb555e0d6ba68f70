import { describe, expect, it } from "vitest";
import type { Acteur } from "@/lib/auth/acteur";
import { db } from "@/lib/db";
import { creerBrouillon, enregistrerCadre, enregistrerFacture, enregistrerParties } from "@/lib/invoices/brouillon";
import type { ContenuCertificat } from "@/lib/invoices/certificat";
import { consulterDossier, consulterPiece, contexteDepot } from "@/lib/invoices/consultation";
import { ecranPiece } from "@/lib/invoices/ecran-piece";
import { envoyer } from "@/lib/invoices/envoi";
import { enregistrerSignature } from "@/lib/invoices/fin-de-marche";
import { ajouterPieceJointe, supprimerPieceJointe } from "@/lib/invoices/pieces-jointes";
import { factureSchema, partiesSchema } from "@/lib/invoices/schemas";
import { signatureSchema } from "@/lib/invoices/signature-schema";
import { deposerPieceSuivante } from "@/lib/invoices/suivante";
import { actionsPossibles, traiterPiece } from "@/lib/invoices/transitions";
import { seedStructure, seedUser, uniqueSuffix } from "@/prisma/seed/factories";
import { codeDe, mailsPour } from "../support/fixtures";
import { acteurDe, brouillonComplet, depotA4, pdfFacture, saisieFacture, scenario, type Scenario } from "./factures-fixtures";

/** The invoice step of a draft saved with a new number, its invoice PDF joined, then sent. */
async function completerEtEnvoyer(acteur: Acteur, id: string, o: { now?: Date } = {}) {
  const saisie = saisieFacture();
  await enregistrerFacture(acteur, id, factureSchema.parse(saisie));
  await ajouterPieceJointe(acteur, id, { nom: "piece.pdf", contenu: await pdfFacture(`Pièce ${saisie.numero}`), nature: "FACTURE" });
  return { numero: saisie.numero, envoi: await envoyer(acteur, id, o) };
}

/** A supplier's A7 (or A4) sent to the MOE, passed on by the MOE's A17 (A15), taken into account by the MOA. */
async function pieceMoePriseEnCompte(s: Scenario, cadre: "A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR" | "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR") {
  const { id: initiale } = await brouillonComplet(s, { cadre });
  await ajouterPieceJointe(s.deposant.acteur, initiale, { nom: "facture.pdf", contenu: await pdfFacture("Projet de décompte"), nature: "FACTURE" });
  const envoiInitiale = await envoyer(s.deposant.acteur, initiale);
  const { id } = await deposerPieceSuivante(s.moeUser.acteur, initiale);
  const { numero } = await completerEtEnvoyer(s.moeUser.acteur, id);
  await traiterPiece(s.moaUser.acteur, id, "PRISE_EN_COMPTE");
  return { initiale, id, numero, dossierId: envoiInitiale.dossierId };
}

async function autreMoa() {
  const structure = await seedStructure({ categorieJuridique: "7210", worksSpaceOpen: true });
  const user = await seedUser({ structureId: structure.id, role: "GESTIONNAIRE_PRINCIPAL", email: `u-${uniqueSuffix()}@exemple.fr` });
  return { structure, acteur: acteurDe(user, structure) };
}

const sujet = (numero: string, statut: string) => `Facture de travaux n° ${numero} : ${statut}`;

describe("fin de marché : A7 → A17 (MOE) → A20 (MOA) → le titulaire signe le décompte général (A8) → service financier", () => {
  it("sans réserves : l'A20 va au titulaire, qui ne peut que le signer ; l'A8 va au service financier, le DG est signé, l'A17 associée", async () => {
    const s = await scenario();
    const a17 = await pieceMoePriseEnCompte(s, "A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR");

    // The MOA's next piece from its A17: a décompte général (A20), of the MOA, prefilled.
    const ecranMoa = await ecranPiece(s.moaUser.acteur, a17.id);
    expect(ecranMoa.suivante).toEqual({ possible: true, libelle: "Déposer le décompte général (A20)" });
    const { id: a20 } = await deposerPieceSuivante(s.moaUser.acteur, a17.id);
    const brouillon = await consulterPiece(s.moaUser.acteur, a20);
    expect(brouillon).toMatchObject({
      cadre: "A20_DECOMPTE_GENERAL_MOA",
      statut: "BROUILLON",
      structureDeposanteId: s.moa.id,
      serviceDeposantId: s.serviceMoa.id,
      moaId: s.moa.id,
      serviceMoaId: s.serviceMoa.id,
      moeId: s.moe.id,
      titulaireId: s.fournisseur.id,
      piecePrecedenteId: a17.id,
      montantTtc: 1200000n,
    });
    // Step 1 keeps its frame: only its service is saved again; another frame is refused.
    await enregistrerCadre(s.moaUser.acteur, a20, { cadre: "A20_DECOMPTE_GENERAL_MOA", serviceDeposantId: s.serviceMoa.id });
    expect(await codeDe(enregistrerCadre(s.moaUser.acteur, a20, { cadre: "A19_ETAT_ACOMPTE_VALIDE_MOA", serviceDeposantId: s.serviceMoa.id }))).toBe(
      "CADRE_NON_AUTORISE",
    );

    const dg = await completerEtEnvoyer(s.moaUser.acteur, a20);
    expect(dg.envoi).toMatchObject({ statut: "A_VALIDER_1", dossierId: a17.dossierId });
    const suivie = await consulterPiece(s.moeUser.acteur, a17.id);
    expect(suivie.statut).toBe("ASSOCIEE");
    expect(suivie.historique.at(-1)).toMatchObject({ action: "ASSOCIATION", statutAvant: "PRISE_EN_COMPTE_MOA", statutApres: "ASSOCIEE" });
    expect((await mailsPour(s.moeUser.user.email)).find((m) => m.subject === sujet(a17.numero, "Suivie de la pièce de la maîtrise d'ouvrage"))!.text).toContain(
      "a établi le décompte général (A20) qui fait suite à ce projet de décompte général",
    );
    expect((await mailsPour(s.deposant.user.email)).some((m) => m.subject === `Nouvelle pièce à traiter : facture de travaux n° ${dg.numero}`)).toBe(true);

    // The titulaire: « Signer le décompte général »; neither « Refuser » nor « Valider ».
    const ecran = await ecranPiece(s.deposant.acteur, a20);
    expect(ecran.suivante).toEqual({ possible: true, libelle: "Signer le décompte général" });
    expect(ecran.possibles).toEqual([]);
    expect(ecran.fichiers).toBe("lecture");
    expect(ecran.alertes.validationTitulaire?.texte).toMatch(/^Décompte général à signer/);
    expect(await actionsPossibles(s.deposant.acteur, await consulterPiece(s.deposant.acteur, a20))).toEqual([]);
    const refus = await traiterPiece(s.deposant.acteur, a20, "REFUS", { motif: { texte: "Je conteste" } }).catch((e) => e);
    expect(refus.code).toBe("ACTION_IMPOSSIBLE");
    expect(refus.message).toBe(
      "Le décompte général ne se refuse pas : le titulaire le signe (« Signer le décompte général »), avec réserves s'il le conteste (mémoire en réclamation).",
    );
    expect(await codeDe(traiterPiece(s.deposant.acteur, a20, "VALIDATION"))).toBe("ACTION_IMPOSSIBLE");
    // Nobody else signs it.
    expect(await codeDe(deposerPieceSuivante(s.moaUser.acteur, a20))).toBe("PIECE_SUIVANTE_IMPOSSIBLE");
    expect(await codeDe(deposerPieceSuivante(s.moeUser.acteur, a20))).toBe("PIECE_SUIVANTE_IMPOSSIBLE");

    // The A8, prefilled from the DG; asked again, the same draft.
    const { id: a8 } = await deposerPieceSuivante(s.deposant.acteur, a20);
    expect(await deposerPieceSuivante(s.deposant.acteur, a20)).toEqual({ id: a8 });
    expect(await consulterPiece(s.deposant.acteur, a8)).toMatchObject({
      cadre: "A8_DECOMPTE_GENERAL_DEFINITIF_FOURNISSEUR",
      statut: "BROUILLON",
      structureDeposanteId: s.fournisseur.id,
      moaId: s.moa.id,
      serviceMoaId: s.serviceMoa.id,
      moeId: null,
      titulaireId: null,
      piecePrecedenteId: a20,
      montantTtc: 1200000n,
      signatureAvecReserves: false,
    });
    expect(await codeDe(enregistrerCadre(s.deposant.acteur, a8, { cadre: "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR" }))).toBe("CADRE_NON_AUTORISE");

    const signe = await completerEtEnvoyer(s.deposant.acteur, a8);
    expect(signe.envoi).toMatchObject({ statut: "MISE_A_DISPOSITION", dossierId: a17.dossierId });
    const dgSigne = await consulterPiece(s.moaUser.acteur, a20);
    expect(dgSigne.statut).toBe("VALIDEE_1");
    expect(dgSigne.historique.at(-1)).toMatchObject({
      action: "SIGNATURE",
      statutAvant: "A_VALIDER_1",
      statutApres: "VALIDEE_1",
      motif: null,
      acteurStructureId: s.fournisseur.id,
    });
    for (const email of [s.moaUser.user.email, s.moeUser.user.email]) {
      const mail = (await mailsPour(email)).find((m) => m.subject === sujet(dg.numero, "Signé par le titulaire"));
      expect(mail?.text).toContain(`Le titulaire ${s.fournisseur.raisonSociale} a signé le décompte général en déposant son décompte général signé (A8)`);
    }
    const certificat = (await db.depotPieceTravaux.findUniqueOrThrow({ where: { pieceId: a8 } })).certificat as ContenuCertificat;
    expect(certificat.statut).toBe("Mise à disposition du service financier");
    expect(certificat.signature).toEqual({ decompteGeneral: `A20 – Décompte général, n° ${dg.numero}`, acceptation: "Accepté sans réserves" });

    // Signed once: no second A8.
    expect(await codeDe(deposerPieceSuivante(s.deposant.acteur, a20))).toBe("PIECE_SUIVANTE_IMPOSSIBLE");
    expect((await consulterDossier(s.moaUser.acteur, a17.dossierId)).pieces.map((p) => [p.cadre, p.statut])).toEqual([
      ["A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR", "TRANSMISE_MOA"],
      ["A17_PROJET_DECOMPTE_GENERAL_MOE", "ASSOCIEE"],
      ["A20_DECOMPTE_GENERAL_MOA", "VALIDEE_1"],
      ["A8_DECOMPTE_GENERAL_DEFINITIF_FOURNISSEUR", "MISE_A_DISPOSITION"],
    ]);
  });

  it("avec réserves : le motif et le mémoire en réclamation sont exigés ; ils figurent sur l'A8, son certificat et le suivi du DG", async () => {
    const s = await scenario();
    const a17 = await pieceMoePriseEnCompte(s, "A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR");
    const { id: a20 } = await deposerPieceSuivante(s.moaUser.acteur, a17.id);
    const dg = await completerEtEnvoyer(s.moaUser.acteur, a20);
    const { id: a8 } = await deposerPieceSuivante(s.deposant.acteur, a20);
    await enregistrerFacture(s.deposant.acteur, a8, factureSchema.parse(saisieFacture()));
    await ajouterPieceJointe(s.deposant.acteur, a8, { nom: "dgd.pdf", contenu: await pdfFacture("DGD"), nature: "FACTURE" });

    // The form's schema and the domain both want a reason with reserves.
    expect(signatureSchema.safeParse({ signature: "RESERVES", motifReserves: "  " }).error?.issues[0]).toMatchObject({
      path: ["motifReserves"],
      message: "Indiquez le motif de vos réserves (l'objet de votre mémoire en réclamation).",
    });
    expect(await codeDe(enregistrerSignature(s.deposant.acteur, a8, { signature: "RESERVES" }))).toBe("CHAMP_OBLIGATOIRE");
    // Only the depositor's draft, and only an A8 signing a DG.
    expect(await codeDe(enregistrerSignature(s.moaUser.acteur, a8, { signature: "ACCEPTE" }))).toBe("INTROUVABLE");
    const { id: a4 } = await brouillonComplet(s);
    expect(await codeDe(enregistrerSignature(s.deposant.acteur, a4, { signature: "ACCEPTE" }))).toBe("ACTION_IMPOSSIBLE");
    expect(await codeDe(ajouterPieceJointe(s.deposant.acteur, a4, { nom: "memoire.pdf", contenu: await pdfFacture("M"), nature: "MEMOIRE_RECLAMATION" }))).toBe(
      "FICHIER_REFUSE",
    );

    const motif = "Pénalités de retard contestées : intempéries du lot 3 (mémoire joint).";
    await enregistrerSignature(s.deposant.acteur, a8, signatureSchema.parse({ signature: "RESERVES", motifReserves: motif }));
    const sansMemoire = await envoyer(s.deposant.acteur, a8).catch((e) => e);
    expect(sansMemoire.code).toBe("PIECE_INCOMPLETE");
    expect(sansMemoire.fieldErrors).toEqual({
      memoire: "Joignez votre mémoire en réclamation : vous acceptez le décompte général avec réserves (« Gestion des pièces jointes »).",
    });
    const memoire = await ajouterPieceJointe(s.deposant.acteur, a8, {
      nom: "memoire-reclamation.pdf",
      contenu: await pdfFacture("Mémoire en réclamation"),
      nature: "MEMOIRE_RECLAMATION",
    });
    // A mémoire joined, but the DG accepted without reserves: contradictory, refused.
    await enregistrerSignature(s.deposant.acteur, a8, { signature: "ACCEPTE" });
    expect(Object.keys((await envoyer(s.deposant.acteur, a8).catch((e) => e)).fieldErrors)).toEqual(["signature"]);
    expect((await consulterPiece(s.deposant.acteur, a8)).motifReserves).toBeNull();
    await enregistrerSignature(s.deposant.acteur, a8, { signature: "RESERVES", motifReserves: motif });
    expect((await consulterPiece(s.moaUser.acteur, a20)).statut).toBe("A_VALIDER_1");

    expect((await envoyer(s.deposant.acteur, a8)).statut).toBe("MISE_A_DISPOSITION");
    expect(await consulterPiece(s.moaUser.acteur, a8)).toMatchObject({ signatureAvecReserves: true, motifReserves: motif, statut: "MISE_A_DISPOSITION" });
    const certificat = (await db.depotPieceTravaux.findUniqueOrThrow({ where: { pieceId: a8 } })).certificat as ContenuCertificat;
    expect(certificat.signature).toEqual({
      decompteGeneral: `A20 – Décompte général, n° ${dg.numero}`,
      acceptation: "Accepté avec réserves (mémoire en réclamation joint)",
      motifReserves: motif,
    });
    expect(certificat.fichiers.map((f) => [f.nature, f.nom])).toContainEqual(["MEMOIRE_RECLAMATION", memoire.nom]);
    const dgSigne = await consulterPiece(s.moeUser.acteur, a20);
    expect(dgSigne.statut).toBe("VALIDEE_1");
    expect(dgSigne.historique.at(-1)?.motif).toBe(`Accepté avec réserves (mémoire en réclamation joint) : ${motif}`);
    const mail = (await mailsPour(s.moaUser.user.email)).find((m) => m.subject === sujet(dg.numero, "Signé par le titulaire"))!;
    expect(mail.text).toContain(motif);
    // The mémoire is frozen with the sent A8.
    expect(await codeDe(supprimerPieceJointe(s.deposant.acteur, a8, memoire.id))).toBe("PIECE_NON_MODIFIABLE");
  });

  it("un A20 préparé puis devancé par l'A22 du titulaire (procédure tacite) n'est pas envoyé", async () => {
    const s = await scenario();
    const a17 = await pieceMoePriseEnCompte(s, "A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR");
    const { id: a20 } = await deposerPieceSuivante(s.moaUser.acteur, a17.id);
    await enregistrerFacture(s.moaUser.acteur, a20, factureSchema.parse(saisieFacture()));
    await ajouterPieceJointe(s.moaUser.acteur, a20, { nom: "dg.pdf", contenu: await pdfFacture("DG"), nature: "FACTURE" });
    const { id: a22 } = await deposerPieceSuivante(s.deposant.acteur, a17.id);
    await completerEtEnvoyer(s.deposant.acteur, a22);
    expect((await consulterPiece(s.moaUser.acteur, a17.id)).statut).toBe("REMPLACEE_PAR_A22");
    const e = await envoyer(s.moaUser.acteur, a20).catch((x) => x);
    expect(e.message).toBe(
      "La pièce que cette pièce suit n'est plus prise en compte par votre structure (statut « Remplacée par un projet de décompte général (A22) ») : A20 – Décompte général ne peut plus être envoyé.",
    );
    expect((await consulterPiece(s.moaUser.acteur, a20)).statut).toBe("BROUILLON");
  });
});

describe("l'état d'acompte validé de la MOA (A19), depuis l'état d'acompte de la MOE (A15) qu'elle a pris en compte", () => {
  it("A15 → A19 : l'A19 va au service financier, l'A15 est associée ; un second A19 est refusé ; les droits de chacun", async () => {
    const s = await scenario();
    const a4 = await depotA4(s);
    const { id: a15 } = await deposerPieceSuivante(s.moeUser.acteur, a4.id);
    const etat = await completerEtEnvoyer(s.moeUser.acteur, a15);
    // Not before the MOA has taken it into account.
    expect(await codeDe(deposerPieceSuivante(s.moaUser.acteur, a15))).toBe("PIECE_SUIVANTE_IMPOSSIBLE");
    await traiterPiece(s.moaUser.acteur, a15, "PRISE_EN_COMPTE");

    // Nobody but this MOA: not the MOE, nor the supplier, nor another MOA (which does not see the piece).
    expect(await codeDe(deposerPieceSuivante(s.moeUser.acteur, a15))).toBe("PIECE_SUIVANTE_IMPOSSIBLE");
    expect(await codeDe(deposerPieceSuivante(s.deposant.acteur, a15))).toBe("PIECE_SUIVANTE_IMPOSSIBLE");
    const autre = await autreMoa();
    expect(await codeDe(deposerPieceSuivante(autre.acteur, a15))).toBe("INTROUVABLE");
    // Nor bare in « Déposer ».
    expect(await codeDe(creerBrouillon(s.moaUser.acteur, { cadre: "A19_ETAT_ACOMPTE_VALIDE_MOA", serviceDeposantId: s.serviceMoa.id }))).toBe(
      "CADRE_NON_AUTORISE",
    );

    expect((await ecranPiece(s.moaUser.acteur, a15)).suivante).toEqual({ possible: true, libelle: "Déposer l'état d'acompte validé (A19)" });
    const { id: a19 } = await deposerPieceSuivante(s.moaUser.acteur, a15);
    expect(await deposerPieceSuivante(s.moaUser.acteur, a15)).toEqual({ id: a19 });
    expect(await consulterPiece(s.moaUser.acteur, a19)).toMatchObject({
      cadre: "A19_ETAT_ACOMPTE_VALIDE_MOA",
      structureDeposanteId: s.moa.id,
      serviceDeposantId: s.serviceMoa.id,
      moaId: s.moa.id,
      serviceMoaId: s.serviceMoa.id,
      moeId: s.moe.id,
      titulaireId: s.fournisseur.id,
      montantTtc: 1200000n,
    });
    // The parties step: the MOA is the structure itself, never another one.
    const parties = {
      cadre: "A19_ETAT_ACOMPTE_VALIDE_MOA",
      moeSiret: s.moe.identifier,
      titulaireSiret: s.fournisseur.identifier,
      serviceMoaId: s.serviceMoa.id,
    };
    await enregistrerParties(s.moaUser.acteur, a19, partiesSchema.parse({ ...parties, moaSiret: s.moa.identifier }));
    const ailleurs = await enregistrerParties(
      s.moaUser.acteur,
      a19,
      partiesSchema.parse({ ...parties, moaSiret: autre.structure.identifier, serviceMoaId: undefined }),
    ).catch((e) => e);
    expect(ailleurs.fieldErrors).toEqual({ moaSiret: "La maîtrise d'ouvrage de cette pièce est votre structure, qui la dépose." });

    const a19Envoi = await completerEtEnvoyer(s.moaUser.acteur, a19);
    expect(a19Envoi.envoi).toMatchObject({ statut: "MISE_A_DISPOSITION", dossierId: a4.envoi.dossierId });
    const associee = await consulterPiece(s.moeUser.acteur, a15);
    expect(associee.statut).toBe("ASSOCIEE");
    expect(associee.historique.at(-1)).toMatchObject({ action: "ASSOCIATION", statutAvant: "PRISE_EN_COMPTE_MOA", acteurStructureId: s.moa.id });
    for (const email of [s.moeUser.user.email, s.deposant.user.email])
      expect((await mailsPour(email)).find((m) => m.subject === sujet(etat.numero, "Suivie de la pièce de la maîtrise d'ouvrage"))!.text).toContain(
        "a déposé l'état d'acompte validé (A19) qui fait suite à cet état d'acompte : il est transmis à son service financier pour paiement.",
      );
    const certificat = (await db.depotPieceTravaux.findUniqueOrThrow({ where: { pieceId: a19 } })).certificat as ContenuCertificat;
    expect(certificat.statut).toBe("Mise à disposition du service financier");
    expect(certificat.signature).toBeUndefined();

    // A second A19 from the same A15: refused.
    expect(await codeDe(deposerPieceSuivante(s.moaUser.acteur, a15))).toBe("PIECE_SUIVANTE_IMPOSSIBLE");
    // The MOE and the supplier follow the A19; another MOA does not see it.
    expect((await consulterPiece(s.moeUser.acteur, a19)).statut).toBe("MISE_A_DISPOSITION");
    expect((await consulterPiece(s.deposant.acteur, a19)).statut).toBe("MISE_A_DISPOSITION");
    expect(await codeDe(consulterPiece(autre.acteur, a19))).toBe("INTROUVABLE");
    expect(await codeDe(consulterPiece(s.exterieur.acteur, a19))).toBe("INTROUVABLE");
  });

  it("« Déposer » d'une MOA liste exactement les pièces qu'elle peut poursuivre ; celui du fournisseur est inchangé", async () => {
    const s = await scenario();
    const vide = await contexteDepot(s.moaUser.acteur);
    expect(vide.cadres).toEqual([]);
    expect(vide.suitesMoa).toEqual({ total: 0, pieces: [] });

    const a15 = await pieceMoePriseEnCompte(s, "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR");
    const a17 = await pieceMoePriseEnCompte(s, "A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR");
    // Pieces the MOA has not taken into account, or refused, are not listed.
    const attente = await depotA4(s);
    const { id: a15Attente } = await deposerPieceSuivante(s.moeUser.acteur, attente.id);
    await completerEtEnvoyer(s.moeUser.acteur, a15Attente);
    const refusee = await pieceMoePriseEnCompte(s, "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR");
    await traiterPiece(s.moaUser.acteur, refusee.id, "REFUS", { motif: { code: "MAUVAISE_MOA" } });

    const contexte = await contexteDepot(s.moaUser.acteur);
    expect(contexte.suitesMoa?.total).toBe(2);
    expect(contexte.suitesMoa?.pieces.map((p) => [p.id, p.cadre, p.suivante, p.numero, p.moe, p.fournisseur, p.montantTtc, p.brouillonId])).toEqual([
      [a15.id, "A15_ETAT_ACOMPTE_MOE", "A19_ETAT_ACOMPTE_VALIDE_MOA", a15.numero, s.moe.raisonSociale, s.fournisseur.raisonSociale, 1200000n, null],
      [a17.id, "A17_PROJET_DECOMPTE_GENERAL_MOE", "A20_DECOMPTE_GENERAL_MOA", a17.numero, s.moe.raisonSociale, s.fournisseur.raisonSociale, 1200000n, null],
    ]);
    // A draft started: listed with it; sent: no longer listed.
    const { id: a19 } = await deposerPieceSuivante(s.moaUser.acteur, a15.id);
    expect((await contexteDepot(s.moaUser.acteur)).suitesMoa?.pieces.map((p) => p.brouillonId)).toEqual([a19, null]);
    await completerEtEnvoyer(s.moaUser.acteur, a19);
    expect((await contexteDepot(s.moaUser.acteur)).suitesMoa?.pieces.map((p) => p.id)).toEqual([a17.id]);
    // Another MOA: nothing of this one's.
    expect((await contexteDepot((await autreMoa()).acteur)).suitesMoa).toEqual({ total: 0, pieces: [] });

    const fournisseur = await contexteDepot(s.deposant.acteur);
    expect(fournisseur.suitesMoa).toBeNull();
    expect(fournisseur.cadres).toContain("A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR");
    expect((await contexteDepot(s.moeUser.acteur)).cadres).toEqual(["A15_ETAT_ACOMPTE_MOE", "A17_PROJET_DECOMPTE_GENERAL_MOE"]);
  });
});

describe("validation déléguée à la MOE par la MOA : A16 et A18", () => {
  it("l'état d'acompte validé de la MOE (A16) va au service financier ; son décompte général (A18) au titulaire, qui le signe (A8)", async () => {
    const s = await scenario();
    await db.structure.update({ where: { id: s.moa.id }, data: { validationDelegueeMoe: true } });

    const a4 = await depotA4(s);
    const { id: a16 } = await deposerPieceSuivante(s.moeUser.acteur, a4.id);
    expect(await consulterPiece(s.moeUser.acteur, a16)).toMatchObject({
      cadre: "A16_ETAT_ACOMPTE_VALIDE_MOE",
      moeId: s.moe.id,
      titulaireId: s.fournisseur.id,
      moaId: s.moa.id,
    });
    expect(await codeDe(enregistrerCadre(s.moeUser.acteur, a16, { cadre: "A15_ETAT_ACOMPTE_MOE" }))).toBe("CADRE_NON_AUTORISE");
    expect((await completerEtEnvoyer(s.moeUser.acteur, a16)).envoi.statut).toBe("MISE_A_DISPOSITION");
    expect((await consulterPiece(s.deposant.acteur, a4.id)).statut).toBe("TRANSMISE_MOA");

    const { id: a7 } = await brouillonComplet(s, { cadre: "A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR" });
    await ajouterPieceJointe(s.deposant.acteur, a7, { nom: "pdf.pdf", contenu: await pdfFacture("PDF"), nature: "FACTURE" });
    await envoyer(s.deposant.acteur, a7);
    const { id: a18 } = await deposerPieceSuivante(s.moeUser.acteur, a7);
    expect((await consulterPiece(s.moeUser.acteur, a18)).cadre).toBe("A18_DECOMPTE_GENERAL_MOE");
    const dg = await completerEtEnvoyer(s.moeUser.acteur, a18);
    expect(dg.envoi.statut).toBe("A_VALIDER_1");
    // The A7 is passed on: no procédure tacite from it any more.
    expect((await consulterPiece(s.deposant.acteur, a7)).statut).toBe("TRANSMISE_MOA");
    expect(await codeDe(traiterPiece(s.deposant.acteur, a18, "REFUS", { motif: { texte: "Non" } }))).toBe("ACTION_IMPOSSIBLE");
    expect((await ecranPiece(s.deposant.acteur, a18)).suivante.libelle).toBe("Signer le décompte général");

    const { id: a8 } = await deposerPieceSuivante(s.deposant.acteur, a18);
    expect((await completerEtEnvoyer(s.deposant.acteur, a8)).envoi.statut).toBe("MISE_A_DISPOSITION");
    expect((await consulterPiece(s.moeUser.acteur, a18)).statut).toBe("VALIDEE_1");
    for (const email of [s.moaUser.user.email, s.moeUser.user.email])
      expect((await mailsPour(email)).some((m) => m.subject === sujet(dg.numero, "Signé par le titulaire"))).toBe(true);
  });

  it("sans délégation, la MOE dépose toujours l'A15 et l'A17", async () => {
    const s = await scenario();
    const a4 = await depotA4(s);
    const { id } = await deposerPieceSuivante(s.moeUser.acteur, a4.id);
    expect((await consulterPiece(s.moeUser.acteur, id)).cadre).toBe("A15_ETAT_ACOMPTE_MOE");
  });
});
