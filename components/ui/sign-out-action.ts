"use server";

import { signOut } from "@/lib/auth";

/** « Se déconnecter » in the header posts this form action. */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/" });
}
