import { z } from "zod";
import { champsFilPdf } from "./pdf/configuration";
import { lireS3Url } from "./files/s3-url";

/**
 * Every environment variable the portal reads, validated once at start-up.
 * A missing or malformed value stops the process with a message that names it.
 */

/** True when the URL's host is this machine (localhost, *.localhost, 127.0.0.0/8, ::1). */
export function estBoucleLocale(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  host = host.replace(/^\[|\]$/g, "");
  return host === "localhost" || host.endsWith(".localhost") || /^127(\.\d{1,3}){3}$/.test(host) || host === "::1" || host === "::ffff:127.0.0.1";
}

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
    /** 1 (default): behind the portal's reverse proxy, the client's address is the right-most of X-Forwarded-For; 0: no proxy. */
    TRUST_PROXY: z.enum(["0", "1"], { error: "doit valoir 1 (derrière le proxy inverse du portail) ou 0 (sans proxy)" }).default("1"),
    /** Multiplies every rate-limit budget (lib/securite/limites.ts): 20 for the browser tests, 1 in production. */
    LIMITES_DEBIT_FACTEUR: z.coerce.number({ error: "doit être un nombre" }).positive().max(1000).default(1),
    /** The technical log's level (lib/journal-technique.ts): info by default, silent under Vitest. */
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { error: "doit valoir fatal, error, warn, info, debug, trace ou silent" })
      .optional(),
    /** The bearer token of /api/metrics (Prometheus); without it, the route answers 404. */
    METRICS_TOKEN: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
      z.string().trim().min(32, "doit faire au moins 32 caractères (openssl rand -hex 32)").optional(),
    ),
    /** /api/health/ready: the outbox is « dégradé » beyond this many mails not sent yet… */
    SANTE_COURRIELS_EN_ATTENTE_MAX: z.coerce.number({ error: "doit être un nombre" }).int().min(1).default(1000),
    /** …or when the oldest of them has waited longer than this, in seconds. */
    SANTE_COURRIELS_AGE_MAX_S: z.coerce.number({ error: "doit être un nombre de secondes" }).int().min(1).default(900),
    /** The files' object store (lib/files/s3-url.ts for the format); without it, the folder FICHIERS_DIR. */
    S3_URL: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
      z
        .string()
        .trim()
        .optional()
        .superRefine((v, ctx) => {
          const lu = v ? lireS3Url(v) : null;
          if (lu && !lu.ok) ctx.addIssue({ code: "custom", message: lu.message });
        }),
    ),
    /** Webhooks (lib/webhooks/): the hosts their URLs may name, comma-separated, « *.exemple.fr » for a domain and its subdomains; « * » (default): any public host. */
    WEBHOOKS_HOTES_AUTORISES: z.string().trim().min(1).default("*"),
    /** 1: webhooks may also reach private, loopback and link-local addresses, over http too (development and tests only). */
    WEBHOOKS_ADRESSES_INTERNES: z.enum(["0", "1"], { error: "doit valoir 0 ou 1" }).default("0"),
    /** The files' folder when S3_URL is not set (lib/files/stockage.ts). */
    FICHIERS_DIR: z.string().trim().min(1).default(".data/files"),
    /** SIGTERM: time allowed to finish the requests and jobs in progress and close the pools, then the process exits anyway (lib/processus/arret.ts). */
    ARRET_DELAI_MS: z.coerce.number({ error: "doit être un nombre de millisecondes" }).int().min(1000).max(600_000).default(20_000),
    /** The deadline checks' cron schedule (lib/jobs/worker.ts), every 15 minutes by default; `* * * * *` in the multi-process tests. */
    DELAIS_FACTURES_CRON: z
      .string()
      .trim()
      .regex(/^\S+( \S+){4,5}$/, "doit être une expression cron à 5 (ou 6) champs, ex. */15 * * * *")
      .optional(),
  })
  .superRefine((env, ctx) => {
    // The captcha's fixed answer makes it useless: only on the developer's own machine or in tests.
    if (env.CAPTCHA_TEST_TEXT && env.APP_URL && !estBoucleLocale(env.APP_URL)) {
      ctx.addIssue({
        code: "custom",
        path: ["CAPTCHA_TEST_TEXT"],
        message: `est refusé quand APP_URL n'est pas une adresse locale (localhost, 127.0.0.1, ::1) : chaque captcha aurait une réponse connue. / CAPTCHA_TEST_TEXT is only allowed when APP_URL is a loopback address (APP_URL=${env.APP_URL}).`,
      });
    }
    if (env.NODE_ENV !== "production") return;
    for (const key of ["SMTP_URL", "APP_URL", "AUTH_SECRET"] as const) {
      if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: "est obligatoire en production" });
    }
  });

export type Env = z.infer<typeof schema> & { APP_URL: string };

/** The environment `source` validated (tests pass their own); throws the French list of what is wrong. */
export function validerEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
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
  cached ??= validerEnv(process.env);
  return cached;
}
