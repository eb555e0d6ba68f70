import { z } from "zod";
import { telechargerFacturX } from "@/lib/facturx/piece";
import { requeteAffichage, reponseFichier } from "@/lib/files/reponses";
import { route } from "@/lib/routes";

export const dynamic = "force-dynamic";

/**
 * « Télécharger au format Factur-X » (A15, A19, pieces for the paying service): the certificate with its factur-x.xml,
 * PDF/A-3. Made at each download (about half a second of processor): counted as an export.
 */
export const GET = route(
  { session: "requise", params: z.object({ id: z.string() }), query: requeteAffichage, limite: "export" },
  async ({ params, query }, acteur) => {
    const f = await telechargerFacturX(acteur, params.id);
    return reponseFichier({ nom: f.nom, typeMime: "application/pdf", contenu: f.contenu }, query.affichage);
  },
);
