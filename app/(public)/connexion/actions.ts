"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn } from "@/lib/auth";
import { action } from "@/lib/actions";
import { connexionSchema } from "@/lib/accounts/schemas";
import { AppError, MESSAGES } from "@/lib/errors";

/** Only paths of this site, never another origin (open redirect). */
function safeReturn(retour: string | undefined): string {
  return retour?.startsWith("/") && !retour.startsWith("//") ? retour : "/mon-compte";
}

/** Signs in, then goes back where the user came from (`redirect` passes through `action`). */
export const connexionAction = action({ session: "aucune", schema: connexionSchema.extend({ retour: z.string().max(500).optional() }) }, async (values) => {
  try {
    await signIn("credentials", { email: values.email, password: values.password, redirect: false });
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    const code = (error as AuthError & { code?: string }).code;
    throw new AppError("IDENTIFIANTS_INVALIDES", {}, code && code !== "credentials" ? code : MESSAGES.IDENTIFIANTS_INVALIDES);
  }
  redirect(safeReturn(values.retour));
});
