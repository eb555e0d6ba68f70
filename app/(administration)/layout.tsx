import type { ReactNode } from "react";
import { requireActeur } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/**
 * The portal administrators' back-office (« Administration »): a signed-in, active account; each page then checks,
 * from the database, that it is an administrator's (pageAdministrateur), and each domain function checks again.
 */
export default async function AdministrationLayout({ children }: { children: ReactNode }) {
  await requireActeur();
  return <>{children}</>;
}
