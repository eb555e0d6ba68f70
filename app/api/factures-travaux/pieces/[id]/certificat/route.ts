import { z } from "zod";
import { requeteAffichage, reponseFichier } from "@/lib/files/reponses";
import { certificatDepot } from "@/lib/invoices/consultation";
import { route } from "@/lib/routes";

export const dynamic = "force-dynamic";

/** « Exporter le certificat de dépôt »: the same PDF at every download. */
export const GET = route({ session: "requise", params: z.object({ id: z.string() }), query: requeteAffichage }, async ({ params, query }, acteur) => {
  const c = await certificatDepot(acteur, params.id);
  return reponseFichier({ nom: c.nom, typeMime: "application/pdf", contenu: c.contenu }, query.affichage);
});
