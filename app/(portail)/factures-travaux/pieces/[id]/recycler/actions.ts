"use server";

import { z } from "zod";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions";
import { recyclerPiece } from "@/lib/invoices/recyclage";
import { recyclageSchema } from "@/lib/invoices/schemas";

// A public endpoint (see `action`): the session, the form's own schema, then the domain, which checks that the actor's
// structure deposited the piece and that it is « À recycler », and runs the controls of « Parties » again.

/** « Corriger et renvoyer la pièce »: the corrected routing; the piece goes again under the same number. */
export const recyclerAction = action({ session: "requise", schema: z.object({ id: z.string() }).and(recyclageSchema) }, async ({ id, ...routage }, acteur) => {
  const r = await recyclerPiece(acteur, id, routage);
  revalidatePath(`/factures-travaux/pieces/${id}`);
  return { libelle: r.libelle };
});
