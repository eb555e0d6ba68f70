import { type NextRequest, NextResponse } from "next/server";
import { politiqueDeContenu } from "./lib/securite/csp";
import { ENTETE_ID_REQUETE, identifiantRequete } from "./lib/supervision/identifiant-requete";

/**
 * Runs before every page and route: draws a nonce for this response and sets the Content-Security-Policy that
 * allows only the scripts carrying it. Next.js reads the policy from the request and puts the nonce on its own
 * scripts; the root layout gives it to react-dsfr's (colour scheme) script. It also settles the request id (the load
 * balancer's `X-Request-Id` when it looks sane, else a new one): the pages, actions and routes read it from the
 * request (lib/journal-technique.ts), and the response carries it back.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = politiqueDeContenu(nonce, { developpement: process.env.NODE_ENV === "development" });
  const entetes = new Headers(request.headers);
  entetes.set("x-nonce", nonce);
  entetes.set("Content-Security-Policy", csp);
  const requestId = identifiantRequete(request.headers.get(ENTETE_ID_REQUETE));
  entetes.set(ENTETE_ID_REQUETE, requestId);
  const reponse = NextResponse.next({ request: { headers: entetes } });
  reponse.headers.set("Content-Security-Policy", csp);
  reponse.headers.set("X-Request-Id", requestId);
  return reponse;
}

export const config = {
  // Everything but the build's static files (scripts and styles have no policy of their own to carry).
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|dsfr/).*)" }],
};
