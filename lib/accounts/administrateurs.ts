import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { journaliser } from "@/lib/audit/journal";
import { kickMailDelivery, queueMail } from "@/lib/mail/outbox";
import { LINK_VALIDITY_MINUTES, newToken } from "./tokens";

/**
 * « Administrateur du portail »: given from the command line only (`npm run admin:create -- <email>`,
 * scripts/admin-create.ts), never from the web. An active account is promoted; an account not activated yet is
 * promoted and gets a new activation link; an unknown address gets an account, promoted, and its activation link
 * (the person chooses a password through it, as any user). A deactivated account is refused. Idempotent: an
 * administrator stays one. Audited (ADMINISTRATEUR_NOMME, by the portal itself).
 */
export type ResultatAdministrateur = { etat: "PROMU" | "DEJA_ADMINISTRATEUR" | "CREE" | "LIEN_ENVOYE"; email: string };

const emailSchema = z.email("Adresse électronique invalide.");

export async function nommerAdministrateur(adresse: string, options: { prenom?: string; nom?: string; now?: Date } = {}): Promise<ResultatAdministrateur> {
  const now = options.now ?? new Date();
  const parse = emailSchema.safeParse(adresse.trim().toLowerCase());
  if (!parse.success) throw new AppError("SAISIE_INVALIDE", { email: "Adresse électronique invalide." }, `Adresse électronique invalide : « ${adresse} ».`);
  const email = parse.data;
  const resultat = await db.$transaction(async (tx): Promise<ResultatAdministrateur> => {
    const existant = await tx.user.findUnique({ where: { email } });
    if (existant?.status === "DESACTIVE") {
      throw new AppError("COMPTE_DESACTIVE", {}, `Le compte ${email} est désactivé : il ne peut pas devenir administrateur du portail.`);
    }
    if (existant?.administrateurPortail && existant.status === "ACTIF") return { etat: "DEJA_ADMINISTRATEUR", email };
    const user =
      existant ??
      (await tx.user.create({
        data: {
          email,
          firstName: options.prenom?.trim() || "Administrateur",
          lastName: options.nom?.trim() || "du portail",
          phone: "",
          contactEmail: email,
          termsAcceptedAt: now,
          createdAt: now,
        },
      }));
    await tx.user.update({ where: { id: user.id }, data: { administrateurPortail: true } });
    await journaliser(
      tx,
      null,
      { action: "ADMINISTRATEUR_NOMME", cible: { type: "User", id: user.id }, avant: { administrateurPortail: false }, apres: { administrateurPortail: true } },
      { now },
    );
    if (user.status === "ACTIF") return { etat: "PROMU", email };
    // Not activated yet: a (new) activation link, the previous ones dead.
    const { token, hash } = newToken();
    await tx.userToken.updateMany({ where: { userId: user.id, purpose: "ACTIVATION", usedAt: null }, data: { usedAt: now } });
    await tx.userToken.create({
      data: { userId: user.id, purpose: "ACTIVATION", tokenHash: hash, expiresAt: new Date(now.getTime() + LINK_VALIDITY_MINUTES * 60_000) },
    });
    await queueMail(tx, { userId: user.id, adresse: "connexion", template: "activation", data: { prenom: user.firstName, nom: user.lastName, token } });
    return { etat: existant ? "LIEN_ENVOYE" : "CREE", email };
  });
  await kickMailDelivery();
  return resultat;
}
