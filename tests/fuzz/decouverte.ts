// Every endpoint of the portal, found by walking app/: each export of each `actions.ts` ("use server": every
// export is a server action a browser can call) and each HTTP method of each `route.ts`. Nothing is listed by
// hand: an action or a route added tomorrow is fuzzed tomorrow.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const RACINE = path.resolve(__dirname, "../..");
const APP = path.join(RACINE, "app");

export const METHODES_HTTP = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/**
 * Endpoints that cannot be called outside Next.js, each with its reason. Keep it small: the suite fails on an
 * entry that no longer exists, and on any endpoint neither fuzzed nor listed here.
 */
export const NON_FUZZES: Record<string, string> = {};

export type Point = {
  /** « app/(public)/connexion/actions.ts#connexionAction », as printed. */
  nom: string;
  fichier: string;
  export: string;
  /** action: a server action; formulaire: a plain <form action> (its input is FormData); route: a route handler. */
  genre: "action" | "formulaire" | "route";
  fn: (...args: unknown[]) => Promise<unknown>;
  /** Routes: the URL path with its dynamic segments, e.g. ["api", "factures-travaux", "pieces", "[id]", "facture"]. */
  segments: string[];
};

function fichiers(dossier: string): string[] {
  return readdirSync(dossier, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dossier, e.name);
    if (e.isDirectory()) return fichiers(p);
    return e.name === "actions.ts" || e.name === "route.ts" ? [p] : [];
  });
}

/** The URL path of a route.ts: route groups « (x) » are not part of the URL. */
function segmentsDe(fichier: string): string[] {
  return path
    .relative(APP, path.dirname(fichier))
    .split(path.sep)
    .filter((s) => s && !/^\(.*\)$/.test(s));
}

export type Decouverte = { points: Point[]; anomalies: string[] };

export async function decouvrir(): Promise<Decouverte> {
  const points: Point[] = [];
  const anomalies: string[] = [];
  for (const fichier of fichiers(APP).sort()) {
    const relatif = path.relative(RACINE, fichier);
    const source = readFileSync(fichier, "utf8");
    const module: Record<string, unknown> = await import(/* @vite-ignore */ fichier);
    const estRoute = path.basename(fichier) === "route.ts";
    for (const [nomExport, valeur] of Object.entries(module).sort(([a], [b]) => a.localeCompare(b))) {
      const nom = `${relatif}#${nomExport}`;
      if (typeof valeur !== "function") {
        // Route segment options (dynamic, runtime…) are not endpoints; a "use server" module exports only actions.
        if (!estRoute) anomalies.push(`${nom} : un module "use server" n'exporte que des actions (fonctions)`);
        continue;
      }
      if (estRoute && !(METHODES_HTTP as readonly string[]).includes(nomExport)) {
        anomalies.push(`${nom} : une fonction exportée d'un route.ts qui n'est pas une méthode HTTP`);
        continue;
      }
      const genre = estRoute ? "route" : new RegExp(`export\\s+const\\s+${nomExport}\\s*=\\s*formulaire\\(`).test(source) ? "formulaire" : "action";
      points.push({
        nom,
        fichier: relatif,
        export: nomExport,
        genre,
        fn: valeur as Point["fn"],
        segments: estRoute ? segmentsDe(fichier) : [],
      });
    }
  }
  return { points, anomalies };
}
