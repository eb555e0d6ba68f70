import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { definirMotDePasse, envoyerNouveauLien } from "@/lib/accounts/mot-de-passe";
import {
  confirmerEmailContact,
  DELAI_ENTRE_LIENS_MS,
  etatLienConfirmation,
  LIENS_PAR_HEURE,
  modifierEmailContact,
  monEmailContact,
  renvoyerLienConfirmation,
} from "@/lib/accounts/email-contact";
import { hashToken } from "@/lib/accounts/tokens";
import { queueMail } from "@/lib/mail/outbox";
import { seedUser, uniqueSuffix } from "@/prisma/seed/factories";
import { codeDe, lienDans, mailsPour } from "../support/fixtures";
import { acteur } from "./structures-fixtures";

const MOT_DE_PASSE = "Chantier-Solide-2026";
const adresse = (nom: string) => `${nom}-${uniqueSuffix()}@exemple.fr`;

/** A mail the user would get from the portal (to him, by id): where does it go? */
async function adresseDesCourriels(userId: string): Promise<string> {
  const { id } = await db.$transaction((tx) =>
    queueMail(tx, {
      userId,
      template: "rattachement-valide",
      data: { prenom: "A", nom: "B", structure: { typeIdentifiant: "SIRET", identifiant: "35600000000048", raisonSociale: "X" } },
    }),
  );
  return (await db.outboxMail.findUniqueOrThrow({ where: { id } })).to;
}

/** The token of the last confirmation link mailed to `to`. */
async function lienConfirmation(to: string): Promise<string> {
  const mails = (await mailsPour(to)).filter((m) => m.template === "confirmation-email-contact");
  expect(mails.length).toBeGreaterThan(0);
  return lienDans(mails.at(-1)!.text, "confirmation-contact");
}

/** A user who activates his account with this contact address, as the activation page does. */
async function activer(contactEmail: (email: string) => string) {
  const email = adresse("connexion");
  const user = await seedUser({ email, password: null });
  await db.user.update({ where: { id: user.id }, data: { contactEmail: contactEmail(email) } });
  await envoyerNouveauLien(email, "ACTIVATION");
  const activation = (await mailsPour(email)).find((m) => m.template === "activation")!;
  await definirMotDePasse(lienDans(activation.text, "activation"), "ACTIVATION", MOT_DE_PASSE);
  return db.user.findUniqueOrThrow({ where: { id: user.id } });
}

describe("l'e-mail du contact à l'activation", () => {
  it("égal à l'adresse de connexion : confirmé par l'activation même, sans autre lien", async () => {
    const user = await activer((email) => email);
    expect(user.status).toBe("ACTIF");
    expect(user.contactEmailConfirmeLe).toBeInstanceOf(Date);
    expect(await db.outboxMail.count({ where: { to: user.email, template: "confirmation-email-contact" } })).toBe(0);
  });

  it("différent : un lien de confirmation lui est envoyé ; d'ici sa confirmation, les courriels partent à l'adresse de connexion", async () => {
    const contact = adresse("contact");
    const user = await activer(() => contact);
    expect(user.contactEmailConfirmeLe).toBeNull();
    // The link goes to the contact address itself, to nobody's account: no notification.
    const [confirmation] = await db.outboxMail.findMany({ where: { to: contact } });
    expect(confirmation).toMatchObject({ template: "confirmation-email-contact", userId: null, subject: "Confirmez votre adresse électronique de contact" });
    expect(await db.notification.count({ where: { userId: user.id } })).toBe(0);
    expect(await adresseDesCourriels(user.id)).toBe(user.email);

    const token = await lienConfirmation(contact);
    // Only its hash is stored.
    expect(await db.userToken.count({ where: { tokenHash: token } })).toBe(0);
    expect(await db.userToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } })).toMatchObject({
      userId: user.id,
      purpose: "CONFIRMATION_CONTACT",
    });

    expect(await etatLienConfirmation(token)).toEqual({ etat: "VALIDE", email: contact });
    expect(await confirmerEmailContact(token)).toEqual({ email: contact });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).contactEmailConfirmeLe).toBeInstanceOf(Date);
    expect(await adresseDesCourriels(user.id)).toBe(contact);

    // The link works once.
    expect(await etatLienConfirmation(token)).toEqual({ etat: "UTILISE" });
    expect(await codeDe(confirmerEmailContact(token))).toBe("LIEN_UTILISE");
  });

  it("un lien expiré, inconnu ou d'une autre sorte ne confirme rien", async () => {
    const contact = adresse("contact");
    const user = await activer(() => contact);
    const token = await lienConfirmation(contact);
    const dans61Minutes = new Date(Date.now() + 61 * 60_000);
    expect(await etatLienConfirmation(token, { now: dans61Minutes })).toEqual({ etat: "EXPIRE" });
    expect(await codeDe(confirmerEmailContact(token, { now: dans61Minutes }))).toBe("LIEN_EXPIRE");
    expect(await codeDe(confirmerEmailContact("pas-un-jeton-du-portail"))).toBe("LIEN_INVALIDE");
    // An activation or reset link is not a confirmation link, nor the other way round.
    await envoyerNouveauLien(user.email, "REINITIALISATION");
    const reinitialisation = (await mailsPour(user.email)).find((m) => m.template === "mot-de-passe-oublie")!;
    expect(await codeDe(confirmerEmailContact(lienDans(reinitialisation.text, "mot-de-passe")))).toBe("LIEN_INVALIDE");
    expect(await codeDe(definirMotDePasse(token, "REINITIALISATION", MOT_DE_PASSE))).toBe("LIEN_INVALIDE");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).contactEmailConfirmeLe).toBeNull();
  });
});

describe("« Mon compte » : modifier l'e-mail du contact", () => {
  it("une nouvelle adresse perd la confirmation et reçoit son lien ; le lien de l'ancienne ne vaut plus rien", async () => {
    const user = await seedUser();
    const a = acteur(user);
    expect(await monEmailContact(a)).toMatchObject({ email: user.email, contactEmail: user.email, confirmeLe: expect.any(Date) });

    const premiere = adresse("compta");
    expect(await modifierEmailContact(a, { contactEmail: `  ${premiere.toUpperCase()} ` })).toEqual({ confirmee: false, lienEnvoye: true });
    expect(await monEmailContact(a)).toMatchObject({ contactEmail: premiere, confirmeLe: null, lienEnvoyeLe: expect.any(Date) });
    expect(await adresseDesCourriels(user.id)).toBe(user.email);
    const lienPremiere = await lienConfirmation(premiere);
    // The owner is told at his sign-in address, with the new address named.
    const avis = await db.outboxMail.findFirstOrThrow({ where: { userId: user.id, template: "email-contact-modifie" } });
    expect(avis.to).toBe(user.email);
    expect(avis.data).toMatchObject({ nouvelleAdresse: premiere });

    const seconde = adresse("secretariat");
    await modifierEmailContact(a, { contactEmail: seconde });
    expect(await codeDe(confirmerEmailContact(lienPremiere))).toBe("LIEN_UTILISE");
    await confirmerEmailContact(await lienConfirmation(seconde));
    expect(await monEmailContact(a)).toMatchObject({ contactEmail: seconde, confirmeLe: expect.any(Date) });
    expect(await adresseDesCourriels(user.id)).toBe(seconde);

    // The same address again changes nothing and sends nothing.
    const envoyes = await db.outboxMail.count({ where: { to: seconde } });
    expect(await modifierEmailContact(a, { contactEmail: seconde })).toEqual({ confirmee: true, lienEnvoye: false });
    expect(await db.outboxMail.count({ where: { to: seconde } })).toBe(envoyes);
  });

  it("revenir à l'adresse de connexion : confirmée aussitôt, sans lien", async () => {
    const user = await seedUser();
    const a = acteur(user);
    await modifierEmailContact(a, { contactEmail: adresse("ailleurs") });
    expect(await modifierEmailContact(a, { contactEmail: user.email })).toEqual({ confirmee: true, lienEnvoye: false });
    expect(await monEmailContact(a)).toMatchObject({ contactEmail: user.email, confirmeLe: expect.any(Date) });
    expect(await db.outboxMail.count({ where: { to: user.email, template: "confirmation-email-contact" } })).toBe(0);
  });

  it("« Renvoyer le lien de confirmation » : un nouveau lien, pas plus d'un par minute ni de cinq par heure ; rien pour une adresse confirmée", async () => {
    const user = await seedUser();
    const a = acteur(user);
    expect(await codeDe(renvoyerLienConfirmation(a))).toBe("DEJA_TRAITE");

    const t0 = new Date();
    const contact = adresse("contact");
    await modifierEmailContact(a, { contactEmail: contact }, { now: t0 });
    expect(await codeDe(renvoyerLienConfirmation(a, { now: new Date(t0.getTime() + 10_000) }))).toBe("TROP_DE_DEMANDES");
    let now = new Date(t0.getTime() + DELAI_ENTRE_LIENS_MS + 1);
    await renvoyerLienConfirmation(a, { now });
    expect(await db.outboxMail.count({ where: { to: contact, template: "confirmation-email-contact" } })).toBe(2);

    // Other addresses count too: the portal does not send a sixth link within the hour.
    for (let i = 2; i < LIENS_PAR_HEURE; i++) {
      now = new Date(now.getTime() + DELAI_ENTRE_LIENS_MS + 1);
      await modifierEmailContact(a, { contactEmail: adresse(`autre${i}`) }, { now });
    }
    now = new Date(now.getTime() + DELAI_ENTRE_LIENS_MS + 1);
    expect(await codeDe(modifierEmailContact(a, { contactEmail: adresse("sixieme") }, { now }))).toBe("TROP_DE_DEMANDES");
    expect(await codeDe(modifierEmailContact(a, { contactEmail: adresse("sixieme") }, { now: new Date(t0.getTime() + 3_601_000) }))).toBe("OK");
  });

  it("un compte qui n'est pas actif ne modifie rien", async () => {
    const user = await seedUser({ status: "DESACTIVE" });
    expect(await codeDe(modifierEmailContact(acteur(user), { contactEmail: adresse("x") }))).toBe("NON_AUTORISE");
  });
});
