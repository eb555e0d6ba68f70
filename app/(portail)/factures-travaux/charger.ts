import "server-only";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";

/** A piece or dossier the user's structure does not see is simply not found (its existence is not disclosed). */
export async function ouIntrouvable<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (error) {
    if (error instanceof AppError && error.code === "INTROUVABLE") notFound();
    throw error;
  }
}
