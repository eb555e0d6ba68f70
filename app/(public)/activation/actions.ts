"use server";

import { z } from "zod";
import { echec, parse } from "@/lib/actions";
import type { ActionResult } from "@/lib/errors";
import { motDePasseSchema, demandeLienSchema } from "@/lib/accounts/schemas";
import { definirMotDePasse, envoyerNouveauLien } from "@/lib/accounts/mot-de-passe";

const purpose = z.enum(["ACTIVATION", "REINITIALISATION"]);

export async function definirMotDePasseAction(input: unknown): Promise<ActionResult> {
  try {
    const { token, purpose: p, ...rest } = parse(
      z.object({ token: z.string().min(10).max(200), purpose }).and(motDePasseSchema),
      input,
    ) as { token: string; purpose: "ACTIVATION" | "REINITIALISATION"; password: string };
    await definirMotDePasse(token, p, rest.password);
    return { ok: true };
  } catch (error) {
    return echec(error);
  }
}

export async function demanderLienAction(input: unknown): Promise<ActionResult> {
  try {
    const { email, purpose: p } = parse(demandeLienSchema.extend({ purpose }), input);
    await envoyerNouveauLien(email, p);
    return { ok: true };
  } catch (error) {
    return echec(error);
  }
}
