import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { consulterPiece } from "@/lib/invoices/consultation";
import { traiterPiece } from "@/lib/invoices/transitions";
import { deliverOutboxMail } from "@/lib/mail/deliver";
import { closeTransports } from "@/lib/mail/transport";
import { changerEspaceService, changerServicesUtilisateur, espaceTravauxVisible } from "@/lib/structures/services-utilisateurs";
import { accepterInvitation, etatInvitation, inviterUtilisateur, invitationsEnAttente, revoquerInvitation } from "@/lib/structures/invitations";
import { utilisateursDeStructure } from "@/lib/structures/utilisateurs";
import { changerRole } from "@/lib/structures/utilisateurs";
import { seedUser, uniqueSuffix } from "@/prisma/seed/factories";
import { codeDe, lienDans } from "../support/fixtures";
import { startTestSmtp, type TestSmtp } from "../support/smtp";
import { acteurDe } from "./factures-fixtures";
import { depotService, membreLimite, mondeServices } from "./services-fixtures";

// Each test builds its own structures and deposits three pieces through the domain: on the shared, loaded machine that
// takes more than the default 30 s.
vi.setConfig({ testTimeout: 180_000 });

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startTestSmtp();
});
afterAll(async () => {
  closeTransports();
  await smtp.stop();
});

/** The subjects of the mails (and in-portal notifications) written for this user about this piece. */
async function ecritsPour(userId: string, numero: string) {
  const mails = await db.outboxMail.findMany({ where: { userId, subject: { contains: numero } }, select: { subject: true } });
  const notifications = await db.notification.findMany({ where: { userId, titre: { contains: numero } }, select: { titre: true } });
  return { mails: mails.map((m) => m.subject), notifications: notifications.map((n) => n.titre) };
}

const MOT_DE_PASSE = "Invitation-2026!";

describe("un utilisateur limité à des services n'est prévenu que des pièces de ses services", () => {
  it("dépôt : la nouvelle pièce à traiter va aux utilisateurs du service destinataire, aux non-limités et aux gestionnaires, pas aux autres services", async () => {
    const w = await mondeServices();
    const { numero } = w.estImmo;
    const aTraiter = `Nouvelle pièce à traiter : facture de travaux n° ${numero}`;
    for (const u of [w.mImmo.user, w.mImmoConsult.user, w.moaUser.user]) {
      const e = await ecritsPour(u.id, numero);
      expect(e.mails).toContain(aTraiter);
      expect(e.notifications.length).toBeGreaterThan(0);
    }
    // The other service's user: neither mail nor notification.
    expect(await ecritsPour(w.mVoirie.user.id, numero)).toEqual({ mails: [], notifications: [] });
    expect((await ecritsPour(w.mVoirie.user.id, w.ouestVoirie.numero)).mails).toContain(
      `Nouvelle pièce à traiter : facture de travaux n° ${w.ouestVoirie.numero}`,
    );
  });

  it("changement de statut : le déposant limité à un autre service n'est pas prévenu", async () => {
    const w = await mondeServices();
    await traiterPiece(w.mImmo.acteur, w.estImmo.id, "PRISE_EN_COMPTE");
    const sujet = (n: string) => (s: string) => s.includes(n) && s.includes("Prise en compte par la MOA");
    // EST deposited it: its limited user (fEst) and the unlimited colleague are told; NORD's user is not.
    expect((await ecritsPour(w.fEst.user.id, w.estImmo.numero)).mails.some(sujet(w.estImmo.numero))).toBe(true);
    expect((await ecritsPour(w.collegue.user.id, w.estImmo.numero)).mails.some(sujet(w.estImmo.numero))).toBe(true);
    expect(await ecritsPour(w.fNord.user.id, w.estImmo.numero)).toEqual({ mails: [], notifications: [] });
    // The mail reaches the limited user through a real SMTP server.
    const enAttente = await db.outboxMail.findMany({ where: { userId: w.fEst.user.id, status: "EN_ATTENTE" }, select: { id: true } });
    for (const { id } of enAttente) expect(await deliverOutboxMail(id, { smtpUrl: smtp.url })).toBe("envoye");
    expect(smtp.mails.some((m) => m.envelopeTo.includes(w.fEst.user.email) && m.subject.includes(w.estImmo.numero))).toBe(true);
  });
});

describe("l'espace « Factures de travaux » par service", () => {
  it("fermé pour un service : ses utilisateurs limités ne voient plus ses pièces ni l'espace ; les gestionnaires voient tout ; journalisé", async () => {
    const w = await mondeServices();
    expect(await espaceTravauxVisible(w.fNord.acteur)).toBe(true);
    expect(await codeDe(changerEspaceService(w.collegue.acteur, w.nord.id, false))).toBe("NON_AUTORISE");
    await changerEspaceService(w.deposant.acteur, w.nord.id, false);
    expect(await espaceTravauxVisible(w.fNord.acteur)).toBe(false);
    expect(await codeDe(consulterPiece(w.fNord.acteur, w.nordVoirie.id))).toBe("INTROUVABLE");
    // EST stays open for fEst; the gestionnaire and the unlimited colleague still see NORD's piece.
    expect(await espaceTravauxVisible(w.fEst.acteur)).toBe(true);
    expect(await codeDe(consulterPiece(w.deposant.acteur, w.nordVoirie.id))).toBe("OK");
    expect(await codeDe(consulterPiece(w.collegue.acteur, w.nordVoirie.id))).toBe("OK");
    expect(await db.journalAudit.findFirst({ where: { cibleId: w.nord.id, action: "ESPACE_SERVICE_FERME" } })).toMatchObject({
      avant: { espaceTravauxOuvert: true },
      apres: { espaceTravauxOuvert: false },
      acteurUserId: w.deposant.user.id,
    });
    await changerEspaceService(w.deposant.acteur, w.nord.id, true);
    expect(await codeDe(consulterPiece(w.fNord.acteur, w.nordVoirie.id))).toBe("OK");
  });
});

describe("« Gérer les utilisateurs » : services et droits", () => {
  it("un gestionnaire attribue, change et retire les services d'un utilisateur simple ; journalisé ; sans service, toute la structure", async () => {
    const w = await mondeServices();
    const m = await db.membership.findUniqueOrThrow({ where: { userId_structureId: { userId: w.collegue.user.id, structureId: w.fournisseur.id } } });
    expect(await codeDe(consulterPiece(w.collegue.acteur, w.nordVoirie.id))).toBe("OK");
    await changerServicesUtilisateur(w.deposant.acteur, m.id, [{ serviceId: w.est.id, droit: "CONSULTATION" }]);
    expect(await codeDe(consulterPiece(w.collegue.acteur, w.nordVoirie.id))).toBe("INTROUVABLE");
    const liste = await utilisateursDeStructure(w.deposant.acteur, w.fournisseur.id);
    expect(liste.membres.find((x) => x.id === m.id)?.services.map((s) => [s.service.code, s.droit])).toEqual([["EST", "CONSULTATION"]]);
    expect(liste.services.map((s) => s.code)).toEqual(["EST", "NORD", "OUEST"]);
    expect(await db.journalAudit.findFirst({ where: { cibleId: m.id, action: "SERVICES_UTILISATEUR_MODIFIES" } })).toMatchObject({
      avant: { services: ["Toute la structure"] },
      apres: { services: ["EST : Consultation"] },
    });
    // The same set again writes nothing; an empty set gives the whole structure back.
    await changerServicesUtilisateur(w.deposant.acteur, m.id, [{ serviceId: w.est.id, droit: "CONSULTATION" }]);
    expect(await db.journalAudit.count({ where: { cibleId: m.id, action: "SERVICES_UTILISATEUR_MODIFIES" } })).toBe(1);
    await changerServicesUtilisateur(w.deposant.acteur, m.id, []);
    expect(await codeDe(consulterPiece(w.collegue.acteur, w.nordVoirie.id))).toBe("OK");
  });

  it("refusé : à un utilisateur simple, pour un gestionnaire, avec le service d'une autre structure ; un gestionnaire limité voit tout", async () => {
    const w = await mondeServices();
    const mCollegue = await db.membership.findUniqueOrThrow({ where: { userId_structureId: { userId: w.collegue.user.id, structureId: w.fournisseur.id } } });
    const mDeposant = await db.membership.findUniqueOrThrow({ where: { userId_structureId: { userId: w.deposant.user.id, structureId: w.fournisseur.id } } });
    expect(await codeDe(changerServicesUtilisateur(w.fEst.acteur, mCollegue.id, [{ serviceId: w.est.id, droit: "MODIFICATION" }]))).toBe("NON_AUTORISE");
    expect(await codeDe(changerServicesUtilisateur(w.deposant.acteur, mDeposant.id, [{ serviceId: w.est.id, droit: "MODIFICATION" }]))).toBe(
      "ACTION_IMPOSSIBLE",
    );
    expect(await codeDe(changerServicesUtilisateur(w.deposant.acteur, mCollegue.id, [{ serviceId: w.voirie.id, droit: "MODIFICATION" }]))).toBe(
      "SAISIE_INVALIDE",
    );
    expect(await codeDe(changerServicesUtilisateur(w.moaG, mCollegue.id, [{ serviceId: w.voirie.id, droit: "MODIFICATION" }]))).toBe("NON_AUTORISE");
    // fEst made gestionnaire secondaire: his services no longer limit him.
    const mEst = await db.membership.findUniqueOrThrow({ where: { userId_structureId: { userId: w.fEst.user.id, structureId: w.fournisseur.id } } });
    await changerRole(w.deposant.acteur, mEst.id, "GESTIONNAIRE_SECONDAIRE");
    const promu = acteurDe(w.fEst.user, w.fournisseur, "GESTIONNAIRE_SECONDAIRE");
    expect(await codeDe(consulterPiece(promu, w.nordVoirie.id))).toBe("OK");
  });
});

describe("inviter un utilisateur par courriel", () => {
  it("le lien du courriel (reçu par un vrai serveur SMTP) crée le compte actif, rattaché et validé avec ses services ; une seule fois", async () => {
    const w = await mondeServices();
    const email = `invite-${uniqueSuffix()}@exemple.fr`;
    await inviterUtilisateur(w.deposant.acteur, w.fournisseur.id, { email: email.toUpperCase(), services: [{ serviceId: w.est.id, droit: "MODIFICATION" }] });
    const [enAttente] = await invitationsEnAttente(w.deposant.acteur, w.fournisseur.id);
    expect(enAttente).toMatchObject({ email, services: ["Agence Est (EST) : Modification"], expiree: false });

    // The mail, to the address (no account yet), through the real SMTP server.
    const row = await db.outboxMail.findFirstOrThrow({ where: { to: email, template: "invitation" } });
    expect(row.userId).toBeNull();
    expect(await deliverOutboxMail(row.id, { smtpUrl: smtp.url })).toBe("envoye");
    const recu = await smtp.waitForMail((m) => m.envelopeTo.includes(email));
    expect(recu.subject).toBe(`Invitation à rejoindre la structure ${w.fournisseur.raisonSociale} sur le Portail des factures de travaux`);
    expect(recu.text).toContain("Agence Est (EST) : Modification");
    const token = lienDans(recu.text, "invitation");
    // What the outbox keeps once sent: no token.
    expect(JSON.stringify((await db.outboxMail.findUniqueOrThrow({ where: { id: row.id } })).data)).not.toContain(token);

    expect(await etatInvitation(token)).toMatchObject({ etat: "VALIDE", email, structure: w.fournisseur.raisonSociale });
    expect(await codeDe(accepterInvitation({ token, firstName: "Inès", lastName: "Invitée", phone: "+33 1 23 45 67 89", password: "court" }))).toBe(
      "MOT_DE_PASSE_FAIBLE",
    );
    await accepterInvitation({ token, firstName: "Inès", lastName: "Invitée", phone: "+33 1 23 45 67 89", password: MOT_DE_PASSE });
    const user = await db.user.findUniqueOrThrow({
      where: { email },
      include: { memberships: { include: { services: { include: { service: true } } } } },
    });
    expect(user).toMatchObject({ status: "ACTIF", firstName: "Inès", currentStructureId: w.fournisseur.id });
    expect(user.contactEmailConfirmeLe).not.toBeNull();
    expect(user.memberships).toHaveLength(1);
    expect(user.memberships[0]).toMatchObject({
      structureId: w.fournisseur.id,
      role: "UTILISATEUR_SIMPLE",
      status: "VALIDEE",
      decidedById: w.deposant.user.id,
    });
    expect(user.memberships[0].services.map((s) => [s.service.code, s.droit])).toEqual([["EST", "MODIFICATION"]]);
    // He sees his service's pieces, not another's.
    const invite = acteurDe(user, w.fournisseur, "UTILISATEUR_SIMPLE");
    expect(await codeDe(consulterPiece(invite, w.estImmo.id))).toBe("OK");
    expect(await codeDe(consulterPiece(invite, w.nordVoirie.id))).toBe("INTROUVABLE");
    // Single use; the journal tells the story.
    expect(await etatInvitation(token)).toEqual({ etat: "UTILISEE" });
    expect(await codeDe(accepterInvitation({ token, firstName: "X", lastName: "Y", phone: "+33 1 23 45 67 89", password: MOT_DE_PASSE }))).toBe("LIEN_UTILISE");
    const actions = (
      await db.journalAudit.findMany({ where: { structureId: w.fournisseur.id, action: { in: ["INVITATION_ENVOYEE", "INVITATION_ACCEPTEE"] } } })
    ).map((e) => e.action);
    expect(actions.sort()).toEqual(["INVITATION_ACCEPTEE", "INVITATION_ENVOYEE"]);
    expect(await invitationsEnAttente(w.deposant.acteur, w.fournisseur.id)).toEqual([]);
  });

  it("un lien expiré, révoqué ou remplacé ne crée rien ; une adresse qui a déjà un compte, ou un utilisateur simple qui invite, sont refusés", async () => {
    const w = await mondeServices();
    const jeton = async (email: string) => {
      const row = await db.outboxMail.findFirstOrThrow({ where: { to: email, template: "invitation" }, orderBy: { createdAt: "desc" } });
      return (row.data as { token: string }).token;
    };
    const saisie = (token: string) => ({ token, firstName: "A", lastName: "B", phone: "+33 1 23 45 67 89", password: MOT_DE_PASSE });

    const expiree = `expiree-${uniqueSuffix()}@exemple.fr`;
    await inviterUtilisateur(w.deposant.acteur, w.fournisseur.id, { email: expiree, services: [] }, { now: new Date(Date.now() - 8 * 24 * 3600_000) });
    expect(await etatInvitation(await jeton(expiree))).toEqual({ etat: "EXPIREE" });
    expect(await codeDe(accepterInvitation(saisie(await jeton(expiree))))).toBe("LIEN_EXPIRE");

    const revoquee = `revoquee-${uniqueSuffix()}@exemple.fr`;
    const { id } = await inviterUtilisateur(w.deposant.acteur, w.fournisseur.id, { email: revoquee, services: [] });
    await revoquerInvitation(w.deposant.acteur, id);
    expect(await codeDe(revoquerInvitation(w.deposant.acteur, id))).toBe("DEJA_TRAITE");
    expect(await codeDe(accepterInvitation(saisie(await jeton(revoquee))))).toBe("LIEN_INVALIDE");

    const remplacee = `remplacee-${uniqueSuffix()}@exemple.fr`;
    await inviterUtilisateur(w.deposant.acteur, w.fournisseur.id, { email: remplacee, services: [] });
    const premier = await jeton(remplacee);
    await inviterUtilisateur(w.deposant.acteur, w.fournisseur.id, { email: remplacee, services: [] });
    expect(await codeDe(accepterInvitation(saisie(premier)))).toBe("LIEN_INVALIDE");
    expect(await codeDe(accepterInvitation(saisie(await jeton(remplacee))))).toBe("OK");
    expect(await db.user.count({ where: { email: { in: [expiree, revoquee] } } })).toBe(0);
    expect(await codeDe(accepterInvitation(saisie("inconnu-0123456789")))).toBe("LIEN_INVALIDE");

    const existant = await seedUser({ email: `existant-${uniqueSuffix()}@exemple.fr` });
    expect(await codeDe(inviterUtilisateur(w.deposant.acteur, w.fournisseur.id, { email: existant.email, services: [] }))).toBe("EMAIL_DEJA_UTILISE");
    expect(await codeDe(inviterUtilisateur(w.collegue.acteur, w.fournisseur.id, { email: `x-${uniqueSuffix()}@exemple.fr`, services: [] }))).toBe(
      "NON_AUTORISE",
    );
    expect(
      await codeDe(
        inviterUtilisateur(w.deposant.acteur, w.fournisseur.id, {
          email: `y-${uniqueSuffix()}@exemple.fr`,
          services: [{ serviceId: w.voirie.id, droit: "CONSULTATION" }],
        }),
      ),
    ).toBe("SAISIE_INVALIDE");
  });

  it("une invitation limitée à un service en consultation : le compte créé voit sans agir", async () => {
    const w = await mondeServices();
    const email = `consult-${uniqueSuffix()}@exemple.fr`;
    await inviterUtilisateur(w.moaG, w.moa.id, { email, services: [{ serviceId: w.immo.id, droit: "CONSULTATION" }] });
    const row = await db.outboxMail.findFirstOrThrow({ where: { to: email, template: "invitation" } });
    await accepterInvitation({
      token: (row.data as { token: string }).token,
      firstName: "C",
      lastName: "D",
      phone: "+33 1 23 45 67 89",
      password: MOT_DE_PASSE,
    });
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    const a = acteurDe(user, w.moa, "UTILISATEUR_SIMPLE");
    const { id } = await depotService(w, w.deposant.acteur, w.est.id, w.immo.id);
    expect(await codeDe(consulterPiece(a, id))).toBe("OK");
    const e = await traiterPiece(a, id, "PRISE_EN_COMPTE").catch((x) => x);
    expect(e.code).toBe("NON_AUTORISE");
    expect(e.message).toContain("« Département Immobilier » (DEPT-IMMO)");
    // And the new user is told of the pieces of his service deposited afterwards.
    expect((await db.outboxMail.findMany({ where: { userId: user.id } })).length).toBeGreaterThan(0);
    const autre = await membreLimite(w.moa, w.moaG, [[w.voirie.id, "CONSULTATION"]]);
    expect(await db.outboxMail.count({ where: { userId: autre.user.id } })).toBe(0);
  });
});
