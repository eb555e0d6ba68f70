"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getActeur } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { marquerLue, marquerToutesLues } from "@/lib/notifications";

function retour(formData: FormData, resultat: string): string {
  const page = Number(formData.get("page"));
  const params = new URLSearchParams({ resultat });
  if (Number.isInteger(page) && page > 1) params.set("page", String(page));
  return `/notifications?${params}`;
}

/** « Marquer comme lue »: a plain form, so that it works without JavaScript; the header's count follows. */
export async function marquerLueAction(formData: FormData): Promise<void> {
  const acteur = await getActeur();
  if (!acteur) redirect("/connexion?retour=%2Fnotifications");
  let resultat = "lue";
  try {
    await marquerLue(acteur, String(formData.get("id") ?? ""));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    resultat = "introuvable";
  }
  revalidatePath("/", "layout");
  redirect(retour(formData, resultat));
}

/** « Tout marquer comme lu ». */
export async function marquerToutesLuesAction(formData: FormData): Promise<void> {
  const acteur = await getActeur();
  if (!acteur) redirect("/connexion?retour=%2Fnotifications");
  await marquerToutesLues(acteur);
  revalidatePath("/", "layout");
  redirect(retour(formData, "toutes-lues"));
}
