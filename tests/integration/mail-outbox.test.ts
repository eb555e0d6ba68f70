import { randomUUID } from "node:crypto";
import { type AddressInfo, createServer } from "node:net";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { idsNonLances, kickMailDelivery, queueMail, queueMails } from "@/lib/mail/outbox";
import { deliverOutboxMail, LIEN_RETIRE, MailDeliveryError, SECRET_RETIRE } from "@/lib/mail/deliver";
import { seedUser } from "@/prisma/seed/factories";
import { MAIL_MAX_ATTEMPTS } from "@/lib/mail/policy";
import { closeTransports, SMTP_CONNEXIONS, SMTP_INACTIVITE_MS } from "@/lib/mail/transport";
import { startTestSmtp, unusedPort, type TestSmtp } from "../support/smtp";

let smtp: TestSmtp;
let downUrl: string;

beforeAll(async () => {
  smtp = await startTestSmtp();
  downUrl = `smtp://127.0.0.1:${await unusedPort()}`;
});
afterAll(async () => {
  closeTransports();
  await smtp.stop();
});

// Each test its own recipient, so that tests (and files) running in parallel never see each other's mails.
const recipient = () => `destinataire-${randomUUID()}@example.fr`;

/** A user creating his account (not active yet): the activation mail's recipient. */
const nouvelUtilisateur = (email: string = recipient()) => seedUser({ email, password: null });

/** The activation mail of a new user whose sign-in address is `to`: to the user, by id, as the accounts domain queues it. */
async function queueActivation(to: string, token: string = randomUUID()) {
  const user = await nouvelUtilisateur(to);
  return db.$transaction((tx) =>
    queueMail(tx, { userId: user.id, adresse: "connexion", template: "activation", data: { prenom: "Jeanne", nom: "Martin", token } }),
  );
}

describe("queueMail", () => {
  it("n'écrit rien quand la transaction est annulée", async () => {
    const user = await nouvelUtilisateur();
    await expect(
      db.$transaction(async (tx) => {
        await queueMail(tx, { userId: user.id, template: "activation", data: { prenom: "Jeanne", nom: "Martin", token: "t" } });
        expect(await tx.outboxMail.count({ where: { userId: user.id } })).toBe(1);
        throw new Error("annulation");
      }),
    ).rejects.toThrow("annulation");
    expect(await db.outboxMail.count({ where: { userId: user.id } })).toBe(0);
  });

  it("écrit le courriel en attente, pour l'utilisateur et à son adresse, avec son objet et les données de son modèle, quand la transaction est validée", async () => {
    const to = recipient();
    const { id } = await queueActivation(to, "jeton-1");
    const row = await db.outboxMail.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({
      userId: (await db.user.findUniqueOrThrow({ where: { email: to } })).id,
      to,
      template: "activation",
      subject: "Activation de votre compte",
      status: "EN_ATTENTE",
      attempts: 0,
      sentAt: null,
      html: null,
      text: null,
    });
    expect(row.data).toEqual({ prenom: "Jeanne", nom: "Martin", token: "jeton-1" });
  });

  it("écrit plusieurs courriels en une fois, chacun à son destinataire", async () => {
    const [a, b] = [recipient(), recipient()];
    const [ua, ub] = [await nouvelUtilisateur(a), await nouvelUtilisateur(b)];
    const ids = await db.$transaction((tx) =>
      queueMails(tx, [
        { userId: ua.id, template: "activation", data: { prenom: "Jeanne", nom: "Martin", token: "jeton-a" } },
        { userId: ub.id, template: "activation", data: { prenom: "Paul", nom: "Durand", token: "jeton-b" } },
      ]),
    );
    expect(ids).toHaveLength(2);
    const rows = await db.outboxMail.findMany({ where: { id: { in: ids.map((r) => r.id) } } });
    expect(rows.map((r) => [r.to, (r.data as { token: string }).token]).sort()).toEqual(
      [
        [a, "jeton-a"],
        [b, "jeton-b"],
      ].sort(),
    );
  });

  it("un envoi lancé pour des courriels donnés les retire de ceux qui restent à lancer (pas d'accumulation en mémoire)", async () => {
    const { id } = await queueActivation(recipient());
    expect(idsNonLances()).toContain(id);
    await kickMailDelivery([id]);
    expect(idsNonLances()).not.toContain(id);
  });

  it("un utilisateur reçoit à son adresse de contact une fois celle-ci confirmée, sauf les liens qui ouvrent le compte (adresse de connexion)", async () => {
    const user = await seedUser({ email: recipient() });
    const contact = recipient();
    await db.user.update({ where: { id: user.id }, data: { contactEmail: contact, contactEmailConfirmeLe: null } });
    const rattachement = {
      template: "rattachement-valide" as const,
      data: { prenom: "Jeanne", nom: "Martin", structure: { typeIdentifiant: "SIRET", identifiant: "35600000000048", raisonSociale: "X" } },
    };
    const reinitialisation = { template: "mot-de-passe-oublie" as const, data: { prenom: "Jeanne", nom: "Martin", token: "t" } };
    const avant = await db.$transaction((tx) => queueMail(tx, { userId: user.id, ...rattachement }));
    await db.user.update({ where: { id: user.id }, data: { contactEmailConfirmeLe: new Date() } });
    const apres = await db.$transaction((tx) =>
      queueMails(tx, [
        { userId: user.id, ...rattachement },
        { userId: user.id, adresse: "connexion", ...reinitialisation },
      ]),
    );
    const to = async (id: string) => (await db.outboxMail.findUniqueOrThrow({ where: { id } })).to;
    expect([await to(avant.id), await to(apres[0].id), await to(apres[1].id)]).toEqual([user.email, contact, user.email]);
  });

  it("une adresse qui n'est pas celle d'un utilisateur (`to`) : le courriel part, sans destinataire ni notification", async () => {
    const to = recipient();
    const { id } = await db.$transaction((tx) =>
      queueMail(tx, { to, template: "confirmation-email-contact", data: { prenom: "Jeanne", nom: "Martin", email: to, token: "t" } }),
    );
    expect(await db.outboxMail.findUniqueOrThrow({ where: { id } })).toMatchObject({ to, userId: null });
  });

  it("refuse un destinataire inconnu", async () => {
    await expect(
      db.$transaction((tx) => queueMail(tx, { userId: randomUUID(), template: "activation", data: { prenom: "A", nom: "B", token: "t" } })),
    ).rejects.toThrow(/Destinataire inconnu/);
  });

  it("refuse une adresse de destination qui n'en est pas une", async () => {
    await expect(
      db.$transaction((tx) => queueMail(tx, { to: "a@b.fr, c@d.fr", template: "activation", data: { prenom: "A", nom: "B", token: "t" } })),
    ).rejects.toThrow(/invalide/);
  });
});

describe("deliverOutboxMail", () => {
  it("envoie par SMTP et marque le courriel ENVOYE", async () => {
    const to = recipient();
    const { id } = await queueActivation(to, "jeton-envoi");
    expect(await deliverOutboxMail(id, { smtpUrl: smtp.url })).toBe("envoye");

    const mail = await smtp.waitForMail((m) => m.envelopeTo.includes(to));
    expect(mail.to).toBe(to);
    expect(mail.subject).toBe("Activation de votre compte");
    expect(mail.from).toContain("ne-pas-repondre@");
    expect(mail.text).toContain(`${process.env.APP_URL}/activation/jeton-envoi`);
    expect(mail.html).toContain("Activer mon compte");

    const row = await db.outboxMail.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("ENVOYE");
    expect(row.attempts).toBe(1);
    expect(row.sentAt).toBeInstanceOf(Date);
    // What was sent is kept, as sent — but without the link that opens the account, nor its token.
    expect(row.text).toBe(mail.text?.trim().replaceAll(`${process.env.APP_URL}/activation/jeton-envoi`, LIEN_RETIRE));
    expect(row.text).toContain(LIEN_RETIRE);
    expect(row.html).toContain("Activer mon compte");
    expect(row.html).toContain(`href="${LIEN_RETIRE}"`);
    expect(JSON.stringify(row)).not.toContain("jeton-envoi");
    expect(row.data).toEqual({ prenom: "Jeanne", nom: "Martin", token: SECRET_RETIRE });
  });

  it("ne garde pas non plus le lien d'un courriel abandonné après sa dernière tentative", async () => {
    const { id } = await queueActivation(recipient(), "jeton-abandonne");
    await db.outboxMail.update({ where: { id }, data: { attempts: MAIL_MAX_ATTEMPTS - 1 } });
    await deliverOutboxMail(id, { smtpUrl: downUrl }).catch(() => {});
    const row = await db.outboxMail.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("ECHEC");
    expect(JSON.stringify(row)).not.toContain("jeton-abandonne");
  });

  it("un courriel sans lien secret est gardé tel qu'envoyé", async () => {
    const user = await seedUser({ email: recipient() });
    const data = { prenom: "Jeanne", nom: "Martin", structure: { typeIdentifiant: "SIRET", identifiant: "35600000000048", raisonSociale: "X" } };
    const { id } = await db.$transaction((tx) => queueMail(tx, { userId: user.id, template: "rattachement-valide", data }));
    expect(await deliverOutboxMail(id, { smtpUrl: smtp.url })).toBe("envoye");
    const mail = await smtp.waitForMail((m) => m.envelopeTo.includes(user.email));
    const row = await db.outboxMail.findUniqueOrThrow({ where: { id } });
    expect(row.text).toBe(mail.text?.trim());
    expect(row.html).toContain(`href="${process.env.APP_URL}/connexion"`);
    expect(row.data).toEqual(data);
  });

  it("n'envoie qu'une fois, même appelé deux fois", async () => {
    const to = recipient();
    const { id } = await queueActivation(to);
    expect(await deliverOutboxMail(id, { smtpUrl: smtp.url })).toBe("envoye");
    expect(await deliverOutboxMail(id, { smtpUrl: smtp.url })).toBe("deja-traite");
    expect(smtp.mails.filter((m) => m.envelopeTo.includes(to))).toHaveLength(1);
    expect((await db.outboxMail.findUniqueOrThrow({ where: { id } })).attempts).toBe(1);
  });

  it("n'envoie qu'une fois quand deux envois concourent", async () => {
    const to = recipient();
    const { id } = await queueActivation(to);
    const outcomes = await Promise.all([deliverOutboxMail(id, { smtpUrl: smtp.url }), deliverOutboxMail(id, { smtpUrl: smtp.url })]);
    expect(outcomes).toContain("envoye");
    expect(outcomes.filter((o) => o === "envoye")).toHaveLength(1);
    expect(smtp.mails.filter((m) => m.envelopeTo.includes(to))).toHaveLength(1);
  });

  it("SMTP injoignable : compte la tentative, garde l'erreur, reste EN_ATTENTE et lève une erreur", async () => {
    const to = recipient();
    const { id } = await queueActivation(to);
    const error = await deliverOutboxMail(id, { smtpUrl: downUrl }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect((error as MailDeliveryError).final).toBe(false);

    const row = await db.outboxMail.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("EN_ATTENTE");
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/ECONNREFUSED/);
    expect(row.sentAt).toBeNull();

    // The next attempt succeeds once the server is back.
    expect(await deliverOutboxMail(id, { smtpUrl: smtp.url })).toBe("envoye");
    const sent = await db.outboxMail.findUniqueOrThrow({ where: { id } });
    expect(sent).toMatchObject({ status: "ENVOYE", attempts: 2 });
  });

  it("un serveur SMTP muet ne retient pas l'envoi (ni la ligne verrouillée) plus de quelques secondes", { timeout: 30_000 }, async () => {
    // Accepts the connection, never greets.
    const muet = createServer(() => {});
    await new Promise<void>((resolve) => muet.listen(0, "127.0.0.1", () => resolve()));
    try {
      const { id } = await queueActivation(recipient());
      const debut = Date.now();
      const error = await deliverOutboxMail(id, { smtpUrl: `smtp://127.0.0.1:${(muet.address() as AddressInfo).port}` }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MailDeliveryError);
      expect(Date.now() - debut).toBeLessThan(20_000);
      expect(await db.outboxMail.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "EN_ATTENTE", attempts: 1, sentAt: null });
    } finally {
      closeTransports();
      await new Promise<void>((resolve) => muet.close(() => resolve()));
    }
  });

  it("marque ECHEC après la dernière tentative, puis ne tente plus rien", async () => {
    const to = recipient();
    const { id } = await queueActivation(to);
    await db.outboxMail.update({ where: { id }, data: { attempts: MAIL_MAX_ATTEMPTS - 1 } });

    const error = await deliverOutboxMail(id, { smtpUrl: downUrl }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect((error as MailDeliveryError).final).toBe(true);
    const row = await db.outboxMail.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "ECHEC", attempts: MAIL_MAX_ATTEMPTS });
    expect(row.lastError).toBeTruthy();

    expect(await deliverOutboxMail(id, { smtpUrl: smtp.url })).toBe("deja-traite");
    expect(smtp.mails.some((m) => m.envelopeTo.includes(to))).toBe(false);
  });

  it("ignore un identifiant inconnu", async () => {
    expect(await deliverOutboxMail(randomUUID(), { smtpUrl: smtp.url })).toBe("introuvable");
  });

  it("la base perdue entre l'acceptation par le serveur SMTP et l'enregistrement : le courriel est enregistré envoyé, pas envoyé une seconde fois", async () => {
    const to = recipient();
    const { id } = await queueActivation(to);
    // An SMTP server that, while it receives the mail, cuts the database connection of the transaction delivering it
    // (found as the one that holds the row's lock), then accepts the mail.
    const recus: string[] = [];
    const serveur = new SMTPServer({
      authOptional: true,
      disabledCommands: ["AUTH", "STARTTLS"],
      logger: false,
      onData(stream, session, callback) {
        stream.resume();
        stream.on("end", async () => {
          const attente = new pg.Client({ connectionString: process.env.DATABASE_URL });
          const outil = new pg.Client({ connectionString: process.env.DATABASE_URL });
          await Promise.all([attente.connect(), outil.connect()]);
          const pid = (await attente.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0].pid;
          await attente.query("BEGIN");
          const verrou = attente.query(`SELECT id FROM "OutboxMail" WHERE id = $1 FOR UPDATE`, [id]);
          let livreur: number[] = [];
          while (!livreur.length) livreur = (await outil.query<{ p: number[] }>("SELECT pg_blocking_pids($1) AS p", [pid])).rows[0].p;
          await outil.query("SELECT pg_terminate_backend(p) FROM unnest($1::int[]) AS p", [livreur]);
          await verrou;
          await attente.query("ROLLBACK");
          await Promise.all([attente.end(), outil.end()]);
          recus.push(...session.envelope.rcptTo.map((r) => r.address));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => serveur.listen(0, "127.0.0.1", () => resolve()));
    try {
      const url = `smtp://127.0.0.1:${(serveur.server.address() as AddressInfo).port}`;
      expect(await deliverOutboxMail(id, { smtpUrl: url })).toBe("envoye");
      expect(await db.outboxMail.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "ENVOYE", attempts: 1 });
      expect(await deliverOutboxMail(id, { smtpUrl: url })).toBe("deja-traite");
      expect(recus).toEqual([to]);
    } finally {
      await new Promise<void>((resolve) => serveur.close(() => resolve()));
    }
  });
});

describe("connexions SMTP", () => {
  it("une pointe de courriels passe par quelques connexions réutilisées, fermées peu après le dernier envoi", async () => {
    const connexions = { ouvertes: 0, total: 0 };
    const recus: string[] = [];
    const serveur = new SMTPServer({
      authOptional: true,
      disabledCommands: ["AUTH", "STARTTLS"],
      logger: false,
      onConnect(_session, callback) {
        connexions.ouvertes++;
        connexions.total++;
        callback();
      },
      onClose() {
        connexions.ouvertes--;
      },
      onData(stream, session, callback) {
        stream.resume();
        stream.on("end", () => {
          recus.push(...session.envelope.rcptTo.map((r) => r.address));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => serveur.listen(0, "127.0.0.1", () => resolve()));
    try {
      const url = `smtp://127.0.0.1:${(serveur.server.address() as AddressInfo).port}`;
      const destinataires = Array.from({ length: 12 }, () => recipient());
      const ids: string[] = [];
      for (const to of destinataires) ids.push((await queueActivation(to)).id);
      // Four at a time, as the delivery worker sends a batch.
      let suivant = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (suivant < ids.length) expect(await deliverOutboxMail(ids[suivant++], { smtpUrl: url })).toBe("envoye");
        }),
      );
      expect(recus.sort()).toEqual([...destinataires].sort());
      // Twelve mails, not twelve connections.
      expect(connexions.total).toBeLessThanOrEqual(SMTP_CONNEXIONS);
      // Nothing stays open once the peak is over.
      await vi.waitFor(() => expect(connexions.ouvertes).toBe(0), { timeout: SMTP_INACTIVITE_MS + 5_000, interval: 100 });
      // A later mail opens a connection again.
      const tard = recipient();
      expect(await deliverOutboxMail((await queueActivation(tard)).id, { smtpUrl: url })).toBe("envoye");
      expect(recus).toContain(tard);
    } finally {
      closeTransports();
      await new Promise<void>((resolve) => serveur.close(() => resolve()));
    }
  });
});
