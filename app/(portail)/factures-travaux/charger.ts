import "server-only";
import { notFound } from "next/navigation";
import type { Acteur } from "@/lib/auth/acteur";
import { AppError } from "@/lib/errors";
import { rechercherPieces, TAILLE_PAGE } from "@/lib/invoices/consultation";
import { servicesFiltrables } from "@/lib/invoices/recherche";
import { filtresSchema } from "@/lib/invoices/schemas";

/** A piece or dossier the user's structure does not see is simply not found (its existence is not disclosed). */
export async function ouIntrouvable<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (error) {
    if (error instanceof AppError && error.code === "INTROUVABLE") notFound();
    throw error;
  }
}

/**
 * A list of pieces (« Synthèse », « Recherche ») as its page shows it: the query's one value per parameter, the
 * filters parsed from it — or their French errors, and then no list — the matching page of pieces (null while the
 * user's attachment to his structure is not validated), and the structure's services (filter « Service »).
 */
export async function chargerListePieces(acteur: Acteur, perimetre: "SYNTHESE" | "RECHERCHE", searchParams: Record<string, string | string[] | undefined>) {
  const brut = Object.fromEntries(Object.entries(searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])) as Record<string, string | undefined>;
  const parsed = filtresSchema.safeParse(brut);
  const erreurs: Record<string, string> = parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? "page"), i.message]));
  const filtres = parsed.success ? parsed.data : filtresSchema.parse({});
  const valide = acteur.structure?.status === "VALIDEE";
  const [resultat, services] = valide
    ? await Promise.all([
        parsed.success ? rechercherPieces(acteur, filtres, perimetre) : { total: 0, page: 1, taillePage: TAILLE_PAGE, pieces: [] },
        servicesFiltrables(acteur),
      ])
    : [null, []];
  return { perimetre, brut, resultat, erreurs, services, filtres };
}
export type ListePieces = Awaited<ReturnType<typeof chargerListePieces>>;
