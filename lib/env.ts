import { z } from "zod";
import { champsFilPdf } from "./pdf/configuration";

/**
 * Every environment variable the portal reads, validated once at start-up.
 * A missing or malformed value stops the process with a message that names it.
 */
const isProduction = process.env.NODE_ENV === "production";

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "doit être une URL postgresql://…" }),
    SMTP_URL: z.url({ protocol: /^smtps?$/, error: "doit être une URL smtp://… ou smtps://…" }).optional(),
    MAIL_FROM: z.string().min(3).default("Portail Factures de travaux <ne-pas-repondre@factures-travaux.localhost>"),
    APP_URL: z.url({ error: "doit être l'URL publique du portail, ex. https://factures-travaux.example.gouv.fr" }).optional(),
    AUTH_SECRET: z.string().min(32, "doit faire au moins 32 caractères (openssl rand -base64 32)").optional(),
    CAPTCHA_TEST_TEXT: z.string().min(1).max(12).optional(),
    INSEE_API_URL: z.url().default("https://api.insee.fr/api-sirene/3.11"),
    INSEE_API_KEY: z.string().min(1).optional(),
    ...champsFilPdf,
  })
  .superRefine((env, ctx) => {
    if (!isProduction) return;
    for (const key of ["SMTP_URL", "APP_URL", "AUTH_SECRET"] as const) {
      if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: "est obligatoire en production" });
    }
  });

export type Env = z.infer<typeof schema> & { APP_URL: string };

function load(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".")} ${i.message}`);
    throw new Error(`Configuration invalide :\n${lines.join("\n")}\nVoir .env.example et le README.`);
  }
  const env = parsed.data;
  return { ...env, APP_URL: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "") };
}

let cached: Env | undefined;
/** The validated environment (read lazily so that build steps without a database still work). */
export function env(): Env {
  cached ??= load();
  return cached;
}
