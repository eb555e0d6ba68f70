import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { Acteur } from "@/lib/auth/acteur";
import { consulterJournal, type FiltresJournal } from "@/lib/audit/consultation";
import { journaliser } from "@/lib/audit/journal";
import { creerBrouillon, enregistrerFacture, enregistrerParties } from "@/lib/invoices/brouillon";
import type { ContenuCertificat } from "@/lib/invoices/certificat";
import { consulterPiece } from "@/lib/invoices/consultation";
import { envoyer } from "@/lib/invoices/envoi";
import { ecranPiece } from "@/lib/invoices/ecran-piece";
import { ajouterPieceJointe, lirePieceJointe, listerPiecesJointes, supprimerPieceJointe } from "@/lib/invoices/pieces-jointes";
import { factureSchema, partiesSchema } from "@/lib/invoices/schemas";
import { traiterPiece } from "@/lib/invoices/transitions";
import { creerStructure } from "@/lib/structures/creation";
import { demanderRattachement } from "@/lib/structures/mes-structures";
import { modifierParametres } from "@/lib/structures/parametres";
import { changerEtatService, creerService, modifierService } from "@/lib/structures/services";
import { changerRole, deciderRattachement, desactiverUtilisateur, reactiverUtilisateur } from "@/lib/structures/utilisateurs";
import { seedStructure, seedUser, uniqueSuffix } from "@/prisma/seed/factories";
import { codeDe, inseeEtablissement } from "../support/fixtures";
import { acteurDe, brouillonComplet, depotA4, pdfFacture, saisieFacture, scenario } from "./factures-fixtures";
import { acteur, structureComplete } from "./structures-fixtures";

// The audit trail: every administrative change and every change to a piece after its first deposit writes one entry,
// in the change's own transaction (who, what, on what, before → after); the table refuses UPDATE and DELETE; the
// « Journal » shows a structure's entries to its gestionnaires and every entry, filtered, to portal administrators.

/** structureComplete, with each actor's role as the session gives it (the journal records it). */
async function structure() {
  const f = await structureComplete();
  const avecRole = (a: Acteur, role: "GESTIONNAIRE_PRINCIPAL" | "GESTIONNAIRE_SECONDAIRE"): Acteur => ({ ...a, structure: { ...a.structure!, role } });
  return {
    ...f,
    acteurs: {
      ...f.acteurs,
      principal: avecRole(f.acteurs.principal, "GESTIONNAIRE_PRINCIPAL"),
      secondaire: avecRole(f.acteurs.secondaire, "GESTIONNAIRE_SECONDAIRE"),
    },
  };
}

const entrees = (structureId: string) => db.journalAudit.findMany({ where: { structureId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
const nomme = (a: Acteur, name: string): Acteur => ({ ...a, name, ip: "203.0.113.7" });

async function administrateur(): Promise<Acteur> {
  const user = await seedUser({ email: `admin-${uniqueSuffix()}@exemple.fr`, firstName: "Ada", lastName: "Admin" });
  await db.user.update({ where: { id: user.id }, data: { administrateurPortail: true } });
  return { ...acteur(user), name: "Ada Admin", administrateur: true };
}

/** The journal as the managers' page shows it (first page, newest first). */
const journalDe = (a: Acteur, filtres: FiltresJournal = {}, page = 1, taillePage = 50) =>
  consulterJournal(a, filtres, { pagination: { page, taillePage }, perimetre: "STRUCTURE" });

describe("chaque modification administrative écrit son entrée : qui, quoi, avant → après", () => {
  it("« Gérer les utilisateurs » : validation et refus d'un rattachement, changement de rôle, désactivation, réactivation", async () => {
    const f = await structure();
    const moi = nomme(f.acteurs.principal, "Paule Principale");
    const refusee = await f.membership(f.users.enAttente.id);
    await deciderRattachement(moi, f.demande.id, "VALIDER");
    await deciderRattachement(moi, refusee.id, "REFUSER", "Personne inconnue du service");
    await changerRole(moi, f.cible.id, "GESTIONNAIRE_SECONDAIRE");
    await desactiverUtilisateur(moi, f.cible.id);
    await reactiverUtilisateur(moi, f.cible.id);

    const lignes = (await entrees(f.structure.id)).map((e) => ({
      action: e.action,
      cible: [e.cibleType, e.cibleId],
      avant: e.avant,
      apres: e.apres,
      qui: [e.acteurUserId, e.acteurNom, e.acteurStructureId, e.acteurRole, e.ip],
    }));
    const qui = [f.users.principal.id, "Paule Principale", f.structure.id, "GESTIONNAIRE_PRINCIPAL", "203.0.113.7"];
    expect(lignes).toEqual([
      {
        action: "RATTACHEMENT_VALIDE",
        cible: ["Membership", f.demande.id],
        avant: { status: "EN_COURS_DE_VALIDATION" },
        apres: { status: "VALIDEE" },
        qui,
      },
      {
        action: "RATTACHEMENT_REFUSE",
        cible: ["Membership", refusee.id],
        avant: { status: "EN_COURS_DE_VALIDATION" },
        apres: { status: "REFUSEE", motif: "Personne inconnue du service" },
        qui,
      },
      { action: "ROLE_MODIFIE", cible: ["Membership", f.cible.id], avant: { role: "UTILISATEUR_SIMPLE" }, apres: { role: "GESTIONNAIRE_SECONDAIRE" }, qui },
      { action: "UTILISATEUR_DESACTIVE", cible: ["Membership", f.cible.id], avant: { status: "VALIDEE" }, apres: { status: "DESACTIVEE" }, qui },
      { action: "UTILISATEUR_REACTIVE", cible: ["Membership", f.cible.id], avant: { status: "DESACTIVEE" }, apres: { status: "VALIDEE" }, qui },
    ]);

    // The managers' « Journal » says it in words, newest first.
    const cible = await db.user.findUniqueOrThrow({ where: { id: f.cible.userId } });
    const j = await journalDe(moi);
    expect(j.total).toBe(5);
    expect(j.lignes.map((l) => l.libelle)).toEqual([
      "Utilisateur réactivé",
      "Utilisateur désactivé",
      "Rôle modifié",
      "Rattachement refusé",
      "Rattachement validé",
    ]);
    expect(j.lignes[2]).toMatchObject({
      auteur: { nom: "Paule Principale", role: "Gestionnaire principal", ip: null },
      cible: { type: "Membership", libelle: `${cible.firstName} ${cible.lastName} (${cible.email})` },
      changements: [{ champ: "Rôle", avant: "Utilisateur simple", apres: "Gestionnaire secondaire" }],
    });
    expect(j.lignes[3].changements).toEqual([
      { champ: "État du rattachement", avant: "En cours de validation", apres: "Refusé" },
      { champ: "Motif", avant: "(vide)", apres: "Personne inconnue du service" },
    ]);
  });

  it("une demande de rattachement est inscrite au journal de la structure demandée", async () => {
    const structure = await seedStructure();
    await seedUser({ structureId: structure.id, role: "GESTIONNAIRE_PRINCIPAL" });
    const user = await seedUser();
    await demanderRattachement(acteur(user), structure.id);
    const m = await db.membership.findUniqueOrThrow({ where: { userId_structureId: { userId: user.id, structureId: structure.id } } });
    expect(await entrees(structure.id)).toMatchObject([
      {
        action: "RATTACHEMENT_DEMANDE",
        acteurUserId: user.id,
        cibleType: "Membership",
        cibleId: m.id,
        avant: null,
        apres: { status: "EN_COURS_DE_VALIDATION", role: "UTILISATEUR_SIMPLE" },
      },
    ]);
  });

  it("« Gérer les services » : création, modification (les seuls champs changés), désactivation, réactivation ; rien quand rien ne change", async () => {
    const f = await structure();
    const moi = f.acteurs.secondaire;
    const s = await creerService(moi, f.structure.id, { code: "TRAV", libelle: "Travaux" });
    await modifierService(moi, s.id, { code: "TRAV", libelle: "Travaux neufs" });
    await modifierService(moi, s.id, { code: "TRAV", libelle: "Travaux neufs" });
    await changerEtatService(moi, s.id, false);
    await changerEtatService(moi, s.id, false);
    await changerEtatService(moi, s.id, true);
    expect((await entrees(f.structure.id)).map((e) => [e.action, e.cibleId, e.avant, e.apres, e.acteurRole])).toEqual([
      ["SERVICE_CREE", s.id, null, { code: "TRAV", libelle: "Travaux", active: true }, "GESTIONNAIRE_SECONDAIRE"],
      ["SERVICE_MODIFIE", s.id, { libelle: "Travaux" }, { libelle: "Travaux neufs" }, "GESTIONNAIRE_SECONDAIRE"],
      ["SERVICE_DESACTIVE", s.id, { active: true }, { active: false }, "GESTIONNAIRE_SECONDAIRE"],
      ["SERVICE_REACTIVE", s.id, { active: false }, { active: true }, "GESTIONNAIRE_SECONDAIRE"],
    ]);
    const j = await journalDe(f.acteurs.principal, { action: "SERVICE_MODIFIE" });
    expect(j.lignes).toMatchObject([
      {
        libelle: "Service modifié",
        cible: { libelle: "Service TRAV – Travaux neufs" },
        changements: [{ champ: "Libellé", avant: "Travaux", apres: "Travaux neufs" }],
      },
    ]);
  });

  it("paramètres de la structure : l'ouverture de l'espace « Factures de travaux »", async () => {
    const f = await structure();
    await modifierParametres(f.acteurs.principal, f.structure.id, { worksSpaceOpen: true });
    await modifierParametres(f.acteurs.principal, f.structure.id, { worksSpaceOpen: true });
    expect(await entrees(f.structure.id)).toMatchObject([
      { action: "PARAMETRES_MODIFIES", cibleType: "Structure", cibleId: f.structure.id, avant: { worksSpaceOpen: false }, apres: { worksSpaceOpen: true } },
    ]);
    expect((await journalDe(f.acteurs.principal)).lignes[0].changements).toEqual([
      { champ: "Espace « Factures de travaux » ouvert", avant: "Non", apres: "Oui" },
    ]);
  });

  it("« Créer une structure » : l'entrée est au journal de la nouvelle structure", async () => {
    const { siret } = await inseeEtablissement();
    const user = await seedUser();
    const s = await creerStructure(acteur(user), { structure: { identifierType: "SIRET", identifier: siret } });
    expect(await entrees(s.id)).toMatchObject([
      { action: "STRUCTURE_CREEE", acteurUserId: user.id, cibleType: "Structure", cibleId: s.id, apres: { identifier: siret, raisonSociale: s.raisonSociale } },
    ]);
  });
});

describe("l'entrée n'existe que si la modification aboutit", () => {
  it("un refus ou une erreur en cours de modification n'écrit rien", async () => {
    const f = await structure();
    const autre = await creerService(f.acteurs.principal, f.structure.id, { code: "AUTRE", libelle: "Autre" });
    const avant = (await entrees(f.structure.id)).length;
    // The code is taken: the creation, and the modification, fail on the unique index, inside their transaction.
    expect(await codeDe(creerService(f.acteurs.principal, f.structure.id, { code: "SRV-1", libelle: "Doublon" }))).toBe("CODE_SERVICE_DEJA_UTILISE");
    expect(await codeDe(modifierService(f.acteurs.principal, autre.id, { code: "SRV-1", libelle: "Doublon" }))).toBe("CODE_SERVICE_DEJA_UTILISE");
    expect(await codeDe(changerRole(f.acteurs.principal, f.principal.id, "UTILISATEUR_SIMPLE"))).toBe("DERNIER_GESTIONNAIRE_PRINCIPAL");
    expect(await codeDe(changerRole(f.acteurs.simple, f.cible.id, "GESTIONNAIRE_PRINCIPAL"))).toBe("NON_AUTORISE");
    expect(await codeDe(deciderRattachement(f.acteurs.principal, f.demande.id, "REFUSER", ""))).toBe("MOTIF_OBLIGATOIRE");
    expect(await entrees(f.structure.id)).toHaveLength(avant);
  });

  it("une transaction annulée après l'écriture de l'entrée ne laisse pas l'entrée", async () => {
    const structure = await seedStructure();
    const user = await seedUser({ structureId: structure.id, role: "GESTIONNAIRE_PRINCIPAL" });
    await expect(
      db.$transaction(async (tx) => {
        await journaliser(tx, acteur(user, structure, "GESTIONNAIRE_PRINCIPAL"), {
          action: "STRUCTURE_MODIFIEE",
          structureId: structure.id,
          cible: { type: "Structure", id: structure.id },
        });
        throw new Error("échec après l'écriture");
      }),
    ).rejects.toThrow("échec après l'écriture");
    expect(await entrees(structure.id)).toEqual([]);
  });
});

describe("le journal est en ajout seul", () => {
  it("PostgreSQL refuse UPDATE et DELETE sur la table, même en SQL direct", async () => {
    const f = await structure();
    await changerRole(f.acteurs.principal, f.cible.id, "GESTIONNAIRE_SECONDAIRE");
    const [e] = await entrees(f.structure.id);
    await expect(db.$executeRaw`UPDATE "JournalAudit" SET action = 'FALSIFIE' WHERE id = ${e.id}`).rejects.toThrow(/ajout seul : UPDATE refus/);
    await expect(db.$executeRaw`DELETE FROM "JournalAudit" WHERE id = ${e.id}`).rejects.toThrow(/ajout seul : DELETE refus/);
    await expect(db.journalAudit.deleteMany({ where: { structureId: f.structure.id } })).rejects.toThrow();
    expect(await db.journalAudit.findUniqueOrThrow({ where: { id: e.id } })).toEqual(e);
  });
});

describe("qui lit le journal", () => {
  it("les gestionnaires voient leur structure seule ; un utilisateur simple, un rattachement en attente ou désactivé, un utilisateur sans structure sont refusés", async () => {
    const f = await structure();
    const g = await structure();
    await changerRole(f.acteurs.principal, f.cible.id, "GESTIONNAIRE_SECONDAIRE");
    await changerRole(g.acteurs.principal, g.cible.id, "GESTIONNAIRE_SECONDAIRE");
    for (const gestionnaire of [f.acteurs.principal, f.acteurs.secondaire]) {
      const j = await journalDe(gestionnaire);
      expect(j.perimetre).toBe("STRUCTURE");
      expect(j.lignes.map((l) => l.cible.id)).toEqual([f.cible.id]);
      expect(j.lignes.every((l) => l.structure?.id === f.structure.id)).toBe(true);
    }
    // The gestionnaire principal of another structure sees his own structure's journal, never this one.
    expect(await codeDe(journalDe(f.acteurs.exterieur))).toBe("NON_AUTORISE");
    const exterieur = await db.membership.findFirstOrThrow({ where: { userId: f.users.exterieur.id }, include: { structure: true } });
    const sienne = await journalDe(acteur(f.users.exterieur, exterieur.structure, "GESTIONNAIRE_PRINCIPAL"));
    expect(sienne.lignes.map((l) => l.cible.id)).not.toContain(f.cible.id);
    expect(await codeDe(journalDe(f.acteurs.simple))).toBe("NON_AUTORISE");
    expect(await codeDe(consulterJournal(f.acteurs.simple, {}))).toBe("NON_AUTORISE");
    expect(await codeDe(journalDe(f.acteurs.enAttente))).toBe("NON_AUTORISE");
    // A deactivated gestionnaire principal no longer reads it.
    expect(await codeDe(journalDe(f.acteurs.desactive))).toBe("RATTACHEMENT_NON_VALIDE");
    expect(await codeDe(journalDe(acteur(await seedUser())))).toBe("NON_AUTORISE");
    // The whole portal's journal is for administrators only.
    expect(await codeDe(consulterJournal(f.acteurs.principal, {}, { perimetre: "PORTAIL" }))).toBe("ADMINISTRATEUR_REQUIS");
    // An actor object that merely claims the role is not believed: the database says who is an administrator.
    expect(await codeDe(consulterJournal({ ...f.acteurs.principal, administrateur: true }, {}))).toBe("ADMINISTRATEUR_REQUIS");
  });

  it("un administrateur voit tout, filtré par structure, auteur, action et dates ; pages des plus récentes aux plus anciennes", async () => {
    const admin = await administrateur();
    const f = await structure();
    const g = await structure();
    const principalF = await db.user.findUniqueOrThrow({ where: { id: f.users.principal.id } });
    const jour = (d: string) => new Date(`${d}T10:00:00Z`);
    await changerRole(f.acteurs.principal, f.cible.id, "GESTIONNAIRE_SECONDAIRE", jour("2026-03-09"));
    await desactiverUtilisateur(f.acteurs.principal, f.cible.id, jour("2026-03-10"));
    await reactiverUtilisateur(f.acteurs.secondaire, f.cible.id, jour("2026-03-11"));
    await changerRole(g.acteurs.principal, g.cible.id, "GESTIONNAIRE_SECONDAIRE", jour("2026-03-10"));

    const j = await consulterJournal(admin, {}, { pagination: { page: 1, taillePage: 200 } });
    expect(j.perimetre).toBe("PORTAIL");
    const ids = j.lignes.map((l) => l.cible.id);
    expect(ids).toContain(f.cible.id);
    expect(ids).toContain(g.cible.id);

    const de = async (filtres: FiltresJournal) =>
      (await consulterJournal(admin, filtres, { pagination: { taillePage: 200 } })).lignes.map((l) => [l.action, l.structure?.id]);
    expect(await de({ structure: f.structure.id })).toEqual([
      ["UTILISATEUR_REACTIVE", f.structure.id],
      ["UTILISATEUR_DESACTIVE", f.structure.id],
      ["ROLE_MODIFIE", f.structure.id],
    ]);
    expect(await de({ structure: f.structure.identifier })).toHaveLength(3);
    expect(await de({ structure: f.structure.raisonSociale.toLowerCase() })).toHaveLength(3);
    expect(await de({ structure: f.structure.id, utilisateur: principalF.email })).toEqual([
      ["UTILISATEUR_DESACTIVE", f.structure.id],
      ["ROLE_MODIFIE", f.structure.id],
    ]);
    expect(await de({ structure: f.structure.id, action: "UTILISATEUR_DESACTIVE" })).toEqual([["UTILISATEUR_DESACTIVE", f.structure.id]]);
    expect(await de({ utilisateur: principalF.email, du: "2026-03-10", au: "2026-03-10" })).toEqual([["UTILISATEUR_DESACTIVE", f.structure.id]]);
    expect(await de({ structure: f.structure.id, du: "2026-03-10" })).toHaveLength(2);
    expect(await de({ structure: f.structure.id, au: "2026-03-09" })).toEqual([["ROLE_MODIFIE", f.structure.id]]);
    // A malformed filter is ignored rather than an error; an unknown action code filters nothing out.
    expect(await de({ structure: f.structure.id, action: "INCONNUE", du: "hier" })).toHaveLength(3);

    // Pages of 2, newest first; the administrator sees the author's address and the structure of each entry.
    const p1 = await consulterJournal(admin, { structure: f.structure.id }, { pagination: { page: 1, taillePage: 2 } });
    const p2 = await consulterJournal(admin, { structure: f.structure.id }, { pagination: { page: 2, taillePage: 2 } });
    expect([p1.total, p1.lignes.length, p2.lignes.length]).toEqual([3, 2, 1]);
    expect([...p1.lignes, ...p2.lignes].map((l) => l.le.toISOString().slice(0, 10))).toEqual(["2026-03-11", "2026-03-10", "2026-03-09"]);
    expect(p1.lignes[0].structure).toEqual({ id: f.structure.id, raisonSociale: f.structure.raisonSociale, identifier: f.structure.identifier });
  });
});

describe("une pièce modifiée après son premier dépôt", () => {
  async function suspendue() {
    const s = await scenario();
    const a4 = await depotA4(s);
    await traiterPiece(s.moeUser.acteur, a4.id, "SUSPENSION", { motif: { texte: "Le métré du lot 2 manque" } });
    return { s, a4 };
  }

  it("« Compléter et renvoyer » : fichiers ajoutés ou retirés et champs corrigés sont au journal du déposant, avant → après", async () => {
    const { s, a4 } = await suspendue();
    const [, annexe] = a4.fichiers;
    const metre = Buffer.from("poste;quantite\nBeton;12\n");
    const ajout = await ajouterPieceJointe(s.deposant.acteur, a4.id, { nom: "metre-lot-2.csv", contenu: metre, nature: "COMPLEMENTAIRE" });
    await supprimerPieceJointe(s.deposant.acteur, a4.id, annexe.id);
    await enregistrerFacture(
      s.deposant.acteur,
      a4.id,
      factureSchema.parse(
        saisieFacture({
          numero: a4.numero,
          dateFacture: "2026-01-16",
          montantHt: "10 500,00",
          montantTva: "2 100,00",
          montantTtc: "12 600,00",
          lignesTva: [{ taux: "20", baseHt: "10 500,00", montantTva: "2 100,00" }],
        }),
      ),
    );
    // Saving the same values again changes nothing, and writes nothing.
    await enregistrerFacture(
      s.deposant.acteur,
      a4.id,
      factureSchema.parse(
        saisieFacture({
          numero: a4.numero,
          dateFacture: "2026-01-16",
          montantHt: "10 500,00",
          montantTva: "2 100,00",
          montantTtc: "12 600,00",
          lignesTva: [{ taux: "20", baseHt: "10 500,00", montantTva: "2 100,00" }],
        }),
      ),
    );

    const e = await entrees(s.fournisseur.id);
    expect(e.map((x) => [x.action, x.cibleType, x.cibleId, x.acteurUserId])).toEqual([
      ["PIECE_JOINTE_AJOUTEE", "PieceTravaux", a4.id, s.deposant.user.id],
      ["PIECE_JOINTE_RETIREE", "PieceTravaux", a4.id, s.deposant.user.id],
      ["PIECE_CORRIGEE", "PieceTravaux", a4.id, s.deposant.user.id],
    ]);
    expect(e[0].apres).toEqual({ fichier: { id: ajout.id, nom: "metre-lot-2.csv", nature: "COMPLEMENTAIRE", taille: metre.length, sha256: ajout.sha256 } });
    expect(e[1].avant).toEqual({ fichier: { id: annexe.id, nom: "situation.csv", nature: "COMPLEMENTAIRE", taille: annexe.taille, sha256: annexe.sha256 } });
    // Without décompte detail, the works of the period and the net à payer follow the totals (lib/invoices/decompte.ts).
    expect(e[2].avant).toEqual({
      dateFacture: "2026-01-15",
      travauxPeriode: "1000000",
      montantHt: "1000000",
      montantTva: "200000",
      montantTtc: "1200000",
      netAPayer: "1200000",
      lignesTva: [{ taux: 2000, baseHt: "1000000", montantTva: "200000" }],
    });
    expect(e[2].apres).toEqual({
      dateFacture: "2026-01-16",
      travauxPeriode: "1050000",
      montantHt: "1050000",
      montantTva: "210000",
      montantTtc: "1260000",
      netAPayer: "1260000",
      lignesTva: [{ taux: 2000, baseHt: "1050000", montantTva: "210000" }],
    });

    // The depositor's managers read it in words; the MOE's do not see the supplier's journal.
    const j = await journalDe(s.deposant.acteur);
    expect(j.lignes[0]).toMatchObject({ libelle: "Pièce corrigée", cible: { libelle: `Facture n° ${a4.numero}` } });
    expect(j.lignes[0].changements).toEqual([
      { champ: "Date de la facture", avant: "15/01/2026", apres: "16/01/2026" },
      { champ: "Travaux exécutés pendant la période", avant: "10\u00a0000,00", apres: "10\u00a0500,00" },
      { champ: "Montant total HT", avant: "10\u00a0000,00", apres: "10\u00a0500,00" },
      { champ: "Montant total TVA", avant: "2\u00a0000,00", apres: "2\u00a0100,00" },
      { champ: "Montant total TTC", avant: "12\u00a0000,00", apres: "12\u00a0600,00" },
      { champ: "Net à payer", avant: "12\u00a0000,00", apres: "12\u00a0600,00" },
      { champ: "Détail de la TVA", avant: "20 % : base HT 10\u00a0000,00, TVA 2\u00a0000,00", apres: "20 % : base HT 10\u00a0500,00, TVA 2\u00a0100,00" },
    ]);
    expect(j.lignes[1]).toMatchObject({ libelle: "Pièce jointe retirée", changements: [{ champ: "Fichier", apres: "(vide)" }] });
    expect(j.lignes[1].changements[0].avant).toContain("« situation.csv » (pièce complémentaire");
    expect((await journalDe(s.moeUser.acteur)).lignes.map((l) => l.cible.id)).not.toContain(a4.id);
  });

  it("une correction refusée (numéro en double) n'est pas au journal et ne change rien", async () => {
    const { s, a4 } = await suspendue();
    const autre = await depotA4(s);
    expect(
      await codeDe(enregistrerFacture(s.deposant.acteur, a4.id, factureSchema.parse(saisieFacture({ numero: autre.numero, dateFacture: "2026-01-20" })))),
    ).toBe("NUMERO_EN_DOUBLE");
    expect((await entrees(s.fournisseur.id)).filter((e) => e.action === "PIECE_CORRIGEE")).toEqual([]);
    expect((await db.pieceTravaux.findUniqueOrThrow({ where: { id: a4.id } })).numero).toBe(a4.numero);
  });

  it("un fichier retiré reste stocké : les empreintes du certificat se vérifient toujours ; écrans, totaux et téléchargements l'ignorent", async () => {
    const { s, a4 } = await suspendue();
    const [facture, annexe] = a4.fichiers;
    await supprimerPieceJointe(s.deposant.acteur, a4.id, annexe.id);
    await supprimerPieceJointe(s.deposant.acteur, a4.id, facture.id);

    // Still stored, marked removed by whom and when.
    const stockes = await db.pieceJointeTravaux.findMany({ where: { pieceId: a4.id } });
    expect(stockes).toHaveLength(2);
    expect(stockes.every((f) => f.retireeLe && f.retireeParId === s.deposant.user.id)).toBe(true);

    // Every file the certificate names is found by its id, and its content still has the certified fingerprint.
    const depot = await db.depotPieceTravaux.findUniqueOrThrow({ where: { pieceId: a4.id } });
    const certifies = (depot.certificat as ContenuCertificat).fichiers;
    expect(certifies.map((f) => f.nom).sort()).toEqual(["facture.pdf", "situation.csv"]);
    for (const c of certifies) {
      const stocke = stockes.find((f) => f.sha256 === c.sha256)!;
      for (const qui of [s.deposant.acteur, s.moeUser.acteur]) {
        const lu = await lirePieceJointe(qui, a4.id, stocke.id);
        expect(createHash("sha256").update(lu.contenu).digest("hex")).toBe(c.sha256);
      }
    }
    // …by those who see the piece only.
    expect(await codeDe(lirePieceJointe(s.exterieur.acteur, a4.id, annexe.id))).toBe("INTROUVABLE");

    // The piece itself no longer has them: lists, totals, the invoice download, the screen, the completion's control.
    expect(await listerPiecesJointes(s.deposant.acteur, a4.id)).toEqual([]);
    expect(await db.pieceTravaux.findUniqueOrThrow({ where: { id: a4.id }, select: { taillePiecesJointes: true, factureJointe: true } })).toEqual({
      taillePiecesJointes: 0,
      factureJointe: false,
    });
    expect(await codeDe(lirePieceJointe(s.deposant.acteur, a4.id, "FACTURE"))).toBe("INTROUVABLE");
    const ecran = await ecranPiece(s.deposant.acteur, a4.id);
    expect([ecran.factureJointe, ecran.piece.piecesJointes]).toEqual([false, []]);
    expect(ecran.piece.fichiersRetires.map((f) => [f.id, f.nom, f.sha256])).toEqual([
      [annexe.id, "situation.csv", annexe.sha256],
      [facture.id, "facture.pdf", facture.sha256],
    ]);
    expect(await codeDe(traiterPiece(s.deposant.acteur, a4.id, "COMPLETION"))).toBe("FACTURE_PDF_MANQUANTE");
    // A removed file cannot be removed twice.
    expect(await codeDe(supprimerPieceJointe(s.deposant.acteur, a4.id, annexe.id))).toBe("INTROUVABLE");

    // A new invoice takes the removed one's place; the totals count it alone.
    const pdf = await pdfFacture(`Facture ${a4.numero} corrigée`);
    const nouvelle = await ajouterPieceJointe(s.deposant.acteur, a4.id, { nom: "facture-corrigee.pdf", contenu: pdf, nature: "FACTURE" });
    expect(await db.pieceTravaux.findUniqueOrThrow({ where: { id: a4.id }, select: { taillePiecesJointes: true, factureJointe: true } })).toEqual({
      taillePiecesJointes: pdf.length,
      factureJointe: true,
    });
    expect(Buffer.from((await lirePieceJointe(s.moeUser.acteur, a4.id, "FACTURE")).contenu).equals(Buffer.from(pdf))).toBe(true);
    expect((await consulterPiece(s.moeUser.acteur, a4.id)).piecesJointes.map((f) => f.id)).toEqual([nouvelle.id]);
    expect((await traiterPiece(s.deposant.acteur, a4.id, "COMPLETION")).statut).toBe("MISE_A_DISPOSITION_MOE");
  });

  it("un brouillon n'a pas de journal : ses fichiers supprimés le sont vraiment", async () => {
    const s = await scenario();
    const { id } = await brouillonComplet(s);
    const f = await ajouterPieceJointe(s.deposant.acteur, id, { nom: "facture.pdf", contenu: await pdfFacture(), nature: "FACTURE" });
    await supprimerPieceJointe(s.deposant.acteur, id, f.id);
    expect(await db.pieceJointeTravaux.count({ where: { pieceId: id } })).toBe(0);
    expect(await entrees(s.fournisseur.id)).toEqual([]);
  });

  it("A10 : l'attestation du titulaire, jointe puis retirée, est au journal du sous-traitant déposant, avec la structure du titulaire comme auteur", async () => {
    const s = await scenario();
    const titulaireStructure = await seedStructure();
    const titulaireUser = await seedUser({ structureId: titulaireStructure.id, role: "GESTIONNAIRE_PRINCIPAL" });
    const titulaire = acteurDe(titulaireUser, titulaireStructure);
    const cadre = "A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT" as const;
    const { id } = await creerBrouillon(s.deposant.acteur, { cadre });
    const parties = {
      cadre,
      moeSiret: s.moe.identifier,
      titulaireSiret: titulaireStructure.identifier,
      moaSiret: s.moa.identifier,
      serviceMoaId: s.serviceMoa.id,
    };
    await enregistrerParties(s.deposant.acteur, id, partiesSchema.parse(parties));
    await enregistrerFacture(s.deposant.acteur, id, factureSchema.parse(saisieFacture()));
    await ajouterPieceJointe(s.deposant.acteur, id, { nom: "facture.pdf", contenu: await pdfFacture(), nature: "FACTURE" });
    expect((await envoyer(s.deposant.acteur, id)).statut).toBe("A_VALIDER_1");

    const contenu = await pdfFacture("Attestation de paiement direct");
    const attestation = await ajouterPieceJointe(titulaire, id, { nom: "attestation.pdf", contenu, nature: "ATTESTATION_PAIEMENT_DIRECT" });
    await supprimerPieceJointe(titulaire, id, attestation.id);
    expect((await entrees(s.fournisseur.id)).map((e) => [e.action, e.acteurUserId, e.acteurStructureId, e.cibleId])).toEqual([
      ["PIECE_JOINTE_AJOUTEE", titulaireUser.id, titulaireStructure.id, id],
      ["PIECE_JOINTE_RETIREE", titulaireUser.id, titulaireStructure.id, id],
    ]);
    // Removed, the attestation no longer counts for the validation.
    expect(await codeDe(traiterPiece(titulaire, id, "VALIDATION"))).toBe("ATTESTATION_PAIEMENT_DIRECT_MANQUANTE");
  });
});
