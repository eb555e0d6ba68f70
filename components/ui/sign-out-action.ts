"use server";

import { z } from "zod";
import { signOut } from "@/lib/auth";
import { action, formulaire } from "@/lib/actions";

/** « Se déconnecter » in the header posts this form action (no field); signOut redirects to the home page. */
export const signOutAction = formulaire(action({ session: "aucune", schema: z.unknown() }, () => signOut({ redirectTo: "/" })));
