import { z } from "zod";
import { emailSchema } from "./schemas";

/** « Modifier l'e-mail du contact » (Mon compte): the browser's form and the server action parse the same schema. */
export const emailContactSchema = z.object({ contactEmail: emailSchema });
export type EmailContactForm = z.input<typeof emailContactSchema>;

/** The confirmation link's token, as the page passes it back. */
export const jetonConfirmationSchema = z.object({ token: z.string().min(10).max(200) });
