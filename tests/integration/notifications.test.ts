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

const piece = {
  pieceId: randomUUID(),
  numero: "FAC-2026-NOTIF",
  cadre: "A4 – Projet de décompte mensuel",
  deposant: "Durand & Fils BTP",
  dossier: "DF00000099",
};

/** A « statut-piece-travaux » mail, as the processing circuits queue it. */
function mailStatut(to: string, p = piece) {
  return {
    to,
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

/** An active user whose contact address differs from his sign-in address, with some upper case in it. */
async function utilisateurActif() {
  const user = await seedUser();
  const contact = `Contact.${uniqueSuffix()}@Exemple.fr`;
  await db.user.update({ where: { id: user.id }, data: { contactEmail: contact } });
  return { user, contact, acteur: acteur(user) };
}

describe("notifications écrites avec les courriels", () => {
  it("un courriel à l'adresse de contact d'un utilisateur actif lui crée exactement une notification, avec son lien", async () => {
    const { user, contact } = await utilisateurActif();
    // The address as the mail is addressed may differ in case from the one stored.
    await db.$transaction((tx) => queueMail(tx, mailStatut(contact.toLowerCase())));

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

  it("un courriel à l'adresse de connexion (en majuscules) notifie aussi son titulaire, une seule fois", async () => {
    const user = await seedUser();
    await db.$transaction((tx) => queueMail(tx, mailStatut(user.email.toUpperCase())));
    expect(await db.notification.count({ where: { userId: user.id } })).toBe(1);
  });

  it("aucune notification pour une adresse inconnue, ni pour un compte pas encore activé ou désactivé", async () => {
    const inconnue = `inconnu-${uniqueSuffix()}@exemple.fr`;
    const numero = `FAC-${uniqueSuffix()}`;
    const nonActive = await seedUser({ password: null });
    expect(nonActive.status).toBe("EN_ATTENTE_ACTIVATION");
    const desactive = await seedUser({ status: "DESACTIVE" });

    await db.$transaction(async (tx) => {
      await queueMail(tx, mailStatut(inconnue, { ...piece, numero }));
      await queueMail(tx, { to: nonActive.contactEmail, template: "activation", data: { prenom: "A", nom: "B", token: "jeton" } });
      await queueMail(tx, mailStatut(desactive.contactEmail));
    });

    // The mails leave; no notification for anyone.
    expect(await db.outboxMail.count({ where: { to: { in: [inconnue, nonActive.contactEmail, desactive.contactEmail] } } })).toBe(3);
    expect(await db.notification.count({ where: { titre: { contains: numero } } })).toBe(0);
    expect(await db.notification.count({ where: { userId: { in: [nonActive.id, desactive.id] } } })).toBe(0);
  });

  it("une transaction annulée ne laisse ni courriel ni notification", async () => {
    const { user, contact } = await utilisateurActif();
    await expect(
      db.$transaction(async (tx) => {
        await queueMail(tx, mailStatut(contact));
        expect(await tx.notification.count({ where: { userId: user.id } })).toBe(1);
        throw new Error("annulation");
      }),
    ).rejects.toThrow("annulation");
    expect(await db.outboxMail.count({ where: { to: contact } })).toBe(0);
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

describe("lib/notifications", () => {
  it("liste ses notifications des plus récentes aux plus anciennes, par page, et compte les non lues", async () => {
    const { user, contact, acteur: a } = await utilisateurActif();
    for (let i = 1; i <= NOTIFICATIONS_PAR_PAGE + 2; i++) {
      await db.$transaction((tx) => queueMail(tx, mailStatut(contact, { ...piece, numero: `FAC-${String(i).padStart(3, "0")}` })));
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
    await db.$transaction((tx) => queueMail(tx, mailStatut(proprietaire.contact)));
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
