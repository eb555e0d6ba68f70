"use server";

import { action } from "@/lib/actions";
import { accepterInvitationSchema } from "@/lib/structures/services-utilisateurs-schema";
import { accepterInvitation } from "@/lib/structures/invitations";

/** « Créer mon compte » from an invitation link: counted per address and per link (`invitation`). */
export const accepterInvitationAction = action(
  { session: "aucune", schema: accepterInvitationSchema, limite: { nom: "invitation", identifiant: (s) => s.token } },
  async ({ token, firstName, lastName, phone, password }) => {
    await accepterInvitation({ token, firstName, lastName, phone, password });
  },
);
