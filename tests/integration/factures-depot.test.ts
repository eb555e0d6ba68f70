import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { creerBrouillon, enregistrerCadre, enregistrerFacture, enregistrerParties, supprimerBrouillon } from "@/lib/invoices/brouillon";
import { envoyer } from "@/lib/invoices/envoi";
import { ajouterPieceJointe } from "@/lib/invoices/pieces-jointes";
import { certificatDepot, consulterPiece, donnerAvis } from "@/lib/invoices/consultation";
import { factureSchema, partiesSchema } from "@/lib/invoices/schemas";
import { texteDuPdf } from "@/lib/pdf/texte";
import { seedStructure, seedUser } from "@/prisma/seed/factories";
import { codeDe, mailsPour } from "../support/fixtures";
import { acteurDe, brouillonComplet, depotA4, pdfFacture, saisieFacture, scenario } from "./factures-fixtures";

describe("étape 1 : cadre de facturation", () => {
  it("propose au fournisseur ses cadres, pas ceux de la MOE ; la MOA publique ne dépose pas depuis « Déposer »", async () => {
    const s = await scenario();
    expect(await codeDe(creerBrouillon(s.deposant.acteur, { cadre: "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR" }))).toBe("OK");
    expect(await codeDe(creerBrouillon(s.deposant.acteur, { cadre: "A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT" }))).toBe("OK");
    expect(await codeDe(creerBrouillon(s.deposant.acteur, { cadre: "A15_ETAT_ACOMPTE_MOE" }))).toBe("CADRE_NON_AUTORISE");
    expect(await codeDe(creerBrouillon(s.moeUser.acteur, { cadre: "A15_ETAT_ACOMPTE_MOE" }))).toBe("OK");
    expect(await codeDe(creerBrouillon(s.moeUser.acteur, { cadre: "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR" }))).toBe("CADRE_NON_AUTORISE");
    expect(await codeDe(creerBrouillon(s.moaUser.acteur, { cadre: "A5_ETAT_ACOMPTE_FOURNISSEUR" }))).toBe("CADRE_NON_AUTORISE");
  });

  it("demande le service du déposant quand sa structure en a", async () => {
    const structure = await seedStructure({ services: [{ code: "AGENCE-SUD", libelle: "Agence Sud" }] });
    const user = await seedUser({ structureId: structure.id, role: "GESTIONNAIRE_PRINCIPAL" });
    const acteur = acteurDe(user, structure);
    const e = await creerBrouillon(acteur, { cadre: "A5_ETAT_ACOMPTE_FOURNISSEUR" }).catch((x) => x);
    expect(e.fieldErrors).toHaveProperty("serviceDeposantId");
    const service = await db.service.findFirstOrThrow({ where: { structureId: structure.id } });
    const { id } = await creerBrouillon(acteur, { cadre: "A5_ETAT_ACOMPTE_FOURNISSEUR", serviceDeposantId: service.id });
    expect((await consulterPiece(acteur, id)).serviceDeposant?.libelle).toBe("Agence Sud");
  });

  it("crée un brouillon avec la première ligne d'historique, et un changement de cadre retire la MOE devenue sans objet", async () => {
    const s = await scenario();
    const { id } = await brouillonComplet(s);
    await enregistrerCadre(s.deposant.acteur, id, { cadre: "A5_ETAT_ACOMPTE_FOURNISSEUR" });
    const p = await consulterPiece(s.deposant.acteur, id);
    expect(p).toMatchObject({ statut: "BROUILLON", cadre: "A5_ETAT_ACOMPTE_FOURNISSEUR", moeId: null, moaId: s.moa.id });
    expect(p.historique.map((h) => [h.statutAvant, h.statutApres, h.action])).toEqual([[null, "BROUILLON", "CREATION"]]);
  });
});

describe("étape 2 : les parties et leurs contrôles", () => {
  const parties = (o: Record<string, string | undefined>) => partiesSchema.parse({ cadre: "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", ...o });

  it("refuse une MOE qui n'a pas ouvert son espace « Factures de travaux », avec le message du guide", async () => {
    const s = await scenario();
    const moeFermee = await seedStructure({ worksSpaceOpen: false });
    const { id } = await creerBrouillon(s.deposant.acteur, { cadre: "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR" });
    const e = await enregistrerParties(
      s.deposant.acteur,
      id,
      parties({ moeSiret: moeFermee.identifier, moaSiret: s.moa.identifier, serviceMoaId: s.serviceMoa.id }),
    ).catch((x) => x);
    expect(e.code).toBe("ESPACE_MOE_FERME");
    expect(e.fieldErrors.moeSiret).toBe("La maîtrise d'œuvre n'a pas ouvert l'espace « Factures de travaux » pour recevoir votre facture.");
  });

  it("exige un service actif de la MOA, une MOA publique et des structures inscrites", async () => {
    const s = await scenario();
    const { id } = await creerBrouillon(s.deposant.acteur, { cadre: "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR" });
    const base = { moeSiret: s.moe.identifier, moaSiret: s.moa.identifier };
    expect(await codeDe(enregistrerParties(s.deposant.acteur, id, parties({ ...base, serviceMoaId: s.serviceInactif.id })))).toBe("SERVICE_MOA_INVALIDE");
    expect(await codeDe(enregistrerParties(s.deposant.acteur, id, parties(base)))).toBe("CHAMP_OBLIGATOIRE");
    expect(await codeDe(enregistrerParties(s.deposant.acteur, id, parties({ ...base, moaSiret: s.autre.identifier })))).toBe("MOA_NON_PUBLIQUE");
    expect(await codeDe(enregistrerParties(s.deposant.acteur, id, parties({ ...base, moeSiret: "73282932000074", serviceMoaId: s.serviceMoa.id })))).toBe(
      "STRUCTURE_HORS_PORTAIL",
    );
    expect(() => parties({ moaSiret: s.moa.identifier })).toThrow(/maîtrise d'œuvre/);
    await enregistrerParties(s.deposant.acteur, id, parties({ ...base, serviceMoaId: s.serviceMoa.id }));
    expect(await consulterPiece(s.deposant.acteur, id)).toMatchObject({ moeId: s.moe.id, moaId: s.moa.id, serviceMoaId: s.serviceMoa.id });
  });

  it("contrôle de nouveau l'espace de la MOE à l'enregistrement de la facture", async () => {
    const s = await scenario();
    const { id } = await brouillonComplet(s);
    await db.structure.update({ where: { id: s.moe.id }, data: { worksSpaceOpen: false } });
    expect(await codeDe(enregistrerFacture(s.deposant.acteur, id, factureSchema.parse(saisieFacture())))).toBe("ESPACE_MOE_FERME");
  });
});

describe("étape 3 : numéro unique par structure déposante et par année", () => {
  it("rejette un doublon à l'enregistrement, l'accepte une autre année ou pour une autre structure", async () => {
    const s = await scenario();
    const premier = await brouillonComplet(s);
    const e = await brouillonComplet(s, { facture: { numero: premier.numero } }).catch((x) => x);
    expect(e.code).toBe("NUMERO_EN_DOUBLE");
    expect(e.fieldErrors.numero).toContain(premier.numero);
    expect(e.message).toContain("numéro unique par année");
    expect(await codeDe(brouillonComplet(s, { facture: { numero: premier.numero, dateFacture: "2025-12-31" } }))).toBe("OK");
    const autreFournisseur = acteurDe(await seedUser({ structureId: s.autre.id, role: "GESTIONNAIRE_PRINCIPAL" }), s.autre);
    expect(await codeDe(brouillonComplet(s, { acteur: autreFournisseur, facture: { numero: premier.numero } }))).toBe("OK");
  });

  it("tient sous des enregistrements simultanés : un seul brouillon obtient le numéro", async () => {
    const s = await scenario();
    const brouillons = await Promise.all(Array.from({ length: 8 }, () => brouillonComplet(s)));
    const numero = "CONCURRENT-2026-1";
    const codes = await Promise.all(brouillons.map((b) => codeDe(enregistrerFacture(s.deposant.acteur, b.id, factureSchema.parse(saisieFacture({ numero }))))));
    expect(codes.filter((c) => c === "OK")).toHaveLength(1);
    expect(codes.filter((c) => c === "NUMERO_EN_DOUBLE")).toHaveLength(7);
    expect(await db.pieceTravaux.count({ where: { structureDeposanteId: s.fournisseur.id, numero } })).toBe(1);
  });
});

describe("étape 3 : enregistrer de nouveau", () => {
  it("remplace le détail de TVA : des lignes en plus sont ajoutées, celles en trop retirées, dans l'ordre saisi", async () => {
    const s = await scenario();
    const b = await brouillonComplet(s);
    const deuxTaux = saisieFacture({
      numero: b.numero,
      montantHt: "10 000,00",
      montantTva: "1 550,00",
      montantTtc: "11 550,00",
      lignesTva: [
        { taux: "20", baseHt: "7 000,00", montantTva: "1 400,00" },
        { taux: "5,5", baseHt: "3 000,00", montantTva: "165,00" },
      ],
    });
    await enregistrerFacture(s.deposant.acteur, b.id, factureSchema.parse({ ...deuxTaux, montantTva: "1 565,00", montantTtc: "11 565,00" }));
    const lignes = () =>
      db.ligneTvaTravaux.findMany({ where: { pieceId: b.id }, orderBy: { rang: "asc" }, select: { rang: true, taux: true, baseHt: true, montantTva: true } });
    expect(await lignes()).toEqual([
      { rang: 0, taux: 2000, baseHt: 700000n, montantTva: 140000n },
      { rang: 1, taux: 550, baseHt: 300000n, montantTva: 16500n },
    ]);
    await enregistrerFacture(
      s.deposant.acteur,
      b.id,
      factureSchema.parse(saisieFacture({ numero: b.numero, lignesTva: [{ taux: "20", baseHt: "10 000,00", montantTva: "2 000,00" }] })),
    );
    expect(await lignes()).toEqual([{ rang: 0, taux: 2000, baseHt: 1000000n, montantTva: 200000n }]);
    expect((await db.pieceTravaux.findUniqueOrThrow({ where: { id: b.id }, select: { montantTtc: true } })).montantTtc).toBe(1200000n);
  });

  it("un enregistrement qui croise l'envoi ne modifie pas la pièce envoyée", async () => {
    const s = await scenario();
    const b = await brouillonComplet(s);
    await ajouterPieceJointe(s.deposant.acteur, b.id, { nom: "facture.pdf", contenu: await pdfFacture(), nature: "FACTURE" });
    const [envoi, enregistrement] = await Promise.all([
      codeDe(envoyer(s.deposant.acteur, b.id)),
      codeDe(
        enregistrerFacture(
          s.deposant.acteur,
          b.id,
          factureSchema.parse(saisieFacture({ numero: b.numero, montantHt: "1,00", montantTva: "0,20", montantTtc: "1,20", lignesTva: [] })),
        ),
      ),
    ]);
    expect(envoi).toBe("OK");
    const piece = await db.pieceTravaux.findUniqueOrThrow({
      where: { id: b.id },
      select: { statut: true, montantTtc: true, depot: { select: { certificat: true } } },
    });
    expect(piece.statut).toBe("MISE_A_DISPOSITION_MOE");
    // Either the save came first and the deposit attests it, or it came second and was refused: never a sent piece that differs from its certificate.
    const atteste = (piece.depot!.certificat as { facture: { montantTtc: string } }).facture.montantTtc;
    expect(atteste).toBe(piece.montantTtc!.toString());
    if (enregistrement !== "OK") expect(enregistrement).toBe("PIECE_NON_MODIFIABLE");
  });
});

describe("« Valider et envoyer »", () => {
  it("refuse d'envoyer sans la facture en PDF, en disant ce qui manque", async () => {
    const s = await scenario();
    const { id } = await brouillonComplet(s);
    const e = await envoyer(s.deposant.acteur, id).catch((x) => x);
    expect(e.code).toBe("PIECE_INCOMPLETE");
    expect(e.fieldErrors.fichier).toMatch(/PDF/);
    expect((await consulterPiece(s.deposant.acteur, id)).statut).toBe("BROUILLON");
  });

  it("dépose la pièce, crée le dossier de facturation, écrit l'historique et les courriels", async () => {
    const s = await scenario();
    const { id, numero, envoi } = await depotA4(s);
    expect(envoi.statut).toBe("MISE_A_DISPOSITION_MOE");
    expect(envoi.numeroDepot).toMatch(/^FT\d{10}$/);
    const p = await consulterPiece(s.deposant.acteur, id);
    expect(p).toMatchObject({ statut: "MISE_A_DISPOSITION_MOE", dossierId: envoi.dossierId, numeroDepot: envoi.numeroDepot });
    expect(p.deposeeLe).toBeInstanceOf(Date);
    expect(p.historique.map((h) => [h.statutAvant, h.statutApres, h.action, h.acteurUserId])).toEqual([
      [null, "BROUILLON", "CREATION", s.deposant.user.id],
      ["BROUILLON", "DEPOSEE", "DEPOT", s.deposant.user.id],
      ["DEPOSEE", "MISE_A_DISPOSITION_MOE", "MISE_A_DISPOSITION", null],
    ]);
    const dossier = await db.dossierFacturation.findUniqueOrThrow({ where: { id: envoi.dossierId }, include: { pieces: true } });
    expect(dossier.pieces.map((x) => x.id)).toEqual([id]);

    const aDeposant = await mailsPour(s.deposant.user.email);
    expect(aDeposant.map((m) => m.template)).toEqual(["depot-facture-travaux"]);
    expect(aDeposant[0].text).toContain(envoi.numeroDepot);
    const aMoe = await mailsPour(s.moeUser.user.email);
    expect(aMoe.map((m) => m.template)).toEqual(["piece-travaux-a-traiter"]);
    expect(aMoe[0].subject).toContain(numero);
    expect(aMoe[0].text).toContain("7 jours");
    expect(await mailsPour(s.moaUser.user.email)).toHaveLength(0);
    expect(await mailsPour(s.collegue.user.email)).toHaveLength(0);
  });

  it("ne modifie plus une pièce envoyée, et ne l'envoie pas deux fois", async () => {
    const s = await scenario();
    const { id } = await depotA4(s);
    expect(await codeDe(envoyer(s.deposant.acteur, id))).toBe("PIECE_NON_MODIFIABLE");
    expect(await codeDe(enregistrerFacture(s.deposant.acteur, id, factureSchema.parse(saisieFacture())))).toBe("PIECE_NON_MODIFIABLE");
    expect(await codeDe(ajouterPieceJointe(s.deposant.acteur, id, { nom: "autre.pdf", contenu: await pdfFacture(), nature: "COMPLEMENTAIRE" }))).toBe(
      "PIECE_NON_MODIFIABLE",
    );
    expect(await codeDe(supprimerBrouillon(s.deposant.acteur, id))).toBe("PIECE_NON_MODIFIABLE");
  });

  it("envoie une A5 sans MOE directement à la MOA, et une pièce suivante s'ajoute au dossier qu'elle continue", async () => {
    const s = await scenario();
    const premier = await depotA4(s);
    const { id } = await creerBrouillon(s.deposant.acteur, { cadre: "A5_ETAT_ACOMPTE_FOURNISSEUR" });
    await enregistrerParties(
      s.deposant.acteur,
      id,
      partiesSchema.parse({ cadre: "A5_ETAT_ACOMPTE_FOURNISSEUR", moaSiret: s.moa.identifier, serviceMoaId: s.serviceMoa.id }),
    );
    await enregistrerFacture(
      s.deposant.acteur,
      id,
      factureSchema.parse(
        saisieFacture({
          typeTva: "EXONERATION",
          motifExonerationTva: "TVA non applicable, article 293 B du CGI",
          montantTva: "0",
          montantTtc: "10 000,00",
          lignesTva: [],
          lignesPoste: [{ denomination: "Travaux du mois", quantite: "1", prixUnitaireHt: "10 000,00", montantHt: "10 000,00", tauxTva: "0" }],
        }),
      ),
    );
    await db.pieceTravaux.update({ where: { id }, data: { piecePrecedenteId: premier.id } });
    await ajouterPieceJointe(s.deposant.acteur, id, { nom: "etat.pdf", contenu: await pdfFacture(), nature: "FACTURE" });
    const envoi = await envoyer(s.deposant.acteur, id);
    expect(envoi.statut).toBe("MISE_A_DISPOSITION_MOA");
    expect(envoi.dossierId).toBe(premier.envoi.dossierId);
    expect((await mailsPour(s.moaUser.user.email)).map((m) => m.template)).toEqual(["piece-travaux-a-traiter"]);
  });

  it("enregistre l'avis du déposant (une note et un commentaire)", async () => {
    const s = await scenario();
    const { id } = await depotA4(s);
    await donnerAvis(s.deposant.acteur, id, { note: 4, commentaire: "Dépôt simple" });
    await donnerAvis(s.deposant.acteur, id, { note: 5 });
    expect(await db.avisDepot.findMany({ where: { pieceId: id }, select: { note: true, commentaire: true } })).toEqual([{ note: 5, commentaire: null }]);
    expect(await codeDe(donnerAvis(s.exterieur.acteur, id, { note: 1 }))).toBe("INTROUVABLE");
  });
});

describe("certificat de dépôt", () => {
  it("atteste le dépôt : numéro, parties, montants, chaque fichier avec sa taille et son SHA-256 ; identique à chaque téléchargement", async () => {
    const s = await scenario();
    const { id, numero, envoi, fichiers } = await depotA4(s);
    const cert = await certificatDepot(s.deposant.acteur, id);
    expect(cert.nom).toBe(`certificat-depot-${envoi.numeroDepot}.pdf`);
    const texte = (await texteDuPdf(cert.contenu)).join("\n");
    for (const attendu of [
      envoi.numeroDepot,
      numero,
      envoi.dossier,
      s.fournisseur.raisonSociale,
      s.moe.raisonSociale,
      s.moa.raisonSociale,
      "Département Immobilier",
      "A4 – Projet de décompte mensuel",
      "12\u00a0000,00 EUR",
      "15 janvier 2026",
      "Maîtrise d'œuvre (MOE)",
    ])
      expect(texte).toContain(attendu);
    for (const f of fichiers) {
      expect(texte).toContain(f.nom);
      expect(texte).toContain(`SHA-256 : ${f.sha256}`);
      expect(texte).toContain(`${f.taille.toLocaleString("fr-FR").replace(/\u202f/g, " ")} octets`);
    }
    // Visible to the MOE too, and the same bytes every time, even after a later change to the piece.
    await db.pieceJointeTravaux.updateMany({ where: { pieceId: id, nature: "COMPLEMENTAIRE" }, data: { nom: "renomme.csv" } });
    expect(Buffer.from((await certificatDepot(s.moeUser.acteur, id)).contenu).equals(Buffer.from(cert.contenu))).toBe(true);
    expect(await codeDe(certificatDepot(s.exterieur.acteur, id))).toBe("INTROUVABLE");
  });
});
