import { z } from "zod";
import { route } from "@/lib/routes";
import { contenuDossier, reponseZip } from "@/lib/invoices/telechargements";

export const dynamic = "force-dynamic";

/** « Télécharger le dossier »: a ZIP of its pieces' files and certificates, with its manifest (120 MB at most). */
export const GET = route({ session: "requise", params: z.object({ id: z.string() }), query: z.object({}), limite: "export" }, async ({ params }, acteur) =>
  reponseZip(acteur, await contenuDossier(acteur, params.id)),
);
