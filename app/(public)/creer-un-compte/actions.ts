"use server";

import { z } from "zod";
import { action } from "@/lib/actions";
import { creerCompteServerSchema, structureSaisieServerSchema } from "@/lib/accounts/server-schemas";
import { creerCompte } from "@/lib/accounts/creer-compte";
import { apercuStructure } from "@/lib/accounts/structure-saisie";
import { nouveauCaptcha, validerCaptcha } from "@/lib/captcha/captcha";

export const rechercherStructureAction = action({ session: "aucune", schema: structureSaisieServerSchema, limite: "siret" }, (saisie) =>
  apercuStructure(saisie),
);

const kindSchema = z.enum(["image", "preuve"]);

export const nouveauCaptchaAction = action({ session: "aucune", schema: kindSchema, limite: "captcha" }, (kind) => nouveauCaptcha(kind));

// An image's characters, or the proof-of-work widget's payload (base64 JSON, about a kilobyte).
const validationSchema = z.object({ id: z.uuid(), answer: z.string().trim().min(1, "Reproduisez la suite de caractères.").max(4000) });

export const validerCaptchaAction = action({ session: "aucune", schema: validationSchema, limite: "captcha" }, ({ id, answer }) => validerCaptcha(id, answer));

export const creerCompteAction = action(
  { session: "aucune", schema: creerCompteServerSchema, limite: { nom: "creationCompte", identifiant: (s) => s.email } },
  (saisie) => creerCompte(saisie),
);
