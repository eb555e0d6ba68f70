import { z } from "zod";
import { AppError } from "@/lib/errors";
import { lireFactureDuBrouillon } from "@/lib/facturx/import";
import { route } from "@/lib/routes";

export const dynamic = "force-dynamic";

/**
 * « Importer une facture électronique » (the wizard's « Facture » step): the raw file as the body (Factur-X PDF, CII or
 * UBL XML), its name in `X-Nom-Fichier` (URI-encoded). Answers what was read (amounts in cents), or the French reason
 * of the refusal (unreadable, EN 16931 rule broken, another seller). Nothing is stored.
 */
export const POST = route(
  { session: "requise", params: z.object({ id: z.string() }), query: z.object({}), limite: "envoiFichier" },
  async ({ params, request }, acteur) => {
    let nom: string;
    try {
      nom = decodeURIComponent(request.headers.get("x-nom-fichier") ?? "");
    } catch {
      throw new AppError("FICHIER_REFUSE", {}, "Le nom du fichier est illisible.");
    }
    const annonce = Number(request.headers.get("content-length") ?? "");
    const facture = await lireFactureDuBrouillon(
      acteur,
      params.id,
      { flux: request.body ?? new Blob([]).stream(), tailleAnnoncee: Number.isFinite(annonce) ? annonce : null },
      nom.slice(0, 200),
    );
    return Response.json({ ok: true, facture });
  },
);
