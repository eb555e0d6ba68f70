import { z } from "zod";

/**
 * The PDF worker pool's settings (lib/pdf/fil.ts), from the environment; also part of the start-up validation
 * (lib/env.ts). Client-free, database-free: the pool reads them without the rest of the configuration.
 */
export const champsFilPdf = {
  /** Worker threads doing PDF work at once (drawing certificates, reading uploaded PDFs); more tasks wait in a queue. */
  PDF_WORKERS: z.coerce.number().int().min(1).max(16).default(2),
  /** Time a task may run in its worker before the worker is stopped and the file refused. */
  PDF_TASK_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** Each worker's heap (V8 old generation); a task that needs more is stopped and the file refused. */
  PDF_WORKER_MEMORY_MB: z.coerce.number().int().min(32).max(8192).default(256),
};

export type ConfigurationFilPdf = { taille: number; delaiMs: number; memoireMo: number };

/** The settings as the pool uses them; a malformed value stops with a message naming the variable. */
export function configurationFilPdf(source: Record<string, string | undefined> = process.env): ConfigurationFilPdf {
  const r = z.object(champsFilPdf).safeParse(source);
  if (!r.success) {
    const lignes = r.error.issues.map((i) => `  - ${i.path.join(".")} ${i.message}`);
    throw new Error(`Configuration invalide :\n${lignes.join("\n")}\nVoir .env.example et le README.`);
  }
  return { taille: r.data.PDF_WORKERS, delaiMs: r.data.PDF_TASK_TIMEOUT_MS, memoireMo: r.data.PDF_WORKER_MEMORY_MB };
}
