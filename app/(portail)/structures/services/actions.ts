"use server";

import { revalidatePath } from "next/cache";
import { parse } from "@/lib/actions";
import type { ActionResult } from "@/lib/errors";
import { etatServiceSchema, modifierServiceSchema, serviceSchema } from "@/lib/structures/schemas";
import { changerEtatService, creerService, modifierService } from "@/lib/structures/services";
import { executer, structureCourante } from "../_lib/executer";

const PAGE = "/structures/services";

async function apres<T>(result: Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  const r = await result;
  if (r.ok) revalidatePath(PAGE);
  return r;
}

export async function creerServiceAction(input: unknown): Promise<ActionResult> {
  return apres(
    executer(async (acteur) => {
      await creerService(acteur, structureCourante(acteur), parse(serviceSchema, input));
    }),
  );
}

export async function modifierServiceAction(input: unknown): Promise<ActionResult> {
  return apres(
    executer(async (acteur) => {
      const { serviceId, ...data } = parse(modifierServiceSchema, input);
      await modifierService(acteur, serviceId, data);
    }),
  );
}

export async function changerEtatServiceAction(input: unknown): Promise<ActionResult> {
  return apres(
    executer(async (acteur) => {
      const { serviceId, active } = parse(etatServiceSchema, input);
      await changerEtatService(acteur, serviceId, active);
    }),
  );
}
