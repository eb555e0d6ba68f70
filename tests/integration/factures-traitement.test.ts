import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { cleDe, stockage } from "@/lib/files/stockage";
import type { Acteur } from "@/lib/auth/acteur";
import type { StatutPieceTravaux } from "@/lib/generated/prisma/enums";
import { enregistrerFacture } from "@/lib/invoices/brouillon";
import { consulterDossier, consulterPiece } from "@/lib/invoices/consultation";
import { envoyer } from "@/lib/invoices/envoi";
import { ajouterPieceJointe } from "@/lib/invoices/pieces-jointes";
import { factureSchema } from "@/lib/invoices/schemas";
import { ACTIONS_TRAITEMENT, LISTE_STATUTS, type ActionTraitement } from "@/lib/invoices/statuts";
import { deposerPieceSuivante } from "@/lib/invoices/suivante";
import { joursRestants, verifierDelais } from "@/lib/invoices/delais";
import { dateFr } from "@/lib/invoices/format";
import { aujourdhuiParis } from "@/lib/invoices/schemas";
import { traiterPiece } from "@/lib/invoices/transitions";
import { seedStructure, seedUser, uniqueSuffix } from "@/prisma/seed/factories";
import { codeDe, mailsPour } from "../support/fixtures";
import { acteurDe, brouillonComplet, depotA4, pdfFacture, saisieFacture, scenario } from "./factures-fixtures";

/**
 * The cells where something happens, written out by hand: every other cell of the table must change nothing.
 * Columns: the supplier (DEPOSANT), the MOE, a plain member of the MOA's structure (MOA), a member of it holding the
 * « Service financier » habilitation (PAYEUR), the titulaire, an outsider.
 */
const PERMISES: Record<string, StatutPieceTravaux> = {
  "MISE_A_DISPOSITION_MOE × PRISE_EN_COMPTE × MOE": "PRISE_EN_COMPTE_MOE",
  "ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE × PRISE_EN_COMPTE × MOE": "PRISE_EN_COMPTE_MOE",
  "MISE_A_DISPOSITION_MOE × REFUS × MOE": "REFUSEE_MOE",
  "PRISE_EN_COMPTE_MOE × REFUS × MOE": "REFUSEE_MOE",
  "ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE × REFUS × MOE": "REFUSEE_MOE",
  "MISE_A_DISPOSITION_MOE × SUSPENSION × MOE": "SUSPENDUE",
  "PRISE_EN_COMPTE_MOE × SUSPENSION × MOE": "SUSPENDUE",
  "ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE × SUSPENSION × MOE": "SUSPENDUE",
  "MISE_A_DISPOSITION_MOA × PRISE_EN_COMPTE × MOA": "PRISE_EN_COMPTE_MOA",
  "MISE_A_DISPOSITION_MOA × REFUS × MOA": "REFUSEE_MOA",
  "PRISE_EN_COMPTE_MOA × REFUS × MOA": "REFUSEE_MOA",
  "MISE_A_DISPOSITION_MOA × SUSPENSION × MOA": "SUSPENDUE",
  "PRISE_EN_COMPTE_MOA × SUSPENSION × MOA": "SUSPENDUE",
  // Recycling: the recipient sends back a wrongly routed piece.
  "MISE_A_DISPOSITION_MOE × MISE_EN_RECYCLAGE × MOE": "A_RECYCLER",
  "PRISE_EN_COMPTE_MOE × MISE_EN_RECYCLAGE × MOE": "A_RECYCLER",
  "ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE × MISE_EN_RECYCLAGE × MOE": "A_RECYCLER",
  "MISE_A_DISPOSITION_MOA × MISE_EN_RECYCLAGE × MOA": "A_RECYCLER",
  "PRISE_EN_COMPTE_MOA × MISE_EN_RECYCLAGE × MOA": "A_RECYCLER",
  // The paying service: what is put at its disposal is mandated then put in payment, or suspended, rejected, sent back.
  "MISE_A_DISPOSITION × MANDATEMENT × PAYEUR": "MANDATEE",
  "MANDATEE × MISE_EN_PAIEMENT × PAYEUR": "MISE_EN_PAIEMENT",
  "MISE_A_DISPOSITION × SUSPENSION × PAYEUR": "SUSPENDUE",
  "MISE_A_DISPOSITION × REJET × PAYEUR": "REJETEE",
  "MISE_A_DISPOSITION × MISE_EN_RECYCLAGE × PAYEUR": "A_RECYCLER",
  // …and, a member of the MOA's structure, it may do what the MOA does.
  "MISE_A_DISPOSITION_MOA × PRISE_EN_COMPTE × PAYEUR": "PRISE_EN_COMPTE_MOA",
  "MISE_A_DISPOSITION_MOA × REFUS × PAYEUR": "REFUSEE_MOA",
  "PRISE_EN_COMPTE_MOA × REFUS × PAYEUR": "REFUSEE_MOA",
  "MISE_A_DISPOSITION_MOA × SUSPENSION × PAYEUR": "SUSPENDUE",
  "PRISE_EN_COMPTE_MOA × SUSPENSION × PAYEUR": "SUSPENDUE",
  "MISE_A_DISPOSITION_MOA × MISE_EN_RECYCLAGE × PAYEUR": "A_RECYCLER",
  "PRISE_EN_COMPTE_MOA × MISE_EN_RECYCLAGE × PAYEUR": "A_RECYCLER",
  // Suspended by the MOE (the fixture below): back to the MOE.
  "SUSPENDUE × COMPLETION × DEPOSANT": "MISE_A_DISPOSITION_MOE",
  // A10: the titulaire validates the subcontractor's request (attestation joined) or refuses it.
  "A_VALIDER_1 × VALIDATION × TITULAIRE": "MISE_A_DISPOSITION_MOE",
  "A_VALIDER_1 × REFUS × TITULAIRE": "REFUSEE_1",
};

const motif = { code: "MAUVAISE_MOE", texte: "Le métré du lot 2 manque" };

describe("le cycle de vie en un tableau : chaque case (statut × action × rôle)", () => {
  it("les cases permises changent le statut et écrivent une ligne d'historique ; les autres ne changent rien et disent pourquoi", async () => {
    const s = await scenario();
    const { id } = await depotA4(s);
    // A titulaire on the piece, and the direct-payment attestation it joined: every role of the table has its column.
    const titulaire = await seedStructure();
    const titulaireUser = await seedUser({ structureId: titulaire.id, role: "GESTIONNAIRE_PRINCIPAL", email: `tit-${uniqueSuffix()}@exemple.fr` });
    await db.pieceTravaux.update({ where: { id }, data: { titulaireId: titulaire.id } });
    // Its file is really stored: the restore drill, run on this same database, checks every row's object.
    const octets = Buffer.from(`attestation ${id}`);
    const sha256 = createHash("sha256").update(octets).digest("hex");
    await stockage().ecrire(cleDe(sha256), { octets }, { taille: octets.length, sha256 });
    await db.pieceJointeTravaux.create({
      data: {
        pieceId: id,
        nature: "ATTESTATION_PAIEMENT_DIRECT",
        nom: "attestation.pdf",
        typeMime: "application/pdf",
        taille: octets.length,
        sha256,
        cle: cleDe(sha256),
        ajouteeParId: titulaireUser.id,
      },
    });
    // The paying service: a member of the MOA's structure whose membership holds the habilitation.
    const payeurUser = await seedUser({ structureId: s.moa.id, role: "UTILISATEUR_SIMPLE", email: `sf-${uniqueSuffix()}@exemple.fr` });
    await db.membership.update({ where: { userId_structureId: { userId: payeurUser.id, structureId: s.moa.id } }, data: { serviceFinancier: true } });
    const roles: Record<string, Acteur> = {
      DEPOSANT: s.deposant.acteur,
      MOE: s.moeUser.acteur,
      // A plain member whose session claims the habilitation: the domain reads the membership, so he stays a plain member.
      MOA: { ...s.moaUser.acteur, structure: { ...s.moaUser.acteur.structure!, serviceFinancier: true } },
      PAYEUR: acteurDe(payeurUser, s.moa, "UTILISATEUR_SIMPLE"),
      TITULAIRE: acteurDe(titulaireUser, titulaire),
      EXTERIEUR: s.exterieur.acteur,
    };
    // After the deposit's rows, so that the history keeps its order.
    const debut = Date.now() + 3600_000;
    let i = 0;
    const vus = new Set<string>();
    for (const statut of LISTE_STATUTS) {
      for (const action of ACTIONS_TRAITEMENT) {
        for (const [role, acteur] of Object.entries(roles)) {
          const cle = `${statut} × ${action} × ${role}`;
          const now = new Date(debut + ++i * 1000);
          // « À valider par le titulaire » is the subcontractor's request (A10) to its titulaire: the piece takes that frame there.
          const cadre = statut === "A_VALIDER_1" ? "A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT" : "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR";
          await db.pieceTravaux.update({ where: { id }, data: { statut, cadre, statutLe: new Date(now.getTime() - 10) } });
          if (statut === "SUSPENDUE")
            await db.historiquePieceTravaux.create({
              data: {
                pieceId: id,
                action: "SUSPENSION",
                statutAvant: "MISE_A_DISPOSITION_MOE",
                statutApres: "SUSPENDUE",
                createdAt: new Date(now.getTime() - 5),
              },
            });
          const avant = await db.historiquePieceTravaux.count({ where: { pieceId: id } });
          const attendu = PERMISES[cle];
          let erreur: AppError | undefined;
          // The mandate and the payment as the paying service's dialogs give them, dated today (in France).
          const jour = aujourdhuiParis(now);
          try {
            const r = await traiterPiece(acteur, id, action, {
              motif,
              mandat: { numero: "M-2026-123", date: jour },
              paiement: { montant: 1_000_000, date: jour },
              now,
            });
            expect(r.statut, cle).toBe(attendu);
          } catch (e) {
            if (!(e instanceof AppError)) throw e;
            erreur = e;
          }
          const apres = await db.pieceTravaux.findUniqueOrThrow({ where: { id }, select: { statut: true, statutLe: true } });
          const lignes = await db.historiquePieceTravaux.findMany({ where: { pieceId: id }, orderBy: { createdAt: "asc" } });
          if (attendu) {
            vus.add(cle);
            expect(erreur, cle).toBeUndefined();
            expect(apres, cle).toEqual({ statut: attendu, statutLe: now });
            expect(lignes.length, cle).toBe(avant + 1);
            const h = lignes.at(-1)!;
            expect({ de: h.statutAvant, vers: h.statutApres, qui: h.acteurUserId, le: h.createdAt }, cle).toEqual({
              de: statut,
              vers: attendu,
              qui: acteur.userId,
              le: now,
            });
            if (action === "REFUS")
              expect(h.motif).toBe(role === "TITULAIRE" ? "Le métré du lot 2 manque" : "Mauvaise maîtrise d'œuvre : Le métré du lot 2 manque");
            if (action === "SUSPENSION" || action === "REJET" || action === "MISE_EN_RECYCLAGE") expect(h.motif, cle).toBe("Le métré du lot 2 manque");
            if (action === "MANDATEMENT") expect(h.commentaire, cle).toBe(`Mandatée — mandat n° M-2026-123 du ${dateFr(new Date(`${jour}T00:00:00Z`))}`);
            if (action === "MISE_EN_PAIEMENT")
              expect(h.commentaire, cle).toBe(`Mise en paiement le ${dateFr(new Date(`${jour}T00:00:00Z`))} pour 10\u00a0000,00\u00a0€`);
          } else {
            expect(erreur, `${cle} aurait dû être refusée`).toBeDefined();
            expect(apres.statut, cle).toBe(statut);
            expect(lignes.length, cle).toBe(avant);
            // The reason, in French, as the screen shows it.
            if (role === "EXTERIEUR" || (statut === "BROUILLON" && role !== "DEPOSANT"))
              expect(erreur!.message, cle).toBe("L'élément demandé est introuvable.");
            else
              expect(erreur!.message, cle).toMatch(
                /^(Une pièce au statut « .+ » ne peut pas être .+\.|(Seule la (maîtrise d'œuvre|maîtrise d'ouvrage|structure qui a déposé la pièce)|Seul (le titulaire du marché|le service financier de la maîtrise d'ouvrage)) peut .+ cette pièce\.)$/,
              );
          }
        }
      }
    }
    expect([...vus].sort()).toEqual(Object.keys(PERMISES).sort());
    // Every cell of the table through PostgreSQL (several hundred calls): longer than the suite's 30 s on a busy machine.
  }, 120_000);

  it("dit pourquoi : une MOA ne suspend pas ce qui est à la MOE, une pièce refusée ne se prend plus en compte", async () => {
    const s = await scenario();
    const { id } = await depotA4(s);
    await expect(traiterPiece(s.moaUser.acteur, id, "SUSPENSION", { motif })).rejects.toThrow("Seule la maîtrise d'œuvre peut suspendre cette pièce.");
    await traiterPiece(s.moeUser.acteur, id, "REFUS", { motif: { code: "MAUVAISE_MOA" } });
    await expect(traiterPiece(s.moeUser.acteur, id, "PRISE_EN_COMPTE")).rejects.toThrow(
      "Une pièce au statut « Refusée par la MOE » ne peut pas être prise en compte.",
    );
  });
});

describe("les motifs", () => {
  it("un refus exige un motif de la liste (et une précision pour « Autre ») ; une suspension, les pièces manquantes", async () => {
    const s = await scenario();
    const { id } = await depotA4(s);
    const essai = async (action: ActionTraitement, m?: { code?: string; texte?: string }) => {
      const e = await traiterPiece(s.moeUser.acteur, id, action, { motif: m }).catch((x: AppError) => x);
      return e instanceof AppError ? { code: e.code, champs: e.fieldErrors } : "OK";
    };
    expect(await essai("REFUS")).toEqual({ code: "MOTIF_TRAITEMENT_OBLIGATOIRE", champs: { motifCode: "Choisissez le motif du refus dans la liste." } });
    expect(await essai("REFUS", { code: "ECART_DE_MONTANT" })).toMatchObject({ code: "MOTIF_TRAITEMENT_OBLIGATOIRE" });
    expect(await essai("REFUS", { code: "AUTRE", texte: "  " })).toEqual({
      code: "MOTIF_TRAITEMENT_OBLIGATOIRE",
      champs: { motif: "Précisez l'erreur dans les données d'acheminement." },
    });
    expect(await essai("SUSPENSION", { texte: "" })).toEqual({
      code: "MOTIF_TRAITEMENT_OBLIGATOIRE",
      champs: { motif: "Indiquez les pièces jointes manquantes." },
    });
    expect((await consulterPiece(s.deposant.acteur, id)).statut).toBe("MISE_A_DISPOSITION_MOE");
    expect(await essai("REFUS", { code: "AUTRE", texte: "Valideur inconnu du service" })).toBe("OK");
    expect((await consulterPiece(s.deposant.acteur, id)).historique.at(-1)!.motif).toBe(
      "Autre erreur dans les données d'acheminement : Valideur inconnu du service",
    );
  });
});

describe("deux relecteurs à la fois", () => {
  it("un seul agit ; l'autre voit que la pièce a changé de statut", async () => {
    const s = await scenario();
    const { id } = await depotA4(s);
    const collegue = await seedUser({ structureId: s.moe.id, role: "UTILISATEUR_SIMPLE", email: `moe-${uniqueSuffix()}@exemple.fr` });
    const autre = acteurDe(collegue, s.moe, "UTILISATEUR_SIMPLE");
    const r = await Promise.allSettled([
      traiterPiece(s.moeUser.acteur, id, "REFUS", { motif: { code: "MAUVAISE_MOE" } }),
      traiterPiece(autre, id, "SUSPENSION", { motif: { texte: "Il manque le métré" } }),
    ]);
    expect(r.filter((x) => x.status === "fulfilled")).toHaveLength(1);
    const rejet = r.find((x) => x.status === "rejected") as PromiseRejectedResult;
    expect(rejet.reason.code).toBe("ACTION_IMPOSSIBLE");
    const h = await db.historiquePieceTravaux.findMany({ where: { pieceId: id, action: { in: ["REFUS", "SUSPENSION"] } } });
    expect(h).toHaveLength(1);
  });
});

describe("un dossier de bout en bout : A4 → MOE → MOA", () => {
  it("suspension, complétion, pièce suivante à la MOA, refus, correction et renvoi, prise en compte ; les courriels de chacun", async () => {
    const s = await scenario();
    const a4 = await depotA4(s);

    // The MOE suspends: the depositor is told why, and sees it on the piece.
    await traiterPiece(s.moeUser.acteur, a4.id, "SUSPENSION", { motif: { texte: "Le métré du lot 2 manque" } });
    const suspension = (await mailsPour(s.deposant.user.email)).find((m) => m.subject === `Facture de travaux n° ${a4.numero} : Suspendue`)!;
    expect(suspension.text).toContain("Le métré du lot 2 manque");
    expect(suspension.text).toContain("des pièces jointes manquent");
    expect((await consulterPiece(s.deposant.acteur, a4.id)).historique.at(-1)).toMatchObject({ action: "SUSPENSION", motif: "Le métré du lot 2 manque" });

    // The supplier completes it (one more attachment, a corrected field) and sends it back to the same MOE.
    await ajouterPieceJointe(s.deposant.acteur, a4.id, {
      nom: "metre-lot-2.csv",
      contenu: Buffer.from("poste;quantite\nBeton;12\n"),
      nature: "COMPLEMENTAIRE",
    });
    await enregistrerFacture(s.deposant.acteur, a4.id, factureSchema.parse(saisieFacture({ numero: a4.numero, dateFacture: "2026-01-16" })));
    expect((await traiterPiece(s.deposant.acteur, a4.id, "COMPLETION")).statut).toBe("MISE_A_DISPOSITION_MOE");
    expect((await mailsPour(s.moeUser.user.email)).some((m) => m.subject === `Facture de travaux n° ${a4.numero} : Mise à disposition de la MOE`)).toBe(true);
    expect(await codeDe(ajouterPieceJointe(s.deposant.acteur, a4.id, { nom: "x.csv", contenu: Buffer.from("a;b\n1;2\n"), nature: "COMPLEMENTAIRE" }))).toBe(
      "PIECE_NON_MODIFIABLE",
    );

    // « Déposer la pièce suivante du dossier de facturation »: an A15 prefilled from the A4, the MOA as destinataire.
    const { id: a15 } = await deposerPieceSuivante(s.moeUser.acteur, a4.id);
    const brouillon = await consulterPiece(s.moeUser.acteur, a15);
    expect(brouillon).toMatchObject({
      cadre: "A15_ETAT_ACOMPTE_MOE",
      statut: "BROUILLON",
      moeId: s.moe.id,
      titulaireId: s.fournisseur.id,
      moaId: s.moa.id,
      serviceMoaId: s.serviceMoa.id,
      montantTtc: 1200000n,
      numero: null,
      piecePrecedenteId: a4.id,
    });
    expect(brouillon.lignesTva.map((l) => [l.taux, l.baseHt])).toEqual([[2000, 1000000n]]);
    const envoyerA15 = async (pieceId: string) => {
      const numero = `EA-${uniqueSuffix().toUpperCase()}`;
      await enregistrerFacture(s.moeUser.acteur, pieceId, factureSchema.parse(saisieFacture({ numero })));
      await ajouterPieceJointe(s.moeUser.acteur, pieceId, {
        nom: "etat-acompte.pdf",
        contenu: await pdfFacture(`Etat d'acompte ${numero}`),
        nature: "FACTURE",
      });
      return { numero, envoi: await envoyer(s.moeUser.acteur, pieceId) };
    };
    const premier = await envoyerA15(a15);
    expect(premier.envoi).toMatchObject({ statut: "MISE_A_DISPOSITION_MOA", dossierId: a4.envoi.dossierId });
    expect((await consulterPiece(s.deposant.acteur, a4.id)).statut).toBe("TRANSMISE_MOA");
    expect((await mailsPour(s.deposant.user.email)).some((m) => m.subject === `Facture de travaux n° ${a4.numero} : Transmise à la MOA`)).toBe(true);
    expect((await mailsPour(s.moaUser.user.email)).some((m) => m.subject === `Nouvelle pièce à traiter : facture de travaux n° ${premier.numero}`)).toBe(true);

    // The MOA refuses (wrong validator): the MOE is told; the refused piece stops there.
    await traiterPiece(s.moaUser.acteur, a15, "REFUS", { motif: { code: "MAUVAIS_VALIDEUR", texte: "Service DEPT-IMMO" } });
    const refus = (await mailsPour(s.moeUser.user.email)).find((m) => m.subject === `Facture de travaux n° ${premier.numero} : Refusée par la MOA`)!;
    expect(refus.text).toContain("Mauvais valideur : Service DEPT-IMMO");
    expect(await codeDe(deposerPieceSuivante(s.moaUser.acteur, a15))).toBe("PIECE_SUIVANTE_IMPOSSIBLE");

    // The MOE corrects and sends again: a new piece from the refused one, in the same dossier.
    const { id: corrigee } = await deposerPieceSuivante(s.moeUser.acteur, a15);
    expect(await consulterPiece(s.moeUser.acteur, corrigee)).toMatchObject({
      cadre: "A15_ETAT_ACOMPTE_MOE",
      moaId: s.moa.id,
      titulaireId: s.fournisseur.id,
      piecePrecedenteId: a15,
    });
    const second = await envoyerA15(corrigee);
    expect(second.envoi.dossierId).toBe(a4.envoi.dossierId);

    // The MOA suspends it, the MOE completes it: back to the MOA, which takes it into account.
    await traiterPiece(s.moaUser.acteur, corrigee, "SUSPENSION", { motif: { texte: "Attestation de paiement manquante" } });
    expect((await traiterPiece(s.moeUser.acteur, corrigee, "COMPLETION")).statut).toBe("MISE_A_DISPOSITION_MOA");
    await traiterPiece(s.moaUser.acteur, corrigee, "PRISE_EN_COMPTE");
    expect((await mailsPour(s.moeUser.user.email)).some((m) => m.subject === `Facture de travaux n° ${second.numero} : Prise en compte par la MOA`)).toBe(true);

    const dossier = await consulterDossier(s.moaUser.acteur, a4.envoi.dossierId);
    expect(dossier.pieces.map((p) => [p.cadre, p.statut])).toEqual([
      ["A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", "TRANSMISE_MOA"],
      ["A15_ETAT_ACOMPTE_MOE", "REFUSEE_MOA"],
      ["A15_ETAT_ACOMPTE_MOE", "PRISE_EN_COMPTE_MOA"],
    ]);
  });

  it("la pièce suivante n'est offerte qu'à la MOE d'une pièce à traiter, ou au déposant d'une pièce refusée", async () => {
    const s = await scenario();
    const a4 = await depotA4(s);
    expect(await codeDe(deposerPieceSuivante(s.deposant.acteur, a4.id))).toBe("PIECE_SUIVANTE_IMPOSSIBLE");
    expect(await codeDe(deposerPieceSuivante(s.exterieur.acteur, a4.id))).toBe("INTROUVABLE");
    const { id } = await brouillonComplet(s);
    expect(await codeDe(deposerPieceSuivante(s.moeUser.acteur, id))).toBe("INTROUVABLE");
  });
});

describe("le délai de 7 jours de la MOE (l'horloge est avancée, pas attendue)", () => {
  it("un projet de décompte mensuel non traité en 7 jours : statut, historique, courriels au déposant et à la MOA, une seule fois", async () => {
    const s = await scenario();
    // Far in the past, so that no other test's piece is late at these dates.
    const recu = new Date(Date.UTC(2020, 2, 2, 9, 0));
    const { id } = await brouillonComplet(s);
    await ajouterPieceJointe(s.deposant.acteur, id, { nom: "facture.pdf", contenu: await pdfFacture(), nature: "FACTURE" });
    const { numeroDepot } = await envoyer(s.deposant.acteur, id, { now: recu });
    expect(numeroDepot).toBeTruthy();
    const jour = 24 * 3600 * 1000;
    const piece = await db.pieceTravaux.findUniqueOrThrow({ where: { id } });
    expect(joursRestants(piece, { now: new Date(recu.getTime() + 2 * jour) })).toBe(5);

    expect((await verifierDelais({ now: new Date(recu.getTime() + 7 * jour - 60_000) })).pieces).not.toContain(id);
    expect((await consulterPiece(s.deposant.acteur, id)).statut).toBe("MISE_A_DISPOSITION_MOE");

    const apres = new Date(recu.getTime() + 7 * jour + 60_000);
    expect((await verifierDelais({ now: apres })).pieces).toContain(id);
    const p = await consulterPiece(s.deposant.acteur, id);
    expect(p.statut).toBe("ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE");
    expect(p.historique.find((h) => h.statutApres === "ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE")).toMatchObject({
      action: "DELAI_DEPASSE",
      acteurUserId: null,
      statutAvant: "MISE_A_DISPOSITION_MOE",
      createdAt: apres,
    });
    const sujet = `Facture de travaux n° ${p.numero} : Absence de validation de la MOE dans le délai réglementaire`;
    const auDeposant = (await mailsPour(s.deposant.user.email)).filter((m) => m.subject === sujet);
    expect(auDeposant).toHaveLength(1);
    expect(auDeposant[0].text).toContain("dans le délai réglementaire de 7 jours");
    expect((await mailsPour(s.moaUser.user.email)).filter((m) => m.subject === sujet)).toHaveLength(1);

    // Again (a restart, a second instance): nothing more.
    expect((await verifierDelais({ now: new Date(apres.getTime() + jour) })).pieces).not.toContain(id);
    expect((await mailsPour(s.deposant.user.email)).filter((m) => m.subject === sujet)).toHaveLength(1);
    // The MOE may still process it.
    expect((await traiterPiece(s.moeUser.acteur, id, "PRISE_EN_COMPTE", { now: new Date(apres.getTime() + jour) })).statut).toBe("PRISE_EN_COMPTE_MOE");
  });
});

describe("« Synthèse » : les pièces à traiter", () => {
  it("la MOE voit ses projets de décompte avec les jours restants ; le déposant ses pièces suspendues ; une structure extérieure rien", async () => {
    const { piecesATraiter } = await import("@/lib/invoices/a-traiter");
    const s = await scenario();
    const a = await depotA4(s);
    const b = await depotA4(s);
    const dans = (jours: number) => new Date(Date.now() + jours * 24 * 3600 * 1000);
    const moe = (await piecesATraiter(s.moeUser.acteur, { now: dans(2) })).pieces;
    expect(moe.map((p) => [p.id, p.joursRestants])).toEqual([
      [a.id, 5],
      [b.id, 5],
    ]);
    await traiterPiece(s.moeUser.acteur, b.id, "SUSPENSION", { motif: { texte: "Métré manquant" } });
    expect((await piecesATraiter(s.moeUser.acteur)).pieces.map((p) => p.id)).toEqual([a.id]);
    expect((await piecesATraiter(s.deposant.acteur, { filtre: "retournees" })).pieces.map((p) => [p.id, p.statut])).toEqual([[b.id, "SUSPENDUE"]]);
    expect(await piecesATraiter(s.deposant.acteur, { filtre: "a-traiter" })).toMatchObject({ total: 0, pieces: [] });
    expect(await piecesATraiter(s.exterieur.acteur)).toMatchObject({ total: 0, pieces: [] });
    // The MOA: nothing until the MOE passes a piece on.
    expect(await piecesATraiter(s.moaUser.acteur)).toMatchObject({ total: 0, pieces: [] });
  });
});
