import { z } from "zod";
import { fluxDuCorps, nomDuFichierEnvoye } from "@/lib/files/corps";
import { lireFactureDuBrouillon } from "@/lib/facturx/import";
import { route } from "@/lib/routes";

export const dynamic = "force-dynamic";

/**
 * « Importer une facture électronique » (the wizard's « Facture » step): the raw file as the body (Factur-X PDF, CII or
 * UBL XML), its name in `X-Nom-Fichier` (URI-encoded). Answers what was read (amounts in cents) and what step 2 says
 * otherwise (`ecartsParties`), or the French reason of the refusal (unreadable, EN 16931 rule broken, another seller).
 * Nothing is stored.
 */
export const POST = route(
  { session: "requise", params: z.object({ id: z.string() }), query: z.object({}), limite: "envoiFichier" },
  async ({ params, request }, acteur) => {
    const { facture, ecartsParties } = await lireFactureDuBrouillon(acteur, params.id, fluxDuCorps(request), nomDuFichierEnvoye(request).slice(0, 200));
    return Response.json({ ok: true, facture, ecartsParties });
  },
);
