import "server-only";
import { notFound } from "next/navigation";
import type { Acteur } from "@/lib/auth/acteur";
import { AppError } from "@/lib/errors";
import { rechercherPieces } from "@/lib/invoices/consultation";
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
 * filters parsed from it (the defaults where they do not parse), and the matching page of pieces — or null while
 * the user's attachment to his structure is not validated.
 */
export async function chargerListePieces(acteur: Acteur, perimetre: "SYNTHESE" | "RECHERCHE", searchParams: Record<string, string | string[] | undefined>) {
  const brut = Object.fromEntries(Object.entries(searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])) as Record<string, string | undefined>;
  const parsed = filtresSchema.safeParse(brut);
  const filtres = parsed.success ? parsed.data : filtresSchema.parse({});
  const resultat = acteur.structure?.status === "VALIDEE" ? await rechercherPieces(acteur, filtres, perimetre) : null;
  return { perimetre, brut, resultat };
}
export type ListePieces = Awaited<ReturnType<typeof chargerListePieces>>;
