import { createHmac, timingSafeEqual } from "node:crypto";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { verifierIdentifiants } from "@/lib/accounts/connexion";
import { env } from "@/lib/env";
import { AppError, type ErrorCode } from "@/lib/errors";
import { journal } from "@/lib/journal-technique";
import { ipDesEntetes } from "@/lib/securite/ip";

declare module "next-auth" {
  interface User {
    /** User.sessionVersion when he signed in (lib/auth/session.ts compares it on each request). */
    sessionVersion?: number;
  }
  interface Session {
    sessionVersion?: number;
  }
}

/**
 * The refusal reaches the sign-in action whole: its code (IDENTIFIANTS_INVALIDES, TROP_DE_DEMANDES…) and its French
 * message. Only the code goes into the address of `/api/auth/callback/credentials`'s redirect.
 */
export class RefusConnexion extends CredentialsSignin {
  constructor(readonly erreur: AppError) {
    super(erreur.message);
    this.code = erreur.code;
  }
}

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

/**
 * The proof that a new session version comes from the server (« Modifier mon mot de passe » keeps its own session):
 * next-auth's `update` can also be called by a browser (POST /api/auth/session), which must never be able to bring
 * an ended session back to life by naming the current version.
 */
function preuveVersion(userId: string, version: number): string {
  return createHmac("sha256", `${env().AUTH_SECRET ?? ""}:version-de-session`)
    .update(`${userId}:${version}`)
    .digest("base64url");
}

function preuveValide(userId: string, version: number, preuve: unknown): boolean {
  if (typeof preuve !== "string") return false;
  const attendue = Buffer.from(preuveVersion(userId, version));
  const recue = Buffer.from(preuve);
  return attendue.length === recue.length && timingSafeEqual(attendue, recue);
}

// The configuration is built on first use, so that `next build` needs no secret.
export const { handlers, auth, signIn, signOut, unstable_update } = NextAuth(() => ({
  secret: env().AUTH_SECRET,
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/connexion" },
  // A refused sign-in is the user's mistake, shown to him in French: not a server error with a stack trace.
  logger: {
    error(error: Error) {
      if (error instanceof CredentialsSignin || error.name === "CredentialsSignin") return;
      journal.error({ err: error }, "authentification : erreur de next-auth");
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Adresse électronique" }, password: { label: "Mot de passe", type: "password" } },
      async authorize(credentials, request) {
        try {
          const user = await verifierIdentifiants(String(credentials?.email ?? ""), String(credentials?.password ?? ""), {
            ip: ipDesEntetes(request.headers),
          });
          return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
        } catch (error) {
          if (error instanceof AppError) throw new RefusConnexion(error);
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user, trigger, session }) {
      if (user?.id) {
        token.uid = user.id;
        token.sv = user.sessionVersion ?? 0;
      }
      // Only the server's own update, with its proof, moves the session to a new version.
      if (trigger === "update" && typeof token.uid === "string") {
        const demande = session as { sessionVersion?: unknown; preuve?: unknown } | undefined;
        const version = demande?.sessionVersion;
        if (typeof version === "number" && Number.isSafeInteger(version) && preuveValide(token.uid, version, demande?.preuve)) token.sv = version;
      }
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      session.sessionVersion = typeof token.sv === "number" ? token.sv : 0;
      return session;
    },
  },
}));

/** The code a refused sign-in carries (next-auth's error, from `signIn`), with its French message. */
export function refusDeConnexion(error: unknown): { code: ErrorCode; message: string } | null {
  if (error instanceof RefusConnexion) return { code: error.erreur.code, message: error.erreur.message };
  return null;
}

/**
 * This request's session moves to the user's new session version (after « Modifier mon mot de passe »): it stays
 * open while every other one, still on the old version, ends at its next request.
 */
export async function renouvelerSession(userId: string, version: number): Promise<void> {
  await unstable_update({ sessionVersion: version, preuve: preuveVersion(userId, version) } as never);
}
