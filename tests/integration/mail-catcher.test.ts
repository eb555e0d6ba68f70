import { randomUUID } from "node:crypto";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { startMailCatcher, type MailCatcher } from "@/scripts/devmail/catcher";
import { getDevMail, listDevMails } from "@/scripts/devmail/mailbox";
import { queueMail } from "@/lib/mail/outbox";
import { deliverOutboxMail } from "@/lib/mail/deliver";
import { closeTransports } from "@/lib/mail/transport";
import { seedUser } from "@/prisma/seed/factories";

let catcher: MailCatcher;

beforeAll(async () => {
  catcher = await startMailCatcher({ port: 0, databaseUrl: process.env.DATABASE_URL });
});
afterAll(async () => {
  closeTransports();
  await catcher.stop();
});

describe("récepteur SMTP de développement", () => {
  it("écoute sur la boucle locale et donne son URL", () => {
    expect(catcher.url).toBe(`smtp://127.0.0.1:${catcher.port}`);
    expect(catcher.port).toBeGreaterThan(0);
  });

  it("enregistre dans DevMail un courriel envoyé avec nodemailer", async () => {
    const to = `boite-${randomUUID()}@example.fr`;
    const transport = nodemailer.createTransport({ url: catcher.url });
    await transport.sendMail({
      from: "Expéditeur <expediteur@example.fr>",
      to,
      subject: "Objet accentué : éèà",
      text: "Bonjour,\nvoici un lien : https://example.fr/x",
      html: '<p>Bonjour, <a href="https://example.fr/x">lien</a></p>',
    });
    transport.close();

    const row = await db.devMail.findFirstOrThrow({ where: { to } });
    expect(row.from).toContain("expediteur@example.fr");
    expect(row.subject).toBe("Objet accentué : éèà");
    expect(row.text).toContain("https://example.fr/x");
    expect(row.html).toContain('href="https://example.fr/x"');

    expect((await listDevMails()).some((m) => m.id === row.id)).toBe(true);
    expect((await getDevMail(row.id))?.to).toBe(to);
    expect(await getDevMail("pas-un-uuid")).toBeNull();
  });

  it("un courriel par destinataire de l'enveloppe", async () => {
    const a = `a-${randomUUID()}@example.fr`;
    const b = `b-${randomUUID()}@example.fr`;
    const transport = nodemailer.createTransport({ url: catcher.url });
    await transport.sendMail({ from: "x@example.fr", to: a, bcc: b, subject: "Deux destinataires", text: "…" });
    transport.close();
    expect(await db.devMail.count({ where: { to: { in: [a, b] } } })).toBe(2);
  });

  it("reçoit les courriels de l'outbox du portail", async () => {
    const to = `outbox-${randomUUID()}@example.fr`;
    const user = await seedUser({ email: to });
    const { id } = await db.$transaction((tx) =>
      queueMail(tx, { userId: user.id, adresse: "connexion", template: "mot-de-passe-oublie", data: { prenom: "Jeanne", nom: "Martin", token: "jeton-mdp" } }),
    );
    expect(await deliverOutboxMail(id, { smtpUrl: catcher.url })).toBe("envoye");
    const row = await db.devMail.findFirstOrThrow({ where: { to } });
    expect(row.subject).toBe("Réinitialisation de votre mot de passe");
    expect(row.text).toContain(`${process.env.APP_URL}/mot-de-passe/jeton-mdp`);
    expect(row.html).toContain(`href="${process.env.APP_URL}/mot-de-passe/jeton-mdp"`);
  });
});
