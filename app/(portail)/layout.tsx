import type { ReactNode } from "react";
import { requireActeur } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/** Everything in this group needs a signed-in, active account; each domain function checks the rest. */
export default async function PortailLayout({ children }: { children: ReactNode }) {
  await requireActeur();
  return <>{children}</>;
}
