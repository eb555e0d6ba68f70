"use server";

import { z } from "zod";
import { action } from "@/lib/actions";
import { motDePasseSchema, demandeLienSchema } from "@/lib/accounts/schemas";
import { definirMotDePasse, envoyerNouveauLien } from "@/lib/accounts/mot-de-passe";

const purpose = z.enum(["ACTIVATION", "REINITIALISATION"]);

export const definirMotDePasseAction = action(
  { session: "aucune", schema: z.object({ token: z.string().min(10).max(200), purpose }).and(motDePasseSchema) },
  async ({ token, purpose: p, password }) => {
    await definirMotDePasse(token, p, password);
  },
);

/** Counted per address and per typed e-mail address: nobody fills a mailbox with links. */
export const demanderLienAction = action(
  { session: "aucune", schema: demandeLienSchema.extend({ purpose }), limite: { nom: "lien", identifiant: (s) => s.email } },
  ({ email, purpose: p }) => envoyerNouveauLien(email, p),
);
