"use server";

import { z } from "zod";
import { echec, parse } from "@/lib/actions";
import type { ActionResult } from "@/lib/errors";
import { creerCompteServerSchema, structureSaisieServerSchema } from "@/lib/accounts/server-schemas";
import { creerCompte, type RecapitulatifCompte } from "@/lib/accounts/creer-compte";
import { apercuStructure, type ApercuStructure } from "@/lib/accounts/structure-saisie";
import { nouveauCaptcha, validerCaptcha, type CaptchaChallengeView } from "@/lib/captcha/captcha";

export async function rechercherStructureAction(input: unknown): Promise<ActionResult<ApercuStructure>> {
  try {
    return { ok: true, data: await apercuStructure(parse(structureSaisieServerSchema, input)) };
  } catch (error) {
    return echec(error);
  }
}

const kindSchema = z.enum(["image", "question"]);

export async function nouveauCaptchaAction(kind: unknown): Promise<CaptchaChallengeView> {
  return nouveauCaptcha(parse(kindSchema, kind));
}

const validationSchema = z.object({ id: z.uuid(), answer: z.string().trim().min(1, "Reproduisez la suite de caractères.").max(20) });

export async function validerCaptchaAction(input: unknown): Promise<ActionResult> {
  try {
    const { id, answer } = parse(validationSchema, input);
    await validerCaptcha(id, answer);
    return { ok: true };
  } catch (error) {
    return echec(error);
  }
}

export async function creerCompteAction(input: unknown): Promise<ActionResult<RecapitulatifCompte>> {
  try {
    const data = parse(creerCompteServerSchema, input);
    return { ok: true, data: await creerCompte(data) };
  } catch (error) {
    return echec(error);
  }
}
