import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { reponseErreur } from "@/lib/files/reponses";
import { ipDesEntetes } from "@/lib/securite/ip";
import { exigerLimite, type NomLimite } from "@/lib/securite/limites";

// next-auth's own endpoints (not written with `route()`: next-auth reads the request itself), behind the portal's
// rate limits: signing in by POST /api/auth/callback/credentials counts against « connexion » as the sign-in form
// does (and meets the same per-account waits, in lib/accounts/connexion.ts), the others against « api ».

function limite(request: NextRequest): NomLimite {
  return request.method === "POST" && request.nextUrl.pathname.endsWith("/callback/credentials") ? "connexion" : "api";
}

async function refus(request: NextRequest): Promise<Response | null> {
  try {
    await exigerLimite(limite(request), { ip: ipDesEntetes(request.headers) });
    return null;
  } catch (error) {
    return reponseErreur(error);
  }
}

/** A cookie's values by name, decoded as Auth.js decodes them (every occurrence: a request may repeat a cookie). */
function biscuits(request: NextRequest, nom: (n: string) => boolean): string[] {
  return (request.headers.get("cookie") ?? "").split(";").flatMap((paire) => {
    const i = paire.indexOf("=");
    if (i < 0 || !nom(paire.slice(0, i).trim())) return [];
    const brut = paire.slice(i + 1).trim();
    try {
      return [decodeURIComponent(brut)];
    } catch {
      return [brut];
    }
  });
}

/**
 * Auth.js answers a return address (`callbackUrl` in the query, or its callback-url cookie) that is not an http(s)
 * URL with a 500 « server configuration » error: it is the client's mistake, refused here with a 400.
 */
function retourIllisible(request: NextRequest): Response | null {
  const adresses = [...request.nextUrl.searchParams.getAll("callbackUrl"), ...biscuits(request, (n) => n.endsWith("authjs.callback-url"))];
  const invalide = adresses.some((a) => {
    try {
      return !/^https?:$/.test(new URL(a, a.startsWith("/") ? request.nextUrl.origin : undefined).protocol);
    } catch {
      return true;
    }
  });
  return invalide ? reponseErreur(new AppError("SAISIE_INVALIDE", {}, "L'adresse de retour n'est pas une adresse de ce portail.")) : null;
}

export async function GET(request: NextRequest): Promise<Response> {
  return (await refus(request)) ?? retourIllisible(request) ?? handlers.GET(request);
}

export async function POST(request: NextRequest): Promise<Response> {
  return (await refus(request)) ?? retourIllisible(request) ?? handlers.POST(request);
}
