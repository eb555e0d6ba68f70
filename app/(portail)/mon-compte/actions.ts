"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions";
import { emailContactSchema } from "@/lib/accounts/email-contact-schema";
import { modifierEmailContact, renvoyerLienConfirmation } from "@/lib/accounts/email-contact";
import { changerMotDePasse, deconnecterPartout } from "@/lib/accounts/mon-compte";
import { desactiverMonCompte, modifierIdentite } from "@/lib/accounts/compte";
import { desactivationSchema, identiteSchema } from "@/lib/accounts/compte-schemas";
import { changementMotDePasseSchema } from "@/lib/accounts/schemas";
import { renouvelerSession, signOut } from "@/lib/auth";

export const modifierEmailContactAction = action({ session: "requise", schema: emailContactSchema }, async (input, acteur) => {
  const r = await modifierEmailContact(acteur, input);
  revalidatePath("/mon-compte");
  return r;
});

export const renvoyerLienConfirmationAction = action({ session: "requise", schema: z.unknown() }, async (_, acteur) => {
  await renvoyerLienConfirmation(acteur);
  revalidatePath("/mon-compte");
});

/** « Modifier mon mot de passe »: the other sessions end, this one moves to the new session version and stays open. */
export const changerMotDePasseAction = action(
  { session: "requise", schema: changementMotDePasseSchema, limite: "connexion" },
  async ({ actuel, password }, acteur) => {
    const { sessionVersion } = await changerMotDePasse(acteur, { actuel, password });
    await renouvelerSession(acteur.userId, sessionVersion);
  },
);

/** « Se déconnecter de tous les appareils »: every session ends, this one too (then « Se connecter »). */
export const deconnecterPartoutAction = action({ session: "requise", schema: z.unknown() }, async (_, acteur) => {
  await deconnecterPartout(acteur);
  await signOut({ redirectTo: "/connexion" });
});

/** « Enregistrer mes informations »: first name, last name, phone. */
export const modifierIdentiteAction = action({ session: "requise", schema: identiteSchema }, async (input, acteur) => {
  await modifierIdentite(acteur, input);
  revalidatePath("/mon-compte");
});

/** « Désactiver mon compte »: the password checked (sign-in's limits), then every session ends and « Se connecter » says why. */
export const desactiverMonCompteAction = action({ session: "requise", schema: desactivationSchema, limite: "connexion" }, async (input, acteur) => {
  await desactiverMonCompte(acteur, input);
  await signOut({ redirectTo: "/connexion?compte=desactive" });
});
