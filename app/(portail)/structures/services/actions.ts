"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions";
import { structureDe } from "@/lib/invoices/acces";
import { etatServiceSchema, modifierServiceSchema, serviceSchema } from "@/lib/structures/schemas";
import { changerEtatService, creerService, modifierService } from "@/lib/structures/services";
import { espaceServiceSchema } from "@/lib/structures/services-utilisateurs-schema";
import { changerEspaceService } from "@/lib/structures/services-utilisateurs";

const PAGE = "/structures/services";

export const creerServiceAction = action({ session: "requise", schema: serviceSchema }, async (service, acteur) => {
  await creerService(acteur, structureDe(acteur), service);
  revalidatePath(PAGE);
});

export const modifierServiceAction = action({ session: "requise", schema: modifierServiceSchema }, async ({ serviceId, ...data }, acteur) => {
  await modifierService(acteur, serviceId, data);
  revalidatePath(PAGE);
});

export const changerEtatServiceAction = action({ session: "requise", schema: etatServiceSchema }, async ({ serviceId, active }, acteur) => {
  await changerEtatService(acteur, serviceId, active);
  revalidatePath(PAGE);
});

/** The « Factures de travaux » space of one service, for the users limited to it. */
export const changerEspaceServiceAction = action({ session: "requise", schema: espaceServiceSchema }, async ({ serviceId, ouvert }, acteur) => {
  await changerEspaceService(acteur, serviceId, ouvert);
  revalidatePath(PAGE);
});
