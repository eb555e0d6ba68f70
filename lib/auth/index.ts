import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { verifierIdentifiants } from "@/lib/accounts/connexion";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/** The refusal reaches the sign-in action through `code`: the French message for the user. */
class RefusConnexion extends CredentialsSignin {
  constructor(message: string) {
    super(message);
    this.code = message;
  }
}

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

// The configuration is built on first use, so that `next build` needs no secret.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: env().AUTH_SECRET,
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/connexion" },
  // A refused sign-in is the user's mistake, shown to him in French: not a server error with a stack trace.
  logger: {
    error(error: Error) {
      if (error instanceof CredentialsSignin || error.name === "CredentialsSignin") return;
      console.error("[auth]", error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Adresse électronique" }, password: { label: "Mot de passe", type: "password" } },
      async authorize(credentials) {
        try {
          const user = await verifierIdentifiants(String(credentials?.email ?? ""), String(credentials?.password ?? ""));
          return { id: user.id, email: user.email, name: user.name };
        } catch (error) {
          if (error instanceof AppError) throw new RefusConnexion(error.message);
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.uid = user.id;
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      return session;
    },
  },
}));
