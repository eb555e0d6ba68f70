"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn } from "@/lib/auth";
import { echec, parse } from "@/lib/actions";
import { connexionSchema } from "@/lib/accounts/schemas";
import { MESSAGES, type ActionResult } from "@/lib/errors";

/** Only paths of this site, never another origin (open redirect). */
function safeReturn(retour: string | undefined): string {
  return retour && retour.startsWith("/") && !retour.startsWith("//") ? retour : "/mon-compte";
}

export async function connexionAction(input: unknown): Promise<ActionResult> {
  let retour: string;
  try {
    const values = parse(connexionSchema.extend({ retour: z.string().max(500).optional() }), input);
    retour = safeReturn(values.retour);
    await signIn("credentials", { email: values.email, password: values.password, redirect: false });
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code;
      const message = code && code !== "credentials" ? code : MESSAGES.IDENTIFIANTS_INVALIDES;
      return { ok: false, code: "IDENTIFIANTS_INVALIDES", message, fieldErrors: {} };
    }
    return echec(error);
  }
  redirect(retour);
}

