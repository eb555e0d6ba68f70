"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { action, formulaire } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import { marquerLue, marquerToutesLues } from "@/lib/notifications";

/** The forms' hidden fields: the notification (« Marquer comme lue ») and the page of the list to come back to. */
const champs = z
  .instanceof(FormData)
  .transform((f): Record<string, unknown> => Object.fromEntries(f))
  .pipe(
    z.object({
      id: z.string().catch(""),
      page: z.coerce.number().int().min(2).optional().catch(undefined),
    }),
  );

const CONNEXION = "/connexion?retour=%2Fnotifications";

function retour(page: number | undefined, resultat: string): string {
  const params = new URLSearchParams({ resultat });
  if (page) params.set("page", String(page));
  return `/notifications?${params}`;
}

/** « Marquer comme lue »: a plain form, so that it works without JavaScript; the header's count follows. */
export const marquerLueAction = formulaire(
  action({ session: "facultative", schema: champs }, async ({ id, page }, acteur) => {
    if (!acteur) redirect(CONNEXION);
    let resultat = "lue";
    try {
      await marquerLue(acteur, id);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      resultat = "introuvable";
    }
    revalidatePath("/", "layout");
    redirect(retour(page, resultat));
  }),
);

/** « Tout marquer comme lu ». */
export const marquerToutesLuesAction = formulaire(
  action({ session: "facultative", schema: champs }, async ({ page }, acteur) => {
    if (!acteur) redirect(CONNEXION);
    await marquerToutesLues(acteur);
    revalidatePath("/", "layout");
    redirect(retour(page, "toutes-lues"));
  }),
);
