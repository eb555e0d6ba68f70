"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions";
import { emailContactSchema } from "@/lib/accounts/email-contact-schema";
import { modifierEmailContact, renvoyerLienConfirmation } from "@/lib/accounts/email-contact";

export const modifierEmailContactAction = action({ session: "requise", schema: emailContactSchema }, async (input, acteur) => {
  const r = await modifierEmailContact(acteur, input);
  revalidatePath("/mon-compte");
  return r;
});

export const renvoyerLienConfirmationAction = action({ session: "requise", schema: z.unknown() }, async (_, acteur) => {
  await renvoyerLienConfirmation(acteur);
  revalidatePath("/mon-compte");
});
