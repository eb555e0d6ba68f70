"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import { refusDeConnexion, signIn } from "@/lib/auth";
import { action } from "@/lib/actions";
import { connexionSchema } from "@/lib/accounts/schemas";
import { AppError } from "@/lib/errors";
import { adresseRetourSure } from "@/lib/securite/retour";

/**
 * Signs in, then goes back where the user came from — a path of this portal only (`adresseRetourSure`); `redirect`
 * passes through `action`. Every refusal says the same (IDENTIFIANTS_INVALIDES), or how long to wait.
 */
export const connexionAction = action(
  { session: "aucune", schema: connexionSchema.extend({ retour: z.string().max(1000).optional() }), limite: "connexion" },
  async (values) => {
    try {
      await signIn("credentials", { email: values.email, password: values.password, redirect: false });
    } catch (error) {
      const refus = refusDeConnexion(error);
      if (refus) throw new AppError(refus.code, {}, refus.message);
      if (error instanceof AuthError) throw new AppError("IDENTIFIANTS_INVALIDES");
      throw error;
    }
    redirect(adresseRetourSure(values.retour));
  },
);
