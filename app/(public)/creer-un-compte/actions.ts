"use server";

import { z } from "zod";
import { action, parse } from "@/lib/actions";
import { creerCompteServerSchema, structureSaisieServerSchema } from "@/lib/accounts/server-schemas";
import { creerCompte } from "@/lib/accounts/creer-compte";
import { apercuStructure } from "@/lib/accounts/structure-saisie";
import { nouveauCaptcha, validerCaptcha, type CaptchaChallengeView } from "@/lib/captcha/captcha";
import { adresseIp } from "@/lib/securite/ip";
import { exigerLimite } from "@/lib/securite/limites";

export const rechercherStructureAction = action({ session: "aucune", schema: structureSaisieServerSchema, limite: "siret" }, (saisie) =>
  apercuStructure(saisie),
);

const kindSchema = z.enum(["image", "preuve"]);

/** The challenge itself, not an `ActionResult`: the captcha component shows it as is (an error shows the page's error). */
export async function nouveauCaptchaAction(kind: unknown): Promise<CaptchaChallengeView> {
  await exigerLimite("captcha", { ip: await adresseIp() });
  return nouveauCaptcha(parse(kindSchema, kind));
}

// An image's characters, or the proof-of-work widget's payload (base64 JSON, about a kilobyte).
const validationSchema = z.object({ id: z.uuid(), answer: z.string().trim().min(1, "Reproduisez la suite de caractères.").max(4000) });

export const validerCaptchaAction = action({ session: "aucune", schema: validationSchema, limite: "captcha" }, ({ id, answer }) => validerCaptcha(id, answer));

export const creerCompteAction = action(
  { session: "aucune", schema: creerCompteServerSchema, limite: { nom: "creationCompte", identifiant: (s) => s.email } },
  (saisie) => creerCompte(saisie),
);
