"use server";

import { action } from "@/lib/actions";
import { jetonConfirmationSchema } from "@/lib/accounts/email-contact-schema";
import { confirmerEmailContact } from "@/lib/accounts/email-contact";

export const confirmerEmailContactAction = action({ session: "aucune", schema: jetonConfirmationSchema }, ({ token }) => confirmerEmailContact(token));
