import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Acteur } from "@/lib/auth/acteur";
import { db } from "@/lib/db";
import type { CadreFacturation } from "@/lib/generated/prisma/enums";
import { piecesATraiter } from "@/lib/invoices/a-traiter";
import { creerBrouillon, enregistrerFacture, enregistrerParties } from "@/lib/invoices/brouillon";
import { consulterDossier, consulterPiece, rechercherPieces } from "@/lib/invoices/consultation";
import { ecranPiece } from "@/lib/invoices/ecran-piece";
import { envoyer } from "@/lib/invoices/envoi";
import { ajouterPieceJointe } from "@/lib/invoices/pieces-jointes";
import { libellesRoles } from "@/lib/invoices/roles";
import { aujourdhuiParis, factureSchema, partiesSchema } from "@/lib/invoices/schemas";
import { deposerPieceSuivante } from "@/lib/invoices/suivante";
import { actionsPossibles, traiterPiece } from "@/lib/invoices/transitions";
import { deliverOutboxMail } from "@/lib/mail/deliver";
import { closeTransports } from "@/lib/mail/transport";
import { seedStructure, seedUser, uniqueSuffix } from "@/prisma/seed/factories";
import { codeDe } from "../support/fixtures";
import { startTestSmtp, type ReceivedMail, type TestSmtp } from "../support/smtp";
import { acteurDe, pdfFacture, saisieFacture, scenario, type Scenario } from "./factures-fixtures";

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startTestSmtp();
});
afterAll(async () => {
  closeTransports();
  await smtp.stop();
});

/**
 * The mails the outbox holds for this user, delivered now through a real SMTP server (each delivered once), as
 * the server received them.
 */
async function recus(user: { id: string; email: string }): Promise<ReceivedMail[]> {
  const enAttente = await db.outboxMail.findMany({ where: { userId: user.id, status: "EN_ATTENTE" }, select: { id: true }, orderBy: { createdAt: "asc" } });
  for (const { id } of enAttente) expect(await deliverOutboxMail(id, { smtpUrl: smtp.url })).toBe("envoye");
  return smtp.mails.filter((m) => m.envelopeTo.includes(user.email));
}

async function membre(
  structure: { id: string; raisonSociale: string; identifier: string },
  o: { role?: "GESTIONNAIRE_PRINCIPAL" | "UTILISATEUR_SIMPLE"; status?: "ACTIF" | "DESACTIVE"; membershipStatus?: "VALIDEE" | "EN_COURS_DE_VALIDATION" } = {},
) {
  const role = o.role ?? "GESTIONNAIRE_PRINCIPAL";
  const user = await seedUser({
    structureId: structure.id,
    role,
    status: o.status,
    membershipStatus: o.membershipStatus,
    email: `u-${uniqueSuffix()}@exemple.fr`,
  });
  return { user, acteur: acteurDe(user, structure, role) };
}

/** The cotraitant: two active validated users, a user whose attachment waits for validation, and a deactivated user. */
async function cotraitance() {
  const s = await scenario();
  const structure = await seedStructure();
  return {
    s,
    structure,
    gestionnaire: await membre(structure),
    utilisateur: await membre(structure, { role: "UTILISATEUR_SIMPLE" }),
    enAttente: await membre(structure, { role: "UTILISATEUR_SIMPLE", membershipStatus: "EN_COURS_DE_VALIDATION" }),
    desactive: await membre(structure, { role: "UTILISATEUR_SIMPLE", status: "DESACTIVE" }),
  };
}

/** A piece of the frame deposited by the scenario's supplier — the mandataire — for the cotraitant. */
async function deposerPour(s: Scenario, cotraitantSiret: string, cadre: CadreFacturation = "A13_PROJET_DECOMPTE_MENSUEL_COTRAITANT") {
  const acteur: Acteur = s.deposant.acteur;
  const { id } = await creerBrouillon(acteur, { cadre });
  await enregistrerParties(
    acteur,
    id,
    partiesSchema.parse({ cadre, moeSiret: s.moe.identifier, cotraitantSiret, moaSiret: s.moa.identifier, serviceMoaId: s.serviceMoa.id }),
  );
  const saisie = saisieFacture();
  await enregistrerFacture(acteur, id, factureSchema.parse(saisie));
  await ajouterPieceJointe(acteur, id, { nom: "facture.pdf", contenu: await pdfFacture(`Facture ${saisie.numero}`), nature: "FACTURE" });
  const envoi = await envoyer(acteur, id);
  return { id, numero: saisie.numero, envoi };
}

describe("cotraitants : les courriels de leurs pièces", () => {
  it("A13 déposé par le mandataire : le cotraitant reçoit le dépôt puis chaque changement de statut (ses membres actifs et validés seulement), par un vrai serveur SMTP", async () => {
    const { s, structure, gestionnaire, utilisateur, enAttente, desactive } = await cotraitance();
    const a13 = await deposerPour(s, structure.identifier);
    expect(a13.envoi.statut).toBe("MISE_A_DISPOSITION_MOE");

    // The deposit: « Le mandataire … a déposé pour vous la pièce n° … », to each active validated member (the
    // manager's mails go through the SMTP server; the other user's are counted in the outbox).
    const sujetDepot = `Le mandataire ${s.fournisseur.raisonSociale} a déposé pour vous la pièce n° ${a13.numero}`;
    const depot = (await recus(gestionnaire.user)).filter((m) => m.subject === sujetDepot);
    expect(depot).toHaveLength(1);
    expect(depot[0].envelopeTo).toEqual([gestionnaire.user.email]);
    expect(depot[0].text).toContain(
      `Le mandataire ${s.fournisseur.raisonSociale} a déposé pour vous la pièce n° ${a13.numero}, dont ${structure.raisonSociale} est le cotraitant. Elle a été mise à disposition de la maîtrise d'œuvre ${s.moe.raisonSociale}.`,
    );
    expect(depot[0].text).toContain(`/factures-travaux/pieces/${a13.id}`);
    expect(await db.outboxMail.count({ where: { userId: utilisateur.user.id, subject: sujetDepot } })).toBe(1);
    // Its notification in the portal, by the user's id.
    for (const u of [gestionnaire, utilisateur]) expect(await db.notification.count({ where: { userId: u.user.id, titre: sujetDepot } })).toBe(1);
    // Neither the user whose attachment is not validated nor the deactivated one: no mail was even written.
    for (const u of [enAttente, desactive]) expect(await db.outboxMail.count({ where: { userId: u.user.id } })).toBe(0);
    // The mandataire gets its own confirmation, not the cotraitant's mail.
    expect(await db.outboxMail.count({ where: { userId: s.deposant.user.id, subject: sujetDepot } })).toBe(0);

    // Each change of status: suspended by the MOE, completed by the mandataire, taken into account.
    await traiterPiece(s.moeUser.acteur, a13.id, "SUSPENSION", { motif: { texte: "Métré du lot 2 manquant" } });
    await traiterPiece(s.deposant.acteur, a13.id, "COMPLETION");
    await traiterPiece(s.moeUser.acteur, a13.id, "PRISE_EN_COMPTE");
    const statuts = (await recus(gestionnaire.user)).filter((m) => m.subject.startsWith(`Facture de travaux n° ${a13.numero} : `));
    expect(statuts.map((m) => m.subject)).toEqual([
      `Facture de travaux n° ${a13.numero} : Suspendue`,
      `Facture de travaux n° ${a13.numero} : Mise à disposition de la MOE`,
      `Facture de travaux n° ${a13.numero} : Prise en compte par la MOE`,
    ]);
    expect(statuts[0].text).toContain(
      `La pièce n° ${a13.numero} que le mandataire ${s.fournisseur.raisonSociale} a déposée pour vous est désormais au statut « Suspendue ». Le mandataire agit sur la pièce ; vous en suivez le traitement.`,
    );
    expect(statuts[0].text).toContain("Métré du lot 2 manquant");
    expect(await db.outboxMail.count({ where: { userId: utilisateur.user.id, subject: { startsWith: `Facture de travaux n° ${a13.numero} : ` } } })).toBe(3);
    for (const u of [enAttente, desactive]) expect(await db.outboxMail.count({ where: { userId: u.user.id } })).toBe(0);

    // The MOE's state (A15) follows the cotraitant's draft and names it: the cotraitant is told of both.
    const { id: a15 } = await deposerPieceSuivante(s.moeUser.acteur, a13.id);
    await enregistrerParties(
      s.moeUser.acteur,
      a15,
      partiesSchema.parse({
        cadre: "A15_ETAT_ACOMPTE_MOE",
        titulaireSiret: s.fournisseur.identifier,
        cotraitantSiret: structure.identifier,
        moaSiret: s.moa.identifier,
        serviceMoaId: s.serviceMoa.id,
      }),
    );
    const saisie = saisieFacture();
    await enregistrerFacture(s.moeUser.acteur, a15, factureSchema.parse(saisie));
    await ajouterPieceJointe(s.moeUser.acteur, a15, { nom: "etat-acompte.pdf", contenu: await pdfFacture("Etat d'acompte"), nature: "FACTURE" });
    expect((await envoyer(s.moeUser.acteur, a15)).statut).toBe("MISE_A_DISPOSITION_MOA");
    const apres = await recus(gestionnaire.user);
    const depotA15 = apres.filter(
      (m) => m.subject === `Pièce n° ${saisie.numero} déposée par la maîtrise d'œuvre ${s.moe.raisonSociale} : votre structure y figure comme cotraitant`,
    );
    expect(depotA15).toHaveLength(1);
    expect(depotA15[0].text).toContain(`qui fait suite au projet de décompte du cotraitant ${structure.raisonSociale}`);
    expect(apres.filter((m) => m.subject === `Facture de travaux n° ${a13.numero} : Transmise à la MOA`)).toHaveLength(1);
    // The MOA refuses the A15: the cotraitant is told, in its own words.
    await traiterPiece(s.moaUser.acteur, a15, "REFUS", { motif: { code: "MAUVAISE_MOA" } });
    const refus = (await recus(gestionnaire.user)).filter((m) => m.subject === `Facture de travaux n° ${saisie.numero} : Refusée par la MOA`);
    expect(refus).toHaveLength(1);
    expect(refus[0].text).toContain(
      `La pièce n° ${saisie.numero} de la maîtrise d'œuvre ${s.moe.raisonSociale}, dont votre structure est le cotraitant, est désormais au statut « Refusée par la MOA ».`,
    );
    // Every mail the cotraitant's users got went through the SMTP server to their own address.
    expect(await db.outboxMail.count({ where: { userId: gestionnaire.user.id, status: { not: "ENVOYE" } } })).toBe(0);
  });

  it("l'état d'acompte validé de la MOA (A19) qui suit son A13 et son A15 le nomme : le cotraitant en reçoit le dépôt, puis le mandatement par le service financier", async () => {
    const { s, structure, gestionnaire } = await cotraitance();
    const payeurUser = await seedUser({ structureId: s.moa.id, role: "UTILISATEUR_SIMPLE", email: `sf-${uniqueSuffix()}@exemple.fr`, serviceFinancier: true });
    const payeur = acteurDe(payeurUser, s.moa, "UTILISATEUR_SIMPLE");
    const a13 = await deposerPour(s, structure.identifier);
    // Each next piece is prefilled (the cotraitant carried over): its invoice and PDF, then sent.
    const suivante = async (acteur: Acteur, precedente: string) => {
      const { id } = await deposerPieceSuivante(acteur, precedente);
      const saisie = saisieFacture();
      await enregistrerFacture(acteur, id, factureSchema.parse(saisie));
      await ajouterPieceJointe(acteur, id, { nom: "piece.pdf", contenu: await pdfFacture(saisie.numero), nature: "FACTURE" });
      await envoyer(acteur, id);
      return { id, numero: saisie.numero };
    };
    const a15 = await suivante(s.moeUser.acteur, a13.id);
    await traiterPiece(s.moaUser.acteur, a15.id, "PRISE_EN_COMPTE");
    const a19 = await suivante(s.moaUser.acteur, a15.id);
    expect(await consulterPiece(gestionnaire.acteur, a19.id)).toMatchObject({
      cadre: "A19_ETAT_ACOMPTE_VALIDE_MOA",
      statut: "MISE_A_DISPOSITION",
      cotraitantId: structure.id,
    });
    await traiterPiece(payeur, a19.id, "MANDATEMENT", { mandat: { numero: "M-2026-77", date: aujourdhuiParis() } });

    const mails = (await recus(gestionnaire.user)).map((m) => m.subject);
    expect(mails).toContain(`Pièce n° ${a19.numero} déposée par la maîtrise d'ouvrage ${s.moa.raisonSociale} : votre structure y figure comme cotraitant`);
    expect(mails).toContain(`Facture de travaux n° ${a19.numero} : Mandatée`);
  });

  it("A14 : le projet de décompte final déposé pour le cotraitant lui est annoncé de même", async () => {
    const { s, structure, gestionnaire } = await cotraitance();
    const a14 = await deposerPour(s, structure.identifier, "A14_PROJET_DECOMPTE_FINAL_COTRAITANT");
    const mails = await recus(gestionnaire.user);
    expect(mails.map((m) => m.subject)).toEqual([`Le mandataire ${s.fournisseur.raisonSociale} a déposé pour vous la pièce n° ${a14.numero}`]);
  });
});

describe("cotraitants : « Votre rôle » dans les listes, et aucun droit de traitement", () => {
  it("le cotraitant lit « Cotraitant », le mandataire « Mandataire », la MOE « MOE » ; le cotraitant ne peut ni traiter ni compléter la pièce", async () => {
    const { s, structure, gestionnaire } = await cotraitance();
    const a13 = await deposerPour(s, structure.identifier);
    // « Recherche » of each structure: « Votre rôle ».
    const votreRole = async (acteur: Acteur) => {
      const p = (await rechercherPieces(acteur, { page: 1 } as never, "RECHERCHE")).pieces.find((l) => l.id === a13.id)!;
      return libellesRoles(p, p.roles);
    };
    expect(await votreRole(gestionnaire.acteur)).toEqual(["Cotraitant"]);
    expect(await votreRole(s.deposant.acteur)).toEqual(["Mandataire"]);
    expect(await votreRole(s.moeUser.acteur)).toEqual(["MOE"]);
    // « Synthèse » of the mandataire: its own pieces; « Pièces à traiter » of the MOE.
    const synthese = (await rechercherPieces(s.deposant.acteur, { page: 1 } as never, "SYNTHESE")).pieces.find((p) => p.id === a13.id)!;
    expect(libellesRoles(synthese, synthese.roles)).toEqual(["Mandataire"]);
    const aTraiter = (await piecesATraiter(s.moeUser.acteur)).pieces.find((p) => p.id === a13.id)!;
    expect(libellesRoles(aTraiter, aTraiter.roles)).toEqual(["MOE"]);
    // The dossier's page and the piece's page.
    const dossier = await consulterDossier(gestionnaire.acteur, a13.envoi.dossierId);
    const dansDossier = dossier.pieces.find((p) => p.id === a13.id)!;
    expect(libellesRoles(dansDossier, dansDossier.roles)).toEqual(["Cotraitant"]);
    const vue = await consulterPiece(gestionnaire.acteur, a13.id);
    expect(vue.roles).toEqual(["COTRAITANT"]);

    // It acts on nothing: no button, every processing refused, no file added; the piece unchanged.
    expect(await actionsPossibles(gestionnaire.acteur, vue)).toEqual([]);
    expect((await ecranPiece(gestionnaire.acteur, a13.id)).possibles).toEqual([]);
    for (const action of ["PRISE_EN_COMPTE", "SUSPENSION", "REFUS"] as const)
      expect(await codeDe(traiterPiece(gestionnaire.acteur, a13.id, action, { motif: { code: "MAUVAISE_MOE", texte: "x" } }))).toBe("NON_AUTORISE");
    await traiterPiece(s.moeUser.acteur, a13.id, "SUSPENSION", { motif: { texte: "Métré manquant" } });
    expect(await codeDe(traiterPiece(gestionnaire.acteur, a13.id, "COMPLETION"))).toBe("NON_AUTORISE");
    expect((await ecranPiece(gestionnaire.acteur, a13.id)).fichiers).toBe("lecture");
    expect(
      await codeDe(ajouterPieceJointe(gestionnaire.acteur, a13.id, { nom: "metre.pdf", contenu: await pdfFacture("Métré"), nature: "COMPLEMENTAIRE" })),
    ).toBe("INTROUVABLE");
    expect(await codeDe(deposerPieceSuivante(gestionnaire.acteur, a13.id))).toBe("PIECE_SUIVANTE_IMPOSSIBLE");
    expect((await consulterPiece(s.deposant.acteur, a13.id)).statut).toBe("SUSPENDUE");
    // Nothing for it to do in its « Pièces à traiter ».
    expect((await piecesATraiter(gestionnaire.acteur)).total).toBe(0);
  });
});
