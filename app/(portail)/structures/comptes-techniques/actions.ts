"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions";
import { compteTechniqueSchema, creerCompteTechnique, renouvelerSecret, revoquerCompteTechnique } from "@/lib/api/comptes-techniques";
import { structureDe } from "@/lib/invoices/acces";

const PAGE = "/structures/comptes-techniques";
const compteId = z.object({ compteId: z.string().uuid({ error: "Compte technique introuvable." }) });

export const creerCompteTechniqueAction = action({ session: "requise", schema: compteTechniqueSchema }, async (saisie, acteur) => {
  const r = await creerCompteTechnique(acteur, structureDe(acteur), saisie);
  revalidatePath(PAGE);
  return r;
});

export const renouvelerSecretAction = action({ session: "requise", schema: compteId }, async ({ compteId }, acteur) => {
  const r = await renouvelerSecret(acteur, compteId);
  revalidatePath(PAGE);
  return { id: compteId, secret: r.secret };
});

export const revoquerCompteTechniqueAction = action({ session: "requise", schema: compteId }, async ({ compteId }, acteur) => {
  await revoquerCompteTechnique(acteur, compteId);
  revalidatePath(PAGE);
});
