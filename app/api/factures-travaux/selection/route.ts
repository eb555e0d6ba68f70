import { z } from "zod";
import { route } from "@/lib/routes";
import { contenuSelection, reponseZip } from "@/lib/invoices/telechargements";

export const dynamic = "force-dynamic";

/**
 * « Télécharger la sélection »: a ZIP of the checked pieces of a list (`piece`, once per piece, as the list's form
 * sends its checkboxes), with its manifest (120 MB at most).
 */
export const GET = route({ session: "requise", params: z.unknown(), query: z.looseObject({}), limite: "export" }, async ({ request }, acteur) =>
  reponseZip(acteur, await contenuSelection(acteur, new URL(request.url).searchParams.getAll("piece").slice(0, 1000))),
);
