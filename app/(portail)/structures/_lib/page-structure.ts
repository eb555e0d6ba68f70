import "server-only";
import { AppError } from "@/lib/errors";
import type { Acteur } from "@/lib/auth/acteur";
import { structureDe } from "@/lib/invoices/acces";

/**
 * Runs a page's domain read on the structure the actor acts for; a refusal (no structure, pending attachment,
 * a role without the right) becomes the French message the page shows instead of its content.
 */
export async function pageStructure<T>(
  acteur: Acteur,
  read: (structureId: string) => Promise<T>,
): Promise<{ ok: true; data: T } | { ok: false; message: string }> {
  try {
    return { ok: true, data: await read(structureDe(acteur)) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, message: error.message };
    throw error;
  }
}
