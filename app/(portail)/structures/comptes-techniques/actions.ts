"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions";
import { compteTechniqueSchema, creerCompteTechnique, renouvelerSecret, revoquerCompteTechnique } from "@/lib/api/comptes-techniques";
import { structureDe } from "@/lib/invoices/acces";
import { abonnementSchema, creerAbonnement, desactiverAbonnement } from "@/lib/webhooks/abonnements";

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

const abonnementId = z.object({ abonnementId: z.string().uuid({ error: "Adresse introuvable." }) });

export const creerAbonnementAction = action({ session: "requise", schema: abonnementSchema }, async (saisie, acteur) => {
  const r = await creerAbonnement(acteur, structureDe(acteur), saisie);
  revalidatePath(PAGE);
  return r;
});

export const desactiverAbonnementAction = action({ session: "requise", schema: abonnementId }, async ({ abonnementId }, acteur) => {
  await desactiverAbonnement(acteur, abonnementId);
  revalidatePath(PAGE);
});
