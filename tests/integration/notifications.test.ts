import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { queueMail } from "@/lib/mail/outbox";
import { marquerLue, marquerToutesLues, mesNotifications, nombreNonLues, NOTIFICATIONS_PAR_PAGE } from "@/lib/notifications";
import { demanderRattachement } from "@/lib/structures/mes-structures";
import { deciderRattachement } from "@/lib/structures/utilisateurs";
import { seedStructure, seedUser, uniqueSuffix } from "@/prisma/seed/factories";
import { acteur } from "./structures-fixtures";
import { codeDe } from "../support/fixtures";
import { depotA4, scenario } from "./factures-fixtures";
import { modifierEmailContact } from "@/lib/accounts/email-contact";

const piece = {
  pieceId: randomUUID(),
  numero: "FAC-2026-NOTIF",
  cadre: "A4 – Projet de décompte mensuel",
  deposant: "Durand & Fils BTP",
  dossier: "DF00000099",
};

/** A « statut-piece-travaux » mail to a user, by id, as the processing circuits queue it. */
function mailStatut(userId: string, p = piece) {
  return {
    userId,
    template: "statut-piece-travaux" as const,
    data: {
      prenom: "Paul",
      nom: "Durand",
      piece: p,
      statut: "Suspendue",
      message: "Votre pièce a été suspendue par la maîtrise d'œuvre :\ndes pièces jointes manquent.",
      par: "Hélène Garnier (ATELIER GARONNE)",
      le: "27 novembre 2026 à 10:00",
      motif: "Le métré du lot 2 manque",
    },
  };
}

/** An active user whose contact address differs from his sign-in address, confirmed or not. */
async function utilisateurActif(o: { confirme?: boolean } = {}) {
  const user = await seedUser();
  const contact = `contact.${uniqueSuffix()}@exemple.fr`;
  await db.user.update({ where: { id: user.id }, data: { contactEmail: contact, contactEmailConfirmeLe: o.confirme === false ? null : new Date() } });
  return { user, contact, acteur: acteur(user) };
}

describe("notifications écrites avec les courriels", () => {
  it("un courriel à un utilisateur actif, par son identifiant, lui crée exactement une notification, avec son lien", async () => {
    const { user } = await utilisateurActif();
    await db.$transaction((tx) => queueMail(tx, mailStatut(user.id)));

    const notifications = await db.notification.findMany({ where: { userId: user.id } });
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({
      titre: "Facture de travaux n° FAC-2026-NOTIF : Suspendue",
      message: "Votre pièce a été suspendue par la maîtrise d'œuvre : des pièces jointes manquent.",
      lien: `/factures-travaux/pieces/${piece.pieceId}`,
      luLe: null,
    });
    expect(await nombreNonLues(acteur(user))).toBe(1);
  });

  it("le courriel part à l'adresse de contact confirmée ; non confirmée, à l'adresse de connexion", async () => {
    const confirme = await utilisateurActif();
    const nonConfirme = await utilisateurActif({ confirme: false });
    await db.$transaction(async (tx) => {
      await queueMail(tx, mailStatut(confirme.user.id));
      await queueMail(tx, mailStatut(nonConfirme.user.id));
    });
    expect((await db.outboxMail.findMany({ where: { userId: confirme.user.id } })).map((m) => m.to)).toEqual([confirme.contact]);
    expect((await db.outboxMail.findMany({ where: { userId: nonConfirme.user.id } })).map((m) => m.to)).toEqual([nonConfirme.user.email]);
    expect(await db.outboxMail.count({ where: { to: nonConfirme.contact } })).toBe(0);
    // Each one notified once, whatever his address.
    expect(await db.notification.count({ where: { userId: { in: [confirme.user.id, nonConfirme.user.id] } } })).toBe(2);
  });

  it("aucune notification pour une adresse nue, même celle d'un compte, ni pour un compte pas encore activé ou désactivé", async () => {
    const numero = `FAC-${uniqueSuffix()}`;
    const actif = await seedUser();
    const nonActive = await seedUser({ password: null });
    expect(nonActive.status).toBe("EN_ATTENTE_ACTIVATION");
    const desactive = await seedUser({ status: "DESACTIVE" });

    await db.$transaction(async (tx) => {
      // An address, even an active user's own, is only an address: no notification is matched from it.
      await queueMail(tx, { ...mailStatut(actif.id, { ...piece, numero }), userId: undefined, to: actif.email });
      await queueMail(tx, { userId: nonActive.id, adresse: "connexion", template: "activation", data: { prenom: "A", nom: "B", token: "jeton" } });
      await queueMail(tx, mailStatut(desactive.id, { ...piece, numero }));
    });

    // The mails leave; no notification for anyone.
    expect(await db.outboxMail.count({ where: { to: { in: [actif.email, nonActive.email, desactive.email] } } })).toBe(3);
    expect(await db.notification.count({ where: { titre: { contains: numero } } })).toBe(0);
    expect(await db.notification.count({ where: { userId: { in: [actif.id, nonActive.id, desactive.id] } } })).toBe(0);
  });

  it("une transaction annulée ne laisse ni courriel ni notification", async () => {
    const { user } = await utilisateurActif();
    await expect(
      db.$transaction(async (tx) => {
        await queueMail(tx, mailStatut(user.id));
        expect(await tx.notification.count({ where: { userId: user.id } })).toBe(1);
        throw new Error("annulation");
      }),
    ).rejects.toThrow("annulation");
    expect(await db.outboxMail.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.notification.count({ where: { userId: user.id } })).toBe(0);
  });

  it("une demande de rattachement notifie les gestionnaires de la structure, vers la gestion des rattachements ; la décision notifie le demandeur", async () => {
    const structure = await seedStructure();
    const gestionnaire = await seedUser({ structureId: structure.id, role: "GESTIONNAIRE_PRINCIPAL" });
    const demandeur = await seedUser({ firstName: "Léa", lastName: "Roux" });
    await demanderRattachement(acteur(demandeur), structure.id);

    const [pourGestionnaire] = await db.notification.findMany({ where: { userId: gestionnaire.id } });
    expect(pourGestionnaire).toMatchObject({
      titre: `Demande de rattachement à la structure ${structure.raisonSociale}`,
      message: `Léa Roux (${demandeur.email}) demande à être rattaché à la structure ${structure.raisonSociale}.`,
      lien: "/structures/rattachements",
    });

    const demande = await db.membership.findUniqueOrThrow({ where: { userId_structureId: { userId: demandeur.id, structureId: structure.id } } });
    await deciderRattachement(acteur(gestionnaire, structure, "GESTIONNAIRE_PRINCIPAL"), demande.id, "REFUSER", "Personne inconnue\nde nos services.");
    const [pourDemandeur] = await db.notification.findMany({ where: { userId: demandeur.id } });
    expect(pourDemandeur).toMatchObject({
      titre: "Votre demande de rattachement a été refusée",
      message: `Votre demande de rattachement à la structure ${structure.raisonSociale} a été refusée. Motif : Personne inconnue de nos services.`,
      lien: "/structures/mes-structures",
    });
  });
});

describe("l'e-mail du contact d'un autre ne donne rien de ses courriels (l'ancienne fuite)", () => {
  it("B indique comme « E-mail du contact » l'adresse du gestionnaire de la structure A, ou celle de A : une facture adressée à A ne lui parvient ni en notification ni par courriel", async () => {
    const s = await scenario();
    // A is the MOE the invoice is put at the disposal of; its e-mail is on its card.
    const adresseA = `accueil-${uniqueSuffix()}@moe.exemple.fr`;
    await db.structure.update({ where: { id: s.moe.id }, data: { email: adresseA } });
    const gestionnaireA = s.moeUser.user;
    // B and C: users of another structure, each typing one of A's addresses as his own contact address.
    const b = await seedUser({ structureId: s.autre.id });
    const c = await seedUser({ structureId: s.autre.id });
    await modifierEmailContact(acteur(b), { contactEmail: gestionnaireA.email.toUpperCase() });
    await modifierEmailContact(acteur(c), { contactEmail: adresseA });
    expect((await db.user.findUniqueOrThrow({ where: { id: b.id } })).contactEmailConfirmeLe).toBeNull();
    // What B and C already have: the notice of their own change, at their sign-in address.
    const avant = async (u: { id: string; email: string }) => ({
      notifications: (await mesNotifications(acteur(u))).notifications.map((n) => n.titre),
      mails: (await db.outboxMail.findMany({ where: { OR: [{ userId: u.id }, { to: u.email }] } })).map((m) => m.template),
    });
    const deja = { [b.id]: await avant(b), [c.id]: await avant(c) };
    expect(deja[b.id]).toEqual({ notifications: ["L'e-mail du contact de votre compte a été modifié"], mails: ["email-contact-modifie"] });

    const { id, numero } = await depotA4(s);

    // A's manager is told, at his address, in his notifications.
    const pourA = await db.outboxMail.findMany({ where: { template: "piece-travaux-a-traiter", data: { path: ["piece", "pieceId"], equals: id } } });
    expect(pourA.map((m) => [m.userId, m.to])).toEqual([[gestionnaireA.id, gestionnaireA.email]]);
    expect(await db.notification.count({ where: { userId: gestionnaireA.id, titre: { contains: numero } } })).toBe(1);
    // B and C get nothing of it: no notification, no mail to their id or their sign-in address.
    for (const u of [b, c]) expect(await avant(u)).toEqual(deja[u.id]);
    // The only mails to the addresses they typed are the confirmation links, which B and C never receive.
    expect(
      (await db.outboxMail.findMany({ where: { to: { in: [gestionnaireA.email, adresseA] }, userId: null } })).map((m) => [m.to, m.template]).sort(),
    ).toEqual(
      [
        [adresseA, "confirmation-email-contact"],
        [gestionnaireA.email, "confirmation-email-contact"],
      ].sort(),
    );
  });
});

describe("lib/notifications", () => {
  it("liste ses notifications des plus récentes aux plus anciennes, par page, et compte les non lues", async () => {
    const { user, acteur: a } = await utilisateurActif();
    for (let i = 1; i <= NOTIFICATIONS_PAR_PAGE + 2; i++) {
      await db.$transaction((tx) => queueMail(tx, mailStatut(user.id, { ...piece, numero: `FAC-${String(i).padStart(3, "0")}` })));
    }
    const p1 = await mesNotifications(a, { page: 1 });
    expect(p1).toMatchObject({ total: NOTIFICATIONS_PAR_PAGE + 2, nonLues: NOTIFICATIONS_PAR_PAGE + 2, page: 1, pages: 2 });
    expect(p1.notifications).toHaveLength(NOTIFICATIONS_PAR_PAGE);
    expect(p1.notifications[0].titre).toBe(`Facture de travaux n° FAC-${String(NOTIFICATIONS_PAR_PAGE + 2).padStart(3, "0")} : Suspendue`);
    const p2 = await mesNotifications(a, { page: 2 });
    expect(p2.notifications.map((n) => n.titre)).toEqual(["Facture de travaux n° FAC-002 : Suspendue", "Facture de travaux n° FAC-001 : Suspendue"]);

    await marquerLue(a, p1.notifications[0].id);
    expect(await nombreNonLues(a)).toBe(NOTIFICATIONS_PAR_PAGE + 1);
    expect(await marquerToutesLues(a)).toBe(NOTIFICATIONS_PAR_PAGE + 1);
    expect(await nombreNonLues(a)).toBe(0);
    expect(await db.notification.count({ where: { userId: user.id, luLe: null } })).toBe(0);
  });

  it("un utilisateur ne peut pas marquer comme lue la notification d'un autre : refus, rien ne change", async () => {
    const proprietaire = await utilisateurActif();
    const autre = await utilisateurActif();
    await db.$transaction((tx) => queueMail(tx, mailStatut(proprietaire.user.id)));
    const notification = await db.notification.findFirstOrThrow({ where: { userId: proprietaire.user.id } });

    expect(await codeDe(marquerLue(autre.acteur, notification.id))).toBe("NON_AUTORISE");
    expect(await codeDe(marquerLue(autre.acteur, randomUUID()))).toBe("INTROUVABLE");
    expect(await codeDe(marquerLue(autre.acteur, "pas-un-identifiant"))).toBe("INTROUVABLE");
    // « Tout marquer comme lu » by the other user leaves it alone too.
    await marquerToutesLues(autre.acteur);

    expect((await db.notification.findUniqueOrThrow({ where: { id: notification.id } })).luLe).toBeNull();
    expect(await nombreNonLues(proprietaire.acteur)).toBe(1);
    expect((await mesNotifications(autre.acteur)).notifications).toEqual([]);
  });
});
