import { Readable } from "node:stream";
import { z } from "zod";
import { exportCsv, exportXlsx, filtresExport, nomExport, TYPES_EXPORT } from "@/lib/invoices/exports";
import { route } from "@/lib/routes";

export const dynamic = "force-dynamic";

/**
 * « Exporter » a list (« Synthèse » or « Recherche ») with its filters and order: `format` csv or xlsx, `liste`
 * synthese or recherche, then the list's own parameters. Streamed as it is read from the database.
 */
export const GET = route(
  {
    session: "requise",
    // A route without segments: Next gives no params object.
    params: z.unknown(),
    query: z.looseObject({
      format: z.enum(["csv", "xlsx"], { error: "Format d'export : CSV ou XLSX." }),
      liste: z.enum(["synthese", "recherche"], { error: "Liste à exporter : Synthèse ou Recherche." }),
    }),
    limite: "export",
  },
  async ({ query }, acteur) => {
    const { format, liste, ...brut } = query;
    const filtres = filtresExport(brut as Record<string, string>);
    const perimetre = liste === "synthese" ? "SYNTHESE" : "RECHERCHE";
    const flux = format === "csv" ? exportCsv(acteur, filtres, perimetre) : exportXlsx(acteur, filtres, perimetre);
    const nom = nomExport(perimetre, format);
    return new Response(Readable.toWeb(flux) as ReadableStream<Uint8Array>, {
      headers: {
        "Content-Type": TYPES_EXPORT[format],
        "Content-Disposition": `attachment; filename="${nom}"`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  },
);
