import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth";
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

export async function GET(request: NextRequest): Promise<Response> {
  return (await refus(request)) ?? handlers.GET(request);
}

export async function POST(request: NextRequest): Promise<Response> {
  return (await refus(request)) ?? handlers.POST(request);
}
